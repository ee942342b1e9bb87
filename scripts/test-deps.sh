#!/usr/bin/env bash
# Test-only system packages and tools (the run-time ones are in setup.sh). Idempotent: only what
# is missing is installed. Called by scripts/test.sh before the suite.
#   chromium chromium-driver      real-browser tests of the web form and the web page
#   libreoffice-writer-nogui      DOCX -> PDF parity, PDFs "made by other tools" for the readers
#   libreoffice-calc-nogui        the summary workbook opened by a real spreadsheet program
#   nodejs npm                    yaml-language-server, axe-core and vnu-jar (tests/node/package.json)
#   default-jre-headless          runs vnu.jar, the Nu HTML Checker of the web page
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/apt.sh
PACKAGES=(chromium chromium-driver libreoffice-writer-nogui libreoffice-calc-nogui)
# node/npm may come from elsewhere than Debian (as on this project's machines): then keep them.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi
if ! command -v java >/dev/null 2>&1; then
  PACKAGES+=(default-jre-headless)
fi
mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
if ((${#missing[@]})); then
  echo "reportgen test-deps: installing ${missing[*]}"
  apt_install "${missing[@]}"
fi
# The npm packages the tests drive, from the lock (package-lock.json), never upgraded here.
if [ -f tests/node/package-lock.json ]; then
  if [ ! -d tests/node/node_modules ] || [ tests/node/package-lock.json -nt tests/node/node_modules ]; then
    echo "reportgen test-deps: installing the locked npm packages of tests/node"
    npm ci --prefix tests/node --no-audit --no-fund --loglevel=error >/dev/null
    touch tests/node/node_modules
  fi
fi
