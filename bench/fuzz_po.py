"""Fuzz the strict PO reader for a while (not part of CI): any exception but CatalogError is a find.

Usage: python bench/fuzz_po.py [SECONDS]

Random mutations of the shipped catalogues and of generated PO text are fed to
``parse_po`` (and what it accepts to ``dump_po`` and back). Every input that
raises anything else, or does not survive the round trip, is written to
tests/data/fuzz/ and becomes a regression test.
"""

from __future__ import annotations

import random
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from pipeline.errors import L10nError  # noqa: E402
from pipeline.pofile import dump_po, parse_po  # noqa: E402

OUT = REPO / "tests" / "data" / "fuzz"
PIECES = [
    b'"', b"\\", b"\\n", b"\n", b"msgid ", b"msgstr ", b"msgstr[0] ", b"msgstr[9] ", b"msgctxt ", b"msgid_plural ",
    b"#~ ", b"#| ", b"#, fuzzy", b"#: a:1", b"\xff", b"\xd0", b"{", b"}", b"%s", b"\t", b"\r", b"\x00", b'""',
    b"charset=", b"nplurals=0;", b"nplurals=99;", b"\\x4", b"\\777", b"\\u0041",
]  # fmt: skip


def mutate(rng: random.Random, data: bytes) -> bytes:
    """Delete, insert, replace and duplicate pieces of a PO file."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        at = rng.randint(0, max(0, len(out) - 1))
        roll = rng.random()
        if roll < 0.3 and out:
            del out[at : at + rng.randint(1, 60)]
        elif roll < 0.6:
            out[at:at] = rng.choice(PIECES)
        elif roll < 0.8:
            out[at : at + 1] = bytes([rng.randint(0, 255)])
        else:
            start = rng.randint(0, max(0, len(out) - 1))
            out[at:at] = out[start : start + rng.randint(1, 200)]
    return bytes(out)


def main(seconds: float) -> int:
    """Fuzz for ``seconds``; return 1 if anything was found."""
    seeds = [p.read_bytes() for p in sorted((REPO / "locale").rglob("*.po*"))]
    seeds += [p.read_bytes() for p in sorted((REPO / "tests").rglob("*.po*"))]
    rng = random.Random(int(time.time()))
    deadline = time.monotonic() + seconds
    tried = finds = 0
    OUT.mkdir(parents=True, exist_ok=True)
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(seeds))
        tried += 1
        try:
            po = parse_po(data, "fuzz.po")
            text = dump_po(po)
            if dump_po(parse_po(text.encode("utf-8"), "again.po")) != text:
                raise AssertionError("the written file does not read back the same")
        except L10nError:
            continue
        except Exception:  # a find is any other exception
            finds += 1
            name = OUT / f"crash-{tried:08d}.po"
            name.write_bytes(data)
            print(f"{name.relative_to(REPO)}: {traceback.format_exc().splitlines()[-1]}")
    print(f"{tried:,} inputs in {seconds:g} s, {finds} finds")
    return 1 if finds else 0


if __name__ == "__main__":
    sys.exit(main(float(sys.argv[1]) if len(sys.argv) > 1 else 300))
