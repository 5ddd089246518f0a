#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) into .code-server/ so the extension-host tests and
# `npm start` run offline: only the npm registry and the Debian apt repositories are needed.
# Idempotent: a second run with everything in place only prints where code-server is.
#
# Why the extra steps:
# - code-server's postinstall builds native modules (kerberos needs libkrb5-dev and pkg-config).
# - @vscode/ripgrep's postinstall downloads a ripgrep binary from GitHub, which is not reachable.
#   Its download code looks for the asset in a cache folder under the OS temp directory first, so
#   we seed that cache with a tarball holding Debian's own `rg`.
# - The tests drive VS Code's workbench with Debian's headless chromium through playwright-core.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.100.3}"
# The @vscode/ripgrep release that code-server 4.100.3 (VS Code 1.100.3) depends on, and the
# ripgrep-prebuilt tag its postinstall fetches. Both are checked against the installed tree below.
RIPGREP_PACKAGE_VERSION="${RIPGREP_PACKAGE_VERSION:-1.15.11}"
RIPGREP_ASSET_VERSION="${RIPGREP_ASSET_VERSION:-v13.0.0-10}"
RIPGREP_TARGET="x86_64-unknown-linux-musl"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="$ROOT/.code-server"
BIN="$PREFIX/node_modules/.bin/code-server"

log() { printf '[install-code-server] %s\n' "$*"; }

# 1. Debian packages, only the missing ones.
install_debian_packages() {
  local missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
  if ((${#missing[@]})); then
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
}

# 2. Seed @vscode/ripgrep's download cache with Debian's rg.
seed_ripgrep_cache() {
  local tmp cache asset stage
  tmp="$(node -p 'require("os").tmpdir()')"
  cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  asset="$cache/ripgrep-$RIPGREP_ASSET_VERSION-$RIPGREP_TARGET.tar.gz"
  if [[ -s "$asset" ]]; then return; fi
  log "seeding $asset with $(command -v rg)"
  mkdir -p "$cache"
  stage="$(mktemp -d)"
  cp "$(command -v rg)" "$stage/rg"
  tar -czf "$asset" -C "$stage" rg
  rm -rf "$stage"
}

# The installed code-server version, read from its package.json: running `code-server --version`
# would write a default config file into the user's home.
installed_version() {
  node -p "require('$PREFIX/node_modules/code-server/package.json').version" 2>/dev/null || true
}

# 3. The npm install itself, in its own package so the project's lock file is untouched.
install_code_server() {
  if [[ -x "$BIN" ]] && [[ "$(installed_version)" == "$CODE_SERVER_VERSION" ]]; then
    log "code-server $CODE_SERVER_VERSION already installed: $BIN"
    return
  fi
  mkdir -p "$PREFIX"
  if [[ ! -f "$PREFIX/package.json" ]]; then
    printf '{\n  "name": "sipnat-code-server",\n  "private": true,\n  "description": "Local code-server for the extension-host tests; not part of the product."\n}\n' >"$PREFIX/package.json"
  fi
  log "npm install code-server@$CODE_SERVER_VERSION (a few minutes, about 300 MB)"
  (cd "$PREFIX" && npm_config_yes=true npm install "code-server@$CODE_SERVER_VERSION" --unsafe-perm --no-audit --no-fund)
}

# 4. Check that the seeded cache matched what @vscode/ripgrep wanted: the rg it installed must run.
verify_ripgrep() {
  local pkg found
  pkg="$(find "$PREFIX/node_modules/code-server/lib" -path '*/node_modules/@vscode/ripgrep/package.json' 2>/dev/null | head -n1)"
  if [[ -z "$pkg" ]]; then log "warning: @vscode/ripgrep not found in the code-server tree"; return; fi
  found="$(node -p "require('$pkg').version")"
  if [[ "$found" != "$RIPGREP_PACKAGE_VERSION" ]]; then
    log "warning: code-server uses @vscode/ripgrep $found, not $RIPGREP_PACKAGE_VERSION; rerun with RIPGREP_PACKAGE_VERSION=$found"
  fi
  if ! "$(dirname "$pkg")/bin/rg" --version >/dev/null 2>&1; then
    log "error: $(dirname "$pkg")/bin/rg does not run"; return 1
  fi
}

install_debian_packages
seed_ripgrep_cache
install_code_server
verify_ripgrep
log "ready: code-server $(installed_version) at $BIN"
