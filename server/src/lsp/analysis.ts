/**
 * One document's parse and findings, kept between edits. Each edit re-parses the text (one
 * linear pass) but re-runs the message rules only on messages whose text changed, and on the
 * other messages of their calls (same Call-ID: the NAT rules read a request's responses).
 * Findings of unchanged messages are reused, shifted to where the message now stands.
 */
import { parseDocument, lintDocument, type Finding, type LintSettings, type SipDocument, type SipMessage } from '../core/index';
import { DocumentIndex } from '../core/rules/context';

interface CachedMessage {
  /** Findings with ranges relative to the message start. */
  readonly findings: readonly Finding[];
}

export interface AnalysisResult {
  readonly version: number;
  readonly document: SipDocument;
  readonly findings: readonly Finding[];
  /** How many messages were linted anew (the rest reused their findings). */
  readonly linted: number;
}

export class DocumentAnalysis {
  private cache = new Map<string, CachedMessage>();
  private last: AnalysisResult | undefined;

  constructor(readonly settings: LintSettings) {}

  /** The analysis of `text` at `version`; computed once per version. */
  analyse(text: string, version: number): AnalysisResult {
    if (this.last && this.last.version === version && this.last.document.text === text) return this.last;
    const document = parseDocument(text);
    const index = new DocumentIndex(document);
    const keys = document.messages.map((m) => text.slice(m.range.start, m.range.end));
    const stale: SipMessage[] = [];
    const staleCalls = new Set<string>();
    document.messages.forEach((message, i) => {
      if (!this.cache.has(keys[i])) {
        stale.push(message);
        const callId = callIdOf(index, message);
        if (callId) staleCalls.add(callId);
      }
    });
    const toLint = new Set(stale);
    if (staleCalls.size) {
      for (const message of document.messages) {
        if (!toLint.has(message)) {
          const callId = callIdOf(index, message);
          if (callId && staleCalls.has(callId)) toLint.add(message);
        }
      }
    }
    const ordered = document.messages.filter((m) => toLint.has(m));
    const documentFindings = lintDocument(document, this.settings, { messages: [] });
    const fresh = ordered.length ? lintDocument(document, this.settings, { messages: ordered, documentRules: false, index }) : [];
    const freshByMessage = groupByMessage(document, fresh);
    const nextCache = new Map<string, CachedMessage>();
    const findings: Finding[] = [...documentFindings];
    document.messages.forEach((message, i) => {
      let entry: CachedMessage | undefined;
      if (toLint.has(message)) {
        const own = freshByMessage.get(message.index) ?? [];
        entry = { findings: own.map((f) => shift(f, -message.range.start)) };
        findings.push(...own);
      } else {
        entry = this.cache.get(keys[i])!;
        for (const f of entry.findings) findings.push(shift(f, message.range.start));
      }
      nextCache.set(keys[i], entry);
    });
    this.cache = nextCache;
    findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    this.last = { version, document, findings, linted: ordered.length };
    return this.last;
  }
}

function callIdOf(index: DocumentIndex, message: SipMessage): string | undefined {
  const values = index.values(message);
  const header = values.header('call-id');
  return header ? values.text(header) : undefined;
}

function shift(finding: Finding, delta: number): Finding {
  return { ...finding, range: { start: finding.range.start + delta, end: finding.range.end + delta } };
}

/** Assigns findings to the message whose range holds their start. */
function groupByMessage(document: SipDocument, findings: readonly Finding[]): Map<number, Finding[]> {
  const result = new Map<number, Finding[]>();
  const messages = document.messages;
  for (const finding of findings) {
    let low = 0;
    let high = messages.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (messages[mid].range.start <= finding.range.start) low = mid;
      else high = mid - 1;
    }
    const list = result.get(low);
    if (list) list.push(finding);
    else result.set(low, [finding]);
  }
  return result;
}
