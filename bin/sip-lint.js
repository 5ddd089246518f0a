#!/usr/bin/env node
// The sip-lint command: runs the bundled CLI when the package ships one (dist/), else the
// compiled sources (out/, after `npm run build`).
'use strict';
const fs = require('fs');
const path = require('path');

const bundled = path.join(__dirname, '..', 'dist', 'sip-lint.js');
const compiled = path.join(__dirname, '..', 'out', 'server', 'src', 'cli', 'main.js');
const entry = fs.existsSync(bundled) ? bundled : compiled;
if (!fs.existsSync(entry)) {
  process.stderr.write('sip-lint: not built: run `npm run build` first\n');
  process.exitCode = 2;
} else {
  void require(entry).main(process.argv.slice(2));
}
