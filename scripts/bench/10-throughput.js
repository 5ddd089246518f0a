// Throughput of one pass over a trace, in MB/s (10^6 bytes of UTF-8 text per second), best of
// N runs after a warm-up:
//   plain pass    a charCodeAt loop counting line feeds: the ceiling for any parser in JS
//   sip           the `sip` package's parser, sip.parse(message) per message
//   JsSIP         JsSIP's Parser.parseMessage(message, ua) per message, with no UA (only
//                 requests keep it, and parsing never reads it)
//   parseDocument our document parser alone (framing, start lines, headers; values lazily)
//   lint          our lint(): parse plus every rule, on the whole trace
// The per-message parsers get the trace already split into messages (the generator's own
// list): splitting is not counted against them, while our parser frames the trace itself.
'use strict';

const sip = require('sip');
const JsSIPParser = require('jssip/lib/Parser');

/** The plain pass: counts line feeds, so that the loop is not optimized away. */
function plainPass(text) {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
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

      let sink = 0;
      const measures = [
        ['plain pass', () => { sink += plainPass(text); }],
        ['sip', () => { for (let i = 0; i < messages.length; i++) if (sip.parse(messages[i])) sink++; }],
        ['JsSIP', () => { for (let i = 0; i < messages.length; i++) if (JsSIPParser.parseMessage(messages[i], undefined)) sink++; }],
        ['parseDocument', () => { sink += ctx.core.parseDocument(text).messages.length; }],
        ['lint', () => { sink += ctx.core.lint(text).findings.length; }],
      ];
      const speeds = {};
      const times = {};
      for (const [name, fn] of measures) {
        ctx.log(`${size}: timing ${name}`);
        const ms = ctx.timeBest(fn, ctx.options.runs);
        times[name] = ms;
        speeds[name] = bytes / 1e6 / (ms / 1000);
      }
      if (sink === -1) ctx.log('unreachable');
      for (const [name] of measures) {
        rows.push([`${size / 1000}k`, name, times[name].toFixed(1), speeds[name].toFixed(1),
          Math.round(messages.length / (times[name] / 1000)), (speeds.lint / speeds[name]).toFixed(2)]);
      }
      results[size] = {
        bytes, messages: messages.length, bestMs: times, mbPerSecond: speeds,
        ratios: { lintOverSip: speeds.lint / speeds.sip, lintOverJsSIP: speeds.lint / speeds.JsSIP, lintOverPlainPass: speeds.lint / speeds['plain pass'] },
        failures: { sip: sipFailures, JsSIP: jssipFailures }, framedMessages: parsed, findings: lintCheck.findings.length,
        splitCountedAgainstPerMessageParsers: false,
      };
    }
    return { table: { columns: ['trace', 'parser', 'best ms', 'MB/s', 'msgs/s', 'lint / this'], rows }, results };
  },
};
