#!/bin/sh
# CTest openapi_valid: validates the gateway's OpenAPI document, printed by
# the jstedu-openapi binary given as $1, with validate.mjs (a real OpenAPI
# validator), and lints it with two independent linters, which must find
# nothing, not even a warning: @redocly/cli (recommended-strict,
# redocly.yaml) and @stoplight/spectral-cli (spectral:oas, .spectral.yaml).
# With the openapi_test binary as $2, also validates the documents of the
# test services (bodies, custom verbs, wildcards, well-known types) that it
# writes when JSTEDU_OPENAPI_SAMPLES_DIR is set; those are not linted (test
# protos without comments). The pinned tools are installed by install.sh
# (CTest fixture openapi_tools).
set -eu

if [ "$#" -lt 1 ] || [ "$#" -gt 2 ]; then
  echo "usage: $0 <jstedu-openapi> [<openapi_test>]" >&2
  exit 2
fi
generator=$1
samples_test=${2:-}
here=$(cd "$(dirname "$0")" && pwd)

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

# No telemetry, no update check: the linters run offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
bin=$here/node_modules/.bin
"$bin/redocly" lint --config "$here/redocly.yaml" --format=stylish \
  "$work/gateway.json" || status=1
"$bin/spectral" lint --ruleset "$here/.spectral.yaml" --fail-severity=warn \
  "$work/gateway.json" || status=1
exit $status
