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
# Headless chromium's window is at least 500 px wide: the phone is an iframe 375 px wide (its
# viewport), and the screenshot is cut to it.
cat >"$work/web/phone.html" <<'HOST'
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>375 px</title>
<style>body { margin: 0 } iframe { border: 0; width: 375px; height: 1800px }</style></head>
<body><iframe title="2024" src="2024.html"></iframe></body></html>
HOST
"${browser[@]}" --window-size=500,1800 --screenshot="$work/wide.png" "file://$work/web/phone.html" 2>/dev/null
.venv/bin/python -c "import sys; from PIL import Image; Image.open(sys.argv[1]).crop((0, 0, 375, 1800)).save(sys.argv[2])" \
  "$work/wide.png" "$work/phone.png"
"${browser[@]}" --no-pdf-header-footer --print-to-pdf="$work/print.pdf" "$page" 2>/dev/null
pdftoppm -r 60 -png -f 2 -l 2 -singlefile "$work/print.pdf" "$work/print"
mkdir -p docs/images
cp "$work/phone.png" docs/images/web-phone-375.png
cp "$work/print.png" docs/images/web-print-a4.png
echo "docs/images/web-phone-375.png docs/images/web-print-a4.png"
