/**
 * The template linter's entry: recognises a SIPp scenario or a `.sip` template, turns each
 * message into plain SIP (cleaned as SIPp cleans it, keywords replaced by stand-ins), runs the
 * core `lint()` on it, maps every finding back to the original text, drops the findings that
 * substitution itself caused, and adds the template rules' findings.
 */
import type { Finding, FindingData, LintSettings, Range, Severity } from '../types';
import { lint } from '../lint';
import { defaultSettings } from '../settings';
import { DocumentIndex } from '../rules/context';
import type { Report } from '../rules/rule';
import { parseDocument } from '../sip/parse';
import { identity } from './mapped';
import { attribute, cdataText, decodeXmlText, parseXml, rootElementName, type XmlElement } from './xml';
import { cleanLikeSipp, substituteKeywords, type Substitution } from './substitute';
import { keywordCatalogue } from './keywords';
import type { MappedFinding, Scenario, ScenarioStep, TemplateContext, TemplateMessage } from './context';
import { effectiveSeverity } from './context';
import { templateRules } from './rules';

/** What a file is, as far as linting goes. */
export type TemplateKind = 'scenario' | 'template';

export interface TemplateLintResult {
  readonly kind: TemplateKind;
  /** Sorted by start offset, ranges in the original text. */
  readonly findings: Finding[];
}

const keywordNames = keywordCatalogue.map((k) => k.name.replace(/:$/, '')).filter((n) => !n.startsWith('last_'));
/** Global, so that a search can start at the first `[`: every keyword opens with one. */
const keywordPattern = new RegExp(`\\[(?:${keywordNames.join('|')})(?:[+-]\\d+)?\\]|\\[last_[A-Za-z][\\w-]*:\\]|\\[field\\d+(?: [^\\]]*)?\\]`, 'g');

/**
 * Whether `text` is a SIPp scenario (an XML file whose root is `<scenario>`), a SIP template
 * (text with at least one SIPp keyword such as `[local_ip]`), or neither.
 */
export function templateKind(text: string): TemplateKind | undefined {
  const first = firstNonBlank(text);
  if (first === '<') return rootElementName(text) === 'scenario' ? 'scenario' : undefined;
  // A trace seldom holds a `[`: looking for one first is ten times cheaper than the pattern.
  const bracket = text.indexOf('[');
  if (bracket === -1) return undefined;
  keywordPattern.lastIndex = bracket;
  return keywordPattern.test(text) ? 'template' : undefined;
}

function firstNonBlank(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n' && c !== '\ufeff') return c;
  }
  return '';
}

/**
 * Lints a scenario or template; undefined when `text` is neither (plain SIP goes to the core
 * `lint()`, other XML is not ours). Never throws on any input.
 */
export function lintTemplate(text: string, settings: LintSettings = defaultSettings, kind = templateKind(text)): TemplateLintResult | undefined {
  if (kind === undefined) return undefined;
  try {
    return { kind, findings: kind === 'scenario' ? lintScenario(text, settings) : lintSipTemplate(text, settings) };
  } catch (error) {
    // A defect of ours must never take the editor down; it becomes one finding at the top.
    return { kind, findings: [{ ruleId: 'internal/rule-failed', severity: 'error', message: `Template linting failed: ${String(error)}`, range: { start: 0, end: 0 } }] };
  }
}

function lintSipTemplate(text: string, settings: LintSettings): Finding[] {
  const substitution = substituteKeywords(identity(text), { sipp: false });
  const document = parseDocument(substitution.text.text);
  const index = new DocumentIndex(document);
  const messages: TemplateMessage[] = document.messages.map((message) => ({
    substitution,
    document,
    message,
    values: index.values(message),
    keywords: substitution.keywords.filter((k) => k.out.start >= message.range.start && k.out.start <= message.range.end),
  }));
  const raw = lint(substitution.text.text, settings).findings;
  const core: MappedFinding[] = raw.map((finding) => {
    const message = messages.find((m) => m.message.range.start <= finding.range.start && finding.range.start <= m.message.range.end) ?? messages[0];
    return { finding: { ...finding, range: substitution.text.toOriginal(finding.range) }, out: finding.range, message };
  });
  return finish(text, 'template', settings, undefined, messages, core.filter((c) => c.message !== undefined));
}

/** The elements SIPp counts as scenario messages (they get an index; labels do not). */
const messageElements = new Set(['send', 'recv', 'pause', 'nop', 'sendCmd', 'recvCmd', 'timewait']);

function lintScenario(text: string, settings: LintSettings): Finding[] {
  const xml = parseXml(text);
  const root = xml.root;
  if (!root) return [];
  const steps: ScenarioStep[] = [];
  const labels = new Map<string, XmlElement>();
  const messages: TemplateMessage[] = [];
  const core: MappedFinding[] = [];
  let messageIndex = 0;
  let lastRequestMethod: string | undefined;
  let hasJumps = false;
  for (const element of root.children) {
    if (element.name === 'label') {
      const id = attribute(element, 'id')?.value;
      if (id !== undefined && !labels.has(id)) labels.set(id, element);
    }
    if (attribute(element, 'next') || attribute(element, 'ontimeout')) hasJumps = true;
    if (element.name === 'recv') lastRequestMethod = attribute(element, 'request')?.value ?? lastRequestMethod;
    if (element.name !== 'send') {
      steps.push({ element, kind: element.name });
      if (messageElements.has(element.name)) messageIndex++;
      continue;
    }
    const substitution = sendSubstitution(text, element, messageIndex, lastRequestMethod);
    messageIndex++;
    if (!substitution) {
      steps.push({ element, kind: 'send' });
      continue;
    }
    const result = lint(substitution.text.text, settings);
    const document = result.document;
    const message = document.messages[0];
    if (!message) {
      steps.push({ element, kind: 'send' });
      for (const finding of result.findings) core.push(...mapFinding(finding, substitution, undefined));
      continue;
    }
    const index = new DocumentIndex(document);
    const tm: TemplateMessage = { stepIndex: steps.length, substitution, document, message, values: index.values(message), keywords: substitution.keywords };
    messages.push(tm);
    const line = message.startLine;
    steps.push(line.kind === 'request' ? { element, kind: 'send', method: line.method, message: tm } : { element, kind: 'send', status: line.status, message: tm });
    for (const finding of result.findings) core.push(...mapFinding(finding, substitution, tm));
  }
  const scenario: Scenario = { root, steps, labels, hasJumps, problems: xml.problems };
  return finish(text, 'scenario', settings, scenario, messages, core);
}

/** The message of a `<send>`: its first CDATA section (as SIPp reads it), else its text. */
function sendSubstitution(text: string, element: XmlElement, messageIndex: number, lastRequestMethod: string | undefined): Substitution | undefined {
  const cdata = element.content.find((c) => c.kind === 'cdata');
  let source;
  if (cdata) source = cdataText(text, cdata.range);
  else {
    const pieces = element.content.filter((c) => c.kind === 'text');
    if (pieces.length === 0) return undefined;
    source = decodeXmlText(text, { start: pieces[0].range.start, end: pieces[pieces.length - 1].range.end });
  }
  if (source.text.trim() === '') return undefined;
  return substituteKeywords(cleanLikeSipp(source), { sipp: true, messageIndex, lastRequestMethod });
}

function mapFinding(finding: Finding, substitution: Substitution, message: TemplateMessage | undefined): MappedFinding[] {
  if (!message) return [];
  return [{ finding: { ...finding, range: substitution.text.toOriginal(finding.range) }, out: finding.range, message }];
}

/** Rule ids whose findings say something about the message as a whole. */
const wholeMessageRules = new Set(['message/missing-mandatory-header', 'message/response-missing-required-header']);

/** Runs the template rules, drops substitution artifacts, applies severities, sorts. */
function finish(
  text: string,
  mode: 'scenario' | 'template',
  settings: LintSettings,
  scenario: Scenario | undefined,
  messages: readonly TemplateMessage[],
  core: readonly MappedFinding[],
): Finding[] {
  const suppressed = new Set<MappedFinding>();
  for (const mapped of core) if (isArtifact(mapped)) suppressed.add(mapped);
  const own: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of templateRules) {
    const report: Report = (range: Range, message: string, data?: FindingData, requested?: Severity) => {
      const severity = effectiveSeverity(settings, rule, requested);
      if (severity === undefined) return;
      const key = `${rule.id}@${range.start}:${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      own.push(data ? { ruleId: rule.id, severity, message, range, data } : { ruleId: rule.id, severity, message, range });
    };
    const ctx: TemplateContext = { text, mode, settings, scenario, messages, coreFindings: core, suppress: (f) => suppressed.add(f), report };
    try {
      rule.checkTemplate(ctx);
    } catch (error) {
      own.push({ ruleId: 'internal/rule-failed', severity: 'error', message: `Rule ${rule.id} failed: ${String(error)}`, range: { start: 0, end: 0 } });
    }
  }
  const findings: Finding[] = [];
  const coreSeen = new Set<string>();
  for (const mapped of core) {
    if (suppressed.has(mapped)) continue;
    // Core fixes compute edits on the substituted text; they do not apply to the template.
    const { ruleId, severity, message, range } = mapped.finding;
    const finding: Finding = { ruleId, severity, message, range };
    const key = `${finding.ruleId}@${finding.range.start}:${finding.range.end}`;
    if (coreSeen.has(key)) continue;
    coreSeen.add(key);
    findings.push(finding);
  }
  findings.push(...own);
  findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
  return findings;
}

/**
 * Whether a core finding is caused by substitution rather than by the template: it lies on a
 * stand-in for a value SIPp only knows at run time (`[field0]`, `[$var]`, `[last_Via:]`), or it
 * is about Content-Length while `[len]` (always right) or such a value is in the message, or it
 * is about missing headers while a keyword may supply whole header lines.
 */
function isArtifact(mapped: MappedFinding): boolean {
  const { finding, out, message } = mapped;
  const opaque = message.keywords.filter((k) => k.use.kind === 'free' || k.use.kind === 'header');
  if (opaque.some((k) => overlaps(k.out, out))) return true;
  if (finding.ruleId === 'message/content-length-mismatch') {
    if (message.keywords.some((k) => k.use.kind === 'length')) return true;
    const body = message.message.body;
    if (body && opaque.some((k) => k.out.start >= body.start)) return true;
  }
  if (wholeMessageRules.has(finding.ruleId)) {
    const text = message.document.text;
    if (opaque.some((k) => k.out.start === 0 || text.charCodeAt(k.out.start - 1) === 0x0a)) return true;
  }
  return false;
}

function overlaps(a: Range, b: Range): boolean {
  if (a.start === a.end) return b.start <= a.start && a.start < b.end;
  return a.start < b.end && b.start < a.end;
}
