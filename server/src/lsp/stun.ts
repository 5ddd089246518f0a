/**
 * The STUN quick fix in the language server. `codeAction` only offers it: one action per NAT
 * finding a STUN answer can fix, one for the finding's message and one for the whole file
 * when they cover more, each titled with the server it will ask, and carrying in `data` what
 * to resolve. The query runs in `codeAction/resolve`, under a cancellable work-done progress
 * that names the server; cancelling it (or the request) aborts the query. Failures are shown
 * with `window/showMessage` and the action comes back without an edit. Clients that cannot
 * resolve get the edit computed in `codeAction` itself, only when the user asked for actions.
 *
 * No query is ever sent when the servers setting is empty or the workspace is untrusted: the
 * client says so in `initializationOptions.workspaceTrusted` and, once the user trusts the
 * workspace, with the `sipnat/workspaceTrusted` notification. Clients that say nothing (other
 * editors, which have no workspace trust) are taken as trusted.
 */
import {
  CodeActionKind,
  CodeActionTriggerKind,
  MessageType,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex, type Finding, type SipDocument } from '../core/index';
import type { StunClient, StunServerAddress } from '../core/stun/types';
import { DocumentIndex } from '../core/rules/context';
import {
  formatEndpoint,
  formatServer,
  lookupByPort,
  nextHop,
  parseServerAddress,
  probeStunMapping,
  queryPorts,
  stunFixForTargets,
  stunTarget,
  stunTargets,
  type StunMapping,
  type StunTarget,
} from '../core/fix/stun-fix';
import { toFinding, toLspRange } from './convert';
import type { ServerSettings } from './settings';

/** What a STUN code action carries to `codeAction/resolve`. */
export interface StunActionData {
  readonly sipnatStun: {
    readonly uri: string;
    /** The document version the action was offered for; a later version is asked again. */
    readonly version: number;
    readonly scope: 'finding' | 'message' | 'file';
    /** For `finding`: the finding's rule and offsets; for `message`: its index. */
    readonly ruleId?: string;
    readonly start?: number;
    readonly end?: number;
    readonly messageIndex?: number;
    /** Ask the message's SIP server (next hop) instead of the configured STUN servers. */
    readonly sipServer?: boolean;
  };
}

/** The most local ports one action queries from (a trace with many phones would ask many). */
const MAX_PORTS = 16;

/** The trust notification the client sends when the user trusts the workspace. */
export const workspaceTrustedNotification = 'sipnat/workspaceTrusted';

/** What the STUN fix needs from the server around it. */
export interface StunHost {
  readonly connection: Connection;
  document(uri: string): TextDocument | undefined;
  settings(uri: string): Promise<ServerSettings>;
  /** The current parse and findings of a document. */
  analyse(document: TextDocument): Promise<{ document: SipDocument; findings: readonly Finding[] }>;
}

export class StunFixes {
  private resolveSupported = false;
  private trusted = true;
  /**
   * Set once a probe saw a symmetric NAT: from then on the actions include asking the SIP
   * server itself, the only query whose answer is the mapping that server sees. Not offered
   * before, so that no packet goes to a host a document names unless the NAT requires it.
   */
  private symmetricSeen = false;

  constructor(private readonly host: StunHost, private readonly client: StunClient) {
    host.connection.onNotification(workspaceTrustedNotification, (params: { trusted?: boolean } | undefined) => {
      this.trusted = params?.trusted !== false;
    });
  }

  /** Reads the client's abilities and the workspace trust from `initialize`. */
  initialize(params: InitializeParams): void {
    const resolve = params.capabilities.textDocument?.codeAction?.resolveSupport;
    this.resolveSupported = resolve?.properties.includes('edit') === true;
    const options = params.initializationOptions as { workspaceTrusted?: unknown } | undefined;
    this.trusted = options?.workspaceTrusted !== false;
  }

  /** The STUN actions for the diagnostics of a `textDocument/codeAction` request. */
  async codeActions(textDocument: TextDocument, document: SipDocument, findings: readonly Finding[], params: CodeActionParams, token?: CancellationToken): Promise<CodeAction[]> {
    if (!this.trusted) return [];
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
    const servers = serversOf(await this.host.settings(textDocument.uri));
    if (servers.length === 0) return [];
    const server = formatServer(servers[0]);
    const uri = textDocument.uri;
    const version = textDocument.version;
    const lines = new LineIndex(document.text);
    const index = new DocumentIndex(document);
    const all = stunTargets(document, findings, index);
    const actions: CodeAction[] = [];
    const messagesOffered = new Set<number>();
    for (const diagnostic of params.context.diagnostics) {
      const finding = toFinding(lines, diagnostic);
      const target = finding === undefined ? undefined : stunTarget(document, finding, index);
      if (target === undefined) continue;
      const what = target.port === undefined ? `public address of ${target.address}` : `public mapping of ${formatEndpoint(target.address, target.port)}`;
      actions.push({
        title: `Ask STUN server ${server} for the ${what}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        data: stunData(uri, version, { scope: 'finding', ruleId: target.ruleId, start: target.range.start, end: target.range.end }),
      });
      const message = document.messages[target.messageIndex];
      const hop = this.symmetricSeen && target.port !== undefined ? nextHop(document, message, index.values(message)) : undefined;
      if (hop !== undefined) {
        actions.push({
          title: `Ask the SIP server ${formatServer(hop)} itself (STUN on its SIP port) for the public mapping of ${formatEndpoint(target.address, target.port)}: the NAT is symmetric`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          data: stunData(uri, version, { scope: 'finding', ruleId: target.ruleId, start: target.range.start, end: target.range.end, sipServer: true }),
        });
      }
      const inMessage = all.filter((t) => t.messageIndex === target.messageIndex);
      if (inMessage.length > 1 && !messagesOffered.has(target.messageIndex)) {
        messagesOffered.add(target.messageIndex);
        const name = messageName(document, target.messageIndex);
        actions.push({
          title: `Ask STUN server ${server} for the public mapping, and fix the ${inMessage.length} NAT findings of this ${name}`,
          kind: CodeActionKind.QuickFix,
          data: stunData(uri, version, { scope: 'message', messageIndex: target.messageIndex }),
        });
      }
    }
    const messages = new Set(all.map((t) => t.messageIndex));
    if (actions.length > 0 && messages.size > 1) {
      actions.push({
        title: `Ask STUN server ${server} for the public mappings, and fix the ${all.length} NAT findings of the ${messages.size} messages in this file`,
        kind: CodeActionKind.QuickFix,
        data: stunData(uri, version, { scope: 'file' }),
      });
    }
    if (this.resolveSupported || actions.length === 0) return actions;
    // A client that cannot resolve gets the edits now, but only when the user asked for the
    // actions: a lightbulb computed on every cursor move must not send STUN queries.
    if (params.context.triggerKind === CodeActionTriggerKind.Automatic) return [];
    const cache = new Map<number | undefined, StunMapping>();
    const resolved: CodeAction[] = [];
    for (const action of actions) {
      const done = await this.resolve(action, token, cache);
      if (done.edit !== undefined) resolved.push(done);
      else break;
    }
    return resolved;
  }

  /**
   * `codeAction/resolve`: asks the servers and fills in the edit. On failure, says why with
   * `window/showMessage` and returns the action without an edit. `cache` shares answers
   * between the actions of one request (the fallback for clients that cannot resolve).
   */
  async resolve(action: CodeAction, token?: CancellationToken, cache = new Map<number | undefined, StunMapping>()): Promise<CodeAction> {
    const data = (action.data as Partial<StunActionData> | undefined)?.sipnatStun;
    if (data === undefined) return action;
    const { connection } = this.host;
    const fail = (message: string): CodeAction => {
      this.show(MessageType.Error, `sipnat: ${message}`);
      return action;
    };
    if (!this.trusted) return fail('STUN queries are off in an untrusted workspace. Trust the workspace to use the STUN fix.');
    const textDocument = this.host.document(data.uri);
    if (textDocument === undefined) return fail('the document is no longer open.');
    if (textDocument.version !== data.version) return fail('the document changed since the fix was offered; ask for the fix again.');
    let servers = serversOf(await this.host.settings(data.uri));
    if (servers.length === 0) return fail('no STUN server is configured (sipnat.stun.servers).');
    const { stunTimeoutMs } = await this.host.settings(data.uri);
    const { document, findings } = await this.host.analyse(textDocument);
    const index = new DocumentIndex(document);
    const targets = selectTargets(stunTargets(document, findings, index), data);
    if (targets.length === 0) return fail('the NAT finding this fix was for is gone.');
    if (data.sipServer === true) {
      const message = document.messages[targets[0].messageIndex];
      const hop = nextHop(document, message, index.values(message));
      if (hop === undefined) return fail('this message names no SIP server to ask.');
      servers = [hop];
      // The answers of the STUN servers are not this server's: never reuse them here.
      cache = new Map();
    }

    const ports = queryPorts(targets).slice(0, MAX_PORTS);
    const controller = new AbortController();
    const cancelled = (): void => controller.abort();
    token?.onCancellationRequested(cancelled);
    const progress = await connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.token.onCancellationRequested(cancelled);
    const first = targets[0];
    progress?.begin(`Asking STUN server ${formatServer(servers[0])}`, 0, `for the public mapping of ${formatEndpoint(first.address, first.port)}`, true);
    const warnings: string[] = [];
    try {
      for (let i = 0; i < ports.length; i++) {
        const port = ports[i];
        if (cache.has(port)) continue;
        const target = targets.find((t) => t.port === port) ?? first;
        const message = document.messages[target.messageIndex];
        const probed = await probeStunMapping(this.client, {
          servers,
          localPort: port,
          timeoutMs: stunTimeoutMs,
          cancel: controller.signal,
          sipServer: nextHop(document, message, index.values(message)),
          onQuery: (server, purpose) =>
            progress?.report(
              Math.round((i * 100) / ports.length),
              `${purpose === 'mapping' ? 'Asking' : 'Checking the NAT with'} ${formatServer(server)} from port ${port ?? 'any'}`,
            ),
        });
        if (!probed.ok) {
          if (probed.error.kind === 'aborted') {
            this.show(MessageType.Info, 'sipnat: STUN query cancelled; nothing was changed.');
            return action;
          }
          return fail(probed.error.message);
        }
        cache.set(port, probed.value);
        if (probed.value.verdict.symmetric === true) this.symmetricSeen = true;
        for (const w of probed.value.warnings) if (!warnings.includes(w)) warnings.push(w);
      }
    } finally {
      progress?.done();
    }

    const fix = stunFixForTargets(document, targets, lookupByPort(cache), index);
    if (fix === undefined) return fail('the STUN answer changes nothing in this message.');
    const lines = new LineIndex(document.text);
    const edits: LspTextEdit[] = fix.edits.map((e) => ({ range: toLspRange(lines, e.range), newText: e.newText }));
    if (warnings.length > 0) this.show(MessageType.Warning, `sipnat: ${warnings.join(' ')}`);
    return { ...action, edit: { changes: { [data.uri]: edits } } };
  }

  /**
   * Shows a message with the `window/showMessage` notification: the `window.show*Message`
   * helpers send `window/showMessageRequest`, which waits for an answer this does not need.
   */
  private show(type: MessageType, message: string): void {
    void this.host.connection.sendNotification(ShowMessageNotification.type, { type, message }).catch(() => undefined);
  }
}

/** The configured servers that parse; a malformed entry is skipped. */
function serversOf(settings: ServerSettings): StunServerAddress[] {
  const servers: StunServerAddress[] = [];
  for (const entry of settings.stunServers) {
    const server = parseServerAddress(entry);
    if (server !== undefined) servers.push(server);
  }
  return servers;
}

function stunData(uri: string, version: number, rest: Omit<StunActionData['sipnatStun'], 'uri' | 'version'>): StunActionData {
  return { sipnatStun: { uri, version, ...rest } };
}

/** The targets an action's scope covers, in the current findings. */
function selectTargets(targets: readonly StunTarget[], data: StunActionData['sipnatStun']): StunTarget[] {
  switch (data.scope) {
    case 'finding':
      return targets.filter((t) => t.ruleId === data.ruleId && t.range.start === data.start && t.range.end === data.end);
    case 'message':
      return targets.filter((t) => t.messageIndex === data.messageIndex);
    case 'file':
      return [...targets];
    default:
      return [];
  }
}

/** `INVITE` or `200 OK`, for titles. */
function messageName(document: SipDocument, messageIndex: number): string {
  const line = document.messages[messageIndex]?.startLine;
  if (line === undefined) return 'message';
  return line.kind === 'request' ? line.method : `${line.status} ${line.reason}`.trim();
}
