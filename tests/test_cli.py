"""The l10n command line on a copy of the project, through click's CliRunner."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time

import pytest
from conftest import REPO, SEED, Project, msgfmt_check

from pipeline import memory_db, memory_store, parsed, records, state, store, tuning
from pipeline.records import Unusable
from pipeline.reports import quiet
from pipeline.workspace import Workspace

PO_KK = f"locale/kk/LC_MESSAGES/{SEED}.po"
PO_RU = f"locale/ru/LC_MESSAGES/{SEED}.po"


def test_rerunning_extract_update_and_build_changes_no_file(project: Project):
    for command in ("extract", "update", "build"):
        project.run(command)
    before = project.snapshot()
    for command in ("extract", "update", "build"):
        result = project.run(command)
        assert result.exit_code == 0
        assert "created" not in result.output and "updated" not in result.output
    assert project.snapshot() == before


def test_update_reports_each_file_with_counts(project: Project):
    result = project.run("-v", "update")
    assert result.stdout.splitlines() == [
        f"{PO_KK}: unchanged (19 translated, 0 fuzzy, 0 untranslated, 0 obsolete)",
        f"{PO_RU}: unchanged (19 translated, 0 fuzzy, 0 untranslated, 0 obsolete)",
    ]


def test_unchanged_files_are_only_counted_unless_verbose(project: Project):
    (project.root / PO_RU).write_text((project.root / PO_RU).read_text().replace("#, python-brace-format\n", "", 1))
    result = project.run("update")
    counts = "19 translated, 0 fuzzy, 0 untranslated, 0 obsolete"
    assert result.stdout == f"{PO_RU}: updated ({counts}; comments or layout only)\n"
    assert re.fullmatch(r"update: 2 files: 1 updated, 1 unchanged in \d+\.\d s\n", result.stderr)
    one = project.run("update", "-l", "kk")
    assert one.stdout == ""
    assert re.fullmatch(r"update: 1 file: 1 unchanged in \d+\.\d s\n", one.stderr)


def test_init_never_overwrites_an_existing_po(project: Project):
    before = (project.root / PO_KK).read_bytes()
    result = project.run("init", "-l", "kk")
    assert result.exit_code == 0
    assert result.output == f"{PO_KK}: skipped (exists; l10n update merges it)\n"
    assert (project.root / PO_KK).read_bytes() == before


def test_init_creates_a_po_with_a_full_header(project: Project):
    shutil.rmtree(project.root / "locale" / "ru")
    result = project.run("init", "-l", "ru")
    assert result.output == f"{PO_RU}: created (19 messages)\n"
    text = (project.root / PO_RU).read_text(encoding="utf-8")
    for field in (
        '"Language: ru\\n"',
        '"Plural-Forms: nplurals=3;',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Project-Id-Version: Kazinform baiterek-space-rocket-complex\\n"',
        '"Language-Team: Russian <ru@translations.invalid>\\n"',
    ):
        assert field in text
    assert msgfmt_check(project.root / PO_RU) == []


def test_kazakh_plural_forms_come_from_cldr(project: Project):
    shutil.rmtree(project.root / "locale" / "kk")
    project.run("init", "-l", "kk")
    text = (project.root / PO_KK).read_text(encoding="utf-8")
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text


def test_update_keeps_translations_obsoletes_removed_and_adds_new(project: Project):
    source = project.root / "source" / f"{SEED}.txt"
    text = source.read_text(encoding="utf-8")
    text = text.replace(
        "He stressed the need to comply with the project deadlines.", "He asked for a report by Friday."
    )
    source.write_text(text, encoding="utf-8")
    assert project.run("extract").exit_code == 0
    result = project.run("update", "-l", "ru")
    assert result.output == (
        f"{PO_RU}: updated (18 translated, 0 fuzzy, 1 untranslated, 1 obsolete; 1 new, 1 obsolete)\n"
    )
    po = (project.root / PO_RU).read_text(encoding="utf-8")
    assert '#~ msgid "He stressed the need to comply with the project deadlines."' in po
    assert '#~ msgstr "Он указал на необходимость соблюдения сроков реализации проекта."' in po
    assert 'msgid "He asked for a report by Friday."\nmsgstr ""' in po
    assert msgfmt_check(project.root / PO_RU) == []


def test_update_revives_an_obsolete_translation_when_the_sentence_returns(project: Project):
    source = project.root / "source" / f"{SEED}.txt"
    original = source.read_bytes()
    source.write_bytes(original.replace(b"Two kindergartens were opened last year.", b"Nothing else."))
    project.run("extract")
    project.run("update")
    source.write_bytes(original)
    project.run("extract")
    result = project.run("update", "-l", "kk")
    assert "1 revived" in result.output
    assert (project.root / PO_KK).read_bytes() == _shipped(PO_KK)


def test_new_article_gets_its_po_created_by_update(project: Project):
    (project.root / "source" / "short-note.txt").write_text(
        "date 2024-07-01 Inflation slowed to 8.4% in June.\n", encoding="utf-8"
    )
    project.run("extract")
    result = project.run("update")
    assert "locale/kk/LC_MESSAGES/short-note.po: created (0 translated, 0 fuzzy, 1 untranslated, 0 obsolete)" in (
        result.output
    )


def test_build_falls_back_and_reports_untranslated_sentences(project: Project):
    (project.root / "source" / "short-note.txt").write_text(
        "date 2024-07-01 Inflation slowed to 8.4% in June.\n", encoding="utf-8"
    )
    project.run("extract")
    project.run("update")
    result = project.run("build", "-l", "ru", "--format", "txt", "short-note.txt")
    assert result.exit_code == 0
    assert "build/ru/short-note.txt: created (1 sentences: 0 translated, 1 fell back to the source)" in result.output
    assert (project.root / "build/ru/short-note.txt").read_text(encoding="utf-8") == (
        "1 июля 2024 года\n\nInflation slowed to 8.4% in June.\n"
    )


def test_hostile_translation_is_refused_reported_and_never_executed(project: Project):
    po = project.root / PO_RU
    text = po.read_text(encoding="utf-8")
    po.write_text(
        text.replace('msgstr[1] "В этом году на его реализацию направили {amount}."', 'msgstr[1] "{amount.__class__}"'),
        encoding="utf-8",
    )
    result = project.run("build", "-l", "ru", "--format", "txt")
    assert result.exit_code == 0
    assert "placeholder {amount.__class__} is not a plain name; the source sentence is used" in result.stderr
    built = (project.root / "build/ru" / f"{SEED}.txt").read_text(encoding="utf-8")
    assert "14.7 billion tenge were spent on its implementation this year." in built
    assert "class" not in built


def test_fuzzy_translation_is_not_published(project: Project):
    po = project.root / PO_RU
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Two kindergartens', '#, fuzzy\nmsgid "Two kindergartens'), encoding="utf-8")
    project.run("build", "-l", "ru", "--format", "txt")
    built = (project.root / "build/ru" / f"{SEED}.txt").read_text(encoding="utf-8")
    assert "Two kindergartens were opened last year." in built
    assert "два детских сада" not in built


def test_unknown_locale_is_a_usage_error(project: Project):
    result = project.run("update", "-l", "../../etc")
    assert result.exit_code == 2
    assert result.stderr == (
        "l10n: error: unknown locale '../../etc' (choose from kk, ru or add it to [tool.l10n] target-locales)\n"
    )


def test_missing_config_key_names_the_key(project: Project):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('babel-locale = "ru_KZ"', ""), encoding="utf-8")
    result = project.run("extract")
    assert result.exit_code == 1
    assert result.stderr == (
        "l10n: error: pyproject.toml: [tool.l10n] locales.ru.babel-locale: missing "
        "(the Babel locale that formats this language, e.g. 'ru_KZ')\n"
    )


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_source_that_is_not_utf8_names_file_and_line_and_the_others_are_extracted(project: Project, jobs: str):
    (project.root / "source" / "bad.txt").write_bytes("date 2024-07-01 Okay.\n\nБюджет".encode("cp1251"))
    (project.root / "source" / "good.txt").write_text("A good story. It is in UTF-8.\n")
    result = project.run("extract", "-j", jobs)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["source/bad.txt:3: error: not UTF-8 (byte 0xc1 at offset 23) (save the file as UTF-8)"]
    assert "Traceback" not in result.output
    assert (project.root / "locale" / "good.pot").exists()
    assert not (project.root / "locale" / "bad.pot").exists()


def test_po_in_the_wrong_language_folder_is_refused(project: Project):
    kk = project.root / PO_KK
    kk.write_bytes((project.root / PO_RU).read_bytes())
    result = project.run("build", "-l", "kk")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{PO_KK}: error: the file says Language: ru, but it is in the kk folder")


def test_build_without_a_catalogue_says_what_to_run(project: Project):
    shutil.rmtree(project.root / "locale" / "kk")
    result = project.run("build", "-l", "kk")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{PO_KK}: error: no kk catalogue for this article (run l10n extract and l10n update first)\n"
    )


def test_python_dash_m_pipeline_runs_the_cli(project: Project):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "-C", str(project.root), "-v", "update", "-l", "kk"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{PO_KK}: unchanged")


def _shipped(relative: str) -> bytes:
    from conftest import REPO

    return (REPO / relative).read_bytes()


def test_translation_memory_fills_a_new_article_from_the_others(project: Project):
    (project.root / "source" / "second-launch.txt").write_text(
        "date 2024-07-02 Two kindergartens were opened last year.\n\nPhoto credit: gov.kz\n\n"
        "He stressed the need to comply with the new deadlines.\n",
        encoding="utf-8",
    )
    project.run("extract")
    result = project.run("update", "-l", "ru")
    assert "locale/ru/LC_MESSAGES/second-launch.po: created (2 translated, 1 fuzzy, 0 untranslated, 0 obsolete)" in (
        result.output
    )
    po = (project.root / "locale/ru/LC_MESSAGES/second-launch.po").read_text(encoding="utf-8")
    assert 'msgid "Photo credit: gov.kz"\nmsgstr "Фото: gov.kz"' in po
    assert (
        f"# Suggested by the translation memory: {PO_RU}\n#: source/second-launch.txt:5\n#, fuzzy\n"
        '#| msgid "He stressed the need to comply with the project deadlines."\n'
    ) in po


def _untranslate(project: Project, count: int) -> None:
    from pipeline.pofile import dump_po, parse_po

    po_file = project.root / PO_RU
    po = parse_po(po_file.read_bytes(), "ru.po")
    for entry in list(po)[:count]:
        entry.msgstr = ""
        entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    po_file.write_text(dump_po(po), encoding="utf-8")


def test_build_below_min_translated_keeps_the_previous_output(project: Project):
    project.run("build", "-l", "ru")
    before = project.snapshot()
    _untranslate(project, 10)
    result = project.run("build", "-l", "ru", "--min-translated", "80")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        f"build/ru/{SEED}.txt: skipped (47.4% of messages and 42.9% of sentences translated, below 80%; "
        "the previous output is kept)"
    )
    changed = {k for k, v in project.snapshot().items() if before.get(k) != v}
    assert changed == {PO_RU, ".l10n/state.db"}  # the outputs are as they were


def test_min_translated_comes_from_the_locale_config(project: Project):
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8").replace(
        'babel-locale = "ru_KZ"', 'babel-locale = "ru_KZ"\nmin-translated = 95'
    )
    pyproject.write_text(text, encoding="utf-8")
    _untranslate(project, 1)
    result = project.run("build", "-l", "ru", "--format", "txt")
    assert f"build/ru/{SEED}.txt: skipped (94.7% of messages and 95.2% of sentences translated, below 95%" in (
        result.output
    )
    assert not (project.root / "build/ru" / f"{SEED}.txt").exists()


def test_build_lists_every_sentence_that_falls_back(project: Project):
    _untranslate(project, 2)
    result = project.run("build", "-l", "ru", "--format", "txt")
    assert result.stderr.splitlines() == [
        f"{PO_RU}: note: source/{SEED}.txt:1 falls back to the source (untranslated): "
        "'Prime Minister Olzhas Bektenov, who is on a working trip to…'",
        f"{PO_RU}: note: source/{SEED}.txt:3 falls back to the source (untranslated): "
        "'The Baiterek project is based on the infrastructure of Zeni…'",
    ]
    assert "21 sentences: 19 translated, 2 fell back to the source" in result.output


def test_a_run_over_several_files_ends_with_counts_and_time_on_stderr(project: Project):
    result = project.run("build")
    assert result.exit_code == 0
    assert re.fullmatch(r"build: 9 files: 9 created in \d+\.\d s", result.stderr.splitlines()[-1])
    assert "build:" not in result.stdout  # stdout stays the list of files, for scripts


def test_quiet_prints_nothing_when_all_is_well_but_still_writes(project: Project):
    for command in ("extract", "update", "build"):
        result = project.run("-q", command)
        assert (result.exit_code, result.output) == (0, "")
    assert (project.root / f"build/kk/{SEED}.html").is_file()


def test_quiet_prints_no_notes_only_warnings_and_errors(project: Project):
    po = project.root / PO_RU
    po.write_text(po.read_text().replace('msgstr "Фото: gov.kz"', 'msgstr ""'))
    loud = project.run("build", "-l", "ru")
    assert loud.stderr.count("falls back to the source (untranslated): 'Photo credit: gov.kz'") >= 1
    (project.root / "build" / "ru" / f"{SEED}.txt").unlink()
    quiet = project.run("-q", "build", "-l", "ru")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


def test_past_a_handful_a_catalogues_fallbacks_are_one_line_and_verbose_lists_each(project: Project):
    _untranslate(project, 7)
    result = project.run("build", "-l", "ru", "--format", "txt")
    assert result.stderr.splitlines() == [
        f"{PO_RU}: note: 9 sentences of source/{SEED}.txt fall back to the source (9 untranslated);"
        f" l10n review {SEED} shows each, l10n -v lists them here"
    ]
    (project.root / "build" / "ru" / f"{SEED}.txt").unlink()
    verbose = project.run("-v", "build", "-l", "ru", "--format", "txt")
    assert verbose.stderr.count(": note: source/") == 9  # the 7 messages, one of them a credit line said 3 times


def test_progress_is_told_each_article_up_to_the_total(project: Project):
    from pipeline import commands, store

    config = store.load_config(project.root)
    (project.root / "source" / "second.txt").write_text("A second story. It has two sentences.\n")
    told: list[tuple[int, int]] = []
    commands.extract(config, (), progress=lambda done, total: told.append((done, total)))
    assert told == [(0, 2), (1, 2), (2, 2)]
    told.clear()
    commands.update(config, config.targets, progress=lambda done, total: told.append((done, total)))
    # Per language: the one catalogue that exists is read, then the two are merged.
    assert told == [(0, 1), (1, 1), (0, 2), (1, 2), (2, 2)] * 2
    told.clear()
    commands.build(config, config.all_locales, ("txt",), jobs=2, progress=lambda d, t: told.append((d, t)))
    assert told == [(0, 2), (1, 2), (2, 2)]


def test_worker_processes_write_the_same_bytes_as_one_process(tmp_path, project: Project):
    corpus = REPO / "tests" / "corpus"
    for case in ("wire-copy", "markdown-brief"):
        shutil.copytree(corpus / case / "source", project.root / "source", dirs_exist_ok=True)
        shutil.copytree(corpus / case / "locale", project.root / "locale", dirs_exist_ok=True)
    # A new article that reuses and edits the seed's sentences, so that the
    # workers fill in from the translation memory and offer fuzzy matches.
    seed = (project.root / "source" / f"{SEED}.txt").read_text(encoding="utf-8")
    (project.root / "source" / "follow-up.txt").write_text(seed.replace("the", "a", 3), encoding="utf-8")
    (project.root / "locale" / "ru" / "LC_MESSAGES" / "wire-copy.po").unlink()
    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    for command in ("extract", "update", "build", "compile"):
        # -j 0 is one worker per CPU (two on the CI machine).
        one, two = project.run(command, "-j", "1"), twin.run(command, "-j", "0" if command == "compile" else "2")
        assert (one.exit_code, one.stdout) == (0, two.stdout)
        assert two.exit_code == 0
        if command == "update":
            assert "kk/LC_MESSAGES/follow-up.po: created (18 translated, 1 fuzzy, 0 untranslated" in two.stdout

    def outputs(p: Project) -> dict[str, bytes]:
        # The caches name the project's folder, which differs between the twins.
        return {k: v for k, v in p.snapshot().items() if not k.startswith(".l10n/")}

    def memory(p: Project, lang: str) -> dict:
        return _cached_catalogues(p.root, lang)

    assert outputs(project) == outputs(twin)
    assert len([k for k in outputs(twin) if k.startswith("build/")]) == 4 * 3 * 3
    assert len([k for k in outputs(twin) if k.endswith(".mo")]) == 4 * 2
    assert memory(project, "kk") == memory(twin, "kk") and memory(project, "ru") == memory(twin, "ru")


def test_all_writes_what_extract_update_and_build_write(tmp_path, project: Project):
    _second_article(project)
    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    separate = [project.run(command) for command in ("extract", "update", "build")]
    together = twin.run("all", "-j", "2")
    assert together.exit_code == 0
    assert together.stdout == "".join(r.stdout.replace("outputs are in build/\n", "") for r in separate) + (
        "outputs are in build/\n"
    )

    def outputs(p: Project) -> dict[str, bytes]:
        return {k: v for k, v in p.snapshot().items() if not k.startswith(".l10n/")}

    assert outputs(project) == outputs(twin)
    again = twin.run("-v", "all")
    assert re.fullmatch(r"all: 24 files: 24 unchanged in \d+\.\d s\n", again.stderr)
    assert {line.split(": ")[1] for line in again.stdout.splitlines()[:-1]} == {"unchanged (up to date)"}


def test_all_goes_on_without_a_bad_article_and_does_what_it_does_without_it(project: Project, tmp_path):
    import shutil

    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    (project.root / "source" / "bad.txt").write_bytes(b"\xff\xfe not text\n")
    result = project.run("all")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == ["source/bad.txt:1: error: the file is UTF-16 (save it as UTF-8)"]
    assert twin.run("all").exit_code == 0
    made = {k: v for k, v in project.snapshot().items() if not k.startswith((".l10n/", "source/bad"))}
    assert made == {k: v for k, v in twin.snapshot().items() if not k.startswith(".l10n/")}


_KILLED_MID_WRITE = """
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size=1")  # the changed pages go to the file before the commit, the old ones to the journal
db.execute("BEGIN")
db.execute("UPDATE outputs SET stat = 'x', inputs = 'y'")
db.execute("DELETE FROM inputs")
os._exit(9)  # killed before the commit
"""


def test_a_state_write_cut_short_by_a_kill_is_rolled_back(project: Project):
    import subprocess
    import sys

    project.run("all")
    before = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    records_before = state.saved(_config(project.root)).whole()
    path = project.root / ".l10n" / "state.db"
    subprocess.run([sys.executable, "-c", _KILLED_MID_WRITE, str(path)], check=False)
    assert path.with_name("state.db-journal").stat().st_size > 0  # the transaction's journal, left behind
    again = project.run("-v", "all")
    assert again.exit_code == 0
    assert {line.split(": ")[1].split(" (")[0] for line in again.stdout.splitlines()[:-1]} == {"unchanged"}
    assert state.saved(_config(project.root)).whole() == records_before
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == before


def test_a_translators_edit_merges_again_only_catalogues_the_memory_could_fill(project: Project):
    _second_article(project)
    second = project.root / "source" / "second-launch.txt"
    second.write_text(second.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", "utf-8")
    project.run("extract")
    project.run("update")
    po_second = project.root / "locale/ru/LC_MESSAGES/second-launch.po"
    # A translator rewording an approved translation changes what the memory
    # says, not what it can answer: the second article's catalogue, which has
    # an untranslated entry, is left unread.
    _edit(project.root / PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: Gov.kz"')
    lines = project.run("-v", "update", "-l", "ru").stdout.splitlines()
    assert lines[0].startswith(f"{PO_RU}: unchanged (19 translated")
    assert lines[1] == "locale/ru/LC_MESSAGES/second-launch.po: unchanged (up to date)"
    # A translation taken back (marked fuzzy) is one the memory no longer
    # offers: the second article's catalogue is merged again.
    _edit(project.root / PO_RU, 'msgid "Photo credit: gov.kz"', '#, fuzzy\nmsgid "Photo credit: gov.kz"')
    lines = project.run("-v", "update", "-l", "ru").stdout.splitlines()
    assert lines[0].startswith(f"{PO_RU}: unchanged (18 translated, 1 fuzzy")
    assert lines[1].startswith(
        "locale/ru/LC_MESSAGES/second-launch.po: unchanged (2 translated, 1 fuzzy, 1 untranslated"
    )
    # Once nothing in it is untranslated, an edit elsewhere leaves the seed's
    # catalogue alone: no other catalogue can change a fully translated one.
    _edit(
        po_second,
        'msgid "A sentence nobody has translated yet."\nmsgstr ""',
        'msgid "A sentence nobody has translated yet."\nmsgstr "Предложение."',
    )
    lines = project.run("-v", "update", "-l", "ru").stdout.splitlines()
    assert lines[0] == f"{PO_RU}: unchanged (up to date)"
    assert lines[1].startswith(
        "locale/ru/LC_MESSAGES/second-launch.po: unchanged (3 translated, 1 fuzzy, 0 untranslated"
    )
    _edit(po_second, 'msgstr "Предложение."', 'msgstr "Одно предложение."')
    lines = project.run("-v", "update", "-l", "ru").stdout.splitlines()
    assert lines[0] == f"{PO_RU}: unchanged (up to date)"


def test_catalogues_merged_again_for_a_translators_edit_elsewhere_are_as_a_run_from_scratch_makes_them(
    project: Project, tmp_path
):
    exact, near = "A sentence nobody has translated yet.", "Another line that waits for its translator."
    _second_article(project)
    second = project.root / "source" / "second-launch.txt"
    second.write_text(second.read_text(encoding="utf-8") + f"\n{exact}\n\n{near}\n", "utf-8")
    (project.root / "source" / "third-launch.txt").write_text(f"{exact}\n", "utf-8")
    (project.root / "source" / "fourth-launch.txt").write_text(near.replace(".", ", still.") + "\n", "utf-8")
    project.run("all")
    po_second = project.root / "locale/ru/LC_MESSAGES/second-launch.po"

    def translate(slug: str, msgid: str, msgstr: str) -> None:
        _edit(
            project.root / f"locale/ru/LC_MESSAGES/{slug}.po",
            f'msgid "{msgid}"\nmsgstr ""',
            f'msgid "{msgid}"\nmsgstr "{msgstr}"',
        )

    def from_scratch() -> dict[str, bytes]:
        fresh = Project(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}")
        shutil.copytree(project.root, fresh.root, ignore=shutil.ignore_patterns(".l10n", "build"))
        assert fresh.run("all").exit_code == 0
        return {k: v for k, v in fresh.snapshot().items() if not k.startswith(".l10n/")}

    def ours() -> dict[str, bytes]:
        return {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}

    # A reworded translation elsewhere changes no answer of the memory: the catalogues with an
    # untranslated entry are left as they are, unread.
    _edit(project.root / PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: Gov.kz"')
    kept = po_second.read_bytes()
    result = project.run("-v", "all")
    assert "locale/ru/LC_MESSAGES/second-launch.po: unchanged (up to date)" in result.stdout
    assert po_second.read_bytes() == kept
    assert ours() == from_scratch()
    # A translation of the same sentence: the others take it as approved.
    translate("third-launch", exact, "Предложение.")
    assert "locale/ru/LC_MESSAGES/second-launch.po: updated" in project.run("-v", "all").stdout
    assert f'msgid "{exact}"\nmsgstr "Предложение."' in po_second.read_text("utf-8")
    assert ours() == from_scratch()
    # A translation of a similar one: the others take it as a suggestion.
    translate("fourth-launch", near.replace(".", ", still."), "Ещё строка.")
    assert "locale/ru/LC_MESSAGES/second-launch.po: updated" in project.run("-v", "all").stdout
    assert f'#, fuzzy\n#| msgid "{near.replace(".", ", still.")}"\nmsgid "{near}"' in po_second.read_text("utf-8")
    assert ours() == from_scratch()


def test_without_fuzzy_matching_a_translators_edit_elsewhere_still_fills_the_same_sentence(project: Project):
    exact = "A sentence nobody has translated yet."
    _two_articles_sharing(project, exact)
    _edit(
        project.root / "locale/ru/LC_MESSAGES/third-launch.po",
        f'msgid "{exact}"\nmsgstr ""',
        f'msgid "{exact}"\nmsgstr "Предложение."',
    )
    result = project.run("-v", "update", "--no-fuzzy", "-l", "ru")
    assert "locale/ru/LC_MESSAGES/second-launch.po: updated" in result.stdout
    po_second = project.root / "locale/ru/LC_MESSAGES/second-launch.po"
    assert f'msgid "{exact}"\nmsgstr "Предложение."' in po_second.read_text("utf-8")


def test_an_edit_that_changes_the_memory_records_one_line_per_language_not_per_catalogue(project: Project):
    _second_article(project)
    (project.root / "source" / "third-launch.txt").write_text("A third story nobody has translated.\n", "utf-8")
    project.run("all")
    before = state.saved(_config(project.root)).whole()
    # The second article's catalogues take a new (untranslated) entry, so the
    # memory changes; the seed's and the third article's catalogues, which
    # depend on it, stay as they are and are not recorded again one by one.
    _edit(project.root / "source" / "second-launch.txt", "Photo credit: gov.kz", "Photo credit: akorda.kz")
    assert project.run("all").exit_code == 0
    after = state.saved(_config(project.root)).whole()

    def changed(old: dict, new: dict) -> set[str]:
        return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}

    assert changed(before.inputs, after.inputs) == {"source/second-launch.txt"}
    assert changed(before.outputs, after.outputs) == {
        "locale/second-launch.pot",
        "locale/kk/LC_MESSAGES/second-launch.po",
        "locale/ru/LC_MESSAGES/second-launch.po",
        *(f"build/{lang}/second-launch.{ext}" for lang in ("en", "kk", "ru") for ext in ("html", "md", "txt")),
    }
    assert len(changed(before.values, after.values)) == 2  # the memory of each language
    assert project.run("-v", "all").stdout.count("unchanged (up to date)") == 3 * (1 + 2 + 9)


def test_all_with_named_articles_does_their_work_alone_and_as_the_whole_run_would(project: Project, tmp_path):
    _second_article(project)
    project.run("all")
    whole = Project(tmp_path / "whole")
    shutil.copytree(project.root, whole.root)
    for root in (project.root, whole.root):
        _edit(root / "source" / f"{SEED}.txt", "Olzhas Bektenov", "Prime Minister Olzhas Bektenov")
        _edit(root / "source" / "second-launch.txt", "Photo credit: gov.kz", "Photo credit: akorda.kz")
    named = project.run("all", "second-launch.txt")
    assert named.exit_code == 0
    # Only the named article's files are looked at (the seed's edit waits) ...
    assert {line.split(": ")[0] for line in named.stdout.splitlines()[:-1]} == {
        "locale/second-launch.pot",
        "locale/kk/LC_MESSAGES/second-launch.po",
        "locale/ru/LC_MESSAGES/second-launch.po",
        *(f"build/{lang}/second-launch.{ext}" for lang in ("en", "kk", "ru") for ext in ("txt", "md", "html")),
    }
    assert named.stderr.splitlines()[-1].startswith("all: 12 files: 12 updated in ")
    # ... and once the rest is done too, every byte is as one whole run makes it.
    assert project.run("all").exit_code == whole.run("all").exit_code == 0
    ours = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    assert ours == {k: v for k, v in whole.snapshot().items() if not k.startswith(".l10n/")}


@pytest.mark.parametrize(
    ("command", "jobs", "articles", "memory"),
    [
        (("all",), "2", 1, "saved"),
        (("update",), "2", 1, "saved"),
        # more jobs than languages: each language's process forks workers of its own
        (("all",), "4", 2, "saved"),
        (("all",), "4", 1, "deleted"),
        (("update", "-l", "kk"), "2", 2, "saved"),
    ],
)
def test_a_named_edit_with_a_process_per_language_writes_what_one_process_writes(
    project: Project, tmp_path, command, jobs, articles, memory
):
    _second_article(project)
    project.run("all")  # the memories are saved: -j 2 reads them ahead, a process per language
    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    names = ["second-launch.txt", f"{SEED}.txt"][:articles]
    for p in (project, twin):
        _edit(p.root / "source" / "second-launch.txt", "Photo credit: gov.kz", "Photo credit: akorda.kz")
        if articles == 2:
            _edit(p.root / "source" / f"{SEED}.txt", "Olzhas Bektenov", "Prime Minister Olzhas Bektenov")
        if command[0] == "update":
            p.run("extract", *names)
        if memory == "deleted":
            for path in (p.root / ".l10n").glob("memory-*"):
                path.unlink()  # read again from every catalogue, by the language's own workers
    if command == ("update", "-l", "kk"):
        command = ("update",)  # only Russian is left stale: one language, given both jobs
        for p in (project, twin):
            p.run("update", "-l", "kk", *names)
    side_by_side = project.run(*command, "-j", jobs, *names)
    alone = twin.run(*command, "-j", "1", *names)
    assert side_by_side.exit_code == alone.exit_code == 0
    assert side_by_side.stdout == alone.stdout and "updated" in alone.stdout
    # (.l10n/ differs: the caches name the project's folder, so the twin's are rebuilt.)
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == {
        k: v for k, v in twin.snapshot().items() if not k.startswith(".l10n/")
    }
    # The state says the same: which memory each language was merged with, and how each file was made.
    assert _state_said(project) == _state_said(twin)


def _state_said(project: Project) -> tuple:
    """What a project's state holds but for sizes and times."""
    saved = state.saved(store.load_config(project.root)).whole()
    return saved.values, {key: record[:2] for key, record in saved.outputs.items()}


def test_a_named_edit_with_a_process_per_language_reports_a_broken_catalogue_as_one_process_does(
    project: Project, tmp_path
):
    _second_article(project)
    project.run("all")
    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    for p in (project, twin):
        _edit(p.root / "source" / "second-launch.txt", "Photo credit: gov.kz", "Photo credit: akorda.kz")
        (p.root / "locale" / "kk" / "LC_MESSAGES" / "second-launch.po").write_text('msgid "a"\nmsgstr\n', "utf-8")
    before = project.snapshot()
    side_by_side = project.run("all", "-j", "2", "second-launch.txt")
    alone = twin.run("all", "-j", "1", "second-launch.txt")
    assert side_by_side.exit_code == alone.exit_code == 1
    assert side_by_side.stderr == alone.stderr and "second-launch.po" in alone.stderr
    assert {k: v for k, v in project.snapshot().items() if k.startswith(("locale/kk/", "locale/ru/"))} == {
        k: v for k, v in before.items() if k.startswith(("locale/kk/", "locale/ru/"))
    }


def test_update_of_a_named_article_without_a_template_says_to_extract_first(project: Project):
    _second_article(project)
    before = project.snapshot()
    result = project.run("update", "second-launch.txt")
    assert result.exit_code == 1
    assert result.stderr == (
        "l10n: error: locale/second-launch.pot: no template for this article (run l10n extract first)\n"
    )
    assert project.snapshot() == before


def test_a_named_update_leaves_the_other_catalogues_due_for_the_changed_memory(project: Project):
    _second_article(project)
    second = project.root / "source" / "second-launch.txt"
    second.write_text(second.read_text(encoding="utf-8") + "\nA sentence nobody has translated yet.\n", "utf-8")
    (project.root / "source" / "third-launch.txt").write_text("A third story.\n", "utf-8")
    project.run("all")
    _edit(project.root / PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: Gov.kz"')
    lines = project.run("-v", "update", "-l", "ru", "third-launch.txt").stdout.splitlines()
    # A reworded translation changes no answer of the memory: left unread.
    assert lines == ["locale/ru/LC_MESSAGES/third-launch.po: unchanged (up to date)"]
    # The second article's catalogue, which the memory could fill, was not
    # merged with the changed memory: a whole update still merges it (the
    # named update did not record the memory as every catalogue's).
    lines = project.run("-v", "update", "-l", "ru").stdout.splitlines()
    assert lines[1].startswith(
        "locale/ru/LC_MESSAGES/second-launch.po: unchanged (2 translated, 1 fuzzy, 1 untranslated"
    )


def _config(root):
    """The project's configuration (loading it also makes ``root`` the project that store's writes may touch)."""
    return store.load_config(root)


def _cached_catalogues(root, lang: str) -> dict[str, records.CachedCatalogue]:
    """A language's cache of every catalogue's approved translations, read as the next update reads it."""
    path = records.memory_file(root, lang, records.CATALOGUES)
    found = records.load_catalogues(path, memory_store.base_of(_config(root)))
    assert not isinstance(found, Unusable), found
    return found


def _built(root, lang: str) -> records.BuiltMemory | Unusable:
    path = records.memory_file(root, lang, records.BUILT)
    return records.load_built(path, memory_store.base_of(_config(root)))


def _loaded_memory(root, lang: str) -> memory_store.Saved | memory_store.Built:
    """A language's memory as the next update starts from it: memory_store's loader on the catalogues as they are."""
    config = _config(root)
    ws = Workspace(config)
    loc = next(loc for loc in config.targets if loc.code == lang)
    files = ws.catalog_files(lang)
    cats = memory_store.Catalogues(
        loc,
        {slug: config.key(path) for slug, path in files.items()},
        {s: store.file_digest(p) for s, p in files.items()},
    )
    loaded = memory_store.load(ws, memory_store.base_of(config), cats, 1, quiet)
    if loaded.read is not None:
        loaded.read.close()  # the catalogues it read, kept for merges that do not follow here
    return loaded


def _saved_memory_damages(path) -> dict[str, bytes]:
    """The saved memory file at ``path`` damaged in each way, as the bytes to write over it."""
    text = path.read_bytes()
    found = records.load_built(path, memory_store.base_of(_config(path.parent.parent)))
    assert not isinstance(found, Unusable)
    memory = found.memory()
    assert not isinstance(memory, Unusable)
    header = found.saved.header

    def written(header: object) -> bytes:
        forged = path.with_name("forged.db")
        memory_db.write(forged, json.dumps(header), memory.saved())
        return forged.read_bytes()

    middle = len(text) // 2
    return {
        "cut short": text[:middle],
        "altered": text.replace("Фото".encode(), "Фотo".encode()),
        "a byte flipped": text[:middle] + bytes([text[middle] ^ 1]) + text[middle + 1 :],
        "empty": b"",
        "not a database": b"SQLite format 3\0" + bytes(100),
        "as written again": written(header),
        "header not an object": written([]),
        "another format": written({**header, "format": memory_db.FORMAT - 1}),
        "another tool's": written({**header, "base": "0" * 32}),
        "an identity that is not its catalogues'": written({**header, "identity": "0" * 32}),
    }


_SAVED_MEMORY_DAMAGES = (
    "cut short",
    "altered",
    "a byte flipped",
    "empty",
    "not a database",
    "header not an object",
    "another format",
    "another tool's",
    "an identity that is not its catalogues'",
)


@pytest.mark.parametrize("sealed", [False, True], ids=["", "sealed"])
@pytest.mark.parametrize("damage", _SAVED_MEMORY_DAMAGES)
def test_a_damaged_saved_memory_is_built_again_not_trusted(project: Project, monkeypatch, damage: str, sealed: bool):
    project.run("update")
    saved = project.root / ".l10n/memory-ru.built.db"
    assert not isinstance(_built(project.root, "ru"), Unusable)
    pristine = Project(project.root.parent / "pristine")
    shutil.copytree(project.root, pristine.root)
    damages = _saved_memory_damages(saved)
    assert not isinstance(_built(project.root, "ru"), Unusable)
    saved.write_bytes(damages["as written again"])
    if sealed:  # found whole and sealed as it is: the damage below is written a tick of the clock later
        monkeypatch.setattr(tuning, "SEAL_AFTER_NS", 0)
        assert not isinstance(_built(project.root, "ru"), Unusable)
        assert records.memory_file(project.root, "ru", records.SEAL).exists()
        time.sleep(0.05)
    assert not isinstance(_built(project.root, "ru"), Unusable)  # the forgeries below are written as it was
    saved.write_bytes(damages[damage])
    # memory_store's loader finds it unusable ...
    assert isinstance(_built(project.root, "ru"), Unusable)
    assert isinstance(_loaded_memory(project.root, "ru"), memory_store.Built)
    # ... and the run gives what a run with the memory intact gives.
    for p in (project, pristine):
        _second_article(p)
        p.run("extract")
        result = p.run("update", "-l", "ru")
        assert result.exit_code == 0, result.output
        assert "second-launch.po: created (2 translated, 1 fuzzy, 0 untranslated, 0 obsolete)" in result.stdout
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == {
        k: v for k, v in pristine.snapshot().items() if not k.startswith(".l10n/")
    }


def _flip_a_msgstr(patch: dict[str, records.PatchRecord]) -> dict[str, records.PatchRecord]:
    return {k: r._replace(flat=[t if n % 2 == 0 else "Фото" for n, t in enumerate(r.flat)]) for k, r in patch.items()}


# Each writes the patch of the saved memory ``identity`` damaged.
_PATCH_DAMAGES = {
    "not json": lambda path, identity, patch: path.write_text("{", encoding="utf-8"),
    "another format": lambda path, identity, patch: path.write_text(
        json.dumps({**json.loads(path.read_text(encoding="utf-8")), "format": records.PATCH_FORMAT + 1}), "utf-8"
    ),
    "another memory's patch": lambda path, identity, patch: records.write_patch(path, "0" * 32, patch),
    "translations that do not match their hash": lambda path, identity, patch: records.write_patch(
        path, identity, _flip_a_msgstr(patch)
    ),
    "a msgid without its msgstr": lambda path, identity, patch: records.write_patch(
        path, identity, {k: r._replace(flat=r.flat[:-1]) for k, r in patch.items()}
    ),
}


@pytest.mark.parametrize("damage", sorted(_PATCH_DAMAGES))
def test_a_damaged_patch_of_the_saved_memory_is_not_trusted(project: Project, tmp_path, damage: str):
    _second_article(project)
    project.run("all")
    _retranslate(project.root)
    project.run("all")
    path = records.memory_file(project.root, "ru", records.PATCH)
    built = _built(project.root, "ru")
    assert not isinstance(built, Unusable)
    patch = records.load_patch(path, built.identity)
    assert not isinstance(patch, Unusable)
    assert list(patch) == [PO_RU]  # the translator's edit is in the patch, not the memory
    pristine = Project(tmp_path / "pristine")
    shutil.copytree(project.root, pristine.root)
    _config(project.root)
    _PATCH_DAMAGES[damage](path, built.identity, patch)
    assert isinstance(records.load_patch(path, built.identity), Unusable)
    for p in (project, pristine):
        # A new article takes the seed's (re)translation from the memory.
        (p.root / "source" / "third-launch.txt").write_text("Photo credit: gov.kz\n", "utf-8")
        assert p.run("all").exit_code == 0
    assert 'msgstr "Фото: Gov.kz"' in (project.root / "locale/ru/LC_MESSAGES/third-launch.po").read_text("utf-8")
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == {
        k: v for k, v in pristine.snapshot().items() if not k.startswith(".l10n/")
    }


def _change_a_sentence(root):
    # Its old translation is offered as fuzzy, so it leaves the memory.
    _edit(root / "source" / "third-launch.txt", "this year", "in 2024")


def _retranslate(root):
    # A translator rewords an approved translation, as in Poedit.
    _edit(root / PO_RU, 'msgstr "Фото: gov.kz"', 'msgstr "Фото: Gov.kz"')


def _delete_an_article(root):
    for path in [root / "source" / "second-launch.txt", *root.glob("locale/**/second-launch.po*")]:
        path.unlink()


@pytest.mark.parametrize("change", [_change_a_sentence, _retranslate, _delete_an_article])
def test_the_saved_memory_brought_up_to_date_gives_what_building_it_again_gives(project: Project, tmp_path, change):
    _second_article(project)
    (project.root / "source" / "third-launch.txt").write_text(
        "Two kindergartens were opened this year.\n\nPhoto credit: gov.kz\n", "utf-8"
    )
    project.run("all")
    assert not isinstance(_built(project.root, "ru"), Unusable)
    unsaved = Project(tmp_path / "unsaved")
    shutil.copytree(project.root, unsaved.root)
    for path in (unsaved.root / ".l10n").glob("memory-*"):
        path.unlink()
    for p in (project, unsaved):
        change(p.root)
    cache = (project.root / ".l10n/memory-ru.json").read_bytes()
    for p in (project, unsaved):
        assert p.run("all").exit_code == 0
    # The saved memory was used: the cache it is built from was not even read, let alone rewritten.
    assert (project.root / ".l10n/memory-ru.json").read_bytes() == cache
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == {
        k: v for k, v in unsaved.snapshot().items() if not k.startswith(".l10n/")
    }
    # And it was brought up to date: the saved memory and its patch, as
    # memory_store loads them, hold what building the memory afresh from the
    # catalogues gives (after one more edit, since deleting an article makes
    # no catalogue stale, and the memory is then patched when next used).
    for p in (project, unsaved):
        seed = p.root / "source" / f"{SEED}.txt"
        seed.write_text(seed.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
        assert p.run("all").exit_code == 0
    afresh = Project(tmp_path / "afresh")
    shutil.copytree(project.root, afresh.root)
    for path in (afresh.root / ".l10n").glob("memory-*"):
        path.unlink()
    for lang in ("kk", "ru"):
        saved, built = _loaded_memory(project.root, lang), _loaded_memory(afresh.root, lang)
        assert isinstance(saved, memory_store.Saved) and isinstance(built, memory_store.Built)
        assert saved.memory.to_json() == built.memory.to_json()
        assert saved.pairs == built.pairs
        assert _loaded_memory(unsaved.root, lang).memory.to_json() == built.memory.to_json()
    # A second run changes nothing.
    assert (
        project.run("-v", "all").stdout.count("unchanged (up to date)")
        == len(project.run("-v", "all").stdout.splitlines()) - 1
    )


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _two_articles_sharing(project: Project, sentence: str) -> None:
    """The second article and a third, both with ``sentence`` untranslated: extracted, then updated without fuzzy."""
    _second_article(project)
    second = project.root / "source" / "second-launch.txt"
    second.write_text(second.read_text(encoding="utf-8") + f"\n{sentence}\n", "utf-8")
    (project.root / "source" / "third-launch.txt").write_text(f"{sentence}\n", "utf-8")
    project.run("extract")
    assert project.run("update", "--no-fuzzy").exit_code == 0


def _second_article(project: Project) -> None:
    (project.root / "source" / "second-launch.txt").write_text(
        "date 2024-07-02 Two kindergartens were opened last year.\n\nPhoto credit: gov.kz\n\n"
        "He stressed the need to comply with the new deadlines.\n",
        encoding="utf-8",
    )


def test_the_cached_memory_gives_the_same_catalogues_as_parsing_every_one(project: Project, tmp_path):
    project.run("update")  # caches the seed's approved translations in .l10n/memory-<lang>.json
    assert len(_cached_catalogues(project.root, "ru")[PO_RU].flat) == 2 * 19  # msgid, msgstr, msgid, …
    _second_article(project)
    project.run("extract")
    uncached = Project(tmp_path / "uncached")
    shutil.copytree(project.root, uncached.root)
    for path in (uncached.root / ".l10n").glob("memory-*"):
        path.unlink()
    project.run("update")
    uncached.run("update")

    def outputs(p: Project) -> dict:
        # The state names the project's folder (in its hash); the rest must be equal.
        return {k: v for k, v in p.snapshot().items() if not k.startswith(".l10n/")}

    assert outputs(project) == outputs(uncached)
    for lang in ("kk", "ru"):
        memory = [_cached_catalogues(p.root, lang) for p in (project, uncached)]
        # The first used the memory it had built and saved, so its cache of
        # the catalogues' translations was not rewritten; what it has agrees.
        assert memory[0].items() <= memory[1].items()
    po = (project.root / "locale/ru/LC_MESSAGES/second-launch.po").read_text(encoding="utf-8")
    assert 'msgid "Photo credit: gov.kz"\nmsgstr "Фото: gov.kz"' in po


def _reads_counted(monkeypatch) -> list[str]:
    """The catalogues and templates read from now on, by key: the real reader, counted (-j 1: in this process)."""
    reads: list[str] = []
    read = store.catalog_bytes

    def counted(path, config):
        reads.append(config.key(path))
        return read(path, config)

    monkeypatch.setattr(store, "catalog_bytes", counted)
    return reads


def _scratch_files_open(root) -> list[str]:
    """Files of the project's .l10n/ this process still holds open (an unnamed scratch file shows as deleted)."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(FileNotFoundError):  # the listing's own descriptor, closed since
            held.append(os.readlink(f"/proc/self/fd/{fd}"))
    # The state's connection, which the process keeps, is not one: its file was deleted by the test.
    scratch = [name for name in held if name.startswith(str(root / ".l10n")) and name.endswith(" (deleted)")]
    return [name for name in scratch if not name.startswith(str(root / ".l10n" / "state.db"))]


def test_an_update_that_builds_the_memory_reads_each_catalogue_once(project: Project, monkeypatch):
    _second_article(project)
    project.run("extract")
    shutil.rmtree(project.root / ".l10n")  # no memory saved: every catalogue is read to build it
    existing = sorted(p.relative_to(project.root).as_posix() for p in project.root.glob("locale/**/*.po*"))
    reads = _reads_counted(monkeypatch)
    result = project.run("update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "second-launch.po: created" in result.stdout
    # A catalogue read to build the memory is restored for its merge and for confirming the memory's matches;
    # a template is read by each language's merge.
    assert sorted(reads) == sorted(existing + [p for p in existing if p.endswith(".pot")])  # kk and ru
    assert _scratch_files_open(project.root) == []
    assert not [p for p in (project.root / ".l10n").iterdir() if p.name.startswith(".")]


def test_a_catalogue_read_to_patch_the_memory_is_not_read_again_to_merge_it(project: Project, monkeypatch):
    _second_article(project)
    project.run("all")
    _retranslate(project.root)  # a translator's edit: the saved memory is patched with this catalogue
    reads = _reads_counted(monkeypatch)
    result = project.run("-v", "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert f"{PO_RU}: unchanged (19 translated" in result.stdout  # merged (not "up to date"), and read once
    assert reads.count(PO_RU) == 1
    assert _scratch_files_open(project.root) == []


def test_a_catalogue_saved_by_a_translator_during_the_update_is_merged_as_saved(project: Project, monkeypatch):
    _second_article(project)
    project.run("extract")
    shutil.rmtree(project.root / ".l10n")
    load = memory_store.load

    def then_saved(ws, base, cats, *args, **kwargs):
        loaded = load(ws, base, cats, *args, **kwargs)  # every catalogue of the language read, and kept
        if cats.loc.code == "ru":
            _retranslate(project.root)  # Poedit saves the file while the update runs
        return loaded

    monkeypatch.setattr(memory_store, "load", then_saved)
    assert project.run("update", "-j", "1").exit_code == 0
    po = (project.root / PO_RU).read_text(encoding="utf-8")
    assert 'msgstr "Фото: Gov.kz"' in po and 'msgstr "Фото: gov.kz"' not in po


def test_an_update_with_no_room_to_keep_catalogues_reads_them_again_and_writes_the_same(
    project: Project, tmp_path, monkeypatch
):
    _second_article(project)
    project.run("extract")
    shutil.rmtree(project.root / ".l10n")
    roomless = Project(tmp_path / "roomless")
    shutil.copytree(project.root, roomless.root)
    assert project.run("update", "-j", "1").exit_code == 0
    monkeypatch.setattr(parsed, "ROOM_SHARE", 1 << 80)  # a share of the free space that rounds to nothing
    reads = _reads_counted(monkeypatch)
    assert roomless.run("update", "-j", "1").exit_code == 0
    assert reads.count(PO_RU) == 3  # for the memory, again for its merge, and to confirm a match it gives
    assert {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")} == {
        k: v for k, v in roomless.snapshot().items() if not k.startswith(".l10n/")
    }
    assert _scratch_files_open(roomless.root) == []


def test_an_update_stopped_by_a_broken_catalogue_holds_no_scratch_file(project: Project):
    _second_article(project)
    project.run("extract")
    project.run("update")
    shutil.rmtree(project.root / ".l10n")
    (project.root / "locale/ru/LC_MESSAGES/second-launch.po").write_text('msgid "x"\nmsgstr "y\n', "utf-8")
    result = project.run("update", "-j", "1")
    assert result.exit_code == 1
    assert "second-launch.po" in result.output
    assert _scratch_files_open(project.root) == []


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        "[]",
        '{"base": 1}',
        '{"base": "BASE"}\n["x", "DIGEST", ["Photo credit: gov.kz", "Фото"]]',  # right shape, no format number
        'FORMAT["x", 1, [[2]]]',
        'FORMAT["x", "DIGEST", ["Photo credit: gov.kz", 2]]',  # right bytes, wrong shape
        'FORMAT["x", "DIGEST", ["Photo credit: gov.kz"]]',  # a msgid without its msgstr
        'FORMAT["x", "DIGEST", [["Photo credit: gov.kz", "Фото"]]]',  # pairs, not flat
        'FORMAT["x", "DIGEST", {}]',
        'FORMAT["x", "DIGEST", ["Photo credit: gov.kz", "Фо',  # cut short
        'FORMAT["x"]\n["x", "DIGEST", ["Photo credit: gov.kz", "Фото"]]',  # a bad record: the rest is not read
    ],
)
def test_a_damaged_memory_cache_is_rebuilt_not_trusted(project: Project, damage: str):
    project.run("update")
    base = memory_store.base_of(_config(project.root))
    path = records.memory_file(project.root, "ru", records.CATALOGUES)
    damage = damage.replace("FORMAT", f'{{"base": "{base}", "format": {records.CATALOGUES_FORMAT}}}\n')
    damage = damage.replace("DIGEST", store.digest((project.root / PO_RU).read_bytes())).replace("BASE", base)
    path.write_text(damage.replace('"x"', f'"{PO_RU}"'), encoding="utf-8")
    found = records.load_catalogues(path, base)
    assert isinstance(found, Unusable) or found == {}
    (project.root / ".l10n/memory-ru.built.db").unlink()  # or it would be used, and this cache not read
    _second_article(project)
    project.run("extract")
    result = project.run("update", "-l", "ru")
    assert result.exit_code == 0, result.output
    assert "second-launch.po: created (2 translated, 1 fuzzy, 0 untranslated, 0 obsolete)" in result.stdout
    assert len(_cached_catalogues(project.root, "ru")) == 2


def test_the_library_build_keeps_every_fallback_note_unless_told_how_many(project: Project):
    from pipeline import commands, store

    _untranslate(project, 7)
    config = store.load_config(project.root)
    every = commands.build(config, config.select_targets(("ru",)), ("txt",))
    assert sum(": note: " not in n.message and "falls back" in n.message for n in every.notices) == 9
    (project.root / "build" / "ru" / f"{SEED}.txt").unlink()
    few = commands.build(config, config.select_targets(("ru",)), ("txt",), fallback_notes=5)
    assert [n.message.split(";")[0] for n in few.notices] == [
        f"9 sentences of source/{SEED}.txt fall back to the source (9 untranslated)"
    ]
    (project.root / "build" / "ru" / f"{SEED}.txt").unlink()
    assert commands.build(config, config.select_targets(("ru",)), ("txt",), fallback_notes=0).notices == ()


def test_an_earlier_versions_saved_memory_is_removed_once_the_new_one_is_saved(project: Project):
    legacy = project.root / ".l10n/memory-ru.built.json"
    legacy.parent.mkdir(exist_ok=True)
    legacy.write_bytes(b"crc32 00000000\n{}\n{}")
    result = project.run("update")
    assert result.exit_code == 0, result.output
    assert (project.root / ".l10n/memory-ru.built.db").exists()
    assert not legacy.exists() or legacy.read_bytes() == b""  # inside a transaction a removal is an emptying


def test_a_translation_put_right_elsewhere_fills_the_same_sentence_it_could_not_fill_before(project: Project):
    # Rewording changes no msgid the memory offers, but this rewording makes a refused
    # translation (its placeholder dropped) one an exact match may take.
    _two_articles_sharing(project, "The budget grew by 15% this year.")
    third = project.root / "locale/ru/LC_MESSAGES/third-launch.po"
    po_second = project.root / "locale/ru/LC_MESSAGES/second-launch.po"
    empty = 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""'

    def forms(text: str) -> str:
        return "\n".join(f'msgstr[{n}] "{text}"' for n in range(3))

    _edit(third, empty, forms("Бюджет вырос в этом году."))
    assert project.run("update", "--no-fuzzy", "-l", "ru").exit_code == 0
    assert empty in po_second.read_text("utf-8")
    _edit(third, forms("Бюджет вырос в этом году."), forms("Бюджет вырос на {percent} в этом году."))
    result = project.run("-v", "update", "--no-fuzzy", "-l", "ru")
    assert "locale/ru/LC_MESSAGES/second-launch.po: updated" in result.stdout
    assert forms("Бюджет вырос на {percent} в этом году.") in po_second.read_text("utf-8")
