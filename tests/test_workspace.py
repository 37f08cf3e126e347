"""The workspace a run shares between commands, and the layers of the package."""

from __future__ import annotations

import ast
import os
import stat

import pytest
from conftest import REPO, SEED, Project

from pipeline import commands, listing, state, store
from pipeline.errors import OutputError
from pipeline.models import Outcome
from pipeline.workspace import Workspace


def test_a_held_workspace_writes_its_state_at_the_next_save_outside(project: Project):
    ws = Workspace(store.load_config(project.root))
    with ws.hold():
        report = commands.extract(ws)
        assert [f.detail for f in report.files] != ["up to date"]  # made: there was no state
        assert not (project.root / ".l10n" / "state.db").exists()  # the command's own save waited
    ws.save()
    assert f"locale/{SEED}.pot" in state.saved(ws.config).outputs
    # A new workspace reads what was saved: the template is up to date.
    again = commands.extract(store.load_config(project.root))
    assert [f.detail for f in again.files] == ["up to date"]


def test_a_workspace_that_made_nothing_writes_no_state(project: Project):
    ws = Workspace(store.load_config(project.root))
    commands.stats(ws, ws.config.targets)
    ws.save()
    assert not (project.root / ".l10n").exists()


def test_the_snapshot_gives_each_file_the_size_and_time_the_state_would_read(tmp_path):
    from pipeline import listing

    folder = tmp_path / "f"
    folder.mkdir()
    for name, text in (("a.txt", ""), ("b:c.po", "x" * 70), ("d e.md", "é"), ("sub", None)):
        if text is None:
            (folder / name).mkdir()
        else:
            (folder / name).write_text(text, encoding="utf-8")
    found = listing.snapshot([(folder, "f"), (tmp_path / "missing", "m")])
    assert found.stats() == {f"f/{p.name}": store.stat_key(p) for p in folder.iterdir()}
    assert listing.snapshot([(folder, "f"), (tmp_path / "missing", "m")]).digest == found.digest
    (folder / "a.txt").write_text("changed", encoding="utf-8")
    assert listing.snapshot([(folder, "f"), (tmp_path / "missing", "m")]).digest != found.digest


def test_one_listing_gives_each_file_the_size_and_time_stat_key_gives_inside_a_transaction_or_not(project: Project):
    config = store.load_config(project.root)
    folder = project.root / "locale" / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kept.po").write_text("old", encoding="utf-8")
    (folder / "rewritten.po").write_text("old", encoding="utf-8")
    (folder / ".left-by-a-killed-run.po.pending").write_text("staged long ago", encoding="utf-8")

    def by_listing() -> dict[str, str]:
        return listing.stat_keys(folder, "f")

    def one_by_one() -> dict[str, str]:
        # A staged file is never asked for by its own name: it stands for its target.
        names = {p.name for p in folder.iterdir() if not p.name.endswith(".pending")}
        names |= {"rewritten.po", "new.po", "left-by-a-killed-run.po"}
        return {f"f/{name}": found for name in names if (found := store.stat_key(folder / name))}

    assert by_listing() == one_by_one()
    with store.transaction(config):
        store.write_text(folder / "rewritten.po", "new, and longer", durable=False)
        store.write_text(folder / "new.po", "made in the transaction", durable=False)
        assert by_listing()["f/rewritten.po"] != store.stat_text((folder / "rewritten.po").stat())  # the staged one
        assert by_listing() == one_by_one()
    assert by_listing() == one_by_one()
    assert listing.stat_keys(folder / "missing", "f") == {}


def _imports() -> dict[str, set[str]]:
    """Each module of the package, with the modules of the package it imports."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        name = ".".join(("pipeline", *path.relative_to(REPO / "pipeline").with_suffix("").parts))
        deps = found.setdefault(name.removesuffix(".__init__"), set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
                deps.update(f"pipeline.{alias.name}" for alias in node.names if alias.name != "__version__")
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline."):
                deps.add(node.module)
    return found


def test_the_package_has_no_import_cycle():
    imports = _imports()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, " -> ".join((*path[path.index(name) :], name))
        if name in done:
            return
        for dep in imports.get(name, ()):
            visit(dep, (*path, name))
        done.add(name)

    for name in imports:
        visit(name, ())


def test_store_knows_bytes_not_what_the_commands_make_of_them():
    above = {"checks", "render", "state", "workspace", "memory_store", "commands", "reports", "sources"}
    assert not {dep.split(".")[1] for dep in _imports()["pipeline.store"]} & above


def test_a_file_written_in_pieces_is_the_file_written_whole_and_only_other_bytes_rewrite_it(project: Project):
    store.load_config(project.root)  # writes are held inside the project
    path = project.root / "build" / "pieces.bin"
    assert store.write_bytes(path, [b"ab", b"", "é".encode()]) is Outcome.CREATED
    assert path.read_bytes() == "abé".encode()
    assert store.write_bytes(path, "abé".encode()) is Outcome.UNCHANGED
    assert store.write_bytes(path, [b"a", "bé".encode()]) is Outcome.UNCHANGED
    assert store.write_bytes(path, [b"abcd"]) is Outcome.UPDATED  # the same size, other bytes
    assert path.read_bytes() == b"abcd"
    assert store.write_bytes(path, [b"abc"]) is Outcome.UPDATED  # a beginning of what is there
    assert path.read_bytes() == b"abc"
    assert store.write_bytes(path, [b"abc", b"d"]) is Outcome.UPDATED
    assert path.read_bytes() == b"abcd"
    assert store.write_bytes(path, (piece for piece in [b"ab", b"cde"])) is Outcome.UPDATED  # read once
    assert path.read_bytes() == b"abcde"
    folder = project.root / "build" / "folder"
    folder.mkdir()
    with pytest.raises(OutputError, match="cannot read the existing file"):
        store.write_bytes(folder, [b"x" * folder.stat().st_size])
    with pytest.raises(OutputError, match="cannot"):
        store.write_bytes(folder, b"x")


def test_a_new_file_gets_the_umask_s_mode_and_a_rewritten_one_keeps_its_own(project: Project):
    store.load_config(project.root)
    folder = project.root / "build"
    folder.mkdir(exist_ok=True)
    old_mask = os.umask(0o027)
    try:
        assert store.write_text(folder / "new.txt", "new\n") is Outcome.CREATED
        (folder / "kept.txt").write_text("old\n", encoding="utf-8")
        (folder / "kept.txt").chmod(0o604)
        (folder / "usual.txt").write_text("old\n", encoding="utf-8")
        (folder / "usual.txt").chmod(0o640)
        assert store.write_text(folder / "kept.txt", "new\n", durable=False) is Outcome.UPDATED
        assert store.write_text(folder / "usual.txt", "new\n") is Outcome.UPDATED
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE((folder / "new.txt").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "kept.txt").stat().st_mode) == 0o604
    assert stat.S_IMODE((folder / "usual.txt").stat().st_mode) == 0o640
    assert (folder / "kept.txt").read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in folder.iterdir()) == ["kept.txt", "new.txt", "usual.txt"]  # no temporary left


def test_a_write_never_opens_a_temporary_file_left_beside_its_target(project: Project):
    config = store.load_config(project.root)
    folder = config.build_dir / "ru"
    folder.mkdir(parents=True, exist_ok=True)
    # Leftovers named as this process names its next temporaries (a crashed process had its pid).
    after = store._CREATED[0]
    left = [folder / f".page.txt.{os.getpid()}x{n}.tmp" for n in range(after + 1, after + 400)]
    for path in left:
        path.write_text("a crash's leftover", encoding="utf-8")
    assert store.write_text(folder / "page.txt", "written\n") is Outcome.CREATED
    assert (folder / "page.txt").read_text(encoding="utf-8") == "written\n"
    assert all(path.read_text(encoding="utf-8") == "a crash's leftover" for path in left)
    assert store.remove_temporaries(config) == len(left)


def test_a_project_moved_to_another_folder_keeps_its_caches(project: Project, tmp_path):
    import shutil

    assert project.run("all").exit_code == 0
    moved = Project(tmp_path / "elsewhere")
    shutil.copytree(project.root, moved.root)  # times kept, as a move or a CI cache restored elsewhere
    before = moved.snapshot()
    result = moved.run("all")
    assert result.exit_code == 0
    assert "updated" not in result.output and "created" not in result.output
    # Nothing was made again: the state and the memory are the moved project's own (only the
    # snapshot of a run that found everything up to date is new, a copy having new file times).
    assert [k for k, v in moved.snapshot().items() if before.get(k) != v] == [".l10n/settled.json"]
    _day(moved.root)
    assert moved.run("all").exit_code == 0
    assert moved.snapshot()[".l10n/memory-ru.built.db"] == before[".l10n/memory-ru.built.db"]  # patched


def _day(root) -> None:
    """A day's changes: a new article, an edited one, a refused and a fuzzy translation."""
    (root / "source" / "second.txt").write_text(
        "The committee will meet again next week. Its budget is KZT 5 billion.\n", encoding="utf-8"
    )
    article = root / "source" / f"{SEED}.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nThe work will end in 2026.", encoding="utf-8")
    po = root / "locale" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgstr "Фото: gov.kz"' in text
    text = text.replace('msgstr "Фото: gov.kz"', 'msgstr "Фото: {amount}"', 1)  # refused: no such value
    text = text.replace('msgid "Two kindergartens', '#, fuzzy\nmsgid "Two kindergartens', 1)
    po.write_text(text, encoding="utf-8")


def test_all_builds_from_what_update_merged_the_same_bytes_as_the_commands_one_by_one(project: Project, tmp_path):
    import shutil

    twin = Project(tmp_path / "twin")
    shutil.copytree(project.root, twin.root)
    for p in (project, twin):
        _day(p.root)
    result = project.run("all")
    assert result.exit_code == 0
    for command in ("extract", "update", "build"):
        assert twin.run(command).exit_code == 0
    ours = {k: v for k, v in project.snapshot().items() if not k.startswith(".l10n/")}
    theirs = {k: v for k, v in twin.snapshot().items() if not k.startswith(".l10n/")}
    assert ours == theirs
    # A refusal still names its catalogue line (the catalogue is read for that, and only then).
    po = project.root / "locale" / "ru" / "LC_MESSAGES" / f"{SEED}.po"
    line = po.read_text(encoding="utf-8").split('msgstr "Фото: {amount}"')[0].count("\n")
    refused = [x for x in result.output.splitlines() if "refused" in x]
    assert refused and all(x.startswith(f"locale/ru/LC_MESSAGES/{SEED}.po:{line}: warning:") for x in refused)


def test_an_article_extract_parsed_is_handed_to_the_build_only_while_its_bytes_are_unchanged(project: Project):
    from pipeline import sources

    ws = Workspace(store.load_config(project.root))
    path = project.root / "source" / f"{SEED}.txt"
    data = path.read_bytes()
    commands.extract(ws)  # outside passing_parsed: nothing is kept
    assert ws.parsed_article(str(path), store.digest(data)) is None
    path.write_bytes(data + b"\n\nThe work will end in 2026.\n")
    ws = Workspace(ws.config)  # a new run: a workspace lists the files once
    with ws.passing_parsed():
        commands.extract(ws)
        kept = ws.parsed_article(str(path), store.digest(path.read_bytes()))
        assert kept == sources.read_article(path, ws.config)
        # The file as the build finds it hashes otherwise: the build parses it again.
        assert ws.parsed_article(str(path), store.digest(data)) is None
        assert ws.parsed_article(str(path), None) is None
    assert ws.parsed_article(str(path), store.digest(path.read_bytes())) is None  # let go after the run


@pytest.mark.parametrize(
    "article",
    ["cases/wire-values/wire-values.txt", "corpus/markdown-brief/source/markdown-brief.md", f"../source/{SEED}.txt"],
)
def test_an_article_handed_between_processes_is_the_article_parsed(project: Project, article: str):
    import pickle

    from pipeline import sources

    path = project.root / "source" / article.rsplit("/", 1)[1]
    path.write_bytes((REPO / "tests" / article).read_bytes())
    parsed = sources.read_article(path, store.load_config(project.root))
    values = {type(p.value) for s in parsed.sentences for p in s.template.placeholders}
    again = pickle.loads(pickle.dumps(parsed, pickle.HIGHEST_PROTOCOL))  # noqa: S301  # our own bytes
    assert again == parsed
    assert again.source_text() == parsed.source_text() == path.read_text(encoding="utf-8")
    assert {type(p.value) for s in again.sentences for p in s.template.placeholders} == values
