"""The one module that runs GNU gettext's programs, for what this project does not check itself.

``l10n check`` gives msgfmt's verdict on ``c-format``, ``python-format`` and
its own ``python-brace-format`` by itself (:mod:`pipeline.formats`,
:mod:`pipeline.placeholders`). A catalogue from another tool can carry any of
GNU gettext's other format flags (``qt-format``, ``kde-format``, ``sh-format``,
…); for those, msgfmt itself is asked when it is installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.formats import CHECKED

# Formats checked without msgfmt.
OWN_FORMATS = CHECKED | {"python-brace-format"}

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<message>.*)$")


@dataclass(frozen=True, slots=True)
class MsgfmtVerdict:
    """What msgfmt said about a catalogue's format strings.

    Attributes:
        installed: Whether msgfmt could be run at all.
        errors: Each error as (line or None, message).
    """

    installed: bool
    errors: tuple[tuple[int | None, str], ...] = ()


def foreign_formats(flags_of_entries: list[list[str]]) -> list[str]:
    """The format flags among these entries' that only msgfmt can check, sorted."""
    found = {
        flag
        for flags in flags_of_entries
        for flag in flags
        if flag.endswith("-format") and not flag.startswith("no-") and flag not in OWN_FORMATS
    }
    return sorted(found)


def msgfmt_formats(path: Path) -> MsgfmtVerdict:
    """Run ``msgfmt --check-format`` on ``path`` (nothing is written); its errors with their lines."""
    program = shutil.which("msgfmt")
    if program is None:
        return MsgfmtVerdict(installed=False)
    try:
        done = subprocess.run(
            [program, "--check-format", "-o", "/dev/null", str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return MsgfmtVerdict(installed=False)
    errors: list[tuple[int | None, str]] = []
    for raw in done.stderr.decode("utf-8", "replace").splitlines():
        m = _LOCATED.match(raw)
        if m and "warning" not in m.group("message"):
            errors.append((int(m.group("line")), m.group("message")))
    if done.returncode and not errors:
        errors.append((None, "msgfmt --check-format refuses the file"))
    return MsgfmtVerdict(installed=True, errors=tuple(errors))
