# shellcheck shell=bash
# tools/dev test: build, then run ctest against a throwaway PostgreSQL and
# Redis on free loopback ports in a fresh temp dir, removed afterwards.

TEST_DIR=''
TEST_PG_PORT=''
TEST_REDIS_PORT=''
TEST_REDIS_TLS_PORT=''
TEST_SMTP_PORT=''
TEST_SMTP_PID=''

# EXIT trap: stop the throwaway servers and remove the temp dir, whatever
# happened (tests may have left a server stopped or restarted it).
test_cleanup() {
  set +e
  [[ -n $TEST_DIR && -d $TEST_DIR ]] || return 0
  if [[ -n $TEST_SMTP_PID ]]; then
    kill -TERM "$TEST_SMTP_PID" 2>/dev/null && wait_gone "$TEST_SMTP_PID" 10
  fi
  if [[ -f $TEST_DIR/redis/redis.conf ]]; then
    redis_ctl stop "$TEST_DIR/redis" nosave >/dev/null 2>&1 || {
      local rpid
      rpid=$(cat "$TEST_DIR/redis/redis.pid" 2>/dev/null)
      [[ -n $rpid ]] && kill -KILL "$rpid" 2>/dev/null
    }
  fi
  if [[ -f $TEST_DIR/pg/postmaster.pid ]]; then
    pg_stop "$TEST_DIR/pg" immediate >/dev/null 2>&1 || {
      local ppid
      ppid=$(pg_pid_of "$TEST_DIR/pg")
      [[ -n $ppid ]] && kill -QUIT "$ppid" 2>/dev/null && wait_gone "$ppid" 10
    }
  fi
  rm -rf "$TEST_DIR"
  if [[ -d $TEST_DIR ]]; then
    warn "could not remove $TEST_DIR"
  else
    info "stopped the throwaway servers and removed $TEST_DIR"
  fi
  TEST_DIR=''
}

# A certificate authority of the run, and a second one that vouches for
# nothing here (the refusals' tests); certificates from the first, so that
# tests connect as to a managed PostgreSQL (sslmode=verify-full) and a
# managed Redis (TLS with the name checked, a client certificate):
# PostgreSQL's and Redis's (CN and SAN localhost, SAN IP 127.0.0.1) and a
# client's (CN jstedu).
make_test_tls() { # dir datadir
  local dir=$1 data=$2
  make_test_ca "$dir"
  issue_test_cert "$dir" localhost server "$data/server"
  issue_test_cert "$dir" localhost server "$dir/redis"
  issue_test_cert "$dir" jstedu client "$dir/client"
  chmod 600 "$data/server.key"
  give_to_postgres "$data/server.key"
  give_to_postgres "$data/server.crt"
  chmod 644 "$dir/ca.crt" "$dir/other-ca.crt"
}

# dir/ca.{crt,key} and dir/other-ca.{crt,key}, and the extensions of a
# server's certificate for localhost (server.ext) and a client's
# (client.ext).
make_test_ca() { # dir [days]
  local dir=$1 days=${2:-2} name
  install -d -m 700 "$dir"
  for name in ca other-ca; do
    openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/CN=jstedu test $name" \
      -keyout "$dir/$name.key" -out "$dir/$name.crt" 2>/dev/null ||
      die "openssl could not make the test $name"
  done
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$dir/server.ext"
  printf 'extendedKeyUsage=clientAuth\n' >"$dir/client.ext"
}

# out.key and out.crt: a key and its certificate for CN `cn`, signed by the
# test CA in dir, with the extensions of dir/kind.ext, valid `days` (2).
issue_test_cert() { # dir cn kind out [days]
  local dir=$1 cn=$2 kind=$3 out=$4 days=${5:-2}
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$cn" \
    -keyout "$out.key" -out "$out.csr" 2>/dev/null ||
    die "openssl could not make the test key $out.key"
  openssl x509 -req -in "$out.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" \
    -CAcreateserial -days "$days" -extfile "$dir/$kind.ext" -out "$out.crt" 2>/dev/null ||
    die "openssl could not sign the test certificate $out.crt"
  rm -f "$out.csr"
}

start_test_postgres() {
  local data="$TEST_DIR/pg" log="$TEST_DIR/pg.log" port
  install -d -m 700 "$data"
  give_to_postgres "$data"
  : >"$log"
  give_to_postgres "$log"
  pg_initdb "$data" "$TEST_DIR/initdb.log"
  make_test_tls "$TEST_DIR/tls" "$data"
  # No fsync: only a crash of the machine could lose what was committed.
  # synchronous_commit stays on, so a commit is in the kernel's hands before
  # it is acknowledged and a crash of PostgreSQL alone (stop -m immediate,
  # chaos_e2e_test) loses nothing; with it off, the last commits before the
  # crash were lost while their effects had been acknowledged (a consumer's
  # XACK after an inbox row that never reached the disk).
  for _ in 1 2 3; do
    port=$(free_ports 1)
    pg_write_conf "$data" "$port" 'fsync = off' \
      'full_page_writes = off' 'ssl = on' "ssl_cert_file = 'server.crt'" \
      "ssl_key_file = 'server.key'"
    if pg_start "$data" "$log"; then
      TEST_PG_PORT=$port
      pg_ensure_db "$TEST_PG_PORT" jstedu_test
      ok "PostgreSQL (throwaway) on 127.0.0.1:$TEST_PG_PORT"
      return 0
    fi
    grep -q 'could not bind\|Address already in use' "$log" ||
      die "throwaway PostgreSQL did not start"
    warn "port $port was taken meanwhile; trying another"
  done
  die "throwaway PostgreSQL did not start after 3 ports"
}

# Plain on one port and TLS on another (the certificates of make_test_tls;
# clients must present one), as a managed Redis serves it.
start_test_redis() {
  local dir="$TEST_DIR/redis" tls="$TEST_DIR/tls" port tls_port
  mkdir -p "$dir"
  for _ in 1 2 3; do
    read -r port tls_port < <(free_ports 2 | paste -sd ' ')
    redis_write_conf "$dir/redis.conf" "$port" "$dir" test
    printf '%s\n' "tls-port $tls_port" "tls-cert-file $tls/redis.crt" \
      "tls-key-file $tls/redis.key" "tls-ca-cert-file $tls/ca.crt" \
      'tls-auth-clients yes' >>"$dir/redis.conf"
    if redis_ctl start "$dir"; then
      TEST_REDIS_PORT=$port
      TEST_REDIS_TLS_PORT=$tls_port
      ok "Redis (throwaway, AOF always) on 127.0.0.1:$TEST_REDIS_PORT, TLS on :$TEST_REDIS_TLS_PORT"
      return 0
    fi
    grep -q 'Address already in use' "$dir/redis.log" 2>/dev/null ||
      die "throwaway Redis did not start"
    warn "port $port was taken meanwhile; trying another"
  done
  die "throwaway Redis did not start after 3 ports"
}

# The relay notifications send to: tools/lib/smtp_sink.py (STARTTLS with a
# certificate from the run's CA for localhost, AUTH as user "jstedu"), each
# message kept under $TEST_DIR/smtp/mail.
start_test_smtp() {
  local dir="$TEST_DIR/smtp" tls="$TEST_DIR/tls" port
  install -d -m 700 "$dir"
  issue_test_cert "$tls" localhost server "$tls/smtp"
  (umask 077 && head -c 18 /dev/urandom | base64 >"$dir/password") ||
    die "could not write $dir/password"
  for _ in 1 2 3; do
    port=$(free_ports 1)
    /usr/bin/python3 "$JSTEDU_ROOT/tools/lib/smtp_sink.py" --port "$port" \
      --dir "$dir/mail" --cert "$tls/smtp.crt" --key "$tls/smtp.key" \
      --user jstedu --password-file "$dir/password" >"$dir/sink.log" 2>&1 &
    TEST_SMTP_PID=$!
    local _try
    for _try in $(seq 50); do
      grep -q '^smtp sink on' "$dir/sink.log" 2>/dev/null && break
      kill -0 "$TEST_SMTP_PID" 2>/dev/null || break
      sleep 0.1
    done
    if grep -q '^smtp sink on' "$dir/sink.log" 2>/dev/null; then
      TEST_SMTP_PORT=$port
      ok "SMTP sink (throwaway, STARTTLS and AUTH) on 127.0.0.1:$TEST_SMTP_PORT"
      return 0
    fi
    kill -TERM "$TEST_SMTP_PID" 2>/dev/null || true
    wait "$TEST_SMTP_PID" 2>/dev/null || true
    TEST_SMTP_PID=''
    # Python's asyncio says "address already in use" (lower case).
    grep -qi 'address already in use' "$dir/sink.log" ||
      die "the SMTP sink did not start: $(tail -3 "$dir/sink.log")"
    warn "port $port was taken meanwhile; trying another"
  done
  die "the SMTP sink did not start after 3 ports"
}

cmd_test() {
  local ctest_args=()
  while (($#)); do
    case $1 in
    --)
      shift
      ctest_args=("$@")
      break
      ;;
    -h | --help)
      usage_test
      return 0
      ;;
    *) die "test: unknown argument '$1' (ctest arguments go after --, e.g. tools/dev test -- -R pg)" ;;
    esac
  done
  local started
  started=$(now_s)

  phase_begin packages
  # runtime: the images' list (deploy/docker) must name installable
  # packages; tests/k8s checks it covers what the binaries link.
  ensure_packages build servers runtime
  ensure_node_tools
  phase_begin build
  build_project

  phase_begin servers
  pg_find_bin
  command -v redis-server >/dev/null || die "redis-server not found (package redis-server)"
  TEST_DIR=$(mktemp -d /tmp/jstedu-test.XXXXXX)
  trap test_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  chmod 755 "$TEST_DIR" # the postgres user must reach its data dir
  postgres_can_reach "$TEST_DIR" || die "the postgres user cannot reach $TEST_DIR"
  info "throwaway servers in $TEST_DIR"
  start_test_postgres
  start_test_redis
  start_test_smtp

  # Shell commands for the tests (paths quoted for sh).
  local pg_ctl pg_data pg_log self redis
  pg_ctl="$(as_postgres_prefix)$(printf '%q' "$PG_BIN/pg_ctl")"
  pg_data=$(printf '%q' "$TEST_DIR/pg")
  pg_log=$(printf '%q' "$TEST_DIR/pg.log")
  self=$(printf '%q' "$JSTEDU_ROOT/tools/dev")
  redis=$(printf '%q' "$TEST_DIR/redis")
  export JSTEDU_TEST_PG_DSN="host=127.0.0.1 port=$TEST_PG_PORT dbname=jstedu_test user=postgres"
  export JSTEDU_TEST_REDIS_ADDR="127.0.0.1:$TEST_REDIS_PORT"
  export JSTEDU_TEST_PG_STOP="$pg_ctl -D $pg_data -m fast -w -t 60 stop"
  export JSTEDU_TEST_PG_START="$pg_ctl -D $pg_data -l $pg_log -w -t 60 start"
  # A crash: no checkpoint, recovery from the WAL at the next start.
  export JSTEDU_TEST_PG_CRASH="$pg_ctl -D $pg_data -m immediate -w -t 60 stop"
  export JSTEDU_TEST_REDIS_STOP="$self redis-ctl stop $redis"
  export JSTEDU_TEST_REDIS_KILL="$self redis-ctl kill $redis"
  export JSTEDU_TEST_REDIS_START="$self redis-ctl start $redis"
  export JSTEDU_TEST_BIN_DIR="$BIN_DIR"
  # PostgreSQL's programs (pg_dump, pg_restore) of the throwaway server.
  export JSTEDU_TEST_PG_BIN="$PG_BIN"
  export JSTEDU_TEST_PG_CA_FILE="$TEST_DIR/tls/ca.crt"
  export JSTEDU_TEST_PG_OTHER_CA_FILE="$TEST_DIR/tls/other-ca.crt"
  # Redis's TLS port; its certificate and a client's are in the TLS dir
  # (ca.crt, other-ca.crt, redis.crt, client.crt and client.key).
  export JSTEDU_TEST_REDIS_TLS_ADDR="127.0.0.1:$TEST_REDIS_TLS_PORT"
  export JSTEDU_TEST_TLS_DIR="$TEST_DIR/tls"
  # The SMTP sink: its URL, user, password file and where it keeps each
  # message (<n>.eml and <n>.json with the envelope); its certificate is
  # from the run's CA (ca.crt in the TLS dir).
  export JSTEDU_TEST_SMTP_URL="smtp://127.0.0.1:$TEST_SMTP_PORT"
  export JSTEDU_TEST_SMTP_USER=jstedu
  export JSTEDU_TEST_SMTP_PASSWORD_FILE="$TEST_DIR/smtp/password"
  export JSTEDU_TEST_SMTP_DIR="$TEST_DIR/smtp/mail"
  # The key the tests and the services and gateways they start sign and
  # check principals with (common/grpc/principal_signature.h).
  (umask 077 && head -c 48 /dev/urandom >"$TEST_DIR/principal.key") ||
    die "could not write $TEST_DIR/principal.key"
  export JSTEDU_PRINCIPAL_KEY_FILE="$TEST_DIR/principal.key"
  local var
  for var in JSTEDU_TEST_PG_DSN JSTEDU_TEST_REDIS_ADDR JSTEDU_TEST_PG_STOP \
    JSTEDU_TEST_PG_START JSTEDU_TEST_PG_CRASH JSTEDU_TEST_REDIS_STOP \
    JSTEDU_TEST_REDIS_START JSTEDU_TEST_REDIS_KILL \
    JSTEDU_TEST_BIN_DIR JSTEDU_PRINCIPAL_KEY_FILE JSTEDU_TEST_PG_CA_FILE \
    JSTEDU_TEST_REDIS_TLS_ADDR JSTEDU_TEST_TLS_DIR JSTEDU_TEST_SMTP_URL \
    JSTEDU_TEST_SMTP_DIR; do
    printf '    %s=%s\n' "$var" "${!var}"
  done

  phase_begin ctest
  info "ctest --test-dir build --output-on-failure -j2 --no-tests=error ${ctest_args[*]}"
  local rc=0
  ctest --test-dir "$BUILD_DIR" --output-on-failure -j2 --no-tests=error \
    "${ctest_args[@]}" || rc=$?
  phase_summary
  info "total $(seconds_since "$started")s; ctest exit status $rc"
  return "$rc"
}
