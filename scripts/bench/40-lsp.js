// The language server over stdio, as an editor drives it: time from didOpen of the 10k-message
// trace to its first diagnostics on a warm server, and from a one-line edit in that trace to
// the diagnostics of the new version. Uses the protocol tests' client (vscode-jsonrpc). Each
// time runs from sending the notification to the client having parsed the published JSON.
// "Warm" means the server process has analysed the same text once before, under another URI:
// its code is compiled, but nothing is cached for the URI timed (analyses are per document).
// Each edit comes after the diagnostics of the one before, as after a pause in typing.
// The same steps are timed against a replay server (lib/replay-server.js) that lints nothing
// and answers with the very diagnostics ours published, bytes ready: the protocol floor, the
// time that moving the trace in and the diagnostics out takes by itself, in the same run.
'use strict';
const fs = require('fs');
const path = require('path');

module.exports = {
  name: 'lsp',
  description: 'sip-language-server --stdio: didOpen → first diagnostics, one-line edit → diagnostics (10k-message trace), beside the protocol floor',
  async run(ctx) {
    const { LspClient } = require(path.join(ctx.root, 'out/test/protocol/lsp-client.js'));
    const trace = ctx.trace(10000);
    const ours = await measure(new LspClient(ctx.root), trace, ctx.options.runs);
    // The floor replays what our server published for the trace.
    const published = path.join(ctx.benchDir, 'lsp-diagnostics-10000.json');
    fs.writeFileSync(published, JSON.stringify(ours.published));
    const floor = await measure(new LspClient(ctx.root, [path.join(__dirname, 'lib/replay-server.js'), published]), trace, ctx.options.runs);
    const best = (xs) => Math.min(...xs);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const summary = (xs) => ({ best: best(xs), median: median(xs) });
    const results = { diagnostics: ours.published.length, diagnosticBytes: Buffer.byteLength(JSON.stringify(ours.published)) };
    const rows = [];
    for (const [key, label, target] of [['opens', 'didOpen → first diagnostics', '200'], ['edits', 'one-line edit → diagnostics', '60'], ['breaks', 'line break added/removed → diagnostics', '-']]) {
      const o = ours[key];
      const f = floor[key];
      results[`${key}Ms`] = { ours: summary(o), floor: summary(f) };
      rows.push([label, trace.messages.length, best(o).toFixed(0), median(o).toFixed(0), best(f).toFixed(0), median(f).toFixed(0), target]);
    }
    return { table: { columns: ['measure', 'messages', 'best ms', 'median ms', 'floor best ms', 'floor median ms', 'target ms'], rows }, results };
  },
};

/**
 * Times didOpen, one-line edits and line breaks against the server of `client`, then closes it.
 * Returns the times in ms and the diagnostics published for the first timed open.
 */
async function measure(client, trace, runs) {
  const times = { opens: [], edits: [], breaks: [], published: [] };
  try {
    await client.initialize();
    // Warm the server up on the same text under another URI.
    const warm = client.diagnostics('file:///bench/warm.sip');
    await client.open('file:///bench/warm.sip', trace.text);
    await warm;
    for (let run = 0; run < runs; run++) {
      const uri = `file:///bench/open-${run}.sip`;
      const published = client.diagnostics(uri);
      const t0 = process.hrtime.bigint();
      await client.open(uri, trace.text);
      const d = await published;
      times.opens.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (run === 0) times.published = d.diagnostics;
    }
    // One-line edits in the middle of the trace: change a Contact's user part each time.
    const uri = 'file:///bench/open-0.sip';
    const lines = trace.text.split('\n');
    const target = lines.findIndex((l, i) => i > lines.length / 2 && /^Contact: <sip:/.test(l));
    for (let run = 0; run < runs; run++) {
      const version = run + 2;
      const published = client.diagnostics(uri, (p) => p.version === version);
      const t0 = process.hrtime.bigint();
      await client.change(uri, version, [{ range: { start: { line: target, character: 14 }, end: { line: target, character: 15 } }, text: String.fromCharCode(97 + (run % 26)) }]);
      await published;
      times.edits.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    // Line breaks added and taken away again in the same place: every message after it
    // moves a line, so its diagnostics move too (no target; it shows the cost of moving).
    for (let run = 0; run < runs; run++) {
      const version = runs + 2 + run;
      const at = { line: target, character: 0 };
      const change = run % 2 === 0
        ? { range: { start: at, end: at }, text: '\r\n' }
        : { range: { start: at, end: { line: target + 1, character: 0 } }, text: '' };
      const published = client.diagnostics(uri, (p) => p.version === version);
      const t0 = process.hrtime.bigint();
      await client.change(uri, version, [change]);
      await published;
      times.breaks.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    await client.close();
  }
  return times;
}
