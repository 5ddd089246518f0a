/**
 * Code actions: one quick fix per diagnostic that has an offline fix, keyed on the
 * diagnostic's code (the rule id) and data (what the rule recorded), never on its message;
 * and "fix all" for the document. The STUN fix is added in `codeAction/resolve` by the
 * STUN module, since it needs the network.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import { fixAll, fixFor, LineIndex, type LintSettings, type SipDocument } from '../core/index';
import { DocumentIndex } from '../core/rules/context';
import { source, toFinding, toLspRange } from './convert';
import { minimalEdit } from './features';

export const fixAllKind = `${CodeActionKind.SourceFixAll}.${source}`;

export function codeActions(uri: string, document: SipDocument, params: CodeActionParams, settings: LintSettings): CodeAction[] {
  const lines = new LineIndex(document.text);
  const index = new DocumentIndex(document);
  const actions: CodeAction[] = [];
  const only = params.context.only;
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  if (wantsQuickFix) {
    for (const diagnostic of params.context.diagnostics) {
      const action = quickFix(uri, document, lines, index, diagnostic);
      if (action) actions.push(action);
    }
  }
  const wantsFixAll = !only || only.some((k) => fixAllKind.startsWith(k) || k === CodeActionKind.Source);
  if (wantsFixAll || (wantsQuickFix && actions.length > 0)) {
    const edits = fixAllEdits(document.text, settings);
    if (edits.length) {
      const action: CodeAction = { title: 'Fix all auto-fixable sipnat problems', kind: wantsFixAll ? fixAllKind : CodeActionKind.QuickFix, edit: { changes: { [uri]: edits } } };
      actions.push(action);
    }
  }
  return actions;
}

function quickFix(uri: string, document: SipDocument, lines: LineIndex, index: DocumentIndex, diagnostic: Diagnostic): CodeAction | undefined {
  const finding = toFinding(lines, diagnostic);
  if (!finding) return undefined;
  const fix = fixFor(document, finding, index);
  if (!fix || fix.edits.length === 0) return undefined;
  const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: toLspRange(lines, e.range), newText: e.newText }));
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safety === 'safe', edit: { changes: { [uri]: edits } } };
}

/** Every safe offline fix of the document, as one minimal edit. */
export function fixAllEdits(text: string, settings: LintSettings): LspTextEdit[] {
  return minimalEdit(text, fixAll(text, settings, { unsafe: false }).text);
}
