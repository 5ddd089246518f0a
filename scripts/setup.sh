#!/usr/bin/env bash
# Set-up and the main job, for a new user on a fresh machine: install what is needed, build,
# then lint the bundled example traces and print the findings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-deps.sh
npm ci --no-audit --no-fund
npm run build
echo
echo "== sip-lint examples/"
# Findings at error level make sip-lint exit 1; the examples are real traces with NAT
# warnings, so a clean run here exits 0.
node bin/sip-lint.js examples/
