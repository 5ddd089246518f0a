/** Small helpers shared by the extension-host tests. */
import * as vscode from 'vscode';

/** The id of the extension under test: `publisher.name` from the root package.json. */
export const EXTENSION_ID = 'sipnat.sipnat';

/** The URI of a file in the fixture workspace (a fresh copy of test/e2e/workspace per run). */
export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder === undefined) throw new Error('the test run has no workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture file in an editor and returns its document. */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Polls `probe` until it returns a defined value, or fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the server has published diagnostics with at least one of `codes` for `uri`. */
export function waitForDiagnostics(uri: vscode.Uri, codes: readonly string[]): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics ${codes.join(', ')} on ${uri.path}`, () => {
    const list = vscode.languages.getDiagnostics(uri);
    return list.some((d) => codes.includes(diagnosticCode(d))) ? list : undefined;
  });
}

/** The rule id of a diagnostic, whether the server sent `code` as a string or with a link. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  if (code === undefined) return '';
  return typeof code === 'object' ? String(code.value) : String(code);
}
