/**
 * The language server: wires LSP requests to the core. It holds no SIP knowledge of its own;
 * everything it shows comes from `../core`. `startServer` takes a connection, so the same code
 * serves VS Code over IPC, other editors over stdio, and the protocol tests.
 */
import {
  TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type LintSettings } from '../core/index';
import { DocumentAnalysis, type AnalysisResult } from './analysis';
import { toDiagnostic } from './convert';
import { codeActions, fixAllKind } from './codeActions';
import { complete, documentSymbols, foldingRanges, format, hover } from './features';
import { SettingsCache } from './settings';

/** Hooks the STUN quick fix (or a test) can add without the server knowing about sockets. */
export interface ServerOptions {
  /** Milliseconds to wait after a change before linting; 0 lints at once. */
  readonly debounceMs?: number;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, DocumentAnalysis>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let canPullConfiguration = false;
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  const debounceMs = options.debounceMs ?? 30;

  connection.onInitialize((params): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: ['quickfix', fixAllKind], resolveProvider: false },
        completionProvider: { triggerCharacters: [';', ' ', '=', ':'] },
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

  async function publish(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const { result } = await analyse(document);
    if (documents.get(uri)?.version !== version) return; // A newer edit will publish.
    const lines = new LineIndex(result.document.text);
    await connection.sendDiagnostics({ uri, version, diagnostics: result.findings.map((f) => toDiagnostic(lines, f)) });
  }

  function schedule(uri: string, delay: number): void {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    const run = () => {
      timers.delete(uri);
      publish(uri).catch((error: unknown) => connection.console.error(`sipnat: linting ${uri} failed: ${String(error)}`));
    };
    if (delay <= 0) run();
    else timers.set(uri, setTimeout(run, delay));
  }

  documents.onDidOpen((e) => schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => schedule(e.document.uri, debounceMs));
  documents.onDidClose((e) => {
    analyses.delete(e.document.uri);
    settings.clear(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    settings.clear();
    analyses.clear();
    for (const document of documents.all()) schedule(document.uri, 0);
  });

  connection.onCodeAction(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const { result, lint } = await analyse(document);
    return codeActions(params.textDocument.uri, result.document, params, lint);
  });

  connection.onCompletion(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const { result } = await analyse(document);
    return complete(result.document, document.offsetAt(params.position));
  });

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const { result, lint } = await analyse(document);
    return hover(result.document, document.offsetAt(params.position), lint) ?? null;
  });

  connection.onDocumentSymbol(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return documentSymbols((await analyse(document)).result.document);
  });

  connection.onFoldingRanges(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    return foldingRanges((await analyse(document)).result.document);
  });

  connection.onDocumentFormatting((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? format(document.getText()) : [];
  });

  documents.listen(connection);
  connection.listen();
}
