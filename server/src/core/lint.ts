/**
 * The lint entry: parse, then run every enabled rule over the document and each message.
 */
import type { Finding, FindingData, LintSettings, ParseProblem, Range, Severity } from './types';
import type { SipDocument, SipMessage } from './sip/model';
import { parseDocument } from './sip/parse';
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
  const findings: Finding[] = [];
  const active: { rule: Rule; report: Report }[] = [];
  for (const rule of allRules) {
    const setting = settings.severities[rule.id];
    if (setting === 'off') continue;
    const severity: Severity = setting ?? rule.defaultSeverity;
    // A rule that reports one place twice is reported once: `dropRepeats` removes the later ones.
    const report: Report = (range: Range, message: string, data?: FindingData, override?: Severity) => {
      flatten(message);
      const finding: Finding = data
        ? { ruleId: rule.id, severity: setting ?? override ?? severity, message, range, data }
        : { ruleId: rule.id, severity: setting ?? override ?? severity, message, range };
      findings.push(finding);
    };
    active.push({ rule, report });
  }

  if (options.documentRules !== false) {
    const problemsByCode = new Map<string, ParseProblem[]>();
    for (const problem of document.problems) {
      const list = problemsByCode.get(problem.code);
      if (list) list.push(problem);
      else problemsByCode.set(problem.code, [problem]);
    }
    for (const { rule, report } of active) {
      rule.checkDocument?.({ document, settings, problems: problemsByCode.get(rule.id) ?? [], report });
    }
  }

  const index = options.index ?? new DocumentIndex(document);
  const messageRules = active.filter((a) => a.rule.checkMessage);
  const context = {
    document,
    text: document.text,
    settings,
    trace: index,
    message: undefined as unknown as SipMessage,
    values: undefined as unknown as MessageContext['values'],
    report: undefined as unknown as Report,
  };
  for (const message of options.messages ?? document.messages) {
    context.message = message;
    context.values = index.values(message);
    for (const { rule, report } of messageRules) {
      context.report = report;
      try {
        rule.checkMessage!(context);
      } catch (error) {
        // A rule must never take the whole lint down; its failure becomes a finding.
        findings.push({ ruleId: RULE_FAILED, severity: 'error', message: `Rule ${rule.id} failed on this message: ${String(error)}`, range: message.startLine.range });
      }
    }
    index.release(message);
  }
  // The sort is stable: findings at one place stay in the order they were reported.
  findings.sort(byPlace);
  return reportOncePerPlace(dropRepeats(findings));
}

/**
 * Makes the engine store `message` as one flat string. A message built from template parts is
 * kept as a tree of its parts (several objects); reading a character flattens it in place, so
 * that a finding kept for long (a trace's findings in the language server) costs one string.
 */
function flatten(message: string): void {
  // The result is kept so that the compiler cannot drop the read as dead code.
  if (message.length > 0) flattenSink.last = message.charCodeAt(0);
}
const flattenSink = { last: 0 };

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
  for (const finding of findings) {
    if (finding.severity === 'error') {
      if (finding.range.start === lastErrorStart) continue;
      lastErrorStart = finding.range.start;
    }
    result.push(finding);
  }
  return result;
}
