// Retained memory per message: the heap a parsed 100k-message trace keeps alive, measured in a
// fresh Node process with --expose-gc (heapUsed plus arrayBuffers, where the header store lives,
// after a full collection with the document held, minus the same before parsing, with the text
// already read and the code warmed), divided by the messages.
// The same for lint(), whose result also holds the findings.
// Then the bytes allocated per message by one call over the smallest trace, garbage included
// (lib/alloc-child.js): deterministic where times are not, so that a change's cost in work for
// the collector shows even when the machine is too noisy to time it.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

/** Young generation for the allocation child: room for one lint of the smallest trace. */
const SEMI_SPACE_MB = 384;

module.exports = {
  name: 'memory',
  description: 'memory retained per message (JS heap + typed arrays) after parsing the largest trace; bytes allocated per message on the smallest',
  run(ctx) {
    const size = ctx.sizes[ctx.sizes.length - 1];
    const trace = ctx.trace(size);
    const rows = [];
    const results = { trace: size };
    for (const entry of ['parseDocument', 'lint']) {
      const child = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'lib', 'memory-child.js'), trace.file, entry,
        path.join(ctx.root, 'out', 'server', 'src', 'core', 'index.js')], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`memory child failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout);
      rows.push([`${size / 1000}k`, entry, r.messages, (r.retainedBytes / 1e6).toFixed(1), Math.round(r.retainedBytes / r.messages), (r.textBytes / 1e6).toFixed(1)]);
      results[entry] = { ...r, bytesPerMessage: r.retainedBytes / r.messages };
    }
    const small = ctx.trace(ctx.sizes[0]);
    results.allocated = { trace: ctx.sizes[0] };
    for (const entry of ['parseDocument', 'lint']) {
      const child = spawnSync(process.execPath, ['--expose-gc', `--min-semi-space-size=${SEMI_SPACE_MB}`, `--max-semi-space-size=${SEMI_SPACE_MB}`,
        path.join(__dirname, 'lib', 'alloc-child.js'), small.file, entry, path.join(ctx.root, 'out', 'server', 'src', 'core', 'index.js')],
      { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (child.status !== 0) throw new Error(`allocation child failed: ${child.stderr}`);
      const r = JSON.parse(child.stdout);
      // A collection during the call hides what it freed: the figure is then a lower bound.
      const bound = r.collections > 0 ? '>= ' : '';
      rows.push([`${ctx.sizes[0] / 1000}k`, `${entry} (allocated, garbage included)`, r.messages, `${bound}${(r.allocatedBytes / 1e6).toFixed(1)}`,
        `${bound}${Math.round(r.allocatedBytes / r.messages)}`, (small.bytes / 1e6).toFixed(1)]);
      results.allocated[entry] = { ...r, bytesPerMessage: r.allocatedBytes / r.messages, lowerBound: r.collections > 0 };
    }
    return { table: { columns: ['trace', 'held', 'messages', 'retained MB', 'bytes/message', 'text MB'], rows }, results };
  },
};
