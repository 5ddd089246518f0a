/**
 * Authoring help served by the language server through VS Code's own provider commands:
 * completion, hover and the outline (document symbols).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFixture, waitFor } from './helpers';

/** The labels of the completion items offered at `position`. */
async function completionLabels(document: vscode.TextDocument, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** The hover text at `position`, all parts joined. */
async function hoverText(document: vscode.TextDocument, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Waits until the server answers for `document` (it is started by activation, asynchronously). */
function waitForServer(document: vscode.TextDocument): Promise<true> {
  return waitFor('the language server to answer', async () => {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
    return symbols !== undefined && symbols.length > 0 ? true : undefined;
  });
}

suite('authoring', () => {
  test('completion offers header names in the header section of an unsaved SIP buffer', async () => {
    const document = await vscode.workspace.openTextDocument({
      language: 'sip',
      content: 'OPTIONS sip:carol@example.com SIP/2.0\nVia: SIP/2.0/UDP 203.0.113.40:5060;branch=z9hG4bK1\nCon',
    });
    assert.equal(document.uri.scheme, 'untitled');
    await vscode.window.showTextDocument(document);
    const labels = await waitFor('header completions', async () => {
      const found = await completionLabels(document, new vscode.Position(2, 3));
      return found.includes('Contact') ? found : undefined;
    });
    for (const name of ['Contact', 'Content-Length', 'Content-Type', 'CSeq', 'Call-ID']) {
      assert.ok(labels.includes(name), `${name} is offered`);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('completion offers request methods at the start of a message', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'sip', content: '' });
    await vscode.window.showTextDocument(document);
    const labels = await waitFor('method completions', async () => {
      const found = await completionLabels(document, new vscode.Position(0, 0));
      return found.includes('INVITE') ? found : undefined;
    });
    for (const method of ['INVITE', 'REGISTER', 'BYE', 'OPTIONS']) assert.ok(labels.includes(method), `${method} is offered`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('hover explains a header name and classifies a private address', async () => {
    const document = await openFixture('invite-behind-nat.sip');
    await waitForServer(document);
    // Line 7 is `Contact: <sip:alice@192.168.1.20:5060>`.
    const header = await hoverText(document, new vscode.Position(7, 2));
    assert.match(header, /Contact/);
    const address = await hoverText(document, new vscode.Position(7, 24));
    assert.match(address, /192\.168\.1\.20/);
    assert.match(address, /not routable on the Internet/);
  });

  test('the outline lists each message of a trace with its headers', async () => {
    const document = await openFixture('register-mapping.sip');
    await waitForServer(document);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['REGISTER sip:example.com', '200 OK (REGISTER)']);
    assert.equal(symbols[0].range.start.line, 0);
    assert.equal(symbols[1].range.start.line, 11); // After the REGISTER's 10 lines and the empty line.
    const headerNames = symbols[0].children.map((c) => c.name);
    assert.ok(headerNames.includes('Contact') && headerNames.includes('Via'), `REGISTER headers: ${headerNames.join(', ')}`);
  });
});
