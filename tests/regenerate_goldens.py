"""Rebuild every golden file of the test suite from the code as it is (review the diff before committing).

The golden tests compare through ``conftest.Golden``; with ``--update-goldens``
they write what they would have compared instead, so the files are made by
the very code path that checks them. This script runs those tests that way:
the seed's template and outputs (and the repository's own ``locale/`` template),
the corpora's templates and outputs, the extraction cases' templates, the
value-variation corpus's published sentences and review reasons, and the
Markdown that fetch writes for each page of the extraction corpus.

Usage: python tests/regenerate_goldens.py  (the same as: pytest --update-goldens -m golden)
"""

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    sys.exit(pytest.main(["--update-goldens", "-q", "-p", "no:randomly", "-m", "golden", str(HERE)]))
