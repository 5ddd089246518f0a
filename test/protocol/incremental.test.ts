/**
 * The server over stdio: a trace edited with incremental changes (an editor's keystrokes, line
 * breaks, a message deleted) publishes, for its last version, exactly the diagnostics that a
 * fresh open of the same text publishes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { LineIndex } from '../../server/src/core/index';
import { LspClient } from './lsp-client';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTrace, prng } = require(join(__dirname, '../../../scripts/bench/lib/traces.js')) as {
  generateTrace(count: number, seed: number): { text: string; messages: string[] };
  prng(seed: number): () => number;
};

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize();
});

after(async () => {
  await client.close();
});

test('diagnostics after incremental edits equal those of a fresh open of the same text', async () => {
  const trace = generateTrace(80, 11);
  const random = prng(4242);
  const uri = 'file:///tmp/sipnat-protocol/edited.sip';
  let text = trace.text;
  const opened = client.diagnostics(uri);
  await client.open(uri, text);
  await opened;
  const inserts = ['a', '7', ';', '\r\n', ' ', ''];
  const edits = 25;
  // Waited for from the start: the last version may be published before the loop ends.
  const edited = client.diagnostics(uri, (p) => p.version === 1 + edits);
  let version = 1;
  for (let i = 0; i < edits; i++) {
    const lines = new LineIndex(text);
    let start = Math.floor(random() * text.length);
    let end = start + Math.floor(random() * 3);
    if (i % 8 === 7) {
      // Delete a whole message: its transaction loses a request or a response.
      start = text.indexOf(trace.messages[i]);
      end = start < 0 ? 0 : start + trace.messages[i].length;
      if (start < 0) start = 0;
    }
    // Never split a CRLF pair: the editor and the core would count lines differently.
    while (text[start - 1] === '\r' && text[start] === '\n') start++;
    while (end < text.length && text[end - 1] === '\r' && text[end] === '\n') end++;
    end = Math.max(start, Math.min(end, text.length));
    const newText = inserts[Math.floor(random() * inserts.length)];
    version++;
    await client.change(uri, version, [{ range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: newText }]);
    text = text.slice(0, start) + newText + text.slice(end);
  }
  const freshUri = 'file:///tmp/sipnat-protocol/fresh.sip';
  const fresh = client.diagnostics(freshUri);
  await client.open(freshUri, text);
  const expected = (await fresh).diagnostics;
  assert.ok(expected.length > 20, `${expected.length} diagnostics`);
  assert.deepEqual((await edited).diagnostics, expected);
});
