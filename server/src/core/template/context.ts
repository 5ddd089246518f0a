/**
 * What a template rule sees: the messages of a SIPp scenario or `.sip` template, each as the
 * plain SIP it becomes after substitution (with the map back to the original text), the
 * scenario's steps, and the core findings already mapped back, which a rule may take over
 * (a literal private address in a template is the template's mistake, not a NAT finding).
 */
import type { Finding, FindingData, LintSettings, Range, Severity } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import type { MessageValues, Report, Rule } from '../rules/rule';
import { defineRule } from '../rules/rule';
import type { Substitution, SubstitutedKeyword } from './substitute';
import type { XmlElement, XmlProblem } from './xml';

/** One step of a scenario, in file order. */
export interface ScenarioStep {
  readonly element: XmlElement;
  /** The element name: `send`, `recv`, `pause`, `nop`, `label`, `sendCmd`, `recvCmd`, `timewait`... */
  readonly kind: string;
  /** For a `<send>` of a request: its method. */
  readonly method?: string;
  /** For a `<send>` of a response: its status code. */
  readonly status?: number;
  /** The template message of a `<send>`, when it could be read. */
  readonly message?: TemplateMessage;
}

export interface Scenario {
  readonly root: XmlElement;
  readonly steps: readonly ScenarioStep[];
  /** `<label id>` elements by id (the first of each id). */
  readonly labels: ReadonlyMap<string, XmlElement>;
  /** Whether any step jumps (`next`, `ontimeout`): then file order is not execution order. */
  readonly hasJumps: boolean;
  readonly problems: readonly XmlProblem[];
}

/** One message of the template, substituted and parsed. */
export interface TemplateMessage {
  /** The step of a scenario `<send>`; undefined in a `.sip` template. */
  readonly stepIndex?: number;
  readonly substitution: Substitution;
  /** The parse of the substituted text (one message in a scenario, all of them in a template). */
  readonly document: SipDocument;
  readonly message: SipMessage;
  readonly values: MessageValues;
  /** The keywords inside this message. */
  readonly keywords: readonly SubstitutedKeyword[];
}

/** A core finding with where it came from. */
export interface MappedFinding {
  /** The finding with its range in the original text. */
  readonly finding: Finding;
  /** Its range in the substituted text. */
  readonly out: Range;
  readonly message: TemplateMessage;
}

export interface TemplateContext {
  /** The original text: the scenario file or the template. */
  readonly text: string;
  readonly mode: 'scenario' | 'template';
  readonly settings: LintSettings;
  readonly scenario: Scenario | undefined;
  readonly messages: readonly TemplateMessage[];
  readonly coreFindings: readonly MappedFinding[];
  /** Drops a core finding that this rule reports in its own terms (or knows to be an artifact). */
  suppress(finding: MappedFinding): void;
  /** Reports with ranges in the original text. */
  readonly report: Report;
}

/** A rule about templates: a core {@link Rule} (docs, severity, fix) plus its template check. */
export interface TemplateRule extends Rule {
  checkTemplate(ctx: TemplateContext): void;
}

/** Declares a template rule through {@link defineRule}, so that it documents itself like the others. */
export function defineTemplateRule(rule: TemplateRule): TemplateRule {
  return defineRule(rule) as TemplateRule;
}

/** Where a keyword stands in its substituted message. */
export interface KeywordPlace {
  readonly section: 'start-line' | 'header' | 'body' | 'outside';
  /** The header the keyword is in. */
  readonly header?: SipHeader;
  /** The substituted text of its line, from the line start to the keyword. */
  readonly before: string;
  /** The whole substituted line. */
  readonly line: string;
  /** Whether the line looks like an SDP line (`c=IN IP4 ...`), wherever it stands. */
  readonly sdpLine: boolean;
}

/** Finds where a keyword stands. */
export function placeOf(tm: TemplateMessage, keyword: SubstitutedKeyword): KeywordPlace {
  const text = tm.document.text;
  const at = keyword.out.start;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const before = text.slice(lineStart, at);
  const sdpLine = /^[a-z]=/.test(line.trimStart());
  const message = tm.message;
  if (at < message.range.start || at > message.range.end) return { section: 'outside', before, line, sdpLine };
  if (at <= message.startLine.range.end) return { section: 'start-line', before, line, sdpLine };
  // A header keyword that stood for nothing on the last header line sits where the empty line starts.
  if (at < message.headerEnd || (keyword.standIn === '' && at === message.headerEnd)) {
    const header = message.headers.find((h) => h.range.start <= at && at <= h.range.end);
    return header ? { section: 'header', header, before, line, sdpLine } : { section: 'header', before, line, sdpLine };
  }
  return { section: 'body', before, line, sdpLine };
}

/** Data for a finding whose fix replaces its range by `replacement`. */
export function replacementData(replacement: string, extra: FindingData = {}): FindingData {
  return { ...extra, replacement };
}

/** The severity a template finding gets under the settings, or undefined when its rule is off. */
export function effectiveSeverity(settings: LintSettings, rule: Rule, requested: Severity | undefined): Severity | undefined {
  const setting = settings.severities[rule.id];
  if (setting === 'off') return undefined;
  return setting ?? requested ?? rule.defaultSeverity;
}
