// Run by 10-throughput.js as `node throughput-child.js DIR COUNT SEED PARSER RUNS CORE`: times one
// parser over one trace in a process of its own, and prints { bestMs, sink } as JSON. Each parser
// gets a fresh heap: timed one after another in one process, a parser runs in the garbage and the
// grown heap of those before it, which slows the ones that allocate most (lint() by a quarter
// here) and makes the order of the rows part of the result.
'use strict';

const sip = require('sip');
const JsSIPParser = require('jssip/lib/Parser');
const { loadTrace } = require('./traces');
const { timeBest } = require('./time-best');

const [dir, count, seed, parser, runs, coreEntry] = process.argv.slice(2);
const core = require(coreEntry);
const { text, messages } = loadTrace(dir, Number(count), Number(seed));

/** The plain pass: counts line feeds, so that the loop is not optimized away. */
function plainPass() {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}

const measures = {
  'plain pass': plainPass,
  sip: () => { let n = 0; for (let i = 0; i < messages.length; i++) if (sip.parse(messages[i])) n++; return n; },
  JsSIP: () => { let n = 0; for (let i = 0; i < messages.length; i++) if (JsSIPParser.parseMessage(messages[i], undefined)) n++; return n; },
  parseDocument: () => core.parseDocument(text).messages.length,
  lint: () => core.lint(text).findings.length,
};
const fn = measures[parser];
if (fn === undefined) throw new Error(`unknown parser ${parser}`);

let sink = 0;
const bestMs = timeBest(() => { sink += fn(); }, Number(runs));
process.stdout.write(JSON.stringify({ bestMs, sink }));
