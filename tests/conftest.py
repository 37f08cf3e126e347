"""Shared fixtures: a copy of the real project in tmp_path and a CLI runner for it."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pipeline.cli import cli

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED = "baiterek-space-rocket-complex"


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
    if shutil.which("msgfmt") is None:
        message = "GNU gettext's msgfmt is not installed (Debian package 'gettext'; .ci/run installs it)"
        if os.environ.get("L10N_REQUIRE_MSGFMT"):
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
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
