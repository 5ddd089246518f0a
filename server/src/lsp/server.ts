/**
 * The language server: wires LSP requests to the core. It holds no SIP knowledge of its own;
 * everything it shows comes from `../core`. `startServer` takes a connection, so the same code
 * serves VS Code over IPC, other editors over stdio, and the protocol tests.
 */
import {
  CodeActionKind, CompletionItemKind, InsertTextFormat, MarkupKind,
  TextDocuments, TextDocumentSyncKind, type CodeAction, type CompletionItem, type Connection, type Diagnostic, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, keywordCompletions, keywordHover, lintTemplate, templateFixFor, templateKind, type Finding, type LintSettings } from '../core/index';
import { DocumentAnalysis, type AnalysisResult } from './analysis';
import { toDiagnostic, toFinding, toLspRange } from './convert';
import { codeActions, fixAllKind } from './codeActions';
import { complete, documentSymbols, foldingRanges, format, hover } from './features';
import { SettingsCache } from './settings';
import type { StunClient } from '../core/stun/types';
import { StunFixes } from './stun';
import { cancellableStunClient } from './stun-client';

/** Hooks the STUN quick fix (or a test) can add without the server knowing about sockets. */
export interface ServerOptions {
  /** Milliseconds to wait after a change before linting; 0 lints at once. */
  readonly debounceMs?: number;
  /** Performs the STUN fix's queries; default: real sockets. Tests pass coturn or a fake. */
  readonly stunClient?: StunClient;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, DocumentAnalysis>();
  /** The cancel function of each document's scheduled lint. */
  const timers = new Map<string, () => void>();
  let canPullConfiguration = false;
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  const debounceMs = options.debounceMs ?? 30;
  const stun = new StunFixes(
    {
      connection,
      document: (uri) => documents.get(uri),
      settings: (uri) => settings.get(uri),
      analyse: async (document) => (await analyse(document)).result,
    },
    options.stunClient ?? cancellableStunClient,
  );

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    stun.initialize(params);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix', fixAllKind], resolveProvider: true },
        completionProvider: { triggerCharacters: [';', ' ', '=', ':', '['] },
        hoverProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'sip-language-server', version: '0.1.0' },
    };
  });

  /** The analysis of a document at its current version, with the settings of its URI. */
  async function analyse(document: TextDocument): Promise<{ result: AnalysisResult; lint: LintSettings }> {
    const { lint } = await settings.get(document.uri);
    let analysis = analyses.get(document.uri);
    if (!analysis || analysis.settings !== lint) {
      analysis = new DocumentAnalysis(lint);
      analyses.set(document.uri, analysis);
    }
    return { result: analysis.analyse(document.getText(), document.version), lint };
  }

  /**
   * SIPp scenarios and SIP templates go to the template linter. XML documents reach the server
   * because the client selects the `xml` language (VS Code has no way to select by root
   * element); an XML document whose root is not `<scenario>` gets nothing: no diagnostics, no
   * completion, no edits.
   */
  const templateCache = new Map<string, { version: number; findings: readonly Finding[] }>();
  function documentKind(document: TextDocument): 'scenario' | 'template' | 'other-xml' | undefined {
    const kind = templateKind(document.getText());
    if (kind) return kind;
    return document.languageId === 'xml' ? 'other-xml' : undefined;
  }
  async function templateFindings(document: TextDocument): Promise<readonly Finding[]> {
    const cached = templateCache.get(document.uri);
    if (cached && cached.version === document.version) return cached.findings;
    const { lint } = await settings.get(document.uri);
    const findings = lintTemplate(document.getText(), lint)?.findings ?? [];
    templateCache.set(document.uri, { version: document.version, findings });
    return findings;
  }

  async function publish(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const kind = documentKind(document);
    if (kind !== undefined) {
      const findings = kind === 'other-xml' ? [] : await templateFindings(document);
      if (documents.get(uri)?.version !== version) return;
      const lines = new LineIndex(document.getText());
      await connection.sendDiagnostics({ uri, version, diagnostics: findings.map((f) => toDiagnostic(lines, f)) });
      return;
    }
    const { result } = await analyse(document);
    if (documents.get(uri)?.version !== version) return; // A newer edit will publish.
    await connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics as Diagnostic[] });
    // The document's own line table is built on its first incremental change; build it now,
    // while the user reads the diagnostics, rather than on the first keystroke.
    void document.lineCount;
  }

  /** When each document last changed (ms, monotonic), for the debounce. */
  const lastChange = new Map<string, number>();

  /**
   * Lints a document after it opened or changed. A change after a quiet spell of `delay` ms
   * is linted at once (on the next turn of the event loop, so that changes already queued
   * behind it join it); changes that follow within `delay` ms are gathered into one run,
   * `delay` ms after the last of them, so that fast typing does not lint every keystroke.
   */
  function schedule(uri: string, delay: number): void {
    const pending = timers.get(uri);
    if (pending) pending();
    const now = performance.now();
    const quiet = !pending && now - (lastChange.get(uri) ?? -Infinity) >= delay;
    lastChange.set(uri, now);
    const run = () => {
      timers.delete(uri);
      publish(uri).catch((error: unknown) => connection.console.error(`sipnat: linting ${uri} failed: ${String(error)}`));
    };
    if (delay <= 0 || quiet) {
      const immediate = setImmediate(run);
      timers.set(uri, () => clearImmediate(immediate));
    } else {
      const timer = setTimeout(run, delay);
      timers.set(uri, () => clearTimeout(timer));
    }
  }

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri, debounceMs));
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    lastChange.delete(e.document.uri);
    templateCache.delete(e.document.uri);
    settings.clear(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    analyses.clear();
    templateCache.clear();
    for (const document of documents.all()) schedule(document.uri, 0);
  });

  connection.onCodeAction(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const kind = documentKind(document);
    if (kind !== undefined) {
      // Template fixes only: keyed on the diagnostic's rule id and data, edits in the document's own text.
      const lines = new LineIndex(document.getText());
      const actions: CodeAction[] = [];
      for (const diagnostic of kind === 'other-xml' ? [] : params.context.diagnostics) {
        const finding = toFinding(lines, diagnostic);
        const fix = finding && templateFixFor(finding);
        if (!fix || fix.edits.length === 0) continue;
        const edits = fix.edits.map((e) => ({ range: toLspRange(lines, e.range), newText: e.newText }));
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.safety === 'safe', edit: { changes: { [params.textDocument.uri]: edits } } });
      }
      return actions;
    }
    const { result, lint } = await analyse(document);
    const offline = codeActions(params.textDocument.uri, result.document, params, lint);
    return [...offline, ...(await stun.codeActions(document, result.document, result.findings, params, token))];
  });

  // Only the STUN fix defers its edit; other actions come back as they are.
  connection.onCodeActionResolve((action, token) => stun.resolve(action, token));

  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const kind = documentKind(document);
    if (kind !== undefined) {
      const lines = new LineIndex(document.getText());
      const keywords = kind === 'other-xml' ? undefined : keywordCompletions(document.getText(), document.offsetAt(params.position));
      if (keywords) {
        return keywords.map((k): CompletionItem => ({
          label: k.label, kind: CompletionItemKind.Variable, detail: k.detail, documentation: { kind: MarkupKind.Markdown, value: k.documentation },
          textEdit: { range: toLspRange(lines, k.replace), newText: k.insertText }, insertTextFormat: k.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        }));
      }
      if (kind !== 'template') return [];
    }
    const { result } = await analyse(document);
    return complete(result.document, document.offsetAt(params.position));
  });

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const kind = documentKind(document);
    if (kind !== undefined) {
      const found = kind === 'other-xml' ? undefined : keywordHover(document.getText(), document.offsetAt(params.position));
      if (found) return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: toLspRange(new LineIndex(document.getText()), found.range) };
      if (kind !== 'template') return null;
    }
    const { result, lint } = await analyse(document);
    return hover(result.document, document.offsetAt(params.position), lint) ?? null;
  });

  connection.onDocumentSymbol(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || isXml(document)) return [];
    return documentSymbols((await analyse(document)).result.document);
  });

  connection.onFoldingRanges(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || isXml(document)) return [];
    return foldingRanges((await analyse(document)).result.document);
  });

  connection.onDocumentFormatting((params) => {
    const document = documents.get(params.textDocument.uri);
    // The SIP formatter would rewrite XML as if it were SIP.
    return document && !isXml(document) ? format(document.getText()) : [];
  });

  documents.listen(connection);
  connection.listen();
}

/** An XML document (a SIPp scenario or any other): SIP outline, folding and formatting do not apply. */
function isXml(document: TextDocument): boolean {
  return document.languageId === 'xml' || templateKind(document.getText()) === 'scenario';
}
