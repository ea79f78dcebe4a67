#!/bin/sh
# CTest browser_tools: installs playwright-core and @axe-core/playwright
# (package-lock.json) by tools/npm-ci: only when the lock changed, under a
# lock, without install scripts (playwright-core's would try to download
# browsers; the tests use Debian's /usr/bin/chromium).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
exec "$here/../../tools/npm-ci" "$here"
