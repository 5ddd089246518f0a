// The language server over stdio, as an editor drives it: time from didOpen of the 10k-message
// trace to its first diagnostics on a warm server, and from a one-line edit in that trace to
// the diagnostics of the new version. Uses the protocol tests' client (vscode-jsonrpc). Each
// time runs from sending the notification to the client having parsed the published JSON.
// "Warm" means the server process has analysed the same text once before, under another URI:
// its code is compiled, but nothing is cached for the URI timed (analyses are per document).
// Each edit comes after the diagnostics of the one before, as after a pause in typing.
'use strict';
const path = require('path');

module.exports = {
  name: 'lsp',
  description: 'sip-language-server --stdio: didOpen → first diagnostics, one-line edit → diagnostics (10k-message trace)',
  async run(ctx) {
    const { LspClient } = require(path.join(ctx.root, 'out/test/protocol/lsp-client.js'));
    const trace = ctx.trace(10000);
    const client = new LspClient(ctx.root);
    await client.initialize();
    const rows = [];
    const results = {};
    try {
      // Warm the server up on the same text under another URI.
      const warm = client.diagnostics('file:///bench/warm.sip');
      await client.open('file:///bench/warm.sip', trace.text);
      await warm;
      const opens = [];
      for (let run = 0; run < ctx.options.runs; run++) {
        const uri = `file:///bench/open-${run}.sip`;
        const published = client.diagnostics(uri);
        const t0 = process.hrtime.bigint();
        await client.open(uri, trace.text);
        const d = await published;
        opens.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (run === 0) results.diagnostics = d.diagnostics.length;
      }
      // One-line edits in the middle of the trace: change a Contact's user part each time.
      const uri = 'file:///bench/open-0.sip';
      const lines = trace.text.split('\n');
      const target = lines.findIndex((l, i) => i > lines.length / 2 && /^Contact: <sip:/.test(l));
      const edits = [];
      for (let run = 0; run < ctx.options.runs; run++) {
        const version = run + 2;
        const published = client.diagnostics(uri, (p) => p.version === version);
        const t0 = process.hrtime.bigint();
        await client.change(uri, version, [{ range: { start: { line: target, character: 14 }, end: { line: target, character: 15 } }, text: String.fromCharCode(97 + (run % 26)) }]);
        await published;
        edits.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      // Line breaks added and taken away again in the same place: every message after it
      // moves a line, so its diagnostics move too (no target; it shows the cost of moving).
      const breaks = [];
      for (let run = 0; run < ctx.options.runs; run++) {
        const version = ctx.options.runs + 2 + run;
        const at = { line: target, character: 0 };
        const change = run % 2 === 0
          ? { range: { start: at, end: at }, text: '\r\n' }
          : { range: { start: at, end: { line: target + 1, character: 0 } }, text: '' };
        const published = client.diagnostics(uri, (p) => p.version === version);
        const t0 = process.hrtime.bigint();
        await client.change(uri, version, [change]);
        await published;
        breaks.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const best = (xs) => Math.min(...xs);
      const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      results.openMs = { best: best(opens), median: median(opens) };
      results.editMs = { best: best(edits), median: median(edits) };
      results.lineBreakMs = { best: best(breaks), median: median(breaks) };
      rows.push(['didOpen → first diagnostics', trace.messages.length, best(opens).toFixed(0), median(opens).toFixed(0), '200']);
      rows.push(['one-line edit → diagnostics', trace.messages.length, best(edits).toFixed(0), median(edits).toFixed(0), '60']);
      rows.push(['line break added/removed → diagnostics', trace.messages.length, best(breaks).toFixed(0), median(breaks).toFixed(0), '-']);
    } finally {
      await client.close();
    }
    return { table: { columns: ['measure', 'messages', 'best ms', 'median ms', 'target ms'], rows }, results };
  },
};
