/**
 * The language server over stdio, as any editor sees it: diagnostics with code and
 * documentation link, quick fixes keyed on code and data, fix-all, completion, hover,
 * symbols, folding, formatting, per-resource settings, incremental changes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './lsp-client';

const uri = 'file:///tmp/sipnat-protocol/call.sip';
const invite = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@example.com>',
  'From: Alice <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@100.64.0.10:8214>',
  'Content-Type: application/sdp',
  'Content-Length: 999',
  '',
  'v=0',
  'o=alice 2890844526 2890844526 IN IP4 100.64.0.10',
  's=-',
  'c=IN IP4 100.64.0.10',
  't=0 0',
  'm=audio 49170 RTP/AVP 0',
  'a=rtpmap:0 PCMU/8000',
  '',
].join('\r\n');

let client: LspClient;

before(async () => {
  client = new LspClient();
  const init = (await client.initialize()) as { capabilities: Record<string, unknown> };
  assert.ok(init.capabilities.codeActionProvider);
});

after(async () => {
  await client.close();
});

test('diagnostics on open carry source, code, documentation link and data', async () => {
  const published = client.diagnostics(uri);
  await client.open(uri, invite);
  const { diagnostics, version } = await published;
  assert.equal(version, 1);
  const codes = diagnostics.map((d) => `${d.code}:${d.range.start.line + 1}`);
  assert.ok(codes.includes('nat/private-contact:8'), codes.join(', '));
  assert.ok(codes.includes('nat/private-via:2'), codes.join(', '));
  assert.ok(codes.includes('nat/private-sdp-connection:15'), codes.join(', '));
  assert.ok(codes.includes('message/content-length-mismatch:10'), codes.join(', '));
  const contact = diagnostics.find((d) => d.code === 'nat/private-contact')!;
  assert.equal(contact.source, 'sipnat');
  assert.match(contact.message, /100\.64\.0\.10/);
  assert.match(contact.codeDescription!.href, /rules\.md#nat-private-contact$/);
  assert.deepEqual(contact.range.start, { line: 7, character: 20 });
});

test('a quick fix for Content-Length, keyed on code and data', async () => {
  const published = client.published.filter((p) => p.uri === uri).at(-1)!;
  const diagnostic = published.diagnostics.find((d) => d.code === 'message/content-length-mismatch')!;
  // The message text is irrelevant to the fix: change it to prove it.
  const actions = await client.request<{ title: string; kind: string; edit: { changes: Record<string, { newText: string; range: unknown }[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [{ ...diagnostic, message: 'anything' }], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.title.startsWith('Set Content-Length'));
  assert.ok(fix, actions.map((a) => a.title).join(', '));
  const body = invite.slice(invite.indexOf('\r\n\r\n') + 4);
  assert.deepEqual(fix.edit.changes[uri].map((e) => e.newText), [String(Buffer.byteLength(body))]);
  assert.ok(actions.some((a) => a.title === 'Fix all auto-fixable sipnat problems'));
});

test('completion: header names with compact forms, status codes, SDP attributes', async () => {
  const headerItems = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 } });
  const labels = headerItems.map((i) => i.label);
  assert.ok(labels.includes('Via') && labels.includes('v') && labels.includes('Contact') && labels.includes('m'));
  const sdpItems = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 17, character: 2 } });
  assert.ok(sdpItems.some((i) => i.label === 'rtpmap'), sdpItems.map((i) => i.label).join(','));
  const viaParams = await client.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 34 } });
  assert.ok(viaParams.some((i) => i.label === 'rport'), viaParams.map((i) => i.label).join(','));
});

test('hover: an address names its class and RFC; a header its meaning', async () => {
  const onAddress = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 25 } });
  assert.match(onAddress.contents.value, /100\.64\.0\.10.*RFC 6598/);
  const onHeader = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } });
  assert.match(onHeader.contents.value, /Via.*RFC 3261 20\.42/s);
});

test('document symbols and folding: one per message, headers as children', async () => {
  const symbols = await client.request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols.length, 1);
  assert.equal(symbols[0].name, 'INVITE sip:bob@example.com');
  assert.ok(symbols[0].children.some((c) => c.name === 'Contact'));
  const folds = await client.request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', { textDocument: { uri } });
  assert.ok(folds.some((f) => f.startLine === 0));
});

test('an incremental edit re-lints; settings per resource silence a rule', async () => {
  const next = client.diagnostics(uri, (p) => p.version === 2);
  // Replace the private Contact address with a public one.
  await client.change(uri, 2, [{ range: { start: { line: 7, character: 20 }, end: { line: 7, character: 31 } }, text: '203.0.113.1' }]);
  const { diagnostics } = await next;
  assert.ok(!diagnostics.some((d) => d.code === 'nat/private-contact'));
  assert.ok(diagnostics.some((d) => d.code === 'nat/private-via'));
  client.settings = { rules: { 'nat/private-via': 'off' } };
  const refreshed = client.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'nat/private-via'));
  await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  await refreshed;
  client.settings = {};
});

test('formatting: CRLF line endings and a recounted Content-Length', async () => {
  const lfUri = 'file:///tmp/sipnat-protocol/lf.sip';
  const text = 'OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\nMax-Forwards: 70\nTo: <sip:bob@example.com>\nFrom: <sip:a@example.com>;tag=1\nCall-ID: 1@x\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n';
  const published = client.diagnostics(lfUri);
  await client.open(lfUri, text);
  await published;
  const edits = await client.request<{ newText: string }[]>('textDocument/formatting', { textDocument: { uri: lfUri }, options: { tabSize: 2, insertSpaces: true } });
  assert.equal(edits.length, 1);
  assert.ok(!/[^\r]\n/.test(edits[0].newText.replace(/^\n/, '')), 'every LF has its CR');
});
