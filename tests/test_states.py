"""One definition of an entry's state: update's report, stats, check, the review page and build agree on a catalogue."""

from __future__ import annotations

import json
import re
import shutil

from click.testing import CliRunner
from conftest import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.cli import cli

SEED = "baiterek-space-rocket-complex"
PO = f"locale/ru/LC_MESSAGES/{SEED}.po"
KINDS = ("translated", "fuzzy", "fuzzy-empty", "untranslated", "half-plural")


def _entries(text: str) -> list[str]:
    return text.split("\n\n")[1:]


def _reshape(entry: str, kind: str) -> str:
    """The entry made into ``kind``: approved, fuzzy, fuzzy without text, untranslated, a plural with a form empty."""
    lines = [line for line in entry.split("\n") if not line.startswith("#, fuzzy")]
    body = "\n".join(lines)
    plural = "msgid_plural" in body
    if kind == "translated":
        return body
    if kind in ("fuzzy", "fuzzy-empty"):
        flagged = re.sub(r"^#, ", "#, fuzzy, ", body, count=1, flags=re.M) if "\n#, " in "\n" + body else None
        body = flagged or re.sub(r"^(msgid )", r"#, fuzzy\n\1", body, count=1, flags=re.M)
        if kind == "fuzzy":
            return body
    if plural and kind == "half-plural":
        return re.sub(r'^(msgstr\[1\] )"(?:[^"\\]|\\.)*"(\n"(?:[^"\\]|\\.)*")*', r'\1""', body, flags=re.M)
    if plural:
        return re.sub(r'^(msgstr\[\d\] )"(?:[^"\\]|\\.)*"(\n"(?:[^"\\]|\\.)*")*', r'\1""', body, flags=re.M)
    return re.sub(r'^(msgstr )"(?:[^"\\]|\\.)*"(\n"(?:[^"\\]|\\.)*")*', r'\1""', body, flags=re.M)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_update_stats_check_review_and_build_count_every_catalogue_alike(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("states") / "newsroom"
    root.mkdir()
    for name in ("pyproject.toml", "glossary.csv"):
        shutil.copy2(REPO / name, root / name)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    path = root / PO
    text = path.read_text(encoding="utf-8")
    head, *entries = text.split("\n\n")
    kinds = [data.draw(st.sampled_from(KINDS)) for _ in entries]
    path.write_text("\n\n".join([head, *(_reshape(e, k) for e, k in zip(entries, kinds, strict=True))]), "utf-8")
    run = CliRunner().invoke
    update = run(cli, ["-C", str(root), "update", "-l", "ru", "--no-fuzzy"], catch_exceptions=False)
    line = next((x for x in update.stdout.splitlines() if x.startswith(PO)), "")
    stats = json.loads(run(cli, ["-C", str(root), "stats", "-l", "ru", "--format", "json"]).stdout)[0]["messages"]
    check = run(cli, ["-C", str(root), "check", "-l", "ru", "--format", "json"]).stdout
    notes = [f["message"] for f in json.loads(check)["findings"] if f["check"] == "progress"]
    expected = f"{stats['translated']} translated, {stats['fuzzy']} fuzzy, {stats['untranslated']} untranslated"
    if line:  # rewritten: its report counts the catalogue as written
        assert expected in line, (line, stats)
    if stats["fuzzy"] or stats["untranslated"]:
        assert notes == [f"{stats['fuzzy']} fuzzy and {stats['untranslated']} untranslated messages"]
    else:
        assert notes == []
    assert stats["translated"] + stats["fuzzy"] + stats["untranslated"] == len(entries) - stats["obsolete"]
    # A fuzzy flag on an empty entry, or a plural entry with a form empty, is untranslated.
    assert stats["fuzzy"] == kinds.count("fuzzy")
    # The review page counts each message once, as stats does (the seed's translations are all publishable).
    run(cli, ["-C", str(root), "review"], catch_exceptions=False)
    page = (root / "build" / "review" / f"{SEED}.html").read_text(encoding="utf-8")
    summary = re.search(r'data-lang="ru">.*?<small>(\d+ translated, \d+ fuzzy, \d+ untranslated, \d+ refused)', page)
    assert summary is not None
    assert summary.group(1) == f"{expected}, 0 refused"
    # The build falls back on the very sentences the review page marks fuzzy or untranslated.
    cells = re.findall(r'<td lang="ru" class="status-(\w+)">', page)
    build = run(cli, ["-C", str(root), "-v", "build", "-l", "ru", "--format", "txt"], catch_exceptions=False)
    said = re.findall(r"falls back to the source \((\w+)\)", build.output)
    assert sorted(said) == sorted(c for c in cells if c != "translated")
