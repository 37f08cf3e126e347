"""Shared fixtures: a copy of the real project in tmp_path, a CLI runner, golden files, reference tools.

Three switches, each in one place:

- ``--update-goldens`` writes every golden file from the run's own output
  instead of comparing with it (``python tests/regenerate_goldens.py`` runs
  the golden tests that way); review the diff before committing.
- ``L10N_REQUIRE_TOOLS=1`` (set by ``.ci/run``) makes a missing reference tool
  (GNU gettext, Chromium) a failure instead of a skip.
- ``HYPOTHESIS_PROFILE``: ``dev`` (the default: random examples, so new ones
  are tried on each run) or ``ci`` (derandomised: the same examples on every
  run, so a red CI run is reproducible).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from pipeline.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = "baiterek-space-rocket-complex"

settings.register_profile("dev", deadline=None)
settings.register_profile(
    "ci", deadline=None, derandomize=True, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

#: Where each reference tool comes from, for the message when it is missing.
_TOOLS = {
    "msgfmt": "GNU gettext (Debian package 'gettext')",
    "msgmerge": "GNU gettext (Debian package 'gettext')",
    "msgcat": "GNU gettext (Debian package 'gettext')",
    "msgunfmt": "GNU gettext (Debian package 'gettext')",
    "chromium": "Chromium (Debian package 'chromium')",
}


@pytest.fixture(autouse=True)
def _no_seals(monkeypatch):
    """No saved memory is sealed (see tuning.SEAL_AFTER_NS) but in the tests that ask for it.

    A seal is written only once a file is some seconds old, so whether a run
    wrote one would depend on how fast the machine ran the test.
    """
    from pipeline import tuning

    monkeypatch.setattr(tuning, "SEAL_AFTER_NS", 1 << 80)


def _missing(tool: str) -> str:
    return f"{tool} is not installed: {_TOOLS.get(tool, tool)}; .ci/run installs it"


def have(tool: str) -> bool:
    """Whether a reference tool is here, for a test's optional cross-check (missing in CI: the test fails)."""
    if shutil.which(tool) or (tool == "chromium" and shutil.which("chromium-browser")):
        return True
    if os.environ.get("L10N_REQUIRE_TOOLS"):
        pytest.fail(_missing(tool))
    return False


def require(tool: str) -> str:
    """The path of a reference tool; skip the test without it (fail, when ``L10N_REQUIRE_TOOLS`` is set)."""
    if not have(tool):
        pytest.skip(_missing(tool))
    return shutil.which(tool) or shutil.which("chromium-browser") or tool


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="write every golden file from this run's output instead of comparing (review the diff)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(tool): the test runs a reference tool (see conftest.require)")
    config.addinivalue_line("markers", "golden: the test compares with golden files (given to every user of `golden`)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "golden" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.golden)


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("needs"):
        for tool in mark.args:
            require(tool)


class Golden:
    """Compares output with a golden file, or (with ``--update-goldens``) writes the file from it."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, expected: Path, actual: bytes | str, *also: Path) -> None:
        """Assert that ``actual`` is ``expected``'s bytes (``also``: more files that must hold the same)."""
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        for path in (expected, *also):
            if self.update:
                if not path.exists() or path.read_bytes() != data:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                continue
            if not path.exists():
                pytest.fail(f"{path} is missing: run pytest --update-goldens and review the new file")
            want = path.read_bytes()
            if want != data:
                # As text, so that pytest shows a diff of the lines that differ.
                message = f"{path} differs: if the change is intended, run pytest --update-goldens and review the diff"
                assert data.decode("utf-8", "replace") == want.decode("utf-8", "replace"), message
                assert data == want, message


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden-file comparison of this run (see :class:`Golden`)."""
    return Golden(bool(request.config.getoption("--update-goldens")))


@dataclass(frozen=True)
class Project:
    """A throwaway copy of the project and a way to run ``l10n`` in it."""

    root: Path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, ["-C", str(self.root), *args], catch_exceptions=False)

    def snapshot(self) -> dict[str, bytes]:
        """Every file under the project, by relative path (but the lock file, which every writing command makes)."""
        return {
            p.relative_to(self.root).as_posix(): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file() and p.name != "lock"
        }


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The repository's pyproject.toml, glossary.csv, source/ and locale/ copied into tmp_path."""
    root = tmp_path / "newsroom"
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copy2(REPO / "glossary.csv", root / "glossary.csv")
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "locale", root / "locale", ignore=shutil.ignore_patterns("*.mo"))
    return Project(root)


def msgfmt_check(path: Path) -> list[str]:
    """Run GNU ``msgfmt --check`` on a catalogue; return its complaints.

    Warnings about header fields that a POT leaves at xgettext's defaults are
    expected in templates and not returned.
    """
    done = subprocess.run(
        [require("msgfmt"), "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    if path.suffix == ".pot":
        lines = [ln for ln in lines if "still has the initial default value" not in ln]
    if done.returncode != 0 and not lines:
        lines = [f"exit code {done.returncode}"]
    return lines


def corpus_project(tmp_path: Path, name: str) -> Project:
    """A copy of ``tests/corpus/<name>/`` (its sources and catalogues) as a project in ``tmp_path``."""
    root = tmp_path / name
    root.mkdir()
    shutil.copy2(REPO / "pyproject.toml", root / "pyproject.toml")
    corpus = Path(__file__).resolve().parent / "corpus" / name
    shutil.copytree(corpus / "source", root / "source")
    shutil.copytree(corpus / "locale", root / "locale")
    return Project(root)


#: SOURCE_DATE_EPOCH of the fetch tests: what fetch writes as the time it fetched a page (2026-06-21T00:00:00Z).
FETCHED_AT = "1782000000"


@pytest.fixture
def loopback_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy between the tests and their server on 127.0.0.1, and a fixed fetch time."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FETCHED_AT)


class Loopback:
    """A real HTTP server on 127.0.0.1 (a free port) that answers every GET with ``respond(handler)``."""

    def __init__(self, respond) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def do_GET(self) -> None:
                respond(self)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                # A client that stops reading early (a page over the size limit)
                # resets the connection; the server's traceback on stderr would
                # land in the output of the command under test.
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
