// Wall time of the sip-lint command over the largest trace, as a user sees it: a child process
// `node bin/sip-lint.js TRACE` including Node's start-up, the report written to /dev/null;
// best of 3.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

module.exports = {
  name: 'cli',
  description: 'sip-lint wall time over the largest trace, Node start-up included (best of 3)',
  run(ctx) {
    const size = ctx.sizes[ctx.sizes.length - 1];
    const trace = ctx.trace(size);
    const bin = path.join(ctx.root, 'bin', 'sip-lint.js');
    let best = Infinity;
    let status = null;
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const child = spawnSync(process.execPath, [bin, trace.file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (child.status !== 0 && child.status !== 1) throw new Error(`sip-lint exited with ${child.status}: ${child.stderr}`);
      status = child.status;
      best = Math.min(best, ms);
    }
    const startup = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, [bin, '--version'], { stdio: 'ignore' });
      startup.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const startupMs = Math.min(...startup);
    return {
      table: {
        columns: ['trace', 'best s', 'MB/s', 'exit', 'start-up ms (--version)'],
        rows: [[`${size / 1000}k`, (best / 1000).toFixed(2), (trace.bytes / 1e6 / (best / 1000)).toFixed(1), status, startupMs.toFixed(0)]],
      },
      results: { trace: size, bestMs: best, mbPerSecond: trace.bytes / 1e6 / (best / 1000), exitStatus: status, startupMs },
    };
  },
};
