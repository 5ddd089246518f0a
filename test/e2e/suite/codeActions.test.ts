/**
 * Quick fixes through VS Code's own code-action machinery: ask for the actions at a diagnostic,
 * apply the edit, and check both the text and that the diagnostic is gone.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticCode, openFixture, waitFor, waitForDiagnostics } from './helpers';

/**
 * Returns the quick fixes offered at `diagnostic`'s range, resolved (edits filled in). VS Code's
 * command returns actions without their `diagnostics`, so callers pick by edit or title.
 */
async function quickFixesFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    document.uri,
    diagnostic.range,
    vscode.CodeActionKind.QuickFix.value,
    // Resolve up to 20 actions, for a server that computes edits in codeAction/resolve.
    20,
  );
  return (actions ?? []).filter((a): a is vscode.CodeAction => typeof a.command !== 'string');
}

/** Whether `action` edits text that touches `range` in `uri`. */
function editsRange(action: vscode.CodeAction, uri: vscode.Uri, range: vscode.Range): boolean {
  return (action.edit?.get(uri) ?? []).some((edit) => edit.range.intersection(range) !== undefined);
}

/** Applies a code action the way the lightbulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `edit of "${action.title}" applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** Reverts an edited fixture so later tests see it as it is on disk. */
async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

suite('code actions', () => {
  test('the Content-Length fix writes the body length and clears the error', async () => {
    const document = await openFixture('content-length.sip');
    const diagnostics = await waitForDiagnostics(document.uri, ['message/content-length-mismatch']);
    const diagnostic = diagnostics.find((d) => diagnosticCode(d) === 'message/content-length-mismatch');
    assert.ok(diagnostic);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(diagnostic.range), '999');
    try {
      const fixes = (await quickFixesFor(document, diagnostic)).filter((a) => editsRange(a, document.uri, diagnostic.range));
      assert.ok(fixes.length > 0, 'a quick fix that edits the Content-Length value is offered');
      await apply(fixes[0]);
      const line = document.lineAt(diagnostic.range.start.line).text;
      assert.match(line, /^Content-Length: \d+$/);
      assert.notEqual(line, 'Content-Length: 999');
      await waitFor('the Content-Length error to clear', () =>
        vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'message/content-length-mismatch') ? undefined : true,
      );
    } finally {
      await revert(document);
    }
  });

  test('the public mapping seen in the 200 OK is written into the REGISTER', async () => {
    const document = await openFixture('register-mapping.sip');
    const diagnostics = await waitForDiagnostics(document.uri, ['nat/public-mapping-known']);
    const mapping = diagnostics.find((d) => diagnosticCode(d) === 'nat/public-mapping-known');
    assert.ok(mapping);
    assert.equal(document.getText(mapping.range), 'received=203.0.113.7');
    assert.ok(diagnostics.some((d) => diagnosticCode(d) === 'nat/private-contact' && d.range.start.line === 7), 'the private Contact is reported');
    try {
      const offered = await quickFixesFor(document, mapping);
      const fixes = offered.filter((a) => a.title.includes('203.0.113.7:40112'));
      assert.ok(fixes.length > 0, `a quick fix offers the mapping; offered: ${offered.map((a) => a.title).join(' | ')}`);
      await apply(fixes[0]);
      assert.equal(document.lineAt(7).text, 'Contact: <sip:alice@203.0.113.7:40112>');
      assert.match(document.lineAt(1).text, /^Via: SIP\/2\.0\/UDP 203\.0\.113\.7:40112;/);
      await waitFor('the private Contact finding to clear', () =>
        vscode.languages.getDiagnostics(document.uri).some((d) => diagnosticCode(d) === 'nat/private-contact' && d.range.start.line === 7) ? undefined : true,
      );
    } finally {
      await revert(document);
    }
  });
});
