/**
 * The language server with an injected STUN client: `startServer(connection, { stunClient })`
 * in this process, spoken to over in-memory streams. `SymmetricNat`, a named fake, gives each
 * destination its own public port, as a symmetric NAT does (no packet is sent). The fix is
 * still offered, with a warning; after that, the actions include asking the SIP server itself
 * (STUN on its SIP port), and resolving that one asks the message's next hop.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { startServer } from '../../server/src/lsp/server';
import type { StunClient, StunOutcome, StunQueryRequest, StunQueryResult } from '../../server/src/core/stun/types';

/** A symmetric NAT in front of 100.64.0.10: the public port depends on the destination. */
class SymmetricNat implements StunClient {
  readonly asked: string[] = [];
  async query(request: StunQueryRequest): Promise<StunOutcome<StunQueryResult>> {
    const server = `${request.server.host}:${request.server.port}`;
    this.asked.push(server);
    const port = request.server.host === '203.0.113.9' ? 5410 : 40000 + this.asked.length;
    const target = { address: request.server.host, port: request.server.port, family: 'IPv4' as const };
    return {
      ok: true,
      value: {
        mapped: { address: '203.0.113.1', port, family: 'IPv4' },
        localAddress: '100.64.0.10',
        localPort: request.localPort ?? 50000,
        localPortFallback: false,
        server: target,
        source: target,
        rttMs: 1,
        transmissions: 1,
        mappedFrom: 'XOR-MAPPED-ADDRESS',
      },
    };
  }
}

interface Action { title: string; data?: unknown; edit?: { changes: Record<string, { newText: string }[]> } }

const uri = 'file:///tmp/sipnat-protocol/symmetric.sip';
const text = [
  'INVITE sip:bob@203.0.113.9 SIP/2.0',
  'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bKsym1',
  'Max-Forwards: 70',
  'To: <sip:bob@203.0.113.9>',
  'From: <sip:alice@203.0.113.9>;tag=1',
  'Call-ID: sym@x',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@100.64.0.10:8214>',
  'Content-Length: 0',
  '',
  '',
].join('\r\n');

describe('STUN fix behind a symmetric NAT (injected fake client)', () => {
  const nat = new SymmetricNat();
  let client: MessageConnection;
  const messages: { type: number; message: string }[] = [];

  before(async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), { stunClient: nat, debounceMs: 0 });
    client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({ stun: { servers: ['203.0.113.5:3478', '203.0.113.6:3478'], timeoutMs: 1000 } })));
    client.onRequest('window/workDoneProgress/create', () => null);
    client.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      messages.push(m);
    });
    client.listen();
    await client.sendRequest('initialize', {
      processId: null,
      rootUri: null,
      capabilities: { workspace: { configuration: true }, window: { workDoneProgress: true }, textDocument: { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } },
    });
    await client.sendNotification('initialized', {});
    await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'sip', version: 1, text } });
  });
  after(() => client.dispose());

  async function contactActions(): Promise<Action[]> {
    const range = { start: { line: 7, character: 20 }, end: { line: 7, character: 36 } };
    const diagnostic = { range, source: 'sipnat', code: 'nat/private-contact', message: 'x', data: { address: '100.64.0.10', port: 8214, location: 'contact' } };
    return client.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [diagnostic], triggerKind: 1 } });
  }

  it('still fixes, warns, and then offers asking the SIP server itself', async () => {
    const first = await contactActions();
    assert.ok(!first.some((a) => a.title.startsWith('Ask the SIP server')), 'not offered before a symmetric NAT is seen');
    const stunAction = first.find((a) => a.title === 'Ask STUN server 203.0.113.5:3478 for the public mapping of 100.64.0.10:8214');
    assert.ok(stunAction, first.map((a) => a.title).join(' | '));
    const resolved: Action = await client.sendRequest('codeAction/resolve', stunAction);
    assert.deepEqual(nat.asked, ['203.0.113.5:3478', '203.0.113.6:3478']);
    assert.ok(resolved.edit);
    assert.ok(resolved.edit.changes[uri].some((e) => e.newText === '203.0.113.1:40001'));
    const warning = messages.find((m) => m.type === 2);
    assert.ok(warning, JSON.stringify(messages));
    assert.match(warning.message, /maps each destination differently .* STUN to 203\.0\.113\.9:5060/);

    const second = await contactActions();
    const sipAction = second.find((a) => a.title.startsWith('Ask the SIP server 203.0.113.9:5060 itself'));
    assert.ok(sipAction, second.map((a) => a.title).join(' | '));
    const viaSip: Action = await client.sendRequest('codeAction/resolve', sipAction);
    assert.equal(nat.asked.at(-1), '203.0.113.9:5060');
    assert.ok(viaSip.edit?.changes[uri].some((e) => e.newText === '203.0.113.1:5410'), JSON.stringify(viaSip.edit));
  });
});
