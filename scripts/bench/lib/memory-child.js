// Run by 20-memory.js as `node --expose-gc memory-child.js TRACE ENTRY CORE`: reads the trace,
// collects, runs ENTRY (parseDocument or lint) and keeps its result, collects again, and prints
// { messages, retainedBytes, textBytes } as JSON.
'use strict';

const fs = require('fs');

const [file, entry, coreEntry] = process.argv.slice(2);
const core = require(coreEntry);
const text = fs.readFileSync(file, 'utf8');
// Warm the code paths on a slice large enough for the engine to optimize them, so that compiled
// code and its feedback are not counted as retained data.
const warm = text.slice(0, Math.min(text.length, 2_000_000));
for (let i = 0; i < 3; i++) core[entry](warm);
globalThis.gc();
globalThis.gc();
// The header store lives in typed arrays, outside the JS heap: both are counted.
const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const before = used();
const held = core[entry](text);
globalThis.gc();
globalThis.gc();
const after = used();
const document = entry === 'lint' ? held.document : held;
process.stdout.write(JSON.stringify({ messages: document.messages.length, retainedBytes: after - before, textBytes: Buffer.byteLength(text) }));
// Keep the result reachable until the measure is taken.
if (held === null) process.exitCode = 3;
