// Run by 20-memory.js as `node --expose-gc memory-child.js TRACE ENTRY CORE`: reads the trace,
// collects, runs ENTRY (parseDocument or lint) and keeps its result, collects again, and prints
// { messages, retainedBytes, textBytes } as JSON.
'use strict';

const fs = require('fs');

const [file, entry, coreEntry] = process.argv.slice(2);
const core = require(coreEntry);
const text = fs.readFileSync(file, 'utf8');
// Warm the code paths on a small slice, so that compiled code is not counted as retained data.
core[entry](text.slice(0, 20000));
globalThis.gc();
globalThis.gc();
const before = process.memoryUsage().heapUsed;
const held = core[entry](text);
globalThis.gc();
globalThis.gc();
const after = process.memoryUsage().heapUsed;
const document = entry === 'lint' ? held.document : held;
process.stdout.write(JSON.stringify({ messages: document.messages.length, retainedBytes: after - before, textBytes: Buffer.byteLength(text) }));
// Keep the result reachable until the measure is taken.
if (held === null) process.exitCode = 3;
