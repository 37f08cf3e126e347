"""The progress bar on a real terminal (a pseudo-terminal), without depending on how long anything takes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import REPO

# ``started`` is how many seconds before now the command began: the bar
# appears only once a run has taken a second, so the tests set it far in the
# past or the future instead of waiting.
SCRIPT = """
import sys, time, click
from pipeline.cli import _Progress
ctx = click.Context(click.Command("build"), info_name="build")
ctx.meta["l10n.quiet"] = sys.argv[2] == "quiet"
ctx.meta["l10n.started"] = time.monotonic() - float(sys.argv[1])
with ctx:
    progress = _Progress(ctx)
    for done in range(41):
        progress(done, 40)
print("done")
"""


def _on_a_terminal(started: float, mode: str) -> str:
    leader, follower = os.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT, str(started), mode],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=REPO,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "80"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal is closed when the process ends (EIO on Linux)
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_run_over_a_second_draws_the_bar_to_the_end():
    out = _on_a_terminal(started=5, mode="")
    assert "build" in out and "100%" in out
    assert out.rstrip().endswith("done")


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_run_under_a_second_draws_no_bar():
    assert _on_a_terminal(started=-1000, mode="").split() == ["done"]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_quiet_draws_no_bar_however_long_the_run():
    assert _on_a_terminal(started=5, mode="quiet").split() == ["done"]
