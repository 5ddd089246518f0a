/**
 * Smoke test: the packaged extension, installed from the .vsix, activates on a .sip file and
 * starts its language server. Everything else in the suite builds on this.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, waitFor } from './helpers';

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
