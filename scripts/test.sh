#!/usr/bin/env bash
# Every test: type-check and build, lint the code, grammar tests, the extension-host suite in a
# real VS Code (code-server + headless Chromium), then unit, protocol and integration tests
# (real coturn; the network-namespace NAT lab when run as root) in one node:test run, whose
# summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build
npx eslint .
node scripts/gen-rule-docs.js --check
npm run test:grammar
bash scripts/install-code-server.sh
npm run test:e2e
shopt -s nullglob
tests=(out/test/unit/*.test.js out/test/protocol/*.test.js out/test/integration/*.test.js)
node --test --test-concurrency=1 "${tests[@]}"
