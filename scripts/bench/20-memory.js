// Retained memory per message: the heap a parsed 100k-message trace keeps alive, measured in a
// fresh Node process with --expose-gc (heapUsed plus arrayBuffers, where the header store lives,
// after a full collection with the document held, minus the same before parsing, with the text
// already read and the code warmed), divided by the messages.
// The same for lint(), whose result also holds the findings.
'use strict';

const path = require('path');
const { spawnSync } = require('child_process');

module.exports = {
  name: 'memory',
  description: 'memory retained per message (JS heap + typed arrays) after parsing the largest trace',
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
    return { table: { columns: ['trace', 'held', 'messages', 'retained MB', 'bytes/message', 'text MB'], rows }, results };
  },
};
