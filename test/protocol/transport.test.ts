/**
 * The stdio transport's encoder writes exactly the bytes of `JSON.stringify`, for
 * publications put together from kept diagnostics and for every other message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../server/src/core/index';
import { DocumentAnalysis } from '../../server/src/lsp/analysis';
import { jsonEncoder } from '../../server/src/lsp/transport';

const encode = (message: object) => (jsonEncoder as { encode(m: object, o: { charset: 'utf-8' }): Promise<Uint8Array> }).encode(message, { charset: 'utf-8' });

test('publications and other messages encode as JSON.stringify does', async () => {
  const text = 'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\nContact: <sip:alice@192.168.1.2>\r\nSubject: café\r\nContent-Length: 0\r\n\r\n';
  const { diagnostics } = new DocumentAnalysis(defaultSettings).analyse(text, 1);
  assert.ok(diagnostics.length >= 2);
  const publish = (uri: string) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, version: 3, diagnostics } });
  for (const message of [
    publish('file:///a%20b/"diagnostics":[]/é.sip'),
    // The second time the kept bytes are used.
    publish('file:///trace.sip'),
    { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///empty.sip', diagnostics: [] } },
    { jsonrpc: '2.0', id: 4, result: { capabilities: { hoverProvider: true } } },
  ]) {
    assert.deepEqual(Buffer.from(await encode(message)), Buffer.from(JSON.stringify(message), 'utf-8'));
  }
});
