"""The code base passes the project's ruff rules (configured in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_ruff_finds_nothing():
    # ruff is a test extra, installed next to this interpreter.
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "check", "--no-cache", "--output-format", "concise", str(REPO)],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_leaves_everything_as_it_is():
    ruff = Path(sys.executable).with_name("ruff")
    done = subprocess.run(
        [str(ruff), "format", "--check", "--no-cache", "pipeline", "tests", "bench"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    # mypy is a test extra, configured in pyproject.toml (pipeline/, check_untyped_defs).
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stdout + done.stderr
