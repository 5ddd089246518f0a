#!/usr/bin/env node
// `npm run bench`: runs every benchmark module in scripts/bench/*.js (in file-name order) over
// generated traces, prints one table per module, and writes .bench/results.json.
//
// Usage: node scripts/bench.js [--quick] [--runs N] [--only name,name]
//   --quick   the 10k-message trace only, 3 runs (a smoke run, not a measurement)
//   --runs N  timed runs per measurement, best kept (default 5, after warm-up runs)
//   --only    run only the modules with these names
//
// The compiled core is required from out/ (run `npm run build` first). The script re-runs
// itself with --expose-gc, so that modules can collect garbage between runs and measure
// retained memory.
//
// A module is a CommonJS file exporting { name, description, run(ctx) }, where run may be
// async and returns { table: { columns: string[], rows: (string|number)[][] }, results: object }.
// ctx holds:
//   root      the repository root
//   benchDir  .bench/ (git-ignored), for generated files
//   options   { quick, runs, only }
//   core      the compiled core facade (out/server/src/core/index.js)
//   trace(n)  the deterministic trace of n messages, cached: { file, text, bytes, messages },
//             where messages is the array of message strings (its length is the count)
//   seed(n)   the generator seed of that trace, for child processes that load it again
//   sizes     the trace sizes to measure: [10000, 100000], or [10000] with --quick
//   log(line) progress output on stderr
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

if (typeof globalThis.gc !== 'function') {
  // Re-run with a collectable heap; the exit status is passed through.
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, path.join(__dirname, 'bench.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status === null ? 1 : child.status);
}

const { loadTrace } = require('./bench/lib/traces');

const root = path.resolve(__dirname, '..');
const benchDir = path.join(root, '.bench');

function parseOptions(argv) {
  const options = { quick: false, runs: 5, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') {
      options.quick = true;
      options.runs = 3;
    } else if (arg === '--runs') {
      options.runs = Math.max(1, Number(argv[++i]) || 1);
    } else if (arg === '--only') {
      options.only = String(argv[++i] || '').split(',').filter(Boolean);
    } else {
      throw new Error(`unknown argument ${arg}`);
    }
  }
  return options;
}


/** Prints a table with aligned columns. */
function printTable(title, table) {
  const cells = [table.columns, ...table.rows].map((row) => row.map((c) => String(c)));
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] || '').length)));
  const line = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  process.stdout.write(`\n${title}\n${line(cells[0])}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
  for (const row of cells.slice(1)) process.stdout.write(`${line(row)}\n`);
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const coreEntry = path.join(root, 'out', 'server', 'src', 'core', 'index.js');
  if (!fs.existsSync(coreEntry)) {
    process.stderr.write('bench: the core is not built: run `npm run build` first\n');
    process.exit(2);
  }
  const core = require(coreEntry);
  const traces = new Map();
  const ctx = {
    root,
    benchDir,
    options,
    core,
    sizes: options.quick ? [10000] : [10000, 100000],
    /** The generator seed of the trace of `count` messages (a child process loads the same trace). */
    seed: (count) => 20251124 + count,
    trace(count) {
      if (!traces.has(count)) traces.set(count, loadTrace(benchDir, count, ctx.seed(count)));
      return traces.get(count);
    },
    log: (line) => process.stderr.write(`bench: ${line}\n`),
  };

  const moduleDir = path.join(__dirname, 'bench');
  const files = fs.readdirSync(moduleDir).filter((f) => f.endsWith('.js')).sort();
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: os.cpus()[0] ? os.cpus()[0].model : 'unknown',
    cores: os.cpus().length,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    options,
    traces: {},
    modules: {},
  };
  process.stdout.write(`sipnat bench: node ${process.version}, ${results.cores} x ${results.cpu}, load ${results.loadAverageAtStart.join(' ')}\n`);
  for (const file of files) {
    const mod = require(path.join(moduleDir, file));
    if (options.only && !options.only.includes(mod.name)) continue;
    ctx.log(`${mod.name}: ${mod.description}`);
    const started = Date.now();
    const out = await mod.run(ctx);
    printTable(`${mod.name}: ${mod.description}`, out.table);
    results.modules[mod.name] = { ...out.results, seconds: (Date.now() - started) / 1000 };
  }
  for (const [count, t] of traces) {
    results.traces[count] = { file: path.relative(root, t.file), messages: t.messages.length, bytes: t.bytes };
  }
  fs.mkdirSync(benchDir, { recursive: true });
  fs.writeFileSync(path.join(benchDir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(`\nwrote ${path.relative(process.cwd(), path.join(benchDir, 'results.json'))}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
