// Throughput of one pass over a trace, in MB/s (10^6 bytes of UTF-8 text per second), best of
// N runs after a warm-up, each parser timed in a Node process of its own (lib/throughput-child.js):
//   plain pass    a charCodeAt loop counting line feeds: the ceiling for any parser in JS
//   sip           the `sip` package's parser, sip.parse(message) per message
//   JsSIP         JsSIP's Parser.parseMessage(message, ua) per message, with no UA (only
//                 requests keep it, and parsing never reads it)
//   parseDocument our document parser alone (framing, start lines, headers; values lazily)
//   lint          our lint(): parse plus every rule, on the whole trace
// The per-message parsers get the trace already split into messages (the generator's own
// list): splitting is not counted against them, while our parser frames the trace itself.
'use strict';

const path = require('path');
const { execFileSync } = require('child_process');
const sip = require('sip');
const JsSIPParser = require('jssip/lib/Parser');

const PARSERS = ['plain pass', 'sip', 'JsSIP', 'parseDocument', 'lint'];

/** Times `parser` over the trace of `size` messages in a child process; best wall time in ms. */
function timeInChild(ctx, size, parser) {
  const child = path.join(__dirname, 'lib', 'throughput-child.js');
  const coreEntry = path.join(ctx.root, 'out', 'server', 'src', 'core', 'index.js');
  const out = execFileSync(process.execPath, [child, ctx.benchDir, String(size), String(ctx.seed(size)), parser, String(ctx.options.runs), coreEntry], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out).bestMs;
}

module.exports = {
  name: 'throughput',
  description: 'MB/s over generated traces (best run); the last column is lint speed divided by that row\'s speed',
  run(ctx) {
    const rows = [];
    const results = {};
    for (const size of ctx.sizes) {
      const trace = ctx.trace(size);
      const { text, messages, bytes } = trace;
      // Check once that every parser reads these messages, so that a failing parser does not look fast.
      let sipFailures = 0;
      let jssipFailures = 0;
      for (const m of messages) {
        if (!sip.parse(m)) sipFailures++;
        if (!JsSIPParser.parseMessage(m, undefined)) jssipFailures++;
      }
      const lintCheck = ctx.core.lint(text);
      const parsed = ctx.core.parseDocument(text).messages.length;
      ctx.log(`${size}: ${(bytes / 1e6).toFixed(1)} MB; sip failed on ${sipFailures}, JsSIP on ${jssipFailures}; we framed ${parsed} messages, ${lintCheck.findings.length} findings`);

      const speeds = {};
      const times = {};
      for (const name of PARSERS) {
        ctx.log(`${size}: timing ${name} in a process of its own`);
        const ms = timeInChild(ctx, size, name);
        times[name] = ms;
        speeds[name] = bytes / 1e6 / (ms / 1000);
      }
      for (const name of PARSERS) {
        rows.push([`${size / 1000}k`, name, times[name].toFixed(1), speeds[name].toFixed(1),
          Math.round(messages.length / (times[name] / 1000)), (speeds.lint / speeds[name]).toFixed(2)]);
      }
      results[size] = {
        bytes, messages: messages.length, bestMs: times, mbPerSecond: speeds,
        ratios: { lintOverSip: speeds.lint / speeds.sip, lintOverJsSIP: speeds.lint / speeds.JsSIP, lintOverPlainPass: speeds.lint / speeds['plain pass'] },
        failures: { sip: sipFailures, JsSIP: jssipFailures }, framedMessages: parsed, findings: lintCheck.findings.length,
        splitCountedAgainstPerMessageParsers: false, processPerParser: true,
      };
    }
    return { table: { columns: ['trace', 'parser', 'best ms', 'MB/s', 'msgs/s', 'lint / this'], rows }, results };
  },
};
