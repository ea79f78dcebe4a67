#!/bin/sh
# Writes the API reference the gateway serves at /docs into <dir>:
# index.html (beside this script) and Redoc's standalone bundle
# (redoc.standalone.js, from node_modules; never committed). Installs the
# pinned Redoc (npm ci) only when node_modules is missing or older than
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

mkdir -p "$out"
cp "$here/index.html" "$out/index.html"
cp "$here/node_modules/redoc/bundles/redoc.standalone.js" \
  "$out/redoc.standalone.js"
