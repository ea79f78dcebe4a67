#!/bin/sh
# Writes the API reference the gateway serves at /docs into <dir>:
# index.html (beside this script) and Redoc's standalone bundle
# (redoc.standalone.js, from node_modules, never committed; patched not to
# load Redocly's logo from its CDN, below). Installs the pinned Redoc
# (npm ci) only when node_modules is missing or older than
# package-lock.json. Run by the build (gateway/CMakeLists.txt).
set -eu

if [ "$#" -ne 1 ]; then
  echo "usage: $0 <dir>" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)

marker=$here/node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ "$here/package-lock.json" -nt "$marker" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --prefix "$here" >&2
fi

# Redoc's menu footer shows Redocly's logo from its CDN, which the page's
# Content-Security-Policy blocks (a console error in every visit). The logo
# becomes an empty data: URL, which fails to load, and Redoc then leaves it
# out (its onError); the "API docs by Redocly" link stays. The pinned bundle
# holds the address once; a Redoc that does not stops the build here.
logo='src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
bundle=$here/node_modules/redoc/bundles/redoc.standalone.js
if [ "$(grep -o "$logo" "$bundle" | wc -l)" -ne 1 ]; then
  echo "$0: $bundle does not hold Redocly's logo address once; update the patch" >&2
  exit 1
fi
mkdir -p "$out"
cp "$here/index.html" "$out/index.html"
sed "s|$logo|src:\"data:,\"|" "$bundle" >"$out/redoc.standalone.js.tmp"
mv "$out/redoc.standalone.js.tmp" "$out/redoc.standalone.js"
