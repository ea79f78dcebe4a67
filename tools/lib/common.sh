# shellcheck shell=bash
# Shared helpers for tools/dev: messages, timing, processes, ports, paths.
# Sourced by tools/dev, which sets JSTEDU_ROOT first.
# shellcheck disable=SC2034 # the paths below are used by the other lib files

RUN_DIR="$JSTEDU_ROOT/.run"
PID_DIR="$RUN_DIR/pids"
LOG_DIR="$RUN_DIR/logs"
BUILD_DIR="$JSTEDU_ROOT/build"
BIN_DIR="$BUILD_DIR/bin"
PACKAGES_DIR="$JSTEDU_ROOT/tools/packages"
HEALTHCHECK="$BIN_DIR/jstedu-healthcheck"

# ---- messages ---------------------------------------------------------------

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then
  _B=$'\e[1m' _R=$'\e[31m' _Y=$'\e[33m' _G=$'\e[32m' _N=$'\e[0m'
else
  _B='' _R='' _Y='' _G='' _N=''
fi

info() { printf '%s==>%s %s\n' "$_B" "$_N" "$*"; }
ok() { printf '%s ok%s %s\n' "$_G" "$_N" "$*"; }
warn() { printf '%swarning:%s %s\n' "$_Y" "$_N" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_R" "$_N" "$*" >&2
  exit 1
}

# Prints the last lines of a log file, indented, to stderr.
show_log_tail() { # file [lines]
  local file=$1 lines=${2:-20}
  if [[ -s $file ]]; then
    printf -- '--- last %s lines of %s ---\n' "$lines" "$(rel "$file")" >&2
    tail -n "$lines" "$file" | sed 's/^/    /' >&2
    printf -- '---\n' >&2
  else
    printf '(%s is empty or missing)\n' "$(rel "$file")" >&2
  fi
}

# Path relative to the repo root when inside it (for shorter messages).
rel() {
  local p=$1
  if [[ $p == "$JSTEDU_ROOT"/* ]]; then printf '%s' "${p#"$JSTEDU_ROOT"/}"; else printf '%s' "$p"; fi
}

# ---- timing -----------------------------------------------------------------

_PHASES=()
_PHASE_NAME=''
_PHASE_START=''

now_s() { printf '%s' "${EPOCHREALTIME/,/.}"; }
seconds_since() { awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1f", b - a }'; }

phase_begin() { # name
  phase_end
  _PHASE_NAME=$1
  _PHASE_START=$(now_s)
}
phase_end() {
  [[ -n $_PHASE_NAME ]] || return 0
  local took
  took=$(seconds_since "$_PHASE_START")
  _PHASES+=("$_PHASE_NAME ${took}s")
  info "$_PHASE_NAME took ${took}s"
  _PHASE_NAME=''
}
phase_summary() {
  phase_end
  ((${#_PHASES[@]})) || return 0
  local joined
  joined=$(printf '%s, ' "${_PHASES[@]}")
  info "timings: ${joined%, }"
}

# ---- processes ----------------------------------------------------------------

# True when pid names a live (not zombie) process. The machine's init may not
# reap orphans, so a zombie counts as dead.
proc_alive() { # pid
  local pid=$1 stat
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z && ${stat:0:1} != X ]]
}

# True when pid is alive and its command line mentions name: guards against
# reused pids. The whole command line, because right after a start the
# process may still be `setsid env VAR=... /path/jstedu-x` (or an
# interpreter running a script) before it execs the program itself.
proc_is() { # pid name
  local pid=$1 name=$2 argv
  proc_alive "$pid" || return 1
  argv=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $argv == *"$name"* ]]
}

# Prints the pid recorded in $PID_DIR/<name>.pid when that process still runs
# as <binary>; returns 1 otherwise.
live_pid() { # name binary-name
  local file="$PID_DIR/$1.pid" pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  proc_is "$pid" "$2" || return 1
  printf '%s' "$pid"
}

# Right after `setsid … program &`, $! can still be this shell's fork, whose
# command line is the shell's until it execs: proc_is (and so live_pid) would
# take it for a process that exited. Waits until pid's command line names
# `name` (at most 10 s); returns 1 when the process ends first or never
# shows it. Every start calls it before recording the pid.
await_exec() { # pid name
  local pid=$1 deadline=$(($(date +%s) + 10))
  until proc_is "$pid" "$2"; do
    proc_alive "$pid" || return 1
    if (($(date +%s) >= deadline)); then
      warn "pid $pid has not become $2 within 10 s"
      return 1
    fi
    sleep 0.05
  done
}

# Waits until pid is gone; returns 1 after timeout seconds.
wait_gone() { # pid timeout
  local pid=$1 deadline=$(($(date +%s) + $2))
  while proc_alive "$pid"; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.1
  done
}

# ---- ports ------------------------------------------------------------------

# True when something accepts TCP connections on 127.0.0.1:port.
port_in_use() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints N distinct free loopback ports, one per line.
free_ports() { # count
  local n=$1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$n" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))  # the kernel picks a free port
    socks.append(s)
for s in socks:
    print(s.getsockname()[1])
    s.close()
PY
    return
  fi
  # Fallback: random high ports that nothing answers on.
  local -A seen=()
  local port found=0
  while ((found < n)); do
    port=$((20000 + RANDOM % 40000))
    [[ -z ${seen[$port]:-} ]] || continue
    port_in_use "$port" && continue
    seen[$port]=1
    printf '%s\n' "$port"
    found=$((found + 1))
  done
}

# ---- users ------------------------------------------------------------------

# PostgreSQL refuses to run as root: as root, run its tools as `postgres`
# (from /, since it may not be allowed into the current directory); as an
# ordinary user, run them as that user. Paths given must be absolute.
as_postgres() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
# The same, as a string for commands handed to tests (shell-quoted).
as_postgres_prefix() {
  if ((EUID == 0)); then printf 'runuser -u postgres -- '; fi
}
# Gives a path to the user PostgreSQL runs as (no-op when not root).
give_to_postgres() {
  if ((EUID == 0)); then chown -R postgres:postgres "$@"; fi
}
# True when the PostgreSQL user can reach (traverse) directory dir.
postgres_can_reach() { # dir
  as_postgres test -x "$1" 2>/dev/null
}
