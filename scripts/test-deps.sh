#!/usr/bin/env bash
# Test-only system packages and tools (the run-time ones are in setup.sh). Idempotent: only what
# is missing is installed. Called by scripts/test.sh before the suite.
#   chromium chromium-driver      real-browser tests of the web form and the web page
#   libreoffice-writer-nogui      DOCX -> PDF parity, PDFs "made by other tools" for the readers
#   libreoffice-calc-nogui        the summary workbook opened by a real spreadsheet program
#   nodejs npm                    yaml-language-server and axe-core (tests/node/package.json)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui nodejs npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere than Debian (as on this project's machines): then keep them.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
filtered=()
for p in "${missing[@]}"; do [ -n "$p" ] && filtered+=("$p"); done
if ((${#filtered[@]})); then
  echo "reportgen test-deps: installing ${filtered[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
fi
# The npm packages the tests drive, from the lock (package-lock.json), never upgraded here.
if [ -f tests/node/package-lock.json ]; then
  if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
    echo "reportgen test-deps: installing the locked npm packages of tests/node"
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >/dev/null
    touch tests/node/node_modules
  fi
fi
