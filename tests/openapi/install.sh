#!/bin/sh
# CTest openapi_tools (the fixture every Node-based API check requires):
# installs the pinned tools of package-lock.json (tools/npm-ci: npm ci only
# when the lock changed, no install scripts).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../tools/npm-ci" "$here"
