// Wall time of the sip-lint command over the largest trace, as a user sees it: a child process
// `node bin/sip-lint.js TRACE` including Node's start-up, the report written to /dev/null;
// best of 3. Beside it, what the CLI adds to the core: a fresh process that only reads the
// trace and calls the core's lint() (from out/, which `npm run bench` builds) gives the core's
// cold time; the rest (start-up, module load, line and column conversion, formatting,
// writing, exit) is the CLI's. And the floor: the wall time of a Node process that only reads
// the trace into a string and exits, what any Node linter pays before it looks at one byte.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

/** The child that times read + decode + lint() in a fresh process, printing milliseconds. */
const COLD_LINT = `
const fs = require('fs');
const core = require(process.argv[1]);
const start = process.hrtime.bigint();
core.lint(fs.readFileSync(process.argv[2], 'utf8'));
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

/** The floor child: reads the trace into a string and exits. */
const READ_ONLY = `require('fs').readFileSync(process.argv[1], 'utf8');`;

/** Runs `node args` once: its wall time in ms, exit status and standard output. */
function runNode(args, stdio) {
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { stdio, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0 && child.status !== 1) throw new Error(`node ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
  return { ms, status: child.status, stdout: child.stdout ?? '' };
}

/** The least of three values of `measure()`. */
function bestOf3(measure) {
  return Math.min(measure(), measure(), measure());
}

module.exports = {
  name: 'cli',
  description: 'sip-lint wall time over the largest trace, Node start-up included (best of 3), and the share of the core\'s cold lint()',
  run(ctx) {
    const size = ctx.sizes[ctx.sizes.length - 1];
    const trace = ctx.trace(size);
    const bin = path.join(ctx.root, 'bin', 'sip-lint.js');
    let status = null;
    const best = bestOf3(() => {
      const run = runNode([bin, trace.file], ['ignore', 'ignore', 'pipe']);
      status = run.status;
      return run.ms;
    });
    const startupMs = bestOf3(() => runNode([bin, '--version'], 'ignore').ms);
    const core = path.join(ctx.root, 'out', 'server', 'src', 'core', 'index.js');
    const coldLintMs = bestOf3(() => Number(runNode(['-e', COLD_LINT, core, trace.file], ['ignore', 'pipe', 'pipe']).stdout));
    const floorMs = bestOf3(() => runNode(['-e', READ_ONLY, trace.file], 'ignore').ms);
    return {
      table: {
        columns: ['trace', 'best s', 'MB/s', 'exit', 'start-up ms (--version)', 'cold read+lint() ms', 'rest of the CLI ms', 'floor: start+read ms'],
        rows: [[`${size / 1000}k`, (best / 1000).toFixed(2), (trace.bytes / 1e6 / (best / 1000)).toFixed(1), status, startupMs.toFixed(0), coldLintMs.toFixed(0), (best - coldLintMs).toFixed(0), floorMs.toFixed(0)]],
      },
      results: { trace: size, bestMs: best, mbPerSecond: trace.bytes / 1e6 / (best / 1000), exitStatus: status, startupMs, coldLintMs, restMs: best - coldLintMs, floorMs },
    };
  },
};
