#!/usr/bin/env bash
# tools/dev's process helpers (tools/lib/common.sh) against real processes:
# a start recorded before its fork has exec'd is not taken for an exit.
set -euo pipefail
JSTEDU_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=tools/lib/common.sh
source "$JSTEDU_ROOT/tools/lib/common.sh"

fail() {
  printf 'FAIL: %s\n' "$*" >&2
  exit 1
}

name="jstedu-process-test-$$"

pid=''
trap 'kill "$pid" 2>/dev/null || true' EXIT

# A child that execs late, as `setsid env … program &` does on a loaded
# machine: until it execs, its command line is this shell's.
(
  sleep 2
  exec -a "$name" sleep 30
) &
pid=$!
if proc_is "$pid" "$name"; then fail "the fork showed the program's name before exec"; fi
await_exec "$pid" "$name" || fail "await_exec gave up on a process that execs late"
proc_is "$pid" "$name" || fail "after await_exec the process is not the program"
kill "$pid"
wait "$pid" 2>/dev/null || true

# A child that exits before it execs: await_exec says so.
(
  sleep 0.2
  exit 3
) &
pid=$!
if await_exec "$pid" "$name"; then fail "await_exec accepted a process that exited"; fi
wait "$pid" 2>/dev/null || true

printf 'ok: await_exec waits for a late exec and reports an early exit\n'
