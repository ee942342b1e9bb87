#!/usr/bin/env bash
# Set up what the benchmarks need beyond reportgen's own set-up (run scripts/setup.sh first):
# valgrind (instruction counts for bench_render.py) and Typst (the comparison engine), the latter
# into benchmarks/.typst from the pinned benchmarks/typst.lock, outside reportgen's environment.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/apt.sh
mapfile -t missing < <(missing_packages valgrind)
if ((${#missing[@]})); then
  echo "reportgen benchmarks: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi
if [ ! -d benchmarks/.typst/typst ]; then
  echo "reportgen benchmarks: installing Typst into benchmarks/.typst"
  .venv/bin/python -m pip install -q --require-hashes --no-deps --target benchmarks/.typst \
    -r benchmarks/typst.lock
fi
echo "reportgen benchmarks: ready"
