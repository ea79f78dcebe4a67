#!/bin/sh
# CTest openapi_valid: validates the gateway's OpenAPI document, printed by
# the jstedu-openapi binary given as $1, with validate.mjs (a real OpenAPI
# validator). With the openapi_test binary as $2, also validates the
# documents of the test services (bodies, custom verbs, wildcards,
# well-known types) that it writes when JSTEDU_OPENAPI_SAMPLES_DIR is set.
# Installs the pinned validator (npm ci) only when node_modules is missing or
# older than package-lock.json.
set -eu

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
  echo "usage: $0 <jstedu-openapi> [<openapi_test>]" >&2
  exit 2
fi
generator=$1
samples_test=${2:-}
here=$(cd "$(dirname "$0")" && pwd)

# npm ci rewrites node_modules/.package-lock.json, so it marks the install.
marker=$here/node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ "$here/package-lock.json" -nt "$marker" ]; then
  npm ci --no-audit --no-fund --prefix "$here"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/openapi.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$generator" >"$work/gateway.json"
documents=$work/gateway.json
if [ -n "$samples_test" ]; then
  JSTEDU_OPENAPI_SAMPLES_DIR=$work "$samples_test" \
    --gtest_filter=OpenApiSamples.* --gtest_brief=1 >/dev/null
  documents="$documents $work/items.json $work/types.json"
fi

status=0
for document in $documents; do
  node "$here/validate.mjs" "$document" || status=1
done
exit $status
