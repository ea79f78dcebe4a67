#!/bin/sh
# CTest api_client_build: generates TypeScript types from the gateway's
# OpenAPI document (printed by the jstedu-openapi binary given as $1) with
# openapi-typescript (--read-write-markers: output-only fields are left out
# of request bodies) and compiles client/*.ts against them with
# `tsc --strict` (client/tsconfig.json) into <workdir>/dist. type_checks.ts
# holds what the types must refuse, as @ts-expect-error lines. The compiled
# client is then run against a stack by api_client_e2e_test.
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: $0 <jstedu-openapi> <workdir>" >&2
  exit 2
fi
generator=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
# The sources next to the generated types; node_modules resolves from here.
cp "$here"/client/*.ts "$here/client/tsconfig.json" "$work/"
ln -s "$here/node_modules" "$work/node_modules"
"$generator" >"$work/openapi.json"
bin=$here/node_modules/.bin
"$bin/openapi-typescript" "$work/openapi.json" --read-write-markers \
  --output "$work/api.d.ts"
"$bin/tsc" --project "$work/tsconfig.json"
echo "compiled $(ls "$work"/dist/*.js | wc -l) files under tsc --strict into $work/dist"
