#!/bin/sh
# CTest openapi_tools (the fixture every Node-based API check requires):
# installs the pinned tools of package-lock.json with `npm ci`, only when
# node_modules is missing or older than the lock, so a warm run installs
# nothing. No package's install script runs (--ignore-scripts: the tools
# need none). A lock keeps two runs of one checkout (two build folders, say)
# from installing at once.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec 9>"$here/.install.lock"
flock 9
# npm ci rewrites node_modules/.package-lock.json, so it marks the install.
marker=$here/node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ "$here/package-lock.json" -nt "$marker" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --prefix "$here"
fi
