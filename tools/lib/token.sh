# shellcheck shell=bash
# tools/dev token: a development JWT (RS256) signed with .run/dev-keys/.
# Only openssl and coreutils; nothing else.

DEV_KEYS="$RUN_DIR/dev-keys"
ROLES=(ADMIN COORDINATOR EXPERT TRAINER JST MINISTRY)
# Voivodeship codes: the even numbers 02..32.
REGION_RE='^(0[2468]|[12][02468]|3[02])$'
# The gateway refuses a token living longer (JSTEDU_JWT_MAX_LIFETIME default).
MAX_TTL_SECONDS=$((12 * 3600))

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Makes the dev key pair once (RSA 2048): private.pem (0600), public.pem;
# reporting's export pseudonymisation key, the gateway's idempotency secret
# and the key every process signs principals with (48 random bytes each,
# 0600).
ensure_dev_keys() {
  install -d -m 700 "$DEV_KEYS"
  local secret
  for secret in export-hmac.key idempotency.key principal.key; do
    if [[ ! -s $DEV_KEYS/$secret ]]; then
      (umask 077 && head -c 48 /dev/urandom >"$DEV_KEYS/$secret.tmp") ||
        die "could not write $secret"
      mv -f "$DEV_KEYS/$secret.tmp" "$DEV_KEYS/$secret"
    fi
  done
  if [[ -s $DEV_KEYS/private.pem && -s $DEV_KEYS/public.pem ]]; then
    return 0
  fi
  if [[ ! -s $DEV_KEYS/private.pem ]]; then
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
      -out "$DEV_KEYS/private.pem.tmp" 2>/dev/null) || die "openssl genpkey failed"
    mv -f "$DEV_KEYS/private.pem.tmp" "$DEV_KEYS/private.pem"
  fi
  openssl pkey -in "$DEV_KEYS/private.pem" -pubout -out "$DEV_KEYS/public.pem.tmp" ||
    die "openssl pkey -pubout failed"
  chmod 644 "$DEV_KEYS/public.pem.tmp"
  mv -f "$DEV_KEYS/public.pem.tmp" "$DEV_KEYS/public.pem"
  printf 'generated the dev key pair in %s (private.pem, public.pem; never commit it)\n' \
    "$(rel "$DEV_KEYS")" >&2
}

ttl_seconds() { # 90s | 30m | 12h | 1d | 3600
  [[ $1 =~ ^([0-9]+)([smhd]?)$ ]] || return 1
  local n=$((10#${BASH_REMATCH[1]})) unit=${BASH_REMATCH[2]:-s}
  case $unit in
  s) printf '%s' "$n" ;;
  m) printf '%s' "$((n * 60))" ;;
  h) printf '%s' "$((n * 3600))" ;;
  d) printf '%s' "$((n * 86400))" ;;
  esac
}

cmd_token() {
  local role='' region='' jst='' sub='' ttl=12h
  while (($#)); do
    case $1 in
    --role | --region | --jst | --sub | --ttl)
      (($# >= 2)) || die "token: $1 needs a value"
      case $1 in
      --role) role=$2 ;; --region) region=$2 ;; --jst) jst=$2 ;;
      --sub) sub=$2 ;; --ttl) ttl=$2 ;;
      esac
      shift 2
      continue
      ;;
    --role=*) role=${1#*=} ;;
    --region=*) region=${1#*=} ;;
    --jst=*) jst=${1#*=} ;;
    --sub=*) sub=${1#*=} ;;
    --ttl=*) ttl=${1#*=} ;;
    -h | --help)
      usage_token
      return 0
      ;;
    *) die "token: unknown argument '$1' (see tools/dev token --help)" ;;
    esac
    shift
  done

  [[ -n $role ]] || die "token: --role is required (one of ${ROLES[*]})"
  role=${role^^}
  [[ $role =~ ^[A-Z]+$ && " ${ROLES[*]} " == *" $role "* ]] ||
    die "token: role '$role' is not one of ${ROLES[*]}"
  if [[ -n $region && ! $region =~ $REGION_RE ]]; then
    die "token: --region '$region' is not a voivodeship code (two digits, even, 02-32)"
  fi
  if [[ -n $jst ]]; then
    [[ $jst =~ ^([0-9]{4}|[0-9]{7})$ ]] ||
      die "token: --jst '$jst' must be a TERYT code of 4 (powiat) or 7 (gmina) digits"
    [[ ${jst:0:2} =~ $REGION_RE ]] ||
      die "token: --jst '$jst' does not start with a voivodeship code (02-32, even)"
    [[ -z $region || ${jst:0:2} == "$region" ]] ||
      die "token: --jst '$jst' lies outside --region $region"
  fi
  [[ $role != COORDINATOR || -n $region ]] || die "token: role COORDINATOR needs --region WW"
  [[ $role != JST || -n $jst ]] || die "token: role JST needs --jst TERYT"
  [[ -n $sub ]] || sub="dev-${role,,}"
  [[ $sub =~ ^[A-Za-z0-9._:@-]{1,128}$ ]] ||
    die "token: --sub may hold only letters, digits and . _ : @ - (1-128 characters)"
  local ttl_s
  if ! ttl_s=$(ttl_seconds "$ttl") || ((ttl_s <= 0)); then
    die "token: --ttl '$ttl' is not a duration such as 90s, 30m, 12h"
  fi
  ((ttl_s <= MAX_TTL_SECONDS)) ||
    die "token: --ttl '$ttl' is longer than 12h, the gateway's maximum token lifetime (JSTEDU_JWT_MAX_LIFETIME): it would refuse the token"

  command -v openssl >/dev/null || die "openssl not found (package openssl)"
  ensure_dev_keys

  local now header payload input signature issuer=jstedu-dev
  now=$(date +%s)
  # With the development issuer (the default), the token is the issuer's:
  # its URL as `iss`, signed with its key (tools/dev-issuer/src/sign-token.mjs).
  if dev_oidc_enabled; then issuer=$ISSUER_URL; fi
  header='{"alg":"RS256","typ":"JWT"}'
  payload="{\"iss\":\"$issuer\",\"aud\":\"jstedu-gateway\",\"sub\":\"$sub\",\"role\":\"$role\""
  [[ -z $region ]] || payload+=",\"region\":\"$region\""
  [[ -z $jst ]] || payload+=",\"jst\":\"$jst\""
  payload+=",\"iat\":$now,\"nbf\":$now,\"exp\":$((now + ttl_s))}"
  if dev_oidc_enabled; then
    [[ -f $ISSUER_STATE/jwks.json ]] ||
      die "token: the development issuer has no keys yet: run tools/dev up first (or JSTEDU_DEV_OIDC=0 for the key file)"
    node "$ISSUER_DIR/src/sign-token.mjs" "$ISSUER_STATE" "$payload" || die "signing failed"
    return
  fi

  input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
  signature=$(printf '%s' "$input" |
    openssl dgst -sha256 -sign "$DEV_KEYS/private.pem" -binary | b64url) ||
    die "signing failed"
  [[ -n $signature ]] || die "signing failed"
  printf '%s.%s\n' "$input" "$signature"
}
