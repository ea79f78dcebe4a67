#!/bin/sh
# CTest clang_format: every C++ file git tracks (and every new one it does
# not ignore) is formatted as the repo's .clang-format says (Google style),
# checked with Debian's clang-format. Lists the files that are not, and how
# to fix them.
#
#   clang_format.sh <source dir>
set -eu
[ "$#" -eq 1 ] || { echo "usage: $0 <source dir>" >&2; exit 2; }
cd "$1"
unformatted=$(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' |
  while read -r file; do
    [ -f "$file" ] || continue
    clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || echo "$file"
  done)
if [ -n "$unformatted" ]; then
  echo "clang_format: not formatted as .clang-format says:" >&2
  echo "$unformatted" | sed 's/^/  /' >&2
  echo "fix: clang-format -i <file> (or git clang-format for staged lines)" >&2
  exit 1
fi
echo "clang_format: every C++ file is formatted"
