#!/usr/bin/env bash
# Screenshots of the web page (reportgen build --to web) for the README: the sample 2024 report
# on a 375 px-wide phone, and its first printed A4 page, both from Debian's headless chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.venv/bin/reportgen build sample_inputs/2024.yaml -o "$work" --to web >/dev/null
page="file://$work/web/2024.html"
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars)
"${browser[@]}" --window-size=375,1800 --screenshot="$work/phone.png" "$page" 2>/dev/null
"${browser[@]}" --no-pdf-header-footer --print-to-pdf="$work/print.pdf" "$page" 2>/dev/null
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$work/print.pdf" "$work/print"
mkdir -p docs/images
cp "$work/phone.png" docs/images/web-phone-375.png
cp "$work/print.png" docs/images/web-print-a4.png
echo "docs/images/web-phone-375.png docs/images/web-print-a4.png"
