#!/bin/sh
# CTest gateway_access_table: the "Who may call what" table of
# gateway/README.md must be what `jstedu-openapi --access-table` prints (the
# routes of the protos' google.api.http options, the roles of AccessTable()).
# The table is the first run of lines starting with '|' in the section
# "## Who may call what"; the rest of README.md is prose, left as it is.
#
#   access_table.sh <jstedu-openapi> <README.md>           check; fails on a difference
#   access_table.sh --update <jstedu-openapi> <README.md>  rewrite the table
set -eu

usage() {
  echo "usage: $0 [--update] <jstedu-openapi> <README.md>" >&2
  exit 2
}

update=false
if [ "${1:-}" = --update ]; then
  update=true
  shift
fi
[ "$#" -eq 2 ] || usage
generator=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
readme=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")

work=$(mktemp -d "${TMPDIR:-/tmp}/access_table.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$generator" --access-table >"$work/table.md"

# README.md with its table replaced by the generated one.
if ! awk -v table="$work/table.md" '
  /^## / { in_section = ($0 == "## Who may call what") }
  in_section && !done && /^\|/ {
    if (!in_table) {
      while ((getline line < table) > 0) print line
      in_table = 1
    }
    next
  }
  in_table { in_table = 0; done = 1 }
  { print }
  END { exit (done || in_table) ? 0 : 1 }
' "$readme" >"$work/README.md"; then
  echo "$readme: no table in a section \"## Who may call what\"" >&2
  exit 1
fi

if cmp -s "$readme" "$work/README.md"; then
  exit 0
fi
if $update; then
  cat "$work/README.md" >"$readme"
  echo "$readme: access table regenerated"
  exit 0
fi
diff -u "$readme" "$work/README.md" || true
cat >&2 <<EOF

$readme: the "Who may call what" table is out of date: it differs (above)
from the one generated from AccessTable() (gateway/access_policy.cc) and the
routes of the protos. Regenerate it with:

  $0 --update $generator $readme

after rebuilding jstedu-openapi if its sources changed (ninja jstedu-openapi),
then review the change to README.md.
EOF
exit 1
