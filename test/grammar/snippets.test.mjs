// The snippets expand to well-formed SIP messages whose Content-Length matches their body.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL } from 'node:url';
import { expandSnippet } from './snippet-expansion.mjs';

const require = createRequire(import.meta.url);

const snippets = JSON.parse(readFileSync(new URL('../../snippets/sip.json', import.meta.url), 'utf8'));

/** Splits an expanded message into its start line, header lines and body lines. */
function splitMessage(text) {
  const lines = text.split('\n');
  const blank = lines.indexOf('');
  assert.ok(blank > 0, 'the header section ends with an empty line');
  const rest = lines.slice(blank + 1);
  const bodyEnd = rest.indexOf('');
  return { startLine: lines[0], headers: lines.slice(1, blank), body: bodyEnd < 0 ? rest : rest.slice(0, bodyEnd) };
}

test('the expansion helper resolves placeholders, mirrors, choices and variables', () => {
  assert.equal(expandSnippet(['${1:a}-$1-${2|x,y|}-$2-$RANDOM_HEX-\\$3']), 'a-a-x-x-0a1b2c-$3');
  assert.equal(expandSnippet(['${1:id@$2}/${2:host}']), 'id@host/host');
  assert.throws(() => expandSnippet(['$RANDOMHEX']), /unknown snippet variable/);
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to one well-formed message`, () => {
    assert.ok(snippet.description, 'has a description');
    assert.ok(snippet.prefix, 'has a prefix');
    const { startLine, headers, body } = splitMessage(expandSnippet(snippet.body));
    assert.match(startLine, /^(?:[A-Z]+ sips?:\S+ SIP\/2\.0|SIP\/2\.0 [1-6]\d\d [^\r\n]+)$/);
    for (const line of headers) assert.match(line, /^[A-Za-z-]+: \S/, `header line "${line}"`);
    const names = headers.map((line) => line.slice(0, line.indexOf(':')).toLowerCase());
    for (const required of ['via', 'from', 'to', 'call-id', 'cseq', 'content-length']) {
      assert.ok(names.includes(required), `has ${required}`);
    }
    const branch = /;branch=(\S+?)(?:;|$)/.exec(headers.find((h) => h.startsWith('Via:')) ?? '');
    assert.ok(branch && branch[1].startsWith('z9hG4bK') && branch[1].length > 7, 'Via branch has the magic cookie');
    const cseqMethod = /^CSeq: \d+ (\S+)$/.exec(headers.find((h) => h.startsWith('CSeq:')) ?? '');
    assert.ok(cseqMethod, 'CSeq is "number method"');
    if (!startLine.startsWith('SIP/')) assert.equal(cseqMethod[1], startLine.split(' ')[0], 'CSeq method matches');
    const declared = Number(/^Content-Length: (\d+)$/.exec(headers.find((h) => h.startsWith('Content-Length:')) ?? '')?.[1]);
    const onTheWire = body.reduce((sum, line) => sum + Buffer.byteLength(line, 'utf8') + 2, 0);
    assert.equal(declared, onTheWire, 'Content-Length counts the body with CRLF line ends');
    if (body.length > 0) {
      assert.ok(headers.includes('Content-Type: application/sdp'), 'a body is declared as SDP');
      assert.equal(body[0], 'v=0');
      for (const line of body) assert.match(line, /^[a-z]=\S/, `SDP line "${line}"`);
    }
  });
}

/** Loads the linter's core from its TypeScript sources (bundled in memory, nothing written). */
async function loadCore() {
  const esbuild = require('esbuild');
  const entry = new URL('../../server/src/core/index.ts', import.meta.url).pathname;
  const built = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'silent' });
  return import(`data:text/javascript;base64,${Buffer.from(built.outputFiles[0].text).toString('base64')}`);
}

test('every snippet, as inserted with its defaults, passes sip-lint', async () => {
  const { lint } = await loadCore();
  for (const [name, snippet] of Object.entries(snippets)) {
    const inserted = expandSnippet(snippet.body);
    // With CRLF line ends, as sent on the wire, a snippet draws no finding at all.
    const crlf = lint(inserted.replace(/\n/g, '\r\n'));
    assert.equal(crlf.document.messages.length, 1, `${name}: one message`);
    assert.deepEqual(crlf.findings.map((f) => `${f.ruleId}: ${f.message}`), [], `${name} (CRLF)`);
    // With LF line ends, as an editor usually saves them, only the line-ending note remains.
    const lf = lint(inserted);
    assert.deepEqual([...new Set(lf.findings.map((f) => f.ruleId))], ['syntax/lf-line-endings'], `${name} (LF)`);
  }
});
