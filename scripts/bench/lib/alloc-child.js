// Run by 20-memory.js as `node --expose-gc --min-semi-space-size=M --max-semi-space-size=M
// alloc-child.js TRACE ENTRY CORE`: the bytes ENTRY (parseDocument or lint) allocates in one call
// over the trace, garbage included. The young generation is made large enough for the whole
// call, so that no collection runs during it: the growth of every heap space is then exactly
// what was allocated. Prints { messages, allocatedBytes, collections } as JSON; a collection
// during the call (collections > 0) makes the figure a lower bound, and the caller says so.
'use strict';

const fs = require('fs');
const v8 = require('v8');
const { PerformanceObserver } = require('perf_hooks');

const [file, entry, coreEntry] = process.argv.slice(2);
const core = require(coreEntry);
const text = fs.readFileSync(file, 'utf8');
// Warm up on the trace itself, so that compiled code is not counted as allocation.
for (let i = 0; i < 3; i++) core[entry](text);
globalThis.gc();
let collections = 0;
const observer = new PerformanceObserver((list) => { collections += list.getEntries().length; });
observer.observe({ entryTypes: ['gc'] });
const used = () => v8.getHeapSpaceStatistics().reduce((sum, space) => sum + space.space_used_size, 0);
const before = used();
const result = core[entry](text);
const after = used();
const document = entry === 'lint' ? result.document : result;
// Observer entries arrive asynchronously, after the call: a short timer lets them come in.
setTimeout(() => {
  observer.disconnect();
  process.stdout.write(JSON.stringify({ messages: document.messages.length, allocatedBytes: after - before, collections }));
}, 100);
