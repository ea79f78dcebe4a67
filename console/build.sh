#!/bin/sh
# Builds the console (README.md) for the gateway to serve, run by CMake:
#   build.sh <openapi.json> <workdir> <outdir>
# 1. installs the pinned packages by tools/npm-ci (npm ci, no install
#    scripts, only when node_modules is missing or older than
#    package-lock.json, under a lock: two build folders share node_modules);
# 2. copies the sources into <workdir> (the generated types must not land in
#    the source tree) and generates src/generated/api.d.ts from the gateway's
#    document with openapi-typescript (--read-write-markers: output-only
#    fields are left out of request bodies) and src/generated/access.ts,
#    each operation's roles (x-jstedu-roles), for the menu;
# 3. type-checks everything under tsc --strict, compiles the unit tests to
#    <workdir>/test (CTest console_unit runs them), and builds with Vite
#    into <outdir>, replaced whole so no stale asset stays.
# Needs no network once node_modules is installed.
set -eu
if [ "$#" -ne 3 ]; then
  echo "usage: $0 <openapi.json> <workdir> <outdir>" >&2
  exit 2
fi
document=$1
work=$2
out=$3
here=$(cd "$(dirname "$0")" && pwd)

"$here/../tools/npm-ci" "$here" >&2

rm -rf "$work"
mkdir -p "$work/src/generated"
cp -R "$here/src" "$here/index.html" "$here/vite.config.ts" \
  "$here/tsconfig.json" "$here/tsconfig.test.json" "$here/package.json" "$work/"
ln -s "$here/node_modules" "$work/node_modules"
bin=$here/node_modules/.bin
"$bin/openapi-typescript" "$document" --read-write-markers \
  --output "$work/src/generated/api.d.ts" >&2
node "$here/access.mjs" "$document" >"$work/src/generated/access.ts"

"$bin/tsc" --project "$work/tsconfig.json"
"$bin/tsc" --project "$work/tsconfig.test.json"
# The compiled tests are ES modules.
echo '{"type":"module"}' >"$work/test/package.json"
(cd "$work" && "$bin/vite" build --logLevel warn)

rm -rf "$out.new"
cp -R "$work/dist" "$out.new"
rm -rf "$out"
mv "$out.new" "$out"
