# shellcheck shell=bash
# The local dev stack: tools/dev up, down, status.
# State lives in .run/: pg/ (or a link to it), redis/, logs/, pids/.

SERVICES=(recruitment training advisory reporting notifications)
declare -A GRPC_LISTEN=(
  [recruitment]=127.0.0.1:50051 [training]=127.0.0.1:50052
  [advisory]=127.0.0.1:50053 [reporting]=127.0.0.1:50054
  [notifications]=127.0.0.1:50055)
declare -A ADMIN_LISTEN=(
  [recruitment]=127.0.0.1:9101 [training]=127.0.0.1:9102
  [advisory]=127.0.0.1:9103 [reporting]=127.0.0.1:9104
  [notifications]=127.0.0.1:9105 [gateway]=127.0.0.1:9100)
# The relay notifications send to, locally: tools/lib/smtp_sink.py with
# STARTTLS (a certificate of its own CA under .run/smtp/tls) and AUTH (user
# jstedu, password in .run/dev-keys/smtp-password); every message is kept
# in .run/smtp/mail as <n>.eml.
SMTP_PORT=${JSTEDU_DEV_SMTP_PORT:-2525}
SMTP_DIR="$RUN_DIR/smtp"
SMTP_SINK="$JSTEDU_ROOT/tools/lib/smtp_sink.py"
HTTP_LISTEN=127.0.0.1:8080
GATEWAY_URL="http://$HTTP_LISTEN"
# With --replicas N (N > 1): N processes of every service and of the
# gateway. Replica r of a service listens 100*(r-1) above the first
# (recruitment-2: gRPC 50151, admin 9201); gateway r listens on
# 127.0.0.1:(8090 + r - 1), admin 9100 + 100*(r-1), and nginx takes
# HTTP_LISTEN in front of them (tools/lib/nginx.conf.template).
REPLICAS=1
REPLICAS_FILE="$RUN_DIR/replicas"
MAX_REPLICAS=4
GATEWAY_REPLICA_PORT=8090
NGINX_DIR="$RUN_DIR/nginx"
NGINX_TEMPLATE="$JSTEDU_ROOT/tools/lib/nginx.conf.template"
TERC_CSV="$JSTEDU_ROOT/data/TERC_Urzedowy_2024-01-01.csv"
EDITIONS_JSON="$JSTEDU_ROOT/data/editions.json"

DEV_PG_PORT_WANTED=${JSTEDU_DEV_PG_PORT:-55432}
DEV_REDIS_PORT_WANTED=${JSTEDU_DEV_REDIS_PORT:-56379}
DEV_WAIT=${JSTEDU_DEV_WAIT:-60}
DEV_PG_PORT=''
DEV_REDIS_PORT=''
DEV_PGDATA=''
DEV_PGLOG=''

binary_of() { printf '%s/jstedu-%s' "$BIN_DIR" "$(service_of "$1")"; }
port_of() { printf '%s' "${1##*:}"; }

# ---- replicas ----------------------------------------------------------------

# The processes of a service or of the gateway: NAME, then NAME-2 ... up to
# REPLICAS, one per line.
instances_of() { # name
  local r
  printf '%s\n' "$1"
  for ((r = 2; r <= REPLICAS; r++)); do printf '%s-%s\n' "$1" "$r"; done
}
# Every service and gateway process of the stack, services first.
all_instances() {
  local name
  for name in "${SERVICES[@]}" gateway; do instances_of "$name"; done
}
# recruitment-2 -> recruitment; recruitment -> recruitment.
service_of() { # instance
  if [[ $1 =~ ^(.+)-([0-9]+)$ ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf '%s' "$1"; fi
}
replica_of() { # instance
  if [[ $1 =~ -([0-9]+)$ ]]; then printf '%s' "${BASH_REMATCH[1]}"; else printf '1'; fi
}
# host:port moved 100 ports up per replica after the first.
replica_address() { # host:port replica
  printf '%s:%s' "${1%:*}" $((${1##*:} + 100 * ($2 - 1)))
}
grpc_listen_of() { replica_address "${GRPC_LISTEN[$(service_of "$1")]}" "$(replica_of "$1")"; }
admin_listen_of() { replica_address "${ADMIN_LISTEN[$(service_of "$1")]}" "$(replica_of "$1")"; }
# A gateway's own HTTP address: HTTP_LISTEN, or behind nginx its own port.
http_listen_of() { # gateway instance
  if ((REPLICAS == 1)); then
    printf '%s' "$HTTP_LISTEN"
  else
    printf '127.0.0.1:%s' $((GATEWAY_REPLICA_PORT + $(replica_of "$1") - 1))
  fi
}
# How a client reaches every replica of a service (config::Env::GrpcTarget):
# host:port, or ipv4:host:port,host:port balanced round_robin.
grpc_target_of() { # service
  if ((REPLICAS == 1)); then
    printf '%s' "${GRPC_LISTEN[$1]}"
    return
  fi
  local addresses=() instance
  for instance in $(instances_of "$1"); do addresses+=("$(grpc_listen_of "$instance")"); done
  local IFS=,
  printf 'ipv4:%s' "${addresses[*]}"
}
# The replica count the running stack was started with (1 when none was).
stored_replicas() {
  local n=1
  [[ ! -f $REPLICAS_FILE ]] || n=$(<"$REPLICAS_FILE")
  [[ $n =~ ^[1-9]$ ]] || n=1
  printf '%s' "$n"
}
# The service and gateway processes that have a pid file, whatever the
# replica count.
recorded_instances() {
  local file instance service
  for file in "$PID_DIR"/*.pid; do
    [[ -f $file ]] || continue
    instance=$(basename "$file" .pid)
    service=$(service_of "$instance")
    case " ${SERVICES[*]} gateway " in
    *" $service "*) printf '%s\n' "$instance" ;;
    esac
  done
}

# ---- nginx in front of the gateways (replicas) --------------------------------

# nginx's configuration from the template, and its list of gateways.
nginx_write_conf() {
  install -d -m 755 "$NGINX_DIR"
  sed -e "s|@STATE_DIR@|$NGINX_DIR|g" -e "s|@LISTEN@|$HTTP_LISTEN|g" \
    "$NGINX_TEMPLATE" >"$NGINX_DIR/nginx.conf"
  local instance options
  options=$(sed -n 's/^ *# gateway-server-options: //p' "$NGINX_TEMPLATE")
  [[ -n $options ]] || die "no gateway-server-options line in $NGINX_TEMPLATE"
  for instance in $(instances_of gateway); do
    printf 'server %s %s;\n' "$(http_listen_of "$instance")" "$options"
  done >"$NGINX_DIR/gateways.conf"
}

nginx_bin() {
  command -v nginx 2>/dev/null || { [[ -x /usr/sbin/nginx ]] && printf '/usr/sbin/nginx'; } ||
    die "nginx not found (package nginx, tools/packages/servers.txt)"
}

start_nginx() {
  local pid bin
  bin=$(nginx_bin)
  nginx_write_conf
  if pid=$(live_pid nginx 'nginx: master'); then
    kill -HUP "$pid" 2>/dev/null || true
    ok "nginx already running (pid $pid): configuration reloaded"
    return 0
  fi
  port_in_use "$(port_of "$HTTP_LISTEN")" &&
    die "port $(port_of "$HTTP_LISTEN") (for nginx) is in use by another program (see: ss -ltnp)"
  "$bin" -t -q -e "$NGINX_DIR/error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" ||
    die "nginx refuses its configuration $(rel "$NGINX_DIR/nginx.conf") (see above)"
  rotate_log "$LOG_DIR/nginx.log"
  setsid "$bin" -e "$NGINX_DIR/error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" \
    >>"$LOG_DIR/nginx.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" 'nginx: master' || true # wait_healthy reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/nginx.pid"
  STARTED+=(nginx)
  ok "nginx started (pid $pid, $HTTP_LISTEN in front of $REPLICAS gateways, logs $(rel "$NGINX_DIR"))"
}

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
  # ccache (CMakeLists.txt) shares its objects between checkouts at other
  # paths, such as CI's fresh clones: paths under the checkout are hashed
  # relative to it and the working directory is not hashed (the debug
  # information then names the directory of the checkout that compiled an
  # object first). Measured: a second clone's objects all hit the cache.
  export CCACHE_BASEDIR="$JSTEDU_ROOT" CCACHE_NOHASHDIR=1
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

# The environment of each process (env contract in README.md).
proc_env() { # instance
  local instance=$1 name env=()
  name=$(service_of "$instance")
  if [[ $name == gateway ]]; then
    env=(
      "JSTEDU_HTTP_LISTEN=$(http_listen_of "$instance")"
      "JSTEDU_ADMIN_LISTEN=$(admin_listen_of "$instance")"
      "JSTEDU_RECRUITMENT_ADDR=$(grpc_target_of recruitment)"
      "JSTEDU_TRAINING_ADDR=$(grpc_target_of training)"
      "JSTEDU_ADVISORY_ADDR=$(grpc_target_of advisory)"
      "JSTEDU_REPORTING_ADDR=$(grpc_target_of reporting)"
      "JSTEDU_NOTIFICATIONS_ADDR=$(grpc_target_of notifications)"
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
      "JSTEDU_GRPC_LISTEN=$(grpc_listen_of "$instance")"
      "JSTEDU_ADMIN_LISTEN=$(admin_listen_of "$instance")"
      "JSTEDU_PG_DSN=host=127.0.0.1 port=$DEV_PG_PORT dbname=jstedu user=postgres"
      "JSTEDU_REDIS_ADDR=127.0.0.1:$DEV_REDIS_PORT")
    # Reporting reads the source services (reconcile, exports) and keeps
    # the export pseudonymisation key.
    if [[ $name == reporting ]]; then
      env+=(
        "JSTEDU_RECRUITMENT_ADDR=$(grpc_target_of recruitment)"
        "JSTEDU_TRAINING_ADDR=$(grpc_target_of training)"
        "JSTEDU_ADVISORY_ADDR=$(grpc_target_of advisory)"
        "JSTEDU_EXPORT_HMAC_KEY_FILE=$DEV_KEYS/export-hmac.key")
    fi
    # Notifications reads addresses from recruitment and advisory (its
    # backfill training too) and sends to the local SMTP sink.
    if [[ $name == notifications ]]; then
      env+=(
        "JSTEDU_RECRUITMENT_ADDR=$(grpc_target_of recruitment)"
        "JSTEDU_TRAINING_ADDR=$(grpc_target_of training)"
        "JSTEDU_ADVISORY_ADDR=$(grpc_target_of advisory)"
        "JSTEDU_SMTP_URL=smtp://127.0.0.1:$SMTP_PORT"
        "JSTEDU_SMTP_USER=jstedu"
        "JSTEDU_SMTP_PASSWORD_FILE=$DEV_KEYS/smtp-password"
        "JSTEDU_SMTP_CA_FILE=$SMTP_DIR/tls/ca.crt"
        "JSTEDU_SMTP_FROM=powiadomienia@jstedu.localhost"
        "JSTEDU_CONSOLE_URL=$GATEWAY_URL/console/")
    fi
  fi
  # Every process signs or checks the principal of each call with it.
  env+=("JSTEDU_PRINCIPAL_KEY_FILE=$DEV_KEYS/principal.key")
  [[ -z ${JSTEDU_LOG_LEVEL:-} ]] || env+=("JSTEDU_LOG_LEVEL=$JSTEDU_LOG_LEVEL")
  printf '%s\n' "${env[@]}"
}

proc_ports() { # instance
  if [[ $(service_of "$1") == gateway ]]; then
    printf '%s %s' "$(port_of "$(http_listen_of "$1")")" "$(port_of "$(admin_listen_of "$1")")"
  else
    printf '%s %s' "$(port_of "$(grpc_listen_of "$1")")" "$(port_of "$(admin_listen_of "$1")")"
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

# Starts instance `name` of a service or the gateway (recruitment,
# recruitment-2, gateway) in the background unless it already runs. A
# running one whose binary was rebuilt since it started is restarted.
start_proc() { # name
  local name=$1 bin pid port env=()
  bin=$(binary_of "$name")
  if pid=$(live_pid "$name" "$(proc_marker "$name")"); then
    if [[ $bin -nt $PID_DIR/$name.pid ]]; then
      info "$name was rebuilt since it started: restarting it"
      stop_pid "$name" "$pid" 20
    elif [[ $(service_of "$name") == gateway && $DEV_KEYS/public.pem -nt $PID_DIR/$name.pid ]]; then
      info "the dev key pair is newer than $name: restarting it"
      stop_pid "$name" "$pid" 20
    else
      ok "$name already running (pid $pid)"
      return 0
    fi
  fi
  for port in $(proc_ports "$name"); do
    port_in_use "$port" &&
      die "port $port (for $name) is in use by another program (see: ss -ltnp)"
  done
  mapfile -t env < <(proc_env "$name")
  rotate_log "$LOG_DIR/$name.log"
  setsid env "${env[@]}" "$bin" >>"$LOG_DIR/$name.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" "$(proc_marker "$name")" || true # wait_healthy reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/$name.pid"
  STARTED+=("$name")
  ok "$name started (pid $pid, log $(rel "$LOG_DIR/$name.log"))"
}

# The local SMTP sink (see SMTP_PORT), its CA and certificate made once
# (valid ten years: a development relay only), unless it already runs.
start_smtp_sink() {
  local pid tls="$SMTP_DIR/tls"
  if pid=$(live_pid smtp-sink "$SMTP_SINK"); then
    ok "SMTP sink already running (pid $pid, 127.0.0.1:$SMTP_PORT)"
    return 0
  fi
  install -d -m 700 "$SMTP_DIR"
  if [[ ! -s $tls/smtp.crt || ! -s $tls/smtp.key ]]; then
    make_test_ca "$tls" 3650
    issue_test_cert "$tls" localhost server "$tls/smtp" 3650
  fi
  if [[ ! -s $DEV_KEYS/smtp-password ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 >"$DEV_KEYS/smtp-password") ||
      die "could not write $DEV_KEYS/smtp-password"
  fi
  port_in_use "$SMTP_PORT" &&
    die "port $SMTP_PORT (for the SMTP sink, JSTEDU_DEV_SMTP_PORT) is in use by another program (see: ss -ltnp)"
  rotate_log "$LOG_DIR/smtp-sink.log"
  setsid /usr/bin/python3 "$SMTP_SINK" --port "$SMTP_PORT" --dir "$SMTP_DIR/mail" \
    --cert "$tls/smtp.crt" --key "$tls/smtp.key" --user jstedu \
    --password-file "$DEV_KEYS/smtp-password" >>"$LOG_DIR/smtp-sink.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" "$SMTP_SINK" || true # wait_healthy reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/smtp-sink.pid"
  STARTED+=(smtp-sink)
  ok "SMTP sink started (pid $pid, 127.0.0.1:$SMTP_PORT, mail in $(rel "$SMTP_DIR/mail"))"
}

# "smtp 220" when the sink greets.
smtp_health() {
  local greeting=''
  greeting=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT && head -c 3 <&3" 2>/dev/null) || true
  printf 'smtp %s' "${greeting:-000}"
}

# What the command line of a process of the stack holds (see live_pid).
proc_marker() { # name
  case $1 in
  dev-issuer) printf '%s' "$ISSUER_MAIN" ;;
  smtp-sink) printf '%s' "$SMTP_SINK" ;;
  nginx) printf 'nginx: master' ;;
  *) printf 'jstedu-%s' "$(service_of "$1")" ;;
  esac
}

# True when a proc_health answer means ready.
healthy() { # health
  [[ $1 == SERVING || $1 == "readyz 200" || $1 == "discovery 200" || $1 == "smtp 220" ]]
}

# One word for the health of a process: SERVING/NOT_SERVING/UNREACHABLE for
# services (jstedu-healthcheck), "readyz 200" etc. for the gateway,
# "discovery 200" etc. for the dev issuer.
proc_health() { # name
  local name=$1 code url
  if [[ $name == dev-issuer ]]; then
    issuer_health
  elif [[ $name == smtp-sink ]]; then
    smtp_health
  elif [[ $name == nginx || $(service_of "$name") == gateway ]]; then
    url=$GATEWAY_URL
    [[ $name == nginx ]] || url="http://$(http_listen_of "$name")"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/readyz" 2>/dev/null) || true
    printf 'readyz %s' "${code:-000}"
  elif [[ -x $HEALTHCHECK ]]; then
    "$HEALTHCHECK" "$(grpc_listen_of "$name")" --timeout 1s 2>/dev/null || true
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

# Sets REPLICAS for `up`: the one asked for (--replicas), or the running
# stack's; a running stack is never changed to another count in place.
choose_replicas() { # asked ('' when not given)
  local asked=$1 running
  running=$(stored_replicas)
  if [[ -n $(recorded_instances) ]] || live_pid nginx 'nginx: master' >/dev/null; then
    if [[ -n $asked && $asked != "$running" ]]; then
      die "the stack runs with $running replica(s); run tools/dev down first to start it with $asked"
    fi
    REPLICAS=$running
  else
    REPLICAS=${asked:-1}
  fi
  printf '%s\n' "$REPLICAS" >"$REPLICAS_FILE"
}

cmd_up() {
  local build=1 demo=1 replicas=''
  while (($#)); do
    case $1 in
    --no-build) build=0 ;;
    --empty) demo=0 ;;
    --replicas)
      [[ ${2:-} =~ ^[1-9]$ ]] && (($2 <= MAX_REPLICAS)) ||
        die "up: --replicas takes a number from 1 to $MAX_REPLICAS"
      replicas=$2
      shift
      ;;
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
  choose_replicas "$replicas"

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
  start_smtp_sink
  local instances=()
  mapfile -t instances < <(all_instances)
  for name in "${instances[@]}"; do start_proc "$name"; done
  ((REPLICAS == 1)) || start_nginx
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
  local rest=()
  for name in "${instances[@]}"; do [[ $name == recruitment ]] || rest+=("$name"); done
  rest+=(smtp-sink)
  ((REPLICAS == 1)) || rest+=(nginx)
  wait_healthy "$deadline" "${rest[@]}"
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
  local replicas_line=''
  if ((REPLICAS > 1)); then
    replicas_line="
  replicas $REPLICAS of every service and of the gateway; nginx on $HTTP_LISTEN in front
           of the gateways (127.0.0.1:$GATEWAY_REPLICA_PORT...); tools/dev status lists them"
  fi
  cat <<EOF

${_B}jstedu is up.${_N}${replicas_line}
  console  $GATEWAY_URL/console/ (sign in with a demo account below)
  gateway  $GATEWAY_URL (every /v1 route needs a token; $gateway_keys)
  issuer   $ISSUER_URL (the development OpenID provider the gateway trusts;
           tools/dev token signs with its key: tools/dev-issuer/README.md)
  docs     $GATEWAY_URL/docs (the API reference; the document is /v1/openapi.json)
  try      curl -H "Authorization: Bearer \$(tools/dev token --role ADMIN)" $GATEWAY_URL/v1/jsts/2476011
  token    tools/dev token --role ADMIN   (or COORDINATOR --region 24, JST --jst 2476011, ...)
  status   tools/dev status      stop: tools/dev down      logs: .run/logs/
  db       psql -h 127.0.0.1 -p $DEV_PG_PORT -U postgres jstedu      redis: redis-cli -p $DEV_REDIS_PORT
  mail     what notifications sent: $(rel "$SMTP_DIR/mail")/*.eml (the SMTP sink on 127.0.0.1:$SMTP_PORT)
EOF
  print_demo_accounts
}

cmd_down() {
  if [[ ${1:-} == -h || ${1:-} == --help ]]; then
    usage_down
    return 0
  fi
  [[ $# -eq 0 ]] || die "down takes no arguments"
  local name pid stopped=0 victims=() names=()
  # nginx, every gateway, service and the dev issuer first, together:
  # SIGTERM, then a bounded wait.
  mapfile -t names < <(recorded_instances)
  for name in nginx "${names[@]}" dev-issuer smtp-sink; do
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
  local all_ok=1 name pid health fmt='%-14s %-8s %-8s %s\n'
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

  REPLICAS=$(stored_replicas)
  local names=()
  mapfile -t names < <(all_instances)
  ((REPLICAS == 1)) || names+=(nginx)
  for name in "${names[@]}" dev-issuer smtp-sink; do
    if pid=$(live_pid "$name" "$(proc_marker "$name")"); then
      health=$(proc_health "$name" | tr -d '\n')
      healthy "$health" || all_ok=0
      local where
      case $name in
      dev-issuer) where=$ISSUER_URL ;;
      smtp-sink) where=127.0.0.1:$SMTP_PORT ;;
      nginx) where=$HTTP_LISTEN ;;
      gateway | gateway-*) where=$(http_listen_of "$name") ;;
      *) where=$(grpc_listen_of "$name") ;;
      esac
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
