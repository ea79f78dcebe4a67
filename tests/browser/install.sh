#!/bin/sh
# CTest browser_tools: installs playwright-core and @axe-core/playwright
# (package-lock.json) with `npm ci`, only when the lock changed, under a
# lock, without install scripts (playwright-core would try to download
# browsers; the tests use Debian's /usr/bin/chromium).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec 9>"$here/.install.lock"
flock 9
marker=$here/node_modules/.package-lock.json
if [ ! -f "$marker" ] || [ "$here/package-lock.json" -nt "$marker" ]; then
  npm ci --no-audit --no-fund --ignore-scripts --prefix "$here"
fi
