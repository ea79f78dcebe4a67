# shellcheck shell=bash
# The development OpenID provider (tools/dev-issuer) in the dev stack: where
# it listens, its npm packages, starting it, and the accounts `up` prints.
# Sourced after stack.sh (it uses GATEWAY_URL, LOG_DIR, PID_DIR, STARTED).

ISSUER_DIR="$JSTEDU_ROOT/tools/dev-issuer"
ISSUER_MAIN="$ISSUER_DIR/src/main.mjs"
ISSUER_PORT=${JSTEDU_DEV_ISSUER_PORT:-8081}
ISSUER_URL="http://127.0.0.1:$ISSUER_PORT"
ISSUER_STATE="$RUN_DIR/dev-issuer"
# Where the console may be sent back after sign-in and sign-out.
CONSOLE_REDIRECT_URIS=${JSTEDU_CONSOLE_REDIRECT_URIS:-$GATEWAY_URL/console/,$GATEWAY_URL/console/callback}

# The gateway trusts the development issuer (JSTEDU_OIDC_ISSUER), as it
# would trust the programme's identity provider in production, and
# `tools/dev token` signs with the issuer's key. JSTEDU_DEV_OIDC=0 switches
# both back to the dev key pair (.run/dev-keys, JSTEDU_JWT_PUBLIC_KEY_FILE);
# `tools/dev down` first, as a running gateway keeps its settings.
dev_oidc_enabled() { [[ ${JSTEDU_DEV_OIDC:-1} == 1 ]]; }

# Installs tools/dev-issuer's pinned packages when its lock changed.
issuer_install() {
  command -v node >/dev/null || die "node not found (Node 20 and npm: Debian packages nodejs, npm)"
  local log="$LOG_DIR/dev-issuer-npm.log"
  if ! "$JSTEDU_ROOT/tools/npm-ci" "$ISSUER_DIR" >"$log" 2>&1; then
    show_log_tail "$log" 15
    die "npm ci in $(rel "$ISSUER_DIR") failed (log: $(rel "$log"))"
  fi
}

# True when its code or packages changed since the running issuer started.
issuer_changed() {
  [[ -n $(find "$ISSUER_DIR/src" "$ISSUER_DIR/package-lock.json" -newer "$PID_DIR/dev-issuer.pid" -print -quit) ]]
}

# Starts the issuer unless it already runs (restarted when changed).
start_issuer() {
  local pid
  issuer_install
  if pid=$(live_pid dev-issuer "$ISSUER_MAIN"); then
    if ! issuer_changed; then
      ok "dev-issuer already running (pid $pid, $ISSUER_URL)"
      return 0
    fi
    info "tools/dev-issuer changed since it started: restarting it"
    stop_pid dev-issuer "$pid" 20
  fi
  port_in_use "$ISSUER_PORT" &&
    die "port $ISSUER_PORT (for the dev issuer, JSTEDU_DEV_ISSUER_PORT) is in use by another program (see: ss -ltnp)"
  rotate_log "$LOG_DIR/dev-issuer.log"
  setsid env "JSTEDU_DEV_ISSUER_PORT=$ISSUER_PORT" "JSTEDU_DEV_ISSUER_STATE_DIR=$ISSUER_STATE" \
    "JSTEDU_CONSOLE_REDIRECT_URIS=$CONSOLE_REDIRECT_URIS" \
    node "$ISSUER_MAIN" >>"$LOG_DIR/dev-issuer.log" 2>&1 </dev/null &
  pid=$!
  await_exec "$pid" "$ISSUER_MAIN" || true # wait_healthy reports an exit
  printf '%s\n' "$pid" >"$PID_DIR/dev-issuer.pid"
  STARTED+=(dev-issuer)
  ok "dev-issuer started (pid $pid, log $(rel "$LOG_DIR/dev-issuer.log"))"
}

# "discovery 200" when the issuer serves its discovery document.
issuer_health() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
    "$ISSUER_URL/.well-known/openid-configuration" 2>/dev/null) || true
  printf 'discovery %s' "${code:-000}"
}

# The demo accounts, one line each: login, role, who.
print_demo_accounts() {
  node --input-type=module -e "
    const { ACCOUNTS, DEMO_PASSWORD } = await import(process.argv[1]);
    console.log('  demo accounts (password ' + DEMO_PASSWORD + ' for all):');
    for (const a of ACCOUNTS) console.log('    ' + a.login.padEnd(17) + a.role.padEnd(12) + a.name);
  " "$ISSUER_DIR/src/accounts.mjs"
}
