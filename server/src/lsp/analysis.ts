/**
 * One document's parse, findings and diagnostics, kept between edits. Each edit re-parses the
 * text (one linear pass), lines the new messages up with the previous ones (the unchanged
 * messages before and after the edited region), and re-runs the message rules only on the
 * messages in that region and on the messages linked to them or to the messages it replaced
 * (same Call-ID or Via branch: the rules read a request's transaction and responses). The
 * other messages keep their findings and diagnostics, moved to where the message now stands.
 *
 * The result is always what a fresh analysis of the text gives: where the pieces could not be
 * put together exactly (findings of different messages at one offset, or out of order), the
 * whole document is linted at once instead.
 */
import type { Diagnostic } from 'vscode-languageserver';
import { LineIndex, lintDocument, lintMessages, parseDocument, rules, type Finding, type LintSettings, type SipDocument, type SipMessage } from '../core/index';
import { DocumentIndex } from '../core/rules/context';
import type { MessageValues } from '../core/rules/rule';
import { PositionWalker, shiftDiagnostic, toDiagnostic } from './convert';

/** What one message contributed to the last analysis. */
interface MessageEntry {
  /** Keys of the messages whose findings may depend on this one, and the reverse. */
  readonly links: readonly string[];
  /** True when every finding lies within the message, so that its positions move with it. */
  readonly local: boolean;
  /** The message's findings, placed with the message starting at `offset`. */
  findings: readonly Finding[];
  offset: number;
  /** Their diagnostics, placed with the message starting at `line`:`character`. */
  diagnostics: readonly Diagnostic[];
  line: number;
  character: number;
}

export interface AnalysisResult {
  readonly version: number;
  readonly document: SipDocument;
  /** Sorted by place: what `lint()` gives for the text. */
  readonly findings: readonly Finding[];
  /** One per finding, in the same order. */
  readonly diagnostics: readonly Diagnostic[];
  /** How many messages were linted anew (the rest reused their findings). */
  readonly linted: number;
}

/** The rules that look at the whole document (parse problems) rather than at one message. */
const documentRuleIds = new Set(rules.filter((rule) => rule.checkDocument).map((rule) => rule.id));

export class DocumentAnalysis {
  private entries: MessageEntry[] = [];
  private last: AnalysisResult | undefined;

  constructor(readonly settings: LintSettings) {}

  /** The analysis of `text` at `version`; computed once per version. */
  analyse(text: string, version: number): AnalysisResult {
    if (this.last && this.last.version === version && this.last.document.text === text) return this.last;
    const document = parseDocument(text);
    const index = new DocumentIndex(document);
    const messages = document.messages;
    const entries: (MessageEntry | undefined)[] = this.reusable(document, index);
    const stale: SipMessage[] = [];
    for (let i = 0; i < messages.length; i++) if (entries[i] === undefined) stale.push(messages[i]);
    const linted = stale.length;
    // Each stale message is linted on its own findings list, so that they are exactly its own;
    // its links are read while its values are still at hand.
    lintMessages(document, this.settings, stale, index, (message, findings) => {
      const links = linksOf(document, index.values(message));
      const { start, end } = message.range;
      const local = findings.every((f) => f.range.start >= start && f.range.end <= end);
      entries[message.index] = { links, local, findings, offset: start, diagnostics: [], line: -1, character: -1 };
    });
    this.entries = entries as MessageEntry[];
    const documentFindings = lintDocument(document, this.settings, { messages: [] });
    const lines = new LineIndex(text);
    const merged = merge(document, lines, documentFindings, this.entries);
    if (merged) {
      const entries = this.entries;
      let findings: readonly Finding[] | undefined;
      // The findings are put together when first asked for (code actions): publishing needs
      // the diagnostics only, and most edits move many findings without changing them.
      this.last = { version, document, diagnostics: merged, linted, get findings() {
        return (findings ??= mergeFindings(document, documentFindings, entries));
      } };
    } else {
      const findings = lintDocument(document, this.settings);
      this.last = { version, document, findings, diagnostics: findings.map((f) => toDiagnostic(lines, f)), linted };
    }
    return this.last;
  }

  /**
   * The previous entries that still hold for `document`, at the new messages' indexes: the
   * unchanged messages before and after the edited region, less those linked to a message
   * in that region (before or after the edit).
   */
  private reusable(document: SipDocument, index: DocumentIndex): (MessageEntry | undefined)[] {
    const messages = document.messages;
    const entries = new Array<MessageEntry | undefined>(messages.length).fill(undefined);
    const previous = this.last?.document;
    if (!previous || previous.format !== document.format || this.entries.length !== previous.messages.length) return entries;
    const before = previous.messages;
    const limit = Math.min(before.length, messages.length);
    let head = 0;
    while (head < limit && sameMessage(previous, before[head], document, messages[head])) head++;
    let tail = 0;
    while (tail < limit - head && sameMessage(previous, before[before.length - 1 - tail], document, messages[messages.length - 1 - tail])) tail++;
    const changed = new Set<string>();
    for (let i = head; i < before.length - tail; i++) for (const key of this.entries[i].links) changed.add(key);
    for (let i = head; i < messages.length - tail; i++) for (const key of linksOf(document, index.values(messages[i]))) changed.add(key);
    const keep = (entry: MessageEntry) => !entry.links.some((key) => changed.has(key));
    for (let i = 0; i < head; i++) if (keep(this.entries[i])) entries[i] = this.entries[i];
    for (let k = 0; k < tail; k++) {
      const entry = this.entries[before.length - 1 - k];
      if (keep(entry)) entries[messages.length - 1 - k] = entry;
    }
    return entries;
  }
}

/** True when two messages (of two versions of a document) have the same text and metadata. */
function sameMessage(a: SipDocument, x: SipMessage, b: SipDocument, y: SipMessage): boolean {
  if (x.range.end - x.range.start !== y.range.end - y.range.start || x.crShownAsDot !== y.crShownAsDot || x.indent !== y.indent || x.meta?.continued !== y.meta?.continued) return false;
  if ((x.meta === undefined) !== (y.meta === undefined)) return false;
  if (x.meta && y.meta && a.text.slice(x.meta.range.start, x.meta.range.end) !== b.text.slice(y.meta.range.start, y.meta.range.end)) return false;
  return a.text.slice(x.range.start, x.range.end) === b.text.slice(y.range.start, y.range.end);
}

/**
 * The keys under which the rules may link a message to others: its Call-ID and every Via
 * branch, as parsed and as written (the NAT rules find a request's responses by a scan of the
 * raw top Via). Two messages that share no key never read each other. The keys are copied out
 * of the document text, so that an entry kept for long does not keep an old text alive.
 */
function linksOf(document: SipDocument, values: MessageValues): string[] {
  const keys = new Set<string>();
  const callId = values.header('call-id');
  if (callId) keys.add(detach(`c ${values.text(callId)}`));
  for (const via of values.vias()) {
    const branch = via.value.branch?.value;
    if (branch !== undefined) keys.add(detach(`b ${branch}`));
  }
  for (const header of values.headers('via')) {
    const raw = document.text.slice(header.valueRange.start, header.valueRange.end);
    for (const match of raw.matchAll(/branch[ \t]*=[ \t]*([^;, \t\r\n]+)/gi)) keys.add(detach(`b ${match[1]}`));
  }
  return [...keys];
}

/** A flat copy of a string made from parts of a larger one. */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * The document's diagnostics from the document rules' findings and each message's entry, or
 * undefined when they do not fit together exactly as one lint run would put them: findings
 * out of order, or findings of two sources at one offset (where the lint run would keep one
 * of them). Moves each entry's diagnostics to where its message now stands.
 */
function merge(document: SipDocument, lines: LineIndex, documentFindings: readonly Finding[], entries: readonly MessageEntry[]): Diagnostic[] | undefined {
  const diagnostics: Diagnostic[] = [];
  const walker = new PositionWalker(lines);
  // The document findings come from the document rules only: a message rule is never one.
  if (documentFindings.some((f) => !documentRuleIds.has(f.ruleId))) return undefined;
  // The source of the last finding taken: -1 for the document rules, else a message index.
  let lastSource = -2;
  let lastStart = -1;
  /** Takes a finding's diagnostic; false when it does not come strictly after one of another source. */
  const take = (start: number, diagnostic: Diagnostic, source: number): boolean => {
    if (source === lastSource ? start < lastStart : start <= lastStart) return false;
    lastSource = source;
    lastStart = start;
    diagnostics.push(diagnostic);
    return true;
  };
  let next = 0;
  const messages = document.messages;
  for (let i = 0; i < messages.length; i++) {
    const entry = entries[i];
    placeDiagnostics(entry, messages[i], lines, walker);
    const own = entry.findings;
    // Where the findings stand now: they may still be placed where the message was.
    const delta = messages[i].range.start - entry.offset;
    for (let j = 0; j < own.length; j++) {
      const start = own[j].range.start + delta;
      while (next < documentFindings.length && documentFindings[next].range.start < start) {
        const d = documentFindings[next++];
        if (!take(d.range.start, toDiagnostic(lines, d), -1)) return undefined;
      }
      if (!take(start, entry.diagnostics[j], i)) return undefined;
    }
  }
  for (; next < documentFindings.length; next++) {
    const d = documentFindings[next];
    if (!take(d.range.start, toDiagnostic(lines, d), -1)) return undefined;
  }
  return diagnostics;
}

/** The findings in the order `merge` found for their diagnostics. */
function mergeFindings(document: SipDocument, documentFindings: readonly Finding[], entries: readonly MessageEntry[]): Finding[] {
  const findings: Finding[] = [];
  let next = 0;
  const messages = document.messages;
  for (let i = 0; i < messages.length; i++) {
    for (const finding of placeFindings(entries[i], messages[i])) {
      while (next < documentFindings.length && documentFindings[next].range.start < finding.range.start) findings.push(documentFindings[next++]);
      findings.push(finding);
    }
  }
  while (next < documentFindings.length) findings.push(documentFindings[next++]);
  return findings;
}

/** An entry's findings, moved to where its message now starts. */
function placeFindings(entry: MessageEntry, message: SipMessage): readonly Finding[] {
  const start = message.range.start;
  if (entry.offset !== start) {
    const delta = start - entry.offset;
    entry.findings = entry.findings.map((f) => ({ ...f, range: { start: f.range.start + delta, end: f.range.end + delta } }));
    entry.offset = start;
  }
  return entry.findings;
}

/** Moves an entry's diagnostics to where its message now starts. */
function placeDiagnostics(entry: MessageEntry, message: SipMessage, lines: LineIndex, walker: PositionWalker): void {
  const at = walker.at(message.range.start);
  // Positions outside the message depend on text around it: those are found anew each time.
  if (entry.local && entry.line === at.line && entry.character === at.character) return;
  if (entry.line >= 0 && entry.local) {
    const from = { line: entry.line, character: entry.character };
    entry.diagnostics = entry.diagnostics.map((d) => shiftDiagnostic(d, from, at));
  } else {
    entry.diagnostics = placeFindings(entry, message).map((f) => toDiagnostic(lines, f, walker));
  }
  entry.line = at.line;
  entry.character = at.character;
}
