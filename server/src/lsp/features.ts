/**
 * Authoring help over the core's parse: completion, hover, document symbols, folding and
 * formatting. Each takes the analysed document and an offset, and returns LSP shapes.
 */
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, SymbolKind,
  type CompletionItem, type DocumentSymbol, type FoldingRange, type Hover, type TextEdit,
} from 'vscode-languageserver';
import { fixAll, LineIndex, rules, type LintSettings, type SipDocument, type SipMessage } from '../core/index';
import { headerInfo, headers, methods, statusCodes, statusInfo, uriParams } from '../core/knowledge/sip';
import { sdpAttributes, sdpLineTypes } from '../core/knowledge/sdp';
import { describeAddress, isIpLiteral } from '../core/net/address';
import { headerValueText, lastStartingAtOrBefore, messageHolding } from '../core/sip/parse';
import { toLspRange } from './convert';

/** The message that holds `offset`, or else the last one before it. */
export function messageAt(document: SipDocument, offset: number): SipMessage | undefined {
  return messageHolding(document, offset) ?? document.messages[lastStartingAtOrBefore(document.messages, offset)];
}

export function complete(document: SipDocument, offset: number): CompletionItem[] {
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const message = messageAt(document, offset);
  const inMessage = message !== undefined && offset <= Math.max(message.range.end, message.headerEnd) && !(message.body === undefined && offset > message.headerEnd && lineStart > message.headerEnd);
  if (!inMessage || (message && lineStart === message.range.start)) {
    if (/^SIP\/2\.0 \d{0,3}$/.test(prefix)) {
      return statusCodes.map((s, i) => ({ label: `${s.code} ${s.reason}`, kind: CompletionItemKind.EnumMember, detail: s.rfc, insertText: `${s.code} ${s.reason}`, filterText: `${s.code} ${s.reason}`, textEdit: undefined, sortText: String(i).padStart(3, '0'), range: undefined } as CompletionItem));
    }
    if (/^[A-Za-z]*$/.test(prefix)) {
      const items: CompletionItem[] = methods.map((m) => ({
        label: m.name, kind: CompletionItemKind.Keyword, detail: m.rfc, documentation: m.description,
        insertText: `${m.name} sip:\${1:user}@\${2:example.com} SIP/2.0`, insertTextFormat: InsertTextFormat.Snippet,
      }));
      items.push({ label: 'SIP/2.0', kind: CompletionItemKind.Keyword, detail: 'status line', insertText: 'SIP/2.0 ' });
      return items;
    }
    return [];
  }
  if (message.body && offset >= message.body.start) {
    if (/^[a-z]?$/.test(prefix)) return sdpLineTypes.map((l) => ({ label: `${l.type}=`, kind: CompletionItemKind.Property, detail: l.description }));
    if (/^a=[\w-]*$/.test(prefix)) return sdpAttributes.map((a) => ({ label: a.name, kind: CompletionItemKind.Property, detail: a.rfc, documentation: a.description }));
    return [];
  }
  const colon = prefix.indexOf(':');
  if (colon === -1) {
    if (!/^[\w-]*$/.test(prefix)) return [];
    const items: CompletionItem[] = [];
    for (const h of headers) {
      items.push({ label: h.name, kind: CompletionItemKind.Field, detail: h.rfc, documentation: h.description, insertText: `${h.name}: ` });
      if (h.compact) items.push({ label: h.compact, kind: CompletionItemKind.Field, detail: `compact form of ${h.name}`, documentation: h.description, insertText: `${h.compact}: `, sortText: `zz${h.compact}` });
    }
    return items;
  }
  const name = prefix.slice(0, colon).trim();
  const afterSemicolon = /;([\w+.-]*)$/.exec(prefix);
  if (afterSemicolon) {
    const value = prefix.slice(colon + 1);
    const insideUri = value.lastIndexOf('<') > value.lastIndexOf('>');
    const params = insideUri ? uriParams : headerInfo(name)?.params ?? uriParams;
    return params.map((p) => ({ label: p, kind: CompletionItemKind.Property, detail: `${insideUri ? 'URI' : headerInfo(name)?.name ?? name} parameter` }));
  }
  return [];
}

export function hover(document: SipDocument, offset: number, settings: LintSettings): Hover | undefined {
  const text = document.text;
  const lines = new LineIndex(text);
  const message = messageAt(document, offset);
  if (message && offset <= message.range.end) {
    const line = message.startLine;
    if (line.kind === 'response' && offset >= line.statusRange.start && offset <= line.statusRange.end) {
      const info = statusInfo(line.status);
      if (info) return { contents: { kind: MarkupKind.Markdown, value: `**${info.code} ${info.reason}** — ${info.rfc}` }, range: toLspRange(lines, line.statusRange) };
    }
    if (line.kind === 'request' && offset >= line.methodRange.start && offset <= line.methodRange.end) {
      const info = methods.find((m) => m.name === line.method);
      if (info) return { contents: { kind: MarkupKind.Markdown, value: `**${info.name}** — ${info.description} (${info.rfc})` }, range: toLspRange(lines, line.methodRange) };
    }
    for (const header of message.headers) {
      const nameRange = header.nameRange;
      if (offset >= nameRange.start && offset <= nameRange.end) {
        const info = headerInfo(header.name);
        if (info) return { contents: { kind: MarkupKind.Markdown, value: `**${info.name}**${info.compact ? ` (compact form \`${info.compact}\`)` : ''} — ${info.description}\n\n${info.rfc}` }, range: toLspRange(lines, nameRange) };
      }
      if (offset < nameRange.start) break;
    }
  }
  const word = addressAt(text, offset);
  if (word) {
    const description = describeAddress(word.address, settings.internalNetworks) ?? `${word.address}: a public address`;
    return { contents: { kind: MarkupKind.Markdown, value: description }, range: toLspRange(lines, word.range) };
  }
  return undefined;
}

/** The IPv4 or IPv6 literal under the cursor, if any. */
function addressAt(text: string, offset: number): { address: string; range: { start: number; end: number } } | undefined {
  const isAddressChar = (c: number) => (c >= 0x30 && c <= 0x3a) || c === 0x2e || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
  let start = offset;
  while (start > 0 && offset - start < 64 && isAddressChar(text.charCodeAt(start - 1))) start--;
  let end = offset;
  while (end < text.length && end - offset < 64 && isAddressChar(text.charCodeAt(end))) end++;
  let candidate = text.slice(start, end);
  // `100.64.0.10:8214`: an IPv4 address followed by a port.
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d+)?$/.exec(candidate);
  if (v4) candidate = v4[1];
  candidate = candidate.replace(/^:+|[:.]+$/g, (m) => (m.startsWith(':') && candidate.startsWith('::') ? m : ''));
  if (!isIpLiteral(candidate)) return undefined;
  const at = text.indexOf(candidate, start);
  return { address: candidate, range: { start: at, end: at + candidate.length } };
}

/** One symbol per message (`INVITE sip:bob@example.com`, `200 OK (INVITE)`), headers and SDP as children. */
export function documentSymbols(document: SipDocument): DocumentSymbol[] {
  const text = document.text;
  const lines = new LineIndex(text);
  return document.messages.map((message) => {
    const line = message.startLine;
    let name: string;
    if (line.kind === 'request') name = `${line.method} ${text.slice(line.uriRange.start, line.uriRange.end)}`;
    else {
      const cseq = message.headers.find((h) => h.name === 'cseq');
      const method = cseq ? headerValueText(text, cseq).split(/\s+/)[1] : undefined;
      name = `${Number.isFinite(line.status) ? line.status : '???'} ${line.reason}${method ? ` (${method})` : ''}`;
    }
    const children: DocumentSymbol[] = message.headers.map((h) => ({
      name: text.slice(h.nameRange.start, h.nameRange.end) || '(empty)',
      detail: headerValueText(text, h).slice(0, 80),
      kind: SymbolKind.Field,
      range: toLspRange(lines, h.range),
      selectionRange: toLspRange(lines, h.nameRange),
    }));
    if (message.body) children.push({ name: 'body', kind: SymbolKind.Namespace, range: toLspRange(lines, message.body), selectionRange: toLspRange(lines, { start: message.body.start, end: message.body.start }) });
    const meta = message.meta;
    const detail = meta?.source && meta.destination ? `${meta.source.host}:${meta.source.port ?? ''} → ${meta.destination.host}:${meta.destination.port ?? ''}` : meta?.time;
    return { name: name || '(message)', detail, kind: line.kind === 'request' ? SymbolKind.Event : SymbolKind.EnumMember, range: toLspRange(lines, message.range), selectionRange: toLspRange(lines, line.range), children };
  });
}

/** A fold per message (its metadata included) and per body. */
export function foldingRanges(document: SipDocument): FoldingRange[] {
  const lines = new LineIndex(document.text);
  const result: FoldingRange[] = [];
  for (const message of document.messages) {
    const startLine = lines.positionAt(message.meta?.range.start ?? message.range.start).line;
    const endLine = lines.positionAt(Math.max(message.range.start, message.range.end - 1)).line;
    if (endLine > startLine) result.push({ startLine, endLine });
    if (message.body) {
      const bodyStart = lines.positionAt(message.body.start).line - 1;
      const bodyEnd = lines.positionAt(Math.max(message.body.start, message.body.end - 1)).line;
      if (bodyEnd > bodyStart) result.push({ startLine: bodyStart, endLine: bodyEnd });
    }
  }
  return result;
}

const formattingRules = new Set(['syntax/lf-line-endings', 'message/content-length-mismatch']);
const formattingSettings: LintSettings = {
  severities: Object.fromEntries(rules.filter((r) => !formattingRules.has(r.id)).map((r) => [r.id, 'off' as const])),
  internalNetworks: [],
};

/** Formatting: CRLF line endings and a recounted Content-Length in every message. */
export function format(text: string): TextEdit[] {
  return minimalEdit(text, fixAll(text, formattingSettings, { unsafe: false }).text);
}

/** One edit that turns `before` into `after`, covering only the span between their common prefix and suffix. */
export function minimalEdit(before: string, after: string): TextEdit[] {
  if (before === after) return [];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before.charCodeAt(endBefore - 1) === after.charCodeAt(endAfter - 1)) {
    endBefore--;
    endAfter--;
  }
  const lines = new LineIndex(before);
  return [{ range: toLspRange(lines, { start, end: endBefore }), newText: after.slice(start, endAfter) }];
}
