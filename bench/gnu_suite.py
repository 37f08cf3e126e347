"""Run the inputs of GNU gettext's own msgmerge and msgfmt tests through l10n (not part of CI).

Usage: python bench/gnu_suite.py GETTEXT_CHECKOUT [-v]

GNU gettext's test suite (``gettext-tools/tests/`` of its repository) is GPL,
so it is not copied here: point this script at a checkout. It reads the PO
files each shell test writes with ``cat <<EOF > file``, then:

* for every ``msgmerge DEF REF`` a test runs (with ``-C`` compendia taken as
  the translation memory), it merges with the installed msgmerge
  (``--previous``) and with ``pipeline.catalog.merge`` (what ``l10n update``
  runs), and compares them message by message: a translation msgmerge keeps
  that we lose or change is a loss, one msgmerge marks fuzzy that we leave
  approved is an unsafe approval; it also rereads our output with our reader
  and with ``msgfmt --check``;
* for every PO file of the ``msgfmt-*`` tests, it compares ``msgfmt --check``'s
  verdict with the reader's and ``l10n check``'s errors.

Tests for other file formats (Java properties, Tcl, Qt, desktop, XML) and
options with no l10n equivalent (``--multi-domain``, ``--properties-input``)
are skipped and counted.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import polib  # noqa: E402
from differential_po import ours as our_verdict  # noqa: E402

from pipeline import catalog  # noqa: E402
from pipeline.errors import L10nError  # noqa: E402
from pipeline.memory import TranslationMemory  # noqa: E402
from pipeline.pofile import parse_po  # noqa: E402

HEREDOC = re.compile(r"^cat <<\\?'?(\w+)'?\s*>\s*(\S+)\s*$")
SKIPPED_OPTIONS = ("--properties", "--multi-domain", "--stringtable", "--for-msgfmt", "-P")


def heredocs(script: str) -> dict[str, bytes]:
    """The files a test script writes with ``cat <<EOF > name``, by name."""
    files: dict[str, bytes] = {}
    lines = script.split("\n")
    i = 0
    while i < len(lines):
        match = HEREDOC.match(lines[i])
        i += 1
        if not match:
            continue
        end, name = match.groups()
        body = []
        while i < len(lines) and lines[i] != end:
            body.append(lines[i])
            i += 1
        i += 1
        files[name] = ("\n".join(body) + "\n").encode("utf-8", "surrogateescape")
    return files


def merge_calls(script: str) -> list[list[str]]:
    """The argument lists of the ``${MSGMERGE}`` calls of a test script."""
    joined = script.replace("\\\n", " ")
    calls = []
    for line in joined.split("\n"):
        if line.lstrip().startswith("${MSGMERGE}"):
            words = shlex.split(line.split("||")[0].split(">")[0].replace("${MSGMERGE}", "msgmerge"))
            calls.append(words[1:])
    return calls


def entries(po: polib.POFile) -> dict[tuple[str | None, str, bool], polib.POEntry]:
    """The entries of a catalogue by context, msgid and whether obsolete."""
    return {(e.msgctxt, e.msgid, e.obsolete): e for e in po}


def translation(entry: polib.POEntry) -> tuple[str, ...]:
    """What the translator wrote, as one tuple for singular and plural entries."""
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def compare(theirs: polib.POFile, mine: polib.POFile) -> list[str]:
    """How our merge differs from msgmerge's where it matters: losses and approvals."""
    problems = []
    ours_by_key = entries(mine)
    for key, gnu in entries(theirs).items():
        kept = any(translation(gnu))
        if gnu.msgid == "" or not kept:
            continue
        msgid, obsolete = key[1], key[2]
        mine_entry = ours_by_key.get(key)
        # An obsolete translation kept elsewhere (in a fuzzy entry, say) counts as kept.
        if mine_entry is None and obsolete and any(translation(gnu)[0] in translation(e) for e in mine):
            continue
        if mine_entry is None or not any(translation(mine_entry)):
            problems.append(f"lost: {msgid[:40]!r}{' (obsolete)' if obsolete else ''}")
            continue
        both_fuzzy = "fuzzy" in gnu.flags and "fuzzy" in mine_entry.flags  # then only a suggestion differs
        if not both_fuzzy and set(translation(mine_entry)) != set(translation(gnu)):
            problems.append(f"changed: {msgid[:40]!r}: {translation(gnu)!r} → {translation(mine_entry)!r}")
        if "fuzzy" in gnu.flags and "fuzzy" not in mine_entry.flags and not obsolete:
            problems.append(f"approved where msgmerge says fuzzy: {msgid[:40]!r}")
    for e in theirs:
        mine_entry = ours_by_key.get((e.msgctxt, e.msgid, e.obsolete))
        if mine_entry is None:
            continue
        if "fuzzy" in e.flags and e.previous_msgid and "fuzzy" in mine_entry.flags and not mine_entry.previous_msgid:
            problems.append(f"previous msgid (#|) missing: {e.msgid[:40]!r}")
        if e.tcomment and e.tcomment not in mine_entry.tcomment:
            problems.append(f"translator comment lost: {e.msgid[:40]!r}")
        if set(e.flags) - set(mine_entry.flags) - {"fuzzy"}:
            problems.append(f"flags lost: {e.msgid[:40]!r}: {sorted(set(e.flags) - set(mine_entry.flags))}")
    return problems


def run_merge(folder: Path, args: list[str]) -> tuple[str, list[str]]:
    """Merge as one msgmerge call of a test and say how we differ."""
    compendia = []
    positional = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-C", "--compendium"):
            compendia.append(args[i + 1])
            i += 2
            continue
        if arg in ("-o", "--output-file"):
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        positional.append(arg)
        i += 1
    if any(a.startswith(SKIPPED_OPTIONS) for a in args) or len(positional) != 2:
        return "skipped", [" ".join(args)]
    def_name, ref_name = positional
    out = folder / "gnu-out.po"
    command = ["msgmerge", "-q", "--previous", "-o", str(out)]
    command += [f"--compendium={c}" for c in compendia] + [def_name, ref_name]
    done = subprocess.run(command, cwd=folder, capture_output=True)
    if done.returncode != 0:
        return "msgmerge refuses", [done.stderr.decode("utf-8", "replace").strip()[:100]]
    adapted = {name: adapt(folder / name) for name in (def_name, ref_name, *compendia) if name != "/dev/null"}
    adapted = {name: how for name, how in adapted.items() if how}
    try:
        empty = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n'  # as l10n init starts one
        old = parse_po((folder / def_name).read_bytes() if def_name != "/dev/null" else empty, def_name)
        pot = parse_po((folder / ref_name).read_bytes(), ref_name)
        memory = TranslationMemory()
        for name in compendia:
            memory.add_catalog(parse_po((folder / name).read_bytes(), name), name)
    except L10nError as exc:
        refused = Path(str(exc.path))
        if not checks(folder / refused):
            return "input refused, as msgfmt --check refuses it", [f"{exc}"[:120]]
        return "we refuse an input", [f"{exc}"[:120]]
    merged = catalog.merge(old, pot, memory=memory if compendia else None, source=def_name, lang="xx")
    text = catalog.render_catalog(merged.catalog)
    problems = compare(polib.pofile(str(out)), merged.catalog)
    try:
        parse_po(text.encode("utf-8"), "ours.po")
    except L10nError as exc:
        problems.append(f"our reader refuses our output: {exc}"[:120])
    (folder / "ours.po").write_text(text, encoding="utf-8")
    if not checks(folder / "ours.po") and checks(out):
        problems.append("msgfmt --check refuses our output and accepts msgmerge's")
    notes = [f"input {name} {how} (this project reads UTF-8 with a header only)" for name, how in adapted.items()]
    return ("loses or differs" if problems else "same"), problems + (notes if problems else [])


def checks(path: Path) -> bool:
    """Whether ``msgfmt --check`` accepts the file."""
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True).returncode == 0


def adapt(path: Path) -> str:
    """Make an input this project reads by policy: UTF-8 (msgconv) with a header. Say what was done."""
    done = []
    data = path.read_bytes()
    declared = re.search(rb"charset=([-\w]+)", data)
    if declared and declared.group(1).upper() not in (b"UTF-8", b"CHARSET", b"ASCII"):
        converted = subprocess.run(["msgconv", "--to-code=UTF-8", str(path)], capture_output=True)
        if converted.returncode == 0:
            data = converted.stdout
            done.append("converted to UTF-8")
    if not re.search(rb'^msgid ""\nmsgstr', data, re.M):
        header = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        data = header + data
        done.append("header added")
    path.write_bytes(data)
    return ", ".join(done)


def main(checkout: Path, verbose: bool) -> int:
    """Run every case; print one line per case with a problem and the totals."""
    if shutil.which("msgmerge") is None:
        sys.exit("GNU gettext is not installed")
    tests = checkout / "gettext-tools" / "tests"
    if not tests.is_dir():
        sys.exit(f"{checkout}: no gettext-tools/tests here; clone GNU gettext's repository first")
    tally: Counter[str] = Counter()
    for script_path in sorted(tests.glob("msgmerge-*")):
        script = script_path.read_text(encoding="utf-8", errors="surrogateescape")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name, data in heredocs(script).items():
                (folder / name).write_bytes(data)
            for args in merge_calls(script):
                if not all((folder / a).exists() or a.startswith("-") or a == "/dev/null" for a in args[-2:]):
                    tally["skipped (input made by the test)"] += 1
                    continue
                verdict, notes = run_merge(folder, args)
                tally[f"merge: {verdict}"] += 1
                if verdict != "same" and (verbose or verdict != "skipped"):
                    print(f"{script_path.name}: {verdict}")
                    for note in notes:
                        print(f"    {note}")
    for script_path in sorted(tests.glob("msgfmt-*")):
        if re.search(r"msgfmt-(desktop|properties|qt|tcl|xml)", script_path.name):
            tally["msgfmt: skipped (other format)"] += 1
            continue
        script = script_path.read_text(encoding="utf-8", errors="surrogateescape")
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for name, data in heredocs(script).items():
                if not (name.endswith(".po") or data.startswith((b"#", b"msg", b"domain"))):
                    continue
                path = folder / Path(name).name
                path.write_bytes(data)
                done = subprocess.run(
                    ["msgfmt", "--check", "-o", "/dev/null", path.name], cwd=folder, capture_output=True
                )
                theirs = done.returncode != 0
                mine = our_verdict(data)
                kind = (
                    "agree"
                    if bool(mine) == theirs
                    else ("msgfmt refuses, we accept" if theirs else "we refuse, msgfmt accepts")
                )
                tally[f"msgfmt: {kind}"] += 1
                if kind != "agree":
                    print(f"{script_path.name} {name}: {kind}")
                    reason = mine or done.stderr.decode("utf-8", "replace").strip().splitlines()[0]
                    print(f"    {reason[:140]}")
    print()
    for name, count in sorted(tally.items()):
        print(f"{name:<45} {count:>4}")
    return 0


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "-v"]
    if not arguments:
        sys.exit(__doc__)
    sys.exit(main(Path(arguments[0]), "-v" in sys.argv))
