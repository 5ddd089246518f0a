/**
 * The sipnat extension: a thin language client. Everything the user sees (diagnostics, fixes,
 * completion, hover, outline) comes from the bundled language server `dist/server.js`, which the
 * client starts as a Node child process and talks to over IPC.
 */
import * as path from 'node:path';
import { ExtensionContext, languages, TextDocument, window, workspace } from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

/** The client id; VS Code reads the `sipnat.trace.server` setting because of it. */
const CLIENT_ID = 'sipnat';
/** The name shown on the output channel and in the client's own messages. */
const CLIENT_NAME = 'sipnat';
/** The settings section the server receives, and the prefix of every contributed setting. */
const CONFIGURATION_SECTION = 'sipnat';

let client: LanguageClient | undefined;

/** Describes how the server process is started: the same bundle in normal and debug runs. */
function serverOptions(serverModule: string): ServerOptions {
  return {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      // Lets a developer attach a Node debugger to the server when the extension runs in debug mode.
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
}

/** Describes which documents the server sees and which settings it is told about. */
function clientOptions(context: ExtensionContext): LanguageClientOptions {
  const outputChannel = window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(outputChannel);
  return {
    // SIP files on disk and unsaved SIP buffers; other schemes (git, virtual) are left alone.
    // XML files on disk too, for SIPp scenarios: a selector cannot look at the root element, so
    // the server receives every XML file and answers only for those whose root is <scenario>
    // (no diagnostics, completion or edits for any other XML).
    documentSelector: [
      { scheme: 'file', language: 'sip' },
      { scheme: 'untitled', language: 'sip' },
      { scheme: 'file', language: 'xml' },
    ],
    synchronize: { configurationSection: CONFIGURATION_SECTION },
    // The server sends no STUN query while the workspace is untrusted: a folder must not make
    // sipnat send packets. VS Code also hides workspace values of `sipnat.stun.servers` then
    // (restrictedConfigurations), but the user's own value, or the default, would still apply.
    initializationOptions: { workspaceTrusted: workspace.isTrusted },
    outputChannel,
  };
}

/** How many leading lines of an untitled buffer are looked at for a SIP start or trace line. */
const SNIFF_LINES = 5;

/**
 * The `firstLine` pattern of the `sip` language (package.json): a request or status line, or
 * the first line of a SIPp, sipdump or sngrep record, an Asterisk or FreeSWITCH log heading,
 * a tcpdump or baresip packet heading, or the first line of a packet in Wireshark's dissection. VS Code applies it to files it opens; an
 * untitled buffer into which a trace is pasted is checked here against the same pattern.
 */
function sipFirstLine(context: ExtensionContext): RegExp | undefined {
  const contributes = (context.extension.packageJSON as { contributes?: { languages?: { id: string; firstLine?: string }[] } }).contributes;
  const pattern = contributes?.languages?.find((language) => language.id === 'sip')?.firstLine;
  return pattern === undefined ? undefined : new RegExp(pattern);
}

/** True when one of the first non-blank lines of `document` matches `firstLine`. */
function looksLikeSip(document: TextDocument, firstLine: RegExp): boolean {
  let seen = 0;
  for (let line = 0; line < document.lineCount && seen < SNIFF_LINES; line++) {
    const text = document.lineAt(line).text;
    if (text.trim() === '') continue;
    seen++;
    if (firstLine.test(text)) return true;
  }
  return false;
}

/** True for the documents the language server works on. */
function servesDocument(document: TextDocument): boolean {
  return document.languageId === 'sip' || (document.languageId === 'xml' && document.uri.scheme === 'file');
}

/**
 * Activates on a SIP or XML document, or once VS Code has started (to notice a trace pasted into
 * an untitled buffer). The language server is started on the first document it serves, so a
 * window without SIP starts no process. When the promise resolves after a SIP document opened,
 * the server has answered `initialize`.
 */
export async function activate(context: ExtensionContext): Promise<void> {
  const firstLine = sipFirstLine(context);
  // An untitled plain-text buffer whose first lines read as SIP becomes a `sip` document.
  const sniff = (document: TextDocument): void => {
    if (firstLine === undefined || document.uri.scheme !== 'untitled' || document.languageId !== 'plaintext') return;
    if (looksLikeSip(document, firstLine)) void languages.setTextDocumentLanguage(document, 'sip');
  };
  let starting: Promise<void> | undefined;
  const ensureStarted = (): Promise<void> => (starting ??= startClient(context));
  context.subscriptions.push(
    workspace.onDidOpenTextDocument((document) => {
      if (servesDocument(document)) void ensureStarted();
      else sniff(document);
    }),
    workspace.onDidChangeTextDocument((event) => sniff(event.document)),
  );
  for (const document of workspace.textDocuments) sniff(document);
  if (workspace.textDocuments.some(servesDocument)) await ensureStarted();
}

/** Starts the language client and its server. */
async function startClient(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions(serverModule), clientOptions(context));
  await client.start();
  const started = client;
  context.subscriptions.push(
    workspace.onDidGrantWorkspaceTrust(() => {
      void started.sendNotification('sipnat/workspaceTrusted', { trusted: true });
    }),
  );
}

/** Stops the language server; VS Code waits for the returned promise before unloading us. */
export async function deactivate(): Promise<void> {
  const running = client;
  client = undefined;
  if (running !== undefined) {
    await running.stop();
  }
}
