#!/usr/bin/env bash
# `npm start`: packages the extension, installs the .vsix into the local code-server and serves
# VS Code in the browser on http://127.0.0.1:8080 with examples/ open. Works offline: the
# marketplace is turned off and nothing listens beyond loopback. Ctrl-C stops it.
#
# Environment: SIPNAT_PORT (default 8080), SIPNAT_FOLDER (default examples/).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${SIPNAT_PORT:-8080}"
FOLDER="$(cd "${SIPNAT_FOLDER:-$ROOT/examples}" && pwd)"
CODE_SERVER="$ROOT/.code-server/node_modules/.bin/code-server"
# A profile of its own, kept between runs (settings, open editors), inside the git-ignored folder.
PROFILE="$ROOT/.code-server/profile"

if [[ ! -x "$CODE_SERVER" ]]; then
  bash "$ROOT/scripts/install-code-server.sh"
fi

(cd "$ROOT" && npm run --silent package)

mkdir -p "$PROFILE/user-data/User" "$PROFILE/extensions"
printf 'auth: none\n' >"$PROFILE/config.yaml"
if [[ ! -f "$PROFILE/user-data/User/settings.json" ]]; then
  printf '{\n  "workbench.startupEditor": "none",\n  "extensions.autoUpdate": false,\n  "extensions.autoCheckUpdates": false,\n  "telemetry.telemetryLevel": "off"\n}\n' \
    >"$PROFILE/user-data/User/settings.json"
fi

# Keep code-server's own files out of the home directory; an empty gallery means no marketplace.
export XDG_CONFIG_HOME="$PROFILE/xdg-config" XDG_DATA_HOME="$PROFILE/xdg-data" EXTENSIONS_GALLERY='{}'
common=(--user-data-dir "$PROFILE/user-data" --extensions-dir "$PROFILE/extensions" --config "$PROFILE/config.yaml")

"$CODE_SERVER" "${common[@]}" --install-extension "$ROOT/sipnat.vsix" --force

echo
echo "sipnat is running in VS Code (code-server) at:"
echo "  http://127.0.0.1:$PORT/?folder=$FOLDER"
echo "Press Ctrl-C to stop."
echo
exec "$CODE_SERVER" "${common[@]}" \
  --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  "$FOLDER"
