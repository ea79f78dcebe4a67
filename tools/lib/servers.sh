# shellcheck shell=bash
# PostgreSQL and Redis helpers shared by the dev stack (up/down/status) and
# the throwaway test servers (test). Everything listens on 127.0.0.1 only.

# ---- PostgreSQL ---------------------------------------------------------------

PG_BIN=''

# Finds the PostgreSQL server binaries (15 preferred; JSTEDU_PG_BIN overrides).
pg_find_bin() {
  local dir=${JSTEDU_PG_BIN:-}
  if [[ -z $dir ]]; then
    if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
      dir=/usr/lib/postgresql/15/bin
    else
      dir=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
    fi
  fi
  [[ -n $dir && -x $dir/pg_ctl ]] ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql (Debian package postgresql)"
  PG_BIN=$dir
}

# initdb as the postgres user: trust auth, UTF8, the C.UTF-8 locale. The
# cluster reads our settings from jstedu.conf (see pg_write_conf).
pg_initdb() { # datadir initdb-log
  local data=$1 log=$2
  as_postgres "$PG_BIN/initdb" -D "$data" --auth=trust --username=postgres \
    --encoding=UTF8 --locale=C.UTF-8 --no-instructions >"$log" 2>&1 || {
    show_log_tail "$log"
    die "initdb failed for $data"
  }
  printf "\n# Added by tools/dev: its settings live in jstedu.conf\ninclude_if_exists 'jstedu.conf'\n" \
    >>"$data/postgresql.conf"
}

# Writes jstedu.conf: TCP on 127.0.0.1:port only, no Unix socket (so no
# socket directory needs to exist), plus any extra setting lines.
pg_write_conf() { # datadir port [setting-line...]
  local data=$1 port=$2
  shift 2
  {
    printf '# Written by tools/dev; rewritten at each start.\n'
    printf "listen_addresses = '127.0.0.1'\n"
    printf 'port = %s\n' "$port"
    printf "unix_socket_directories = ''\n"
    printf 'max_connections = 200\n'
    # A DETAIL line can quote row values (a unique violation on a PESEL):
    # the server log keeps only the primary message.
    printf 'log_error_verbosity = terse\n'
    local line
    for line in "$@"; do printf '%s\n' "$line"; done
  } >"$data/jstedu.conf"
  give_to_postgres "$data/jstedu.conf"
}

pg_running() { # datadir
  [[ -f $1/postmaster.pid ]] || return 1
  as_postgres "$PG_BIN/pg_ctl" -D "$1" status >/dev/null 2>&1
}

# The pid and port of the running postmaster (lines 1 and 4 of postmaster.pid).
pg_pid_of() { sed -n 1p "$1/postmaster.pid" 2>/dev/null; }
pg_port_of() { sed -n 4p "$1/postmaster.pid" 2>/dev/null; }

# Starts the cluster and waits (pg_ctl -w) until it accepts connections.
# Returns 1 (after showing the log) when it does not start.
pg_start() { # datadir logfile
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$2" -w -t 60 -s start >/dev/null 2>&1 || {
    show_log_tail "$2" 15
    return 1
  }
}

pg_stop() { # datadir [mode]
  as_postgres "$PG_BIN/pg_ctl" -D "$1" -m "${2:-fast}" -w -t 60 -s stop
}

pg_ready() { # port
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2
}

# Creates database dbname unless it exists.
pg_ensure_db() { # port dbname
  local port=$1 db=$2 exists
  exists=$("$PG_BIN/psql" -X -At -h 127.0.0.1 -p "$port" -U postgres -d postgres \
    -c "SELECT 1 FROM pg_database WHERE datname = '$db'") ||
    die "cannot query PostgreSQL on 127.0.0.1:$port"
  if [[ $exists == 1 ]]; then
    return 0
  fi
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" ||
    die "createdb $db failed on 127.0.0.1:$port"
  ok "created database $db"
}

# ---- Redis ------------------------------------------------------------------

redis_ping() { # port
  [[ $(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null) == PONG ]]
}

# Writes a redis.conf. mode dev: foreground (tools/dev records the pid),
# appendfsync everysec, log on stdout. mode test: daemonized with a pid file
# and log file in dir (so tests can stop and start it with shell commands),
# appendfsync always. Both: AOF on, no RDB snapshots, 127.0.0.1 only.
redis_write_conf() { # file port dir mode
  local file=$1 port=$2 dir=$3 mode=$4
  {
    printf '# Written by tools/dev (%s); rewritten at each start.\n' "$mode"
    printf 'port %s\nbind 127.0.0.1\nprotected-mode yes\n' "$port"
    printf 'dir %s\n' "$dir"
    printf 'appendonly yes\nsave ""\n'
    if [[ $mode == dev ]]; then
      printf 'daemonize no\nappendfsync everysec\nlogfile ""\n'
    else
      printf 'daemonize yes\nappendfsync always\n'
      printf 'pidfile %s/redis.pid\nlogfile %s/redis.log\n' "$dir" "$dir"
    fi
  } >"$file"
}

redis_conf_port() { # conf-file
  awk '$1 == "port" { print $2; exit }' "$1" 2>/dev/null
}

# `tools/dev redis-ctl start|stop|kill DIR` -- start or stop the daemonized
# Redis whose redis.conf is in DIR (the throwaway test Redis). start waits
# until it answers PING (it answers LOADING while replaying the AOF); stop
# sends SHUTDOWN and waits until the process is gone; kill sends SIGKILL (a
# crash: no save, the AOF as last written) and waits likewise. Exit status 0
# on success.
redis_ctl() { # start|stop|kill dir [nosave]
  local action=${1:-} dir=${2:-} conf port pid deadline
  [[ -n $action && -n $dir ]] || die "usage: tools/dev redis-ctl start|stop|kill DIR"
  conf="$dir/redis.conf"
  [[ -f $conf ]] || die "no redis.conf in $dir"
  port=$(redis_conf_port "$conf")
  case $action in
  start)
    redis_ping "$port" && return 0
    redis-server "$conf" </dev/null >/dev/null 2>&1 || {
      show_log_tail "$dir/redis.log" 10
      printf 'redis-server failed to start with %s\n' "$conf" >&2
      return 1
    }
    deadline=$(($(date +%s) + 30))
    until redis_ping "$port"; do
      if (($(date +%s) >= deadline)); then
        show_log_tail "$dir/redis.log" 10
        printf 'Redis on 127.0.0.1:%s did not answer PING within 30 s\n' "$port" >&2
        return 1
      fi
      sleep 0.05
    done
    ;;
  stop)
    pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
    local how=()
    [[ ${3:-} != nosave ]] || how=(nosave)
    redis-cli -h 127.0.0.1 -p "$port" shutdown "${how[@]}" >/dev/null 2>&1 || true
    deadline=$(($(date +%s) + 30))
    while { [[ -n $pid ]] && proc_alive "$pid"; } || redis_ping "$port"; do
      if (($(date +%s) >= deadline)); then
        printf 'Redis on 127.0.0.1:%s did not stop within 30 s\n' "$port" >&2
        return 1
      fi
      sleep 0.05
    done
    ;;
  kill)
    pid=$(cat "$dir/redis.pid" 2>/dev/null || true)
    [[ -n $pid ]] && proc_alive "$pid" || {
      printf 'no running Redis in %s (redis.pid)\n' "$dir" >&2
      return 1
    }
    kill -KILL "$pid"
    wait_gone "$pid" 30 || {
      printf 'Redis (pid %s) still there 30 s after SIGKILL\n' "$pid" >&2
      return 1
    }
    ;;
  *) die "usage: tools/dev redis-ctl start|stop|kill DIR" ;;
  esac
}
