#!/usr/bin/env node
// Compiles the extension-host test harness (runTest.ts, suite/*.ts) to out/e2e/ with esbuild.
// Each file is transpiled on its own, not bundled: `vscode` is provided by the extension host and
// mocha and @vscode/test-electron are loaded from the repository's node_modules.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const here = __dirname;
const outdir = path.resolve(here, '../../out/e2e');
const suite = fs.readdirSync(path.join(here, 'suite')).filter((f) => f.endsWith('.ts')).map((f) => path.join(here, 'suite', f));

fs.rmSync(outdir, { recursive: true, force: true });
esbuild
  .build({
    entryPoints: [path.join(here, 'runTest.ts'), ...suite],
    outbase: here,
    outdir,
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  })
  .catch(() => process.exit(1));
