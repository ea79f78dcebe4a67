# shellcheck shell=bash
# Debian packages from tools/packages/*.txt: install only what is missing.

# Prints the package names of the given list files (comments and blanks out).
package_names() { # list-file...
  local f
  for f in "$@"; do
    [[ -f $f ]] || die "package list $(rel "$f") is missing"
    sed -e 's/#.*//' -e 's/[[:space:]]\+/\n/g' "$f" | sed '/^$/d'
  done | awk '!seen[$0]++'
}

# True when dpkg has the package fully installed.
package_installed() { # name
  [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == ii* ]]
}

# Installs the packages of the named lists (build, runtime, servers) that are
# not installed yet. When all are there, it runs no apt command at all, so a
# second run needs no network.
ensure_packages() { # list-name...
  local files=() name pkg
  local names
  for name in "$@"; do files+=("$PACKAGES_DIR/$name.txt"); done
  names=$(printf 'tools/packages/%s.txt ' "$@")
  local wanted=() missing=()
  mapfile -t wanted < <(package_names "${files[@]}")
  command -v dpkg-query >/dev/null 2>&1 ||
    die "dpkg-query not found: tools/dev installs packages on Debian only"
  for pkg in "${wanted[@]}"; do
    package_installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    ok "packages: all ${#wanted[@]} of ${names% } are installed"
    return 0
  fi

  local sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null 2>&1 ||
      die "missing packages (${missing[*]}) and not root: install them or run as root"
    sudo=(sudo)
  fi
  info "installing ${#missing[@]} missing package(s): ${missing[*]}"
  local apt_opts=(-o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0 -q)
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${apt_opts[@]}" update ||
    die "apt-get update failed (no network to the Debian mirror?)"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" ||
    die "apt-get install failed for: ${missing[*]}"
  for pkg in "${missing[@]}"; do
    package_installed "$pkg" || die "package $pkg is still not installed after apt-get install"
  done
  ok "packages: installed ${missing[*]}"
}

# The deployment tests' node tools (tests/k8s: kubernetes-models, js-yaml),
# pinned by its package-lock.json: `npm ci` unless node_modules matches the
# lock exactly (tests/k8s/lib/npm_installed.js). npm comes with the machine's nodejs (nodejs is in
# build.txt; Debian's own nodejs needs the separate npm package). kubectl
# (1.32, with kustomize) comes with the machine image: Debian's
# kubernetes-client is too old to render the overlays.
ensure_node_tools() {
  local dir="$JSTEDU_ROOT/tests/k8s"
  [[ -f $dir/package-lock.json ]] || return 0
  command -v npm >/dev/null || ensure_packages npm
  # Without kubectl only the deployment tests fail (they say why); the rest
  # of the run goes on.
  command -v kubectl >/dev/null ||
    warn "kubectl (1.32 with kustomize, from the machine image) is missing: the tests in tests/k8s will fail"
  if ! node "$dir/lib/npm_installed.js" >/dev/null 2>&1; then
    info "installing the node tools of tests/k8s (npm ci)"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error >/dev/null ||
      die "npm ci in tests/k8s failed (no network to the npm registry?)"
  fi
}
