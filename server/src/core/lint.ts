/**
 * The lint entry: parse, then run every enabled rule over the document and each message.
 */
import type { Finding, FindingData, LintSettings, ParseProblem, Range, Severity } from './types';
import type { PacketMeta, SipDocument, SipMessage } from './sip/model';
import { parseDocument } from './sip/parse';
import { reassemble } from './sip/reassemble';
import { defaultSettings } from './settings';
import { rules as allRules } from './rules/registry';
import { DocumentIndex } from './rules/context';
import type { MessageContext, Report, Rule } from './rules/rule';

export interface LintResult {
  readonly document: SipDocument;
  /** Sorted by start offset; at most one finding per rule at one place. */
  readonly findings: Finding[];
}

/** Parses `text` and lints it. Never throws on any input. */
export function lint(text: string, settings: LintSettings = defaultSettings): LintResult {
  const document = parseDocument(text);
  return { document, findings: lintDocument(document, settings) };
}

/** Lints a parsed document, optionally only some of its messages (the language server's incremental path). */
export function lintDocument(
  document: SipDocument,
  settings: LintSettings = defaultSettings,
  options: { readonly messages?: readonly SipMessage[]; readonly documentRules?: boolean; readonly index?: DocumentIndex } = {},
): Finding[] {
  return run(document, settings, options, undefined);
}

/**
 * Lints `messages` with the message rules only, and hands each message's own findings (sorted,
 * one per rule and place, as {@link lintDocument} gives them) to `visit`, while the message's
 * parsed values are still in `index`. The language server re-lints the messages an edit touched
 * this way, in one pass instead of one pass per message.
 */
export function lintMessages(
  document: SipDocument,
  settings: LintSettings,
  messages: readonly SipMessage[],
  index: DocumentIndex,
  visit: (message: SipMessage, findings: Finding[]) => void,
): void {
  run(document, settings, { messages, documentRules: false, index }, visit);
}

/** What a pass lints: {@link lintDocument}'s options, and the text of messages made whole (see {@link checkCutLines}). */
interface PassOptions {
  readonly messages?: readonly SipMessage[];
  readonly documentRules?: boolean;
  readonly index?: DocumentIndex;
  /** The text `messages` were parsed from, when it is not the document's. */
  readonly text?: string;
}

function run(
  document: SipDocument,
  settings: LintSettings,
  options: PassOptions,
  visit: ((message: SipMessage, findings: Finding[]) => void) | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const active: { rule: Rule; setting: Severity | undefined; severity: Severity }[] = [];
  for (const rule of allRules) {
    const setting = settings.severities[rule.id];
    if (setting === 'off') continue;
    active.push({ rule, setting, severity: setting ?? rule.defaultSeverity });
  }
  // Lint passes do not interleave, but one may run inside another (a rule's helper linting a
  // snippet): the reporting state of the outer pass is put back at the end.
  const outer = reporting;
  reporting = { findings, ruleId: '', setting: undefined, severity: 'error' };
  try {
    if (options.documentRules !== false) {
      const problemsByCode = new Map<string, ParseProblem[]>();
      for (const problem of document.problems) {
        const list = problemsByCode.get(problem.code);
        if (list) list.push(problem);
        else problemsByCode.set(problem.code, [problem]);
      }
      for (const entry of active) {
        if (entry.rule.checkDocument === undefined) continue;
        reportAs(entry);
        entry.rule.checkDocument({ document, settings, problems: problemsByCode.get(entry.rule.id) ?? [], report });
      }
    }

    const index = options.index ?? new DocumentIndex(document);
    const messageRules = active.filter((a) => a.rule.checkMessage);
    const context: MessageContext = {
      document,
      text: options.text ?? document.text,
      settings,
      trace: index,
      message: undefined as unknown as SipMessage,
      values: undefined as unknown as MessageContext['values'],
      report,
    };
    const writable = context as { message: SipMessage; values: MessageContext['values'] };
    const messages = options.messages ?? document.messages;
    for (let m = 0; m < messages.length; m++) {
      const message = messages[m];
      writable.message = message;
      writable.values = index.values(message);
      // A visited message reports into a list of its own.
      const own: Finding[] = visit === undefined ? findings : [];
      reporting.findings = own;
      // A message a trace shows in part is not judged by what it lacks.
      const partial = message.meta?.continued === true;
      for (let r = 0; r < messageRules.length; r++) {
        const entry = messageRules[r];
        if (partial && entry.rule.wholeMessage === true) continue;
        reportAs(entry);
        try {
          entry.rule.checkMessage!(context);
        } catch (error) {
          // A rule must never take the whole lint down; its failure becomes a finding.
          own.push({ ruleId: RULE_FAILED, severity: 'error', message: `Rule ${entry.rule.id} failed on this message: ${String(error)}`, range: message.startLine.range });
        }
      }
      if (message.cuts !== undefined) checkCutLines(document, settings, message, index, own);
      if (visit !== undefined) visit(message, settle(own));
      index.release(message);
    }
  } finally {
    reporting = outer;
  }
  return settle(findings);
}

/**
 * Lints `message`, which a trace printed in pieces (TCP segments, TLS records, IP fragments),
 * once more as it was sent, to read the lines the pieces cut, which its own pass cannot: the
 * message is written out whole (`reassemble`) and parsed again, that message stands for it in the
 * trace index (its transaction, its responses, its packet), the message rules that do not need
 * the message as sent run on it, and what they find is reported where it stands in the trace (a
 * cut line's finding from its first piece to its last). A finding the message's own pass made too
 * is kept once, as that pass made it (`settle`). The others offer no fix: a fix edits the
 * message's own values, which lack the cut lines.
 */
function checkCutLines(document: SipDocument, settings: LintSettings, message: SipMessage, index: DocumentIndex, into: Finding[]): void {
  const whole = reassemble(document.text, message);
  if (whole === undefined) return;
  const parsed = parseDocument(whole.text).messages[0];
  if (parsed === undefined || parsed.range.start !== 0) return;
  // The same message: its place in the trace and its packet. The packet's lines are not in the
  // text made: a finding on them (the packet source) is given their range, which stays as it is.
  const meta = message.meta;
  const standIn = parsed as { index: number; meta: PacketMeta | undefined };
  standIn.index = message.index;
  standIn.meta = meta;
  index.standIn(parsed, whole.text, message);
  for (const f of run(document, settings, { messages: [parsed], documentRules: false, index, text: whole.text }, undefined)) {
    const onPacket = meta !== undefined && (f.range === meta.range || f.range === meta.source?.range || f.range === meta.destination?.range);
    const range = onPacket ? f.range : { start: whole.startAt(f.range.start), end: whole.endAt(f.range.end) };
    into.push({ ruleId: f.ruleId, severity: f.severity, message: f.message, range });
  }
}

/** Sorts findings by place and keeps one per rule and place. */
function settle(findings: Finding[]): Finding[] {
  // The sort is stable: findings at one place stay in the order they were reported.
  findings.sort(byPlace);
  return reportOncePerPlace(dropRepeats(findings));
}

/** Where {@link report} puts findings, and for which rule: the state of the pass in progress. */
interface Reporting {
  findings: Finding[];
  ruleId: string;
  setting: Severity | undefined;
  severity: Severity;
}

let reporting: Reporting = { findings: [], ruleId: '', setting: undefined, severity: 'error' };

/** Makes {@link report} speak for `entry`'s rule. */
function reportAs(entry: { readonly rule: Rule; readonly setting: Severity | undefined; readonly severity: Severity }): void {
  reporting.ruleId = entry.rule.id;
  reporting.setting = entry.setting;
  reporting.severity = entry.severity;
}

/**
 * The one `report` every rule is given. It is a single function for the whole program, not a
 * closure per rule and pass, so that the engine's optimized code, which remembers the functions
 * it calls, stays valid from one lint pass to the next (closures of a finished pass die, and
 * code that named them is thrown away at the next full garbage collection).
 * A rule that reports one place twice is reported once: `dropRepeats` removes the later ones.
 */
const report: Report = (range: Range, text: string, data?: FindingData, override?: Severity): void => {
  const message = intern(text);
  const state = reporting;
  const severity = state.setting ?? override ?? state.severity;
  state.findings.push(data ? { ruleId: state.ruleId, severity, message, range, data } : { ruleId: state.ruleId, severity, message, range });
};

/**
 * The one copy of a finding message that is kept: a trace repeats the same finding from message
 * to message (one phone's private Contact in its INVITE, ACK and BYE), and the language server
 * keeps a trace's findings for as long as the file is open, so equal texts share one string.
 * Looking a message up also stores it as one flat string: a message built from template parts
 * is otherwise kept as a tree of its parts (several objects).
 */
function intern(message: string): string {
  const known = messages.get(message);
  if (known !== undefined) return known;
  // Bounded: a hostile or huge trace could make texts without end; dropping all is simplest.
  if (messages.size >= MESSAGE_LIMIT) messages.clear();
  messages.set(message, message);
  return message;
}

/** The kept finding messages, each under its own text. At most some MB, then dropped whole. */
const messages = new Map<string, string>();
const MESSAGE_LIMIT = 16384;

function byPlace(a: Finding, b: Finding): number {
  return a.range.start - b.range.start || a.range.end - b.range.end;
}

/** The id of the findings made for a rule that threw; they are never merged. */
const RULE_FAILED = 'internal/rule-failed';

/**
 * Keeps the first finding of each rule at each place (the same range): a rule that reports one
 * place twice (two values with one broken range) speaks once. Takes findings sorted by place.
 */
function dropRepeats(findings: Finding[]): Finding[] {
  let out = 0;
  let runStart = 0;
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i];
    const range = finding.range;
    if (out > runStart) {
      const first = findings[runStart].range;
      if (first.start !== range.start || first.end !== range.end) runStart = out;
    }
    let repeated = false;
    if (finding.ruleId !== RULE_FAILED) {
      for (let k = runStart; k < out; k++) {
        if (findings[k].ruleId === finding.ruleId) {
          repeated = true;
          break;
        }
      }
    }
    if (!repeated) findings[out++] = finding;
  }
  findings.length = out;
  return findings;
}

/**
 * Never two errors at one offset: when rules agree that one place is broken (a status code
 * that is both malformed and out of range), the first rule in registry order speaks for it.
 */
function reportOncePerPlace(findings: Finding[]): Finding[] {
  const result: Finding[] = [];
  let lastErrorStart = -1;
  for (let i = 0; i < findings.length; i++) {
    const finding = findings[i];
    if (finding.severity === 'error') {
      if (finding.range.start === lastErrorStart) continue;
      lastErrorStart = finding.range.start;
    }
    result.push(finding);
  }
  return result;
}
