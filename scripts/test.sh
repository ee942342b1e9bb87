#!/usr/bin/env bash
# Run the whole test suite as CI does: set-up (idempotent), tests, lint, types.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/test-deps.sh
.venv/bin/python -m pytest -q "$@"
.venv/bin/ruff check reportgen tests benchmarks scripts
.venv/bin/mypy
