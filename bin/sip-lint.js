#!/usr/bin/env node
// The sip-lint command. It runs the CLI bundle (dist/sip-lint.js, what the package ships) or
// the compiled sources (out/, after `npm run build`); when a working tree has both, the more
// recently built one, so that a stale bundle never hides a fresh build or the reverse. `tsc -b`
// rewrites only the files that changed, so the build time of out/ is read from its build-info
// files.
'use strict';
const fs = require('fs');
const path = require('path');

/** The modification time of a file in ms, or -1 when it does not exist. */
function builtAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

const root = path.join(__dirname, '..');
const bundled = path.join(root, 'dist', 'sip-lint.js');
const compiled = path.join(root, 'out', 'server', 'src', 'cli', 'main.js');
const compiledAt = builtAt(compiled) < 0 ? -1
  : Math.max(builtAt(compiled), builtAt(path.join(root, 'out', 'server.tsbuildinfo')), builtAt(path.join(root, 'out', 'core.tsbuildinfo')));
const entry = builtAt(bundled) >= compiledAt ? bundled : compiled;
if (builtAt(entry) < 0) {
  process.stderr.write('sip-lint: not built: run `npm run build` first\n');
  process.exitCode = 2;
} else {
  void require(entry).main(process.argv.slice(2));
}
