/**
 * The STUN quick fix over LSP stdio, against the real server process and a real STUN server
 * (Debian's coturn on loopback): the action is offered without an edit and named after the
 * server, `codeAction/resolve` asks coturn under a cancellable work-done progress and returns
 * the edit; a silent server gives a clear error and no edit; cancelling the progress aborts the
 * query; a client without resolve support gets the edit in `codeAction`; an untrusted
 * workspace gets no STUN action at all.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { LspClient } from './lsp-client';
import { freePort, startCoturn, type Coturn } from '../integration/helpers/coturn';
import { invite } from '../support';

interface Position { line: number; character: number }
interface LspEdit { range: { start: Position; end: Position }; newText: string }
interface Action { title: string; kind?: string; data?: unknown; edit?: { changes: Record<string, LspEdit[]> }; diagnostics?: unknown[] }
interface Diagnostic { code?: string; range: { start: Position; end: Position } }

/** Applies LSP edits (non-overlapping) to `text`. */
function applyLspEdits(text: string, edits: readonly LspEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Position): number => starts[p.line] + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const e of sorted) result = result.slice(0, offset(e.range.start)) + e.newText + result.slice(offset(e.range.end));
  return result;
}

/** A language-server session with the capabilities a modern editor announces. */
class Session {
  readonly client = new LspClient();
  readonly progress: { token: unknown; value: { kind: string; title?: string; message?: string; cancellable?: boolean } }[] = [];
  readonly messages: { type: number; message: string }[] = [];
  private progressWaiters: ((token: unknown) => void)[] = [];

  constructor() {
    const c = this.client.connection;
    c.onRequest('window/workDoneProgress/create', () => null);
    c.onNotification('$/progress', (p: Session['progress'][number]) => {
      this.progress.push(p);
      if (p.value.kind === 'begin') for (const w of this.progressWaiters.splice(0)) w(p.token);
    });
    c.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      this.messages.push(m);
    });
  }

  async initialize(options: { resolve: boolean; trusted?: boolean }): Promise<{ capabilities: { codeActionProvider?: { resolveProvider?: boolean } } }> {
    const result = await this.client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        workspace: { configuration: true },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { dataSupport: true },
          codeAction: {
            dataSupport: true,
            ...(options.resolve ? { resolveSupport: { properties: ['edit'] } } : {}),
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
          },
        },
      },
      ...(options.trusted !== undefined ? { initializationOptions: { workspaceTrusted: options.trusted } } : {}),
    });
    await this.client.connection.sendNotification('initialized', {});
    return result as { capabilities: { codeActionProvider?: { resolveProvider?: boolean } } };
  }

  async setServers(servers: string[], timeoutMs = 3000): Promise<void> {
    this.client.settings = { stun: { servers, timeoutMs } };
    await this.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  }

  nextProgress(): Promise<unknown> {
    return new Promise((resolve) => this.progressWaiters.push(resolve));
  }

  /** Opens `text` and returns the Contact diagnostic once published. */
  async openInvite(uri: string, text: string): Promise<Diagnostic> {
    const published = this.client.diagnostics(uri, (d) => d.diagnostics.some((x) => x.code === 'nat/private-contact'));
    await this.client.open(uri, text);
    return (await published).diagnostics.find((d) => d.code === 'nat/private-contact') as Diagnostic;
  }

  actions(uri: string, diagnostic: Diagnostic, triggerKind = 1): Promise<Action[]> {
    return this.client.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'], triggerKind },
    });
  }
}

describe('STUN quick fix over LSP, with coturn', () => {
  let stun: Coturn;
  let silent: dgram.Socket;
  let silentPort: number;

  before(async () => {
    stun = await startCoturn();
    silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    silentPort = (silent.address() as { port: number }).port;
  });
  after(async () => {
    silent?.close();
    await stun?.stop();
  });

  async function sipPort(): Promise<number> {
    for (;;) {
      const port = await freePort(['127.0.0.1', '0.0.0.0']);
      if (port !== stun.port && port !== stun.altPort) return port;
    }
  }

  it('offers the action named after the server, resolves it with coturn\'s mapping and a cancellable progress', async () => {
    const session = new Session();
    try {
      const init = await session.initialize({ resolve: true });
      assert.equal(init.capabilities.codeActionProvider?.resolveProvider, true);
      await session.setServers([`127.0.0.1:${stun.port}`]);
      const port = await sipPort();
      const uri = 'file:///tmp/sipnat-protocol/stun-ok.sip';
      const text = invite('100.64.0.10', port);
      const diagnostic = await session.openInvite(uri, text);
      const actions = await session.actions(uri, diagnostic);
      const title = `Ask STUN server 127.0.0.1:${stun.port} for the public mapping of 100.64.0.10:${port}`;
      const action = actions.find((a) => a.title === title);
      assert.ok(action, actions.map((a) => a.title).join(' | '));
      assert.equal(action.edit, undefined, 'the query waits for resolve');
      assert.ok(action.data);

      const resolved = await session.client.request<Action>('codeAction/resolve', action);
      assert.ok(resolved.edit, JSON.stringify(session.messages));
      const fixed = applyLspEdits(text, resolved.edit.changes[uri]);
      // coturn on loopback sees the socket itself: 127.0.0.1 and the Contact's own port.
      assert.equal(fixed, invite('127.0.0.1', port).replace(';branch=z9hG4bK776asdhds', ';branch=z9hG4bK776asdhds;rport'));
      const body = fixed.slice(fixed.indexOf('\r\n\r\n') + 4);
      assert.match(fixed, new RegExp(`Content-Length: ${Buffer.byteLength(body)}\\r\\n`));

      const begin = session.progress.find((p) => p.value.kind === 'begin');
      assert.ok(begin, 'a work-done progress began');
      assert.equal(begin.value.cancellable, true);
      assert.match(begin.value.title ?? '', new RegExp(`Asking STUN server 127\\.0\\.0\\.1:${stun.port}`));
      assert.ok(session.progress.some((p) => p.token === begin.token && p.value.kind === 'end'), 'the progress ended');
      assert.deepEqual(session.messages.filter((m) => m.type === 1), [], 'no error shown');
    } finally {
      await session.client.close();
    }
  });

  it('a silent server: a clear timeout error and no edit', async () => {
    const session = new Session();
    try {
      await session.initialize({ resolve: true });
      await session.setServers([`127.0.0.1:${silentPort}`], 600);
      const uri = 'file:///tmp/sipnat-protocol/stun-timeout.sip';
      const diagnostic = await session.openInvite(uri, invite('100.64.0.10', await sipPort()));
      const action = (await session.actions(uri, diagnostic)).find((a) => a.title.startsWith(`Ask STUN server 127.0.0.1:${silentPort}`));
      assert.ok(action);
      const started = Date.now();
      const resolved = await session.client.request<Action>('codeAction/resolve', action);
      assert.equal(resolved.edit, undefined);
      assert.ok(Date.now() - started < 5000);
      const error = session.messages.find((m) => m.type === 1);
      assert.ok(error, 'an error message is shown');
      assert.match(error.message, new RegExp(`^sipnat: No answer from 127\\.0\\.0\\.1:${silentPort} over UDP within 600 ms`));
    } finally {
      await session.client.close();
    }
  });

  it('cancelling the progress aborts the query at once', async () => {
    const session = new Session();
    try {
      await session.initialize({ resolve: true });
      await session.setServers([`127.0.0.1:${silentPort}`], 20000);
      const uri = 'file:///tmp/sipnat-protocol/stun-cancel.sip';
      const diagnostic = await session.openInvite(uri, invite('100.64.0.10', await sipPort()));
      const action = (await session.actions(uri, diagnostic)).find((a) => a.title.startsWith('Ask STUN server'));
      assert.ok(action);
      const began = session.nextProgress();
      const started = Date.now();
      const pending = session.client.request<Action>('codeAction/resolve', action);
      const token = await began;
      await session.client.connection.sendNotification('window/workDoneProgress/cancel', { token });
      const resolved = await pending;
      assert.equal(resolved.edit, undefined);
      assert.ok(Date.now() - started < 3000, `cancelled after ${Date.now() - started} ms`);
      assert.ok(session.messages.some((m) => /STUN query cancelled/.test(m.message)), JSON.stringify(session.messages));
    } finally {
      await session.client.close();
    }
  });

  it('a client without resolve support gets the edit in codeAction, only when it asked', async () => {
    const session = new Session();
    try {
      await session.initialize({ resolve: false });
      await session.setServers([`127.0.0.1:${stun.port}`]);
      const port = await sipPort();
      const uri = 'file:///tmp/sipnat-protocol/stun-noresolve.sip';
      const text = invite('100.64.0.10', port);
      const diagnostic = await session.openInvite(uri, text);
      const automatic = await session.actions(uri, diagnostic, 2);
      assert.ok(!automatic.some((a) => a.title.startsWith('Ask STUN server')), 'no query for an automatic request');
      const invoked = await session.actions(uri, diagnostic, 1);
      const action = invoked.find((a) => a.title.startsWith('Ask STUN server'));
      assert.ok(action?.edit, invoked.map((a) => a.title).join(' | '));
      assert.match(applyLspEdits(text, action.edit.changes[uri]), new RegExp(`Contact: <sip:alice@127\\.0\\.0\\.1:${port}>`));
    } finally {
      await session.client.close();
    }
  });

  it('an untrusted workspace gets no STUN action until the client says it is trusted; no servers, no action', async () => {
    const session = new Session();
    try {
      await session.initialize({ resolve: true, trusted: false });
      await session.setServers([`127.0.0.1:${stun.port}`]);
      const uri = 'file:///tmp/sipnat-protocol/stun-untrusted.sip';
      const diagnostic = await session.openInvite(uri, invite('100.64.0.10', 8214));
      assert.ok(!(await session.actions(uri, diagnostic)).some((a) => a.title.startsWith('Ask STUN server')));
      await session.client.connection.sendNotification('sipnat/workspaceTrusted', { trusted: true });
      assert.ok((await session.actions(uri, diagnostic)).some((a) => a.title.startsWith('Ask STUN server')));
      await session.setServers([]);
      assert.ok(!(await session.actions(uri, diagnostic)).some((a) => a.title.startsWith('Ask STUN server')));
    } finally {
      await session.client.close();
    }
  });
});
