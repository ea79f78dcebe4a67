#!/bin/sh
# Builds the demonstration loader (tools/demo/README.md) into <outdir>:
# installs the pinned tools of package-lock.json (tools/npm-ci: only when
# the lock changed), generates the API's
# types from the gateway's OpenAPI document (printed by the jstedu-openapi
# binary given as $1) and compiles src/*.ts with `tsc --strict`. Run the
# result with `node <outdir>/dist/load.js`.
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: $0 <jstedu-openapi> <outdir>" >&2
  exit 2
fi
generator=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
"$here/../npm-ci" "$here"
rm -rf "$out"
mkdir -p "$out/src"
cp "$here"/src/*.ts "$out/src/"
cp "$here/tsconfig.json" "$out/"
ln -s "$here/node_modules" "$out/node_modules"
"$generator" >"$out/openapi.json"
"$here/node_modules/.bin/openapi-typescript" "$out/openapi.json" \
  --read-write-markers --output "$out/src/api.d.ts" >/dev/null
"$here/node_modules/.bin/tsc" --project "$out/tsconfig.json"
