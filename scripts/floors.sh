#!/usr/bin/env bash
# Check the dependency floors in pyproject.toml: install the LOWEST versions they allow (direct
# dependencies; uv's lowest-direct resolution) into a throw-away venv and run the quick tests.
# Not part of CI (it resolves anew); run it when a floor changes: bash scripts/floors.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${FLOORS_VENV:-/tmp/reportgen-floors}"
uv=.venv/bin/uv
"$uv" pip compile pyproject.toml --extra dev --resolution lowest-direct --python-version 3.11 \
    -o "$venv.lock" -q
rm -rf "$venv"
"$uv" venv -q "$venv"
VIRTUAL_ENV="$venv" "$uv" pip install -q -r "$venv.lock"
VIRTUAL_ENV="$venv" "$uv" pip install -q --no-deps -e .
"$venv/bin/python" -m pip list 2>/dev/null | grep -Ei '^(pydantic|pyyaml|jinja2|typer|docxtpl|python-docx|weasyprint|tinycss2|openpyxl|lxml|starlette|uvicorn|ruamel.yaml|pdfplumber) ' || true
"$venv/bin/python" -m pytest -q -m "not slow" -p no:cacheprovider "$@"
