# shellcheck shell=bash
# The local dev stack: tools/dev up, down, status.
# State lives in .run/: pg/ (or a link to it), redis/, logs/, pids/.

SERVICES=(recruitment training advisory reporting)
declare -A GRPC_LISTEN=(
  [recruitment]=127.0.0.1:50051 [training]=127.0.0.1:50052
  [advisory]=127.0.0.1:50053 [reporting]=127.0.0.1:50054)
declare -A ADMIN_LISTEN=(
  [recruitment]=127.0.0.1:9101 [training]=127.0.0.1:9102
  [advisory]=127.0.0.1:9103 [reporting]=127.0.0.1:9104
  [gateway]=127.0.0.1:9100)
HTTP_LISTEN=127.0.0.1:8080
GATEWAY_URL="http://$HTTP_LISTEN"
TERC_CSV="$JSTEDU_ROOT/data/TERC_Urzedowy_2024-01-01.csv"
EDITIONS_JSON="$JSTEDU_ROOT/data/editions.json"

DEV_PG_PORT_WANTED=${JSTEDU_DEV_PG_PORT:-55432}
DEV_REDIS_PORT_WANTED=${JSTEDU_DEV_REDIS_PORT:-56379}
DEV_WAIT=${JSTEDU_DEV_WAIT:-60}
DEV_PG_PORT=''
DEV_REDIS_PORT=''
DEV_PGDATA=''
DEV_PGLOG=''

binary_of() { printf '%s/jstedu-%s' "$BIN_DIR" "$1"; }
port_of() { printf '%s' "${1##*:}"; }

# ---- build ------------------------------------------------------------------

# Configures build/ with Ninja once, then lets ninja rebuild what changed
# (ninja re-runs cmake itself when a CMakeLists.txt changed).
build_project() {
  if [[ -f $BUILD_DIR/CMakeCache.txt ]]; then
    local gen
    gen=$(sed -n 's/^CMAKE_GENERATOR:INTERNAL=//p' "$BUILD_DIR/CMakeCache.txt")
    [[ $gen == Ninja ]] ||
      die "build/ was configured with the '$gen' generator; tools/dev needs Ninja: rm -rf build and run again"
  fi
  if [[ ! -f $BUILD_DIR/build.ninja ]]; then
    info "configuring build/ (cmake -G Ninja)"
    # shellcheck disable=SC2086 # JSTEDU_CMAKE_ARGS is a list of words
    cmake -S "$JSTEDU_ROOT" -B "$BUILD_DIR" -G Ninja ${JSTEDU_CMAKE_ARGS:-} ||
      die "cmake configure failed (see above)"
  fi
  info "building (ninja -C build)"
  ninja -C "$BUILD_DIR" || die "build failed (see the compiler output above)"
}

# ---- PostgreSQL location ------------------------------------------------------

# Where the dev cluster lives. Normally .run/pg. When the postgres user cannot
# reach .run/ (a parent directory such as /root is private), the data lives
# in /var/tmp/jstedu-<hash of the repo path>/pg and .run/pg links to it.
# With create=1 the directories are made; otherwise it only looks.
dev_pg_locate() { # create(0|1)
  local create=$1 link="$RUN_DIR/pg" home
  DEV_PGDATA='' DEV_PGLOG=''
  if [[ -L $link ]]; then
    DEV_PGDATA=$(readlink "$link")
    home=$(dirname "$DEV_PGDATA")
    DEV_PGLOG="$home/postgres.log"
    if ((create)) && [[ ! -d $DEV_PGDATA ]]; then
      warn "$DEV_PGDATA (the target of .run/pg) is gone: a new cluster is made there"
      install -d -m 755 "$home"
    fi
  elif [[ -d $link ]]; then
    DEV_PGDATA=$link
    DEV_PGLOG="$LOG_DIR/postgres.log"
    if ((create)) && ! postgres_can_reach "$RUN_DIR"; then
      die "the postgres user cannot reach $RUN_DIR (a parent directory is private), so .run/pg cannot be used: remove .run/pg (rm -rf $link) and run again; tools/dev then keeps the data under /var/tmp"
    fi
  elif ((create)); then
    if postgres_can_reach "$RUN_DIR"; then
      DEV_PGDATA=$link
      DEV_PGLOG="$LOG_DIR/postgres.log"
    else
      home="/var/tmp/jstedu-$(printf '%s' "$JSTEDU_ROOT" | sha256sum | cut -c1-12)"
      install -d -m 755 "$home"
      DEV_PGDATA="$home/pg"
      DEV_PGLOG="$home/postgres.log"
      ln -sfn "$DEV_PGDATA" "$link"
      info "the postgres user cannot reach $RUN_DIR (a parent directory is private): PostgreSQL data lives in $DEV_PGDATA and .run/pg links to it"
    fi
  else
    return 1
  fi
  if ((create)) && [[ $DEV_PGLOG != "$LOG_DIR/postgres.log" ]]; then
    ln -sfn "$DEV_PGLOG" "$LOG_DIR/postgres.log"
  fi
  return 0
}

# ---- up: servers ----------------------------------------------------------------

STARTED=()

dev_pg_up() {
  pg_find_bin
  dev_pg_locate 1
  local data=$DEV_PGDATA
  if [[ ! -s $data/PG_VERSION ]]; then
    if [[ -d $data ]] && [[ -n $(ls -A "$data" 2>/dev/null) ]]; then
      die "$data is not empty but holds no PostgreSQL cluster: move it away and run again"
    fi
    install -d -m 700 "$data"
    give_to_postgres "$data"
    info "initializing PostgreSQL in $(rel "$data") (initdb as postgres, trust auth, UTF8)"
    pg_initdb "$data" "$LOG_DIR/initdb.log"
  fi
  if pg_running "$data"; then
    DEV_PG_PORT=$(pg_port_of "$data")
    ok "PostgreSQL already running (pid $(pg_pid_of "$data"), 127.0.0.1:$DEV_PG_PORT)"
    [[ $DEV_PG_PORT == "$DEV_PG_PORT_WANTED" ]] ||
      warn "PostgreSQL runs on port $DEV_PG_PORT, not $DEV_PG_PORT_WANTED: run tools/dev down first to change it"
  else
    port_in_use "$DEV_PG_PORT_WANTED" &&
      die "port $DEV_PG_PORT_WANTED is in use by another program (see: ss -ltnp); set JSTEDU_DEV_PG_PORT to another port"
    pg_write_conf "$data" "$DEV_PG_PORT_WANTED"
    touch "$DEV_PGLOG"
    give_to_postgres "$DEV_PGLOG"
    pg_start "$data" "$DEV_PGLOG" ||
      die "PostgreSQL did not start (log: $(rel "$LOG_DIR/postgres.log"))"
    DEV_PG_PORT=$DEV_PG_PORT_WANTED
    STARTED+=(postgres)
    ok "PostgreSQL started (pid $(pg_pid_of "$data"), 127.0.0.1:$DEV_PG_PORT, data $(rel "$data"))"
  fi
  pg_pid_of "$data" >"$PID_DIR/postgres.pid"
  pg_ensure_db "$DEV_PG_PORT" jstedu
}

dev_redis_up() {
  local dir="$RUN_DIR/redis" pid
  mkdir -p "$dir"
  if pid=$(live_pid redis redis-server); then
    DEV_REDIS_PORT=$(redis_conf_port "$dir/redis.conf")
    ok "Redis already running (pid $pid, 127.0.0.1:$DEV_REDIS_PORT)"
    [[ $DEV_REDIS_PORT == "$DEV_REDIS_PORT_WANTED" ]] ||
      warn "Redis runs on port $DEV_REDIS_PORT, not $DEV_REDIS_PORT_WANTED: run tools/dev down first to change it"
    return 0
  fi
  port_in_use "$DEV_REDIS_PORT_WANTED" &&
    die "port $DEV_REDIS_PORT_WANTED is in use by another program (see: ss -ltnp); set JSTEDU_DEV_REDIS_PORT to another port"
  redis_write_conf "$dir/redis.conf" "$DEV_REDIS_PORT_WANTED" "$dir" dev
  rotate_log "$LOG_DIR/redis.log"
  # setsid: its own session, so a Ctrl-C in this terminal does not reach it.
  setsid redis-server "$dir/redis.conf" >>"$LOG_DIR/redis.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" redis-server || true # the ping below reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/redis.pid"
  local deadline=$(($(date +%s) + 15))
  until redis_ping "$DEV_REDIS_PORT_WANTED"; do
    if ! proc_alive "$pid" || (($(date +%s) >= deadline)); then
      show_log_tail "$LOG_DIR/redis.log" 15
      die "Redis did not start (log: $(rel "$LOG_DIR/redis.log"))"
    fi
    sleep 0.1
  done
  DEV_REDIS_PORT=$DEV_REDIS_PORT_WANTED
  STARTED+=(redis)
  ok "Redis started (pid $pid, 127.0.0.1:$DEV_REDIS_PORT, AOF everysec, data $(rel "$dir"))"
}

# Keeps the previous run's log as <log>.1.
rotate_log() { # file
  if [[ -s $1 ]]; then mv -f "$1" "$1.1"; fi
  : >"$1"
}

# ---- up: services -----------------------------------------------------------------

# The environment of each binary (env contract in README.md).
proc_env() { # name
  local name=$1 env=()
  if [[ $name == gateway ]]; then
    env=(
      "JSTEDU_HTTP_LISTEN=$HTTP_LISTEN"
      "JSTEDU_ADMIN_LISTEN=${ADMIN_LISTEN[gateway]}"
      "JSTEDU_RECRUITMENT_ADDR=${GRPC_LISTEN[recruitment]}"
      "JSTEDU_TRAINING_ADDR=${GRPC_LISTEN[training]}"
      "JSTEDU_ADVISORY_ADDR=${GRPC_LISTEN[advisory]}"
      "JSTEDU_REPORTING_ADDR=${GRPC_LISTEN[reporting]}"
      "JSTEDU_IDEMPOTENCY_KEY_FILE=$DEV_KEYS/idempotency.key"
      "JSTEDU_REDIS_ADDR=127.0.0.1:$DEV_REDIS_PORT"
      "JSTEDU_RATE_LIMIT_RPS=${JSTEDU_RATE_LIMIT_RPS:-50}"
      "JSTEDU_RATE_LIMIT_BURST=${JSTEDU_RATE_LIMIT_BURST:-100}")
    if dev_oidc_enabled; then
      env+=("JSTEDU_OIDC_ISSUER=$ISSUER_URL" "JSTEDU_JWT_AUDIENCE=jstedu-gateway"
        "JSTEDU_CONSOLE_ISSUER=$ISSUER_URL")
    else
      env+=("JSTEDU_JWT_PUBLIC_KEY_FILE=$DEV_KEYS/public.pem")
    fi
  else
    env=(
      "JSTEDU_GRPC_LISTEN=${GRPC_LISTEN[$name]}"
      "JSTEDU_ADMIN_LISTEN=${ADMIN_LISTEN[$name]}"
      "JSTEDU_PG_DSN=host=127.0.0.1 port=$DEV_PG_PORT dbname=jstedu user=postgres"
      "JSTEDU_REDIS_ADDR=127.0.0.1:$DEV_REDIS_PORT")
    # Reporting reads the source services (reconcile, exports) and keeps
    # the export pseudonymisation key.
    if [[ $name == reporting ]]; then
      env+=(
        "JSTEDU_RECRUITMENT_ADDR=${GRPC_LISTEN[recruitment]}"
        "JSTEDU_TRAINING_ADDR=${GRPC_LISTEN[training]}"
        "JSTEDU_ADVISORY_ADDR=${GRPC_LISTEN[advisory]}"
        "JSTEDU_EXPORT_HMAC_KEY_FILE=$DEV_KEYS/export-hmac.key")
    fi
  fi
  # Every process signs or checks the principal of each call with it.
  env+=("JSTEDU_PRINCIPAL_KEY_FILE=$DEV_KEYS/principal.key")
  [[ -z ${JSTEDU_LOG_LEVEL:-} ]] || env+=("JSTEDU_LOG_LEVEL=$JSTEDU_LOG_LEVEL")
  printf '%s\n' "${env[@]}"
}

proc_ports() { # name
  if [[ $1 == gateway ]]; then
    printf '%s %s' "$(port_of "$HTTP_LISTEN")" "$(port_of "${ADMIN_LISTEN[gateway]}")"
  else
    printf '%s %s' "$(port_of "${GRPC_LISTEN[$1]}")" "$(port_of "${ADMIN_LISTEN[$1]}")"
  fi
}

# Sends SIGTERM and waits (bounded); SIGKILL after that.
stop_pid() { # name pid timeout
  local name=$1 pid=$2 timeout=$3
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$timeout"; then
    warn "$name (pid $pid) did not exit ${timeout}s after SIGTERM: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || warn "$name (pid $pid) is still there after SIGKILL"
  fi
}

# Starts jstedu-<name> in the background unless it already runs. A running
# one whose binary was rebuilt since it started is restarted.
start_proc() { # name
  local name=$1 bin pid port env=()
  bin=$(binary_of "$name")
  if pid=$(live_pid "$name" "jstedu-$name"); then
    if [[ $bin -nt $PID_DIR/$name.pid ]]; then
      info "jstedu-$name was rebuilt since it started: restarting it"
      stop_pid "$name" "$pid" 20
    elif [[ $name == gateway && $DEV_KEYS/public.pem -nt $PID_DIR/$name.pid ]]; then
      info "the dev key pair is newer than jstedu-gateway: restarting it"
      stop_pid "$name" "$pid" 20
    else
      ok "jstedu-$name already running (pid $pid)"
      return 0
    fi
  fi
  for port in $(proc_ports "$name"); do
    port_in_use "$port" &&
      die "port $port (for jstedu-$name) is in use by another program (see: ss -ltnp)"
  done
  mapfile -t env < <(proc_env "$name")
  rotate_log "$LOG_DIR/$name.log"
  setsid env "${env[@]}" "$bin" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" "jstedu-$name" || true # wait_healthy reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/$name.pid"
  STARTED+=("$name")
  ok "jstedu-$name started (pid $pid, log $(rel "$LOG_DIR/$name.log"))"
}

# What the command line of a process of the stack holds (see live_pid).
proc_marker() { # name
  if [[ $1 == dev-issuer ]]; then printf '%s' "$ISSUER_MAIN"; else printf 'jstedu-%s' "$1"; fi
}

# True when a proc_health answer means ready.
healthy() { # health
  [[ $1 == SERVING || $1 == "readyz 200" || $1 == "discovery 200" ]]
}

# One word for the health of a process: SERVING/NOT_SERVING/UNREACHABLE for
# services (jstedu-healthcheck), "readyz 200" etc. for the gateway,
# "discovery 200" etc. for the dev issuer.
proc_health() { # name
  local name=$1 code
  if [[ $name == dev-issuer ]]; then
    issuer_health
  elif [[ $name == gateway ]]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$GATEWAY_URL/readyz" 2>/dev/null) || true
    printf 'readyz %s' "${code:-000}"
  elif [[ -x $HEALTHCHECK ]]; then
    "$HEALTHCHECK" "${GRPC_LISTEN[$name]}" --timeout 1s 2>/dev/null || true
  else
    printf 'unknown (no %s)' "$(rel "$HEALTHCHECK")"
  fi
}

# Waits until all named processes are healthy, failing early when one exits
# and after the deadline (epoch seconds).
wait_healthy() { # deadline name...
  local deadline=$1 name pid
  shift
  local pending=("$@") still=()
  declare -A last=()
  while ((${#pending[@]})); do
    still=()
    for name in "${pending[@]}"; do
      # Alive is enough: these pids were recorded by this run's starts (or
      # checked as the program when found running), and a process between
      # two execs (setsid → env → program) can show an empty command line.
      pid=$(cat "$PID_DIR/$name.pid" 2>/dev/null) || pid=''
      if ! proc_alive "$pid"; then
        show_log_tail "$LOG_DIR/$name.log" 20
        die "$name exited while starting (log: $(rel "$LOG_DIR/$name.log")); tools/dev down stops the rest"
      fi
      last[$name]=$(proc_health "$name")
      if healthy "${last[$name]}"; then
        ok "$name is ${last[$name]}"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]}")
    ((${#pending[@]})) || break
    if (($(date +%s) >= deadline)); then
      for name in "${pending[@]}"; do
        show_log_tail "$LOG_DIR/$name.log" 20
      done
      local what=''
      for name in "${pending[@]}"; do what+="$name (${last[$name]:-?}), "; done
      die "not ready after ${DEV_WAIT}s: ${what%, }; logs: $(rel "$LOG_DIR")/<name>.log; tools/dev down stops everything"
    fi
    sleep 0.5
  done
}

load_registry() {
  local env=() log="$LOG_DIR/load-registry.log"
  mapfile -t env < <(proc_env recruitment)
  info "loading the TERYT register: jstedu-recruitment load-registry $(rel "$TERC_CSV")"
  if ! env "${env[@]}" "$(binary_of recruitment)" load-registry "$TERC_CSV" >"$log" 2>&1; then
    show_log_tail "$log" 10
    die "jstedu-recruitment load-registry failed (log: $(rel "$log"))"
  fi
  touch "$RUN_DIR/registry.loaded"
  ok "TERYT register loaded (log: $(rel "$log"))"
  log="$LOG_DIR/seed-editions.log"
  info "creating the seed editions: jstedu-recruitment seed-editions $(rel "$EDITIONS_JSON")"
  if ! env "${env[@]}" "$(binary_of recruitment)" seed-editions "$EDITIONS_JSON" >"$log" 2>&1; then
    show_log_tail "$log" 10
    die "jstedu-recruitment seed-editions failed (log: $(rel "$log"))"
  fi
  ok "editions PILOT (30 JSTs) and ROLLOUT (500 JSTs) present (log: $(rel "$log"))"
}

# ---- commands ---------------------------------------------------------------------

cmd_up() {
  local build=1 demo=1
  while (($#)); do
    case $1 in
    --no-build) build=0 ;;
    --empty) demo=0 ;;
    -h | --help)
      usage_up
      return 0
      ;;
    *) die "up: unknown argument '$1' (see tools/dev up --help)" ;;
    esac
    shift
  done
  mkdir -p "$RUN_DIR" "$PID_DIR"
  install -d -m 755 "$RUN_DIR" "$LOG_DIR"

  phase_begin packages
  ensure_packages build servers
  if ((build)); then
    phase_begin build
    build_project
  fi

  phase_begin servers
  dev_pg_up
  dev_redis_up

  phase_begin issuer
  start_issuer
  wait_healthy "$(($(date +%s) + DEV_WAIT))" dev-issuer

  phase_begin services
  local missing=() name
  for name in "${SERVICES[@]}" gateway healthcheck; do
    [[ -x $(binary_of "$name") ]] || missing+=("$(rel "$(binary_of "$name")")")
  done
  if ((${#missing[@]})); then
    die "missing binaries: ${missing[*]} (not built yet?). PostgreSQL and Redis are running; tools/dev down stops them"
  fi
  # The gateway verifies tokens with the dev key (tools/dev token signs).
  command -v openssl >/dev/null || die "openssl not found (package openssl)"
  ensure_dev_keys
  for name in "${SERVICES[@]}" gateway; do start_proc "$name"; done
  local deadline=$(($(date +%s) + DEV_WAIT))

  # The register goes in once recruitment serves (its schema exists then);
  # again whenever PostgreSQL or recruitment was just (re)started.
  wait_healthy "$deadline" recruitment
  local started=" ${STARTED[*]} "
  if [[ $started == *" postgres "* || $started == *" recruitment "* ||
    ! -f $RUN_DIR/registry.loaded || $TERC_CSV -nt $RUN_DIR/registry.loaded ||
    $EDITIONS_JSON -nt $RUN_DIR/registry.loaded ]]; then
    load_registry
  else
    ok "TERYT register already loaded (PostgreSQL and recruitment kept running)"
  fi
  wait_healthy "$deadline" training advisory reporting gateway
  if ((demo)); then
    phase_begin demo
    load_demo
  fi
  phase_summary

  if ((${#STARTED[@]} == 0)); then
    info "everything was already running: nothing changed"
  fi
  local gateway_keys="the issuer's keys"
  if ! dev_oidc_enabled; then gateway_keys='key .run/dev-keys/public.pem (JSTEDU_DEV_OIDC=0)'; fi
  cat <<EOF

${_B}jstedu is up.${_N}
  console  $GATEWAY_URL/console/ (sign in with a demo account below)
  gateway  $GATEWAY_URL (every /v1 route needs a token; $gateway_keys)
  issuer   $ISSUER_URL (the development OpenID provider the gateway trusts;
           tools/dev token signs with its key: tools/dev-issuer/README.md)
  docs     $GATEWAY_URL/docs (the API reference; the document is /v1/openapi.json)
  try      curl -H "Authorization: Bearer \$(tools/dev token --role ADMIN)" $GATEWAY_URL/v1/jsts/2476011
  token    tools/dev token --role ADMIN   (or COORDINATOR --region 24, JST --jst 2476011, ...)
  status   tools/dev status      stop: tools/dev down      logs: .run/logs/
  db       psql -h 127.0.0.1 -p $DEV_PG_PORT -U postgres jstedu      redis: redis-cli -p $DEV_REDIS_PORT
EOF
  print_demo_accounts
}

cmd_down() {
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage_down
    return 0
  fi
  [[ $# -eq 0 ]] || die "down takes no arguments"
  local name pid stopped=0 victims=()
  # Gateway, services and the dev issuer first, together: SIGTERM, then a
  # bounded wait.
  for name in gateway "${SERVICES[@]}" dev-issuer; do
    if pid=$(live_pid "$name" "$(proc_marker "$name")"); then
      info "stopping $name (pid $pid, SIGTERM)"
      kill -TERM "$pid" 2>/dev/null || true
      victims+=("$name:$pid")
    fi
    rm -f "$PID_DIR/$name.pid"
  done
  local v
  for v in "${victims[@]}"; do
    stop_pid "${v%%:*}" "${v##*:}" 20
    stopped=$((stopped + 1))
  done

  if pid=$(live_pid redis redis-server); then
    info "stopping Redis (pid $pid, SIGTERM)"
    stop_pid redis "$pid" 20
    stopped=$((stopped + 1))
  fi
  rm -f "$PID_DIR/redis.pid"

  if dev_pg_locate 0 && [[ -f $DEV_PGDATA/postmaster.pid ]]; then
    pg_find_bin
    if pg_running "$DEV_PGDATA"; then
      info "stopping PostgreSQL (pid $(pg_pid_of "$DEV_PGDATA"), pg_ctl stop -m fast)"
      pg_stop "$DEV_PGDATA" fast || die "pg_ctl stop failed (log: $(rel "$LOG_DIR/postgres.log"))"
      stopped=$((stopped + 1))
    fi
  fi
  rm -f "$PID_DIR/postgres.pid"

  if ((stopped)); then
    if [[ -L $RUN_DIR/pg ]]; then
      ok "stopped $stopped process(es); data stays in .run/ and $(dirname "$(readlink "$RUN_DIR/pg")") (remove both for a clean slate)"
    else
      ok "stopped $stopped process(es); data stays in .run/ (rm -rf .run for a clean slate)"
    fi
  else
    ok "nothing was running"
  fi
}

cmd_status() {
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage_status
    return 0
  fi
  [[ $# -eq 0 ]] || die "status takes no arguments"
  local all_ok=1 name pid health fmt='%-12s %-8s %-8s %s\n'
  # shellcheck disable=SC2059 # fmt is ours
  printf "$fmt" NAME PID STATE HEALTH

  if dev_pg_locate 0 && pg_find_bin && pg_running "$DEV_PGDATA"; then
    local port
    port=$(pg_port_of "$DEV_PGDATA")
    if pg_ready "$port"; then health="accepting connections (127.0.0.1:$port)"; else
      health="not accepting connections (127.0.0.1:$port)"
      all_ok=0
    fi
    # shellcheck disable=SC2059
    printf "$fmt" postgres "$(pg_pid_of "$DEV_PGDATA")" running "$health"
  else
    # shellcheck disable=SC2059
    printf "$fmt" postgres - stopped -
    all_ok=0
  fi

  if pid=$(live_pid redis redis-server); then
    local rport
    rport=$(redis_conf_port "$RUN_DIR/redis/redis.conf")
    health=$(redis-cli -h 127.0.0.1 -p "$rport" ping 2>&1 | head -n 1) || true
    [[ $health == PONG ]] || all_ok=0
    # shellcheck disable=SC2059
    printf "$fmt" redis "$pid" running "$health (127.0.0.1:$rport)"
  else
    # shellcheck disable=SC2059
    printf "$fmt" redis - stopped -
    all_ok=0
  fi

  for name in "${SERVICES[@]}" gateway dev-issuer; do
    if pid=$(live_pid "$name" "$(proc_marker "$name")"); then
      health=$(proc_health "$name" | tr -d '\n')
      healthy "$health" || all_ok=0
      local where=${GRPC_LISTEN[$name]:-$HTTP_LISTEN}
      [[ $name != dev-issuer ]] || where=$ISSUER_URL
      # shellcheck disable=SC2059
      printf "$fmt" "$name" "$pid" running "$health ($where)"
    else
      # shellcheck disable=SC2059
      printf "$fmt" "$name" - stopped -
      all_ok=0
    fi
  done
  ((all_ok))
}
