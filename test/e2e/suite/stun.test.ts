/**
 * The STUN quick fix in VS Code: the runner (runTest.ts) starts coturn on loopback and writes
 * its address into this run's `sipnat.stun.servers`. The action is offered named after that
 * server, VS Code resolves it (`codeAction/resolve` runs the query), and applying it writes the
 * mapping coturn saw into Contact, Via and SDP, with Content-Length recounted.
 */
import * as assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as vscode from 'vscode';
import { diagnosticCode, openFixture, waitFor, waitForDiagnostics } from './helpers';

/** True when UDP port `port` can be bound here now (then the query goes from that very port). */
function udpPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '0.0.0.0', () => socket.close(() => resolve(true)));
  });
}

suite('STUN quick fix', () => {
  const sipnat = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('sipnat');

  // Only this test turns STUN on, and only towards the runner's coturn on loopback.
  suiteTeardown(async () => {
    await sipnat().update('stun.servers', [], vscode.ConfigurationTarget.Workspace);
  });

  test('asks coturn on loopback and writes its mapping, Content-Length included', async () => {
    const server = vscode.workspace.getConfiguration('sipnatE2e').get<string>('stunServer') ?? '';
    assert.match(server, /^127\.0\.0\.1:\d+$/, 'the runner wrote the loopback STUN server into the workspace settings');
    await sipnat().update('stun.servers', [server], vscode.ConfigurationTarget.Workspace);
    const servers = [server];

    const document = await openFixture('stun-behind-nat.sip');
    const diagnostics = await waitForDiagnostics(document.uri, ['nat/private-contact']);
    const contact = diagnostics.find((d) => diagnosticCode(d) === 'nat/private-contact');
    assert.ok(contact);
    const portWasFree = await udpPortFree(8214);
    try {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        contact.range,
        vscode.CodeActionKind.QuickFix.value,
        // Resolve the actions: the STUN query runs in codeAction/resolve.
        20,
      );
      const title = `Ask STUN server ${servers[0]} for the public mapping of 100.64.0.10:8214`;
      const action = (actions ?? []).find((a): a is vscode.CodeAction => a.title === title);
      assert.ok(action, `offered: ${(actions ?? []).map((a) => a.title).join(' | ')}`);
      assert.ok(action.edit, 'the resolved action carries the edit');
      assert.ok(await vscode.workspace.applyEdit(action.edit));

      const text = document.getText();
      const contactLine = /^Contact: <sip:alice@127\.0\.0\.1:(\d+)>$/m.exec(text);
      assert.ok(contactLine, text);
      const port = Number(contactLine[1]);
      if (portWasFree) assert.equal(port, 8214, 'queried from the Contact port, which coturn saw as is');
      assert.match(text, new RegExp(`^Via: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${port};branch=z9hG4bKstun1;rport\\r$`, 'm'));
      assert.match(text, /^o=alice 2890844526 2890844526 IN IP4 127\.0\.0\.1\r$/m);
      assert.match(text, /^c=IN IP4 127\.0\.0\.1\r$/m);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      assert.match(text, new RegExp(`^Content-Length: ${Buffer.byteLength(body, 'utf8')}\\r$`, 'm'));
      await waitFor('the Content-Length finding to stay away', () =>
        vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'message/content-length-mismatch') ? undefined : true,
      );
    } finally {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
