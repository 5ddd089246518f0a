#!/usr/bin/env bash
# Installs the Debian packages the tests use: coturn (a real STUN server), nftables, conntrack
# and iproute2 (the NAT lab), SIPp (real SIP peers and built-in scenarios), chromium and ripgrep
# (code-server's extension-host route). Idempotent: installs only what is missing.
set -euo pipefail
packages=(coturn nftables conntrack iproute2 sip-tester chromium ripgrep libkrb5-dev pkg-config)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "sipnat: missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "sipnat: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
