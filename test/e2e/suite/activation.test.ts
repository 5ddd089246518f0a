/**
 * Smoke test: the packaged extension, installed from the .vsix, activates on a .sip file and
 * starts its language server. Everything else in the suite builds on this.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { diagnosticCode, EXTENSION_ID, openFixture, waitFor, waitForDiagnostics } from './helpers';

suite('activation', () => {
  test('the extension under test is the installed .vsix, not the source tree', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    // VS Code writes .vsixmanifest only when it installs a .vsix; the package ships no sources.
    assert.ok(fs.existsSync(path.join(extension.extensionPath, '.vsixmanifest')), `${extension.extensionPath} was installed from a .vsix`);
    assert.ok(fs.existsSync(path.join(extension.extensionPath, 'dist', 'server.js')), 'the bundled server is packaged');
    assert.ok(!fs.existsSync(path.join(extension.extensionPath, 'client', 'src')), 'no sources are packaged');
  });

  test('opening a .sip file sets the sip language and activates the extension', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const document = await openFixture('invite-behind-nat.sip');
    assert.equal(document.languageId, 'sip');
    // Activation is triggered by the language (onLanguage:sip), not by this test.
    await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  });

  test('the contributed settings have their documented defaults', () => {
    const config = vscode.workspace.getConfiguration('sipnat');
    assert.equal(config.inspect<number>('stun.timeoutMs')?.defaultValue, 3000);
    assert.deepEqual(config.inspect<string[]>('stun.servers')?.defaultValue, ['stun.l.google.com:19302']);
    // The fixture workspace turns STUN off so the suite never leaves this machine.
    assert.deepEqual(config.get<string[]>('stun.servers'), []);
  });
});

suite('untitled buffers', () => {
  test('a SIP trace pasted into an untitled plain-text buffer becomes a sip document with diagnostics', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    const trace = [
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-paste;rport',
      'Max-Forwards: 70',
      'From: <sip:alice@example.com>;tag=1',
      'To: <sip:bob@example.com>',
      'Call-ID: pasted-1',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@100.64.0.10:8214>',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), trace));
    const uri = document.uri;
    const sip = await waitFor('the pasted buffer to become a sip document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'sip'));
    const diagnostics = await waitForDiagnostics(sip.uri, ['nat/private-contact']);
    assert.ok(diagnostics.some((d) => diagnosticCode(d) === 'nat/private-contact'));
  });

  test('an Asterisk pjsip log pasted into an untitled buffer becomes a sip document, the packet source read as NAT evidence', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: '' });
    const editor = await vscode.window.showTextDocument(document);
    // As `pjsip set logger on` prints a received INVITE, copied from a terminal (no CRs).
    const log = [
      '<--- Received SIP request (298 bytes) from UDP:203.0.113.1:47322 --->',
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-asterisk;rport',
      'Max-Forwards: 70',
      'From: <sip:alice@example.com>;tag=1',
      'To: <sip:bob@example.com>',
      'Call-ID: pasted-2',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@100.64.0.10:5060>',
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), log));
    const uri = document.uri;
    const sip = await waitFor('the pasted log to become a sip document', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === 'sip'));
    const diagnostics = await waitForDiagnostics(sip.uri, ['nat/source-differs-from-via']);
    const evidence = diagnostics.find((d) => diagnosticCode(d) === 'nat/source-differs-from-via');
    assert.ok(evidence, 'the packet source is read from the heading');
    assert.equal(sip.getText(evidence.range), '203.0.113.1:47322');
    assert.equal(evidence.range.start.line, 0);
  });

  test('an untitled buffer of other text stays plain text', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'meeting notes\nINVITE is a SIP method\n' });
    await vscode.window.showTextDocument(document);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString())?.languageId, 'plaintext');
  });
});
