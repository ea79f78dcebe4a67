# shellcheck shell=bash
# The demonstration programme (tools/demo/README.md), loaded by tools/dev up
# through the public API unless --empty: the loader is built into
# build/tools/demo (tools/demo/build.sh) and run with tokens signed by the
# dev key (tools/dev token) for the office and the demo experts. It is
# idempotent, so every `up` runs it and it writes only what is missing.

DEMO_DIR="$BUILD_DIR/tools/demo"
DEMO_EXPERTS=(ekspert-1 ekspert-2 ekspert-3 ekspert-4)

load_demo() {
  local log="$LOG_DIR/demo.log" tokens expert
  info "building the demonstration loader (tools/demo)"
  if ! "$JSTEDU_ROOT/tools/demo/build.sh" "$BIN_DIR/jstedu-openapi" "$DEMO_DIR" >"$log" 2>&1; then
    die "tools/demo/build.sh failed (log: $(rel "$log"))"
  fi
  tokens="{\"ADMIN\": \"$(cmd_token --role ADMIN --sub biuro --ttl 30m)\""
  for expert in "${DEMO_EXPERTS[@]}"; do
    tokens+=", \"EXPERT:$expert\": \"$(cmd_token --role EXPERT --sub "$expert" --ttl 30m)\""
  done
  tokens+="}"
  info "loading the demonstration programme through the API (PILOT, ROLLOUT)"
  if ! JSTEDU_API_URL=$GATEWAY_URL JSTEDU_DEMO_TOKENS=$tokens \
    node "$DEMO_DIR/dist/load.js" >>"$log" 2>&1; then
    die "the demonstration programme did not load (log: $(rel "$log"))"
  fi
  ok "demonstration programme in place: $(tail -n 1 "$log") (log: $(rel "$log"))"
}
