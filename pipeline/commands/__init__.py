"""The commands as library functions, one module per command (or family of commands).

Each takes the project, as its :class:`~pipeline.config.Config` or as a
:class:`~pipeline.workspace.Workspace` whose state it shares with other
commands of the same run, and returns a :class:`~pipeline.reports.Report`
(``check`` and ``stats`` return their own records); the CLI only parses
options and prints what they return.
"""

from pipeline.commands.align import align_translations, translated_pairs
from pipeline.commands.build import build
from pipeline.commands.cycle import cycle
from pipeline.commands.extract import extract
from pipeline.commands.fetch import fetch
from pipeline.commands.quality import check, compile_catalogs, review, stats
from pipeline.commands.update import init, update

__all__ = [
    "align_translations",
    "build",
    "check",
    "compile_catalogs",
    "cycle",
    "extract",
    "fetch",
    "init",
    "review",
    "stats",
    "translated_pairs",
    "update",
]
