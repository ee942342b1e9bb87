#!/usr/bin/env bash
# Set up reportgen on a fresh Debian/Ubuntu machine (run as root, or with sudo available).
# Installs the system packages the renderers need, skipping those already present, then
# creates .venv and installs reportgen into it. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Why each package:
#   libharfbuzz-subset0        WeasyPrint font subsetting (without it a CJK PDF takes ~40x longer)
#   libpango-1.0-0 libpangoft2-1.0-0  WeasyPrint text layout
#   fonts-noto-cjk             Noto Serif/Sans CJK SC: open substitutes for 小标宋/仿宋/黑体/宋体
#   fonts-arphic-gkai00mp      AR PL KaitiM GB: open substitute for 楷体_GB2312
#   poppler-utils              pdftotext/pdftoppm: tests read PDFs back, authors view pages
#   python3-venv               only where the system Python lacks the venv module
PACKAGES=(libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
          fonts-arphic-gkai00mp poppler-utils fontconfig)

source scripts/apt.sh
mapfile -t missing < <(missing_packages "${PACKAGES[@]}")
if ! command -v python3 >/dev/null 2>&1; then missing+=(python3); fi
if command -v python3 >/dev/null 2>&1 && ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  missing+=(python3-venv)
fi

if ((${#missing[@]})); then
  echo "reportgen setup: installing system packages: ${missing[*]}"
  apt_install "${missing[@]}"
  fc-cache -f >/dev/null 2>&1 || true
else
  echo "reportgen setup: system packages already present"
fi

# Fandol fonts (FandolFang 仿宋, FandolKai 楷体, FandolHei 黑体, FandolSong 宋体): open faces
# covering GB2312, shipped only inside the TeX package texlive-lang-chinese (GPL with the font
# exception). Only that one .deb is downloaded (no TeX is installed) and only the font files are
# kept, in the built-in style's fonts/ folder: the PDF embeds them through @font-face, so they
# are found at run time without fontconfig or network. Skipped when already there.
FANDOL_DIR=templates/fonts
FANDOL=(FandolFang-Regular FandolKai-Regular FandolHei-Regular FandolHei-Bold
        FandolSong-Regular FandolSong-Bold)
if [ ! -f "$FANDOL_DIR/FandolFang-Regular.otf" ]; then
  echo "reportgen setup: fetching the Fandol fonts (Debian package texlive-lang-chinese)"
  fandol_tmp=$(mktemp -d)
  if (cd "$fandol_tmp" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1) &&
     dpkg-deb -x "$fandol_tmp"/texlive-lang-chinese_*.deb "$fandol_tmp/x"; then
    source_dir="$fandol_tmp/x/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
    mkdir -p "$FANDOL_DIR"
    for face in "${FANDOL[@]}"; do cp "$source_dir/$face.otf" "$FANDOL_DIR/"; done
    cp "$fandol_tmp/x/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz" "$FANDOL_DIR/Fandol-COPYING.gz"
  else
    echo "reportgen setup: could not fetch texlive-lang-chinese; the PDF uses Noto CJK instead of 仿宋" >&2
  fi
  rm -rf "$fandol_tmp"
fi

if [ ! -x .venv/bin/python ]; then
  echo "reportgen setup: creating .venv"
  python3 -m venv .venv
fi
# Install exactly the locked versions (requirements.lock: every dependency, direct and
# transitive, with hashes), then reportgen itself without resolving anything again. Re-run
# only when the lock or pyproject.toml changed since the last successful install.
stamp=.venv/.reportgen-installed
if [ ! -f "$stamp" ] || [ requirements.lock -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "reportgen setup: installing the locked Python dependencies into .venv"
  .venv/bin/python -m pip install -q --require-hashes --no-deps -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e .
  touch "$stamp"
fi
# Compile reportgen's own modules, as a non-editable install would: where PYTHONDONTWRITEBYTECODE
# is set, Python would otherwise compile them from source on every run (~20 ms per command).
# Only changed files are recompiled; a stale cache is never used (Python checks the source).
.venv/bin/python -m compileall -q reportgen
echo "reportgen setup: ready (.venv/bin/reportgen)"
