"""Write the expected POT of golden cases (review the diff before committing).

Usage: python tests/cases/regenerate.py [CASE...]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_cases import CASES, expected_pot

for name in sys.argv[1:] or sorted(p.name for p in CASES.iterdir() if p.is_dir()):
    article_file = CASES / name / f"{name}.txt"
    (CASES / name / f"{name}.txt.expect.pot").write_text(expected_pot(article_file), encoding="utf-8")
    print(f"wrote {name}/{name}.txt.expect.pot")
