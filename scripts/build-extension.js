#!/usr/bin/env node
// Bundles the extension with esbuild into dist/:
//   client/src/extension.ts -> dist/client.js    (the extension's `main`; `vscode` stays external)
//   server/src/lsp/main.ts  -> dist/server.js    (the language server the client starts over IPC)
//   server/src/cli/main.ts  -> dist/sip-lint.js  (the CLI, when its entry exists)
// esbuild does not type-check, so a type error elsewhere in the tree never blocks a bundle;
// `npx tsc -b` is the type check.
//
// Usage: node scripts/build-extension.js [--production] [--watch]
//   --production  minifies and drops source maps (what `npm run package` ships)
//   --watch       rebuilds on change
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Options shared by every bundle: one CommonJS file for the Node version VS Code 1.100 ships. */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'info',
  // vscode-languageserver and friends ship both CommonJS and ESM; prefer the module build.
  mainFields: ['module', 'main'],
};

/** Bundles the extension can ship without: their build failing only warns. */
const optionalOutputs = new Set();

/** Returns the esbuild build options of every bundle: client and server always, the CLI when present. */
function bundles() {
  const list = [
    {
      ...common,
      entryPoints: [path.join(root, 'client/src/extension.ts')],
      outfile: path.join(root, 'dist/client.js'),
      external: ['vscode'],
    },
    {
      ...common,
      entryPoints: [path.join(root, 'server/src/lsp/main.ts')],
      outfile: path.join(root, 'dist/server.js'),
    },
  ];

  const cliEntry = path.join(root, 'server/src/cli/main.ts');
  if (fs.existsSync(cliEntry)) {
    // The extension does not need the CLI, so a CLI that does not build yet only warns.
    optionalOutputs.add(path.join(root, 'dist/sip-lint.js'));
    list.push({ ...common, entryPoints: [cliEntry], outfile: path.join(root, 'dist/sip-lint.js') });
  }
  return list;
}

async function main() {
  // Stale files from an earlier build (a removed entry, old maps) must not end up in the .vsix.
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const options = bundles();
  if (watch) {
    for (const o of options) {
      const ctx = await esbuild.context(o);
      await ctx.watch();
    }
    console.log('build-extension: watching for changes');
    return;
  }
  const results = await Promise.allSettled(options.map((o) => esbuild.build(o)));
  let failed = false;
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') return;
    const { outfile } = options[i];
    if (optionalOutputs.has(outfile)) console.warn(`build-extension: skipped ${path.relative(root, outfile)}: it does not build yet`);
    else failed = true;
  });
  if (failed) process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
