#!/bin/sh
# CTest openapi_contract: checks every exchange the end-to-end tests
# captured (JSTEDU_CONTRACT_CAPTURE_DIR, common/testing/http.h) against the
# gateway's OpenAPI document (printed by the jstedu-openapi binary given as
# $1) with contract.mjs (ajv, strict: undocumented fields are errors).
set -eu
if [ "$#" -ne 2 ]; then
  echo "usage: $0 <jstedu-openapi> <capture-dir>" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
document=$(mktemp "${TMPDIR:-/tmp}/openapi.XXXXXX")
trap 'rm -f "$document"' EXIT
"$1" >"$document"
node "$here/contract.mjs" "$document" "$2"
