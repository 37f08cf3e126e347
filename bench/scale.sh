#!/bin/bash
# Usage: bench/scale.sh N DIR   (from the repository root, with .venv set up)
#
# One archive of N corpus2 articles in DIR (generated, not committed), taken
# through a newsroom's life, each stage timed alone with GNU time (wall, CPU,
# peak RSS of the command and the workers it waited for):
#   first import (l10n all -j 2, no translations), stand-in translations
#   (bench/corpus.py's, two processes), the update and build that take them
#   in (the memory built and saved), a rerun that finds nothing to do, and
#   three one-article edits named on the command line.
# It answers "what runs at 100,000 articles, and with how much memory?";
# bench/run.py compares the same stages with the peers at 1,000 and 10,000.
set -euo pipefail
n=$1
dir=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
python=$repo/.venv/bin/python
mkdir -p "$dir"
cd "$dir"
cp "$repo/pyproject.toml" pyproject.toml
stage() {
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U s user, %S s system, %M KB peak" "$@" > /dev/null 2> .stage.err ||
    { cat .stage.err; exit 1; }
  tail -1 .stage.err
}
stage "generate $n articles" "$python" "$repo/bench/corpus2.py" "$n" .
stage "first import (all -j 2)" "$python" -m pipeline -q all -j 2
stage "stand-in translations" "$python" - "$repo" << 'EOF'
import sys
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, sys.argv[1] + "/bench")
from corpus import translate_file  # bench/corpus.py's, a file at a time in two processes

with Pool(2) as pool:
    pool.map(translate_file, sorted(Path("locale").glob("*/LC_MESSAGES/*.po")), chunksize=64)
EOF
stage "update and build with the translations (all -j 2)" "$python" -m pipeline -q all -j 2
stage "nothing to do (all -j 2)" "$python" -m pipeline -q all -j 2
stage "nothing to do again, settled (all -j 2)" "$python" -m pipeline -q all -j 2
set -- source/*  # the first article by name (ls | head would stop ls with SIGPIPE, and pipefail the script)
first=${1#source/}
for i in 1 2 3; do
  printf '\nEdit number %s of this article.\n' "$i" >> "source/$first"
  stage "one article edited, named (all -j 2 source/$first)" "$python" -m pipeline -q all -j 2 "source/$first"
done
du -sh .l10n/memory-*.built.db | sed 's/^/saved memory: /'
