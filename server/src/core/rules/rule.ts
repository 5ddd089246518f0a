/**
 * What a rule is. Each rule lives in a file of its own under `rules/<group>/`, exports one
 * {@link Rule} made with {@link defineRule}, and is listed once in `registry.ts`. Its `docs`
 * are its documentation: `scripts/gen-rule-docs.js` turns them into `docs/rules.md` and the
 * README's rule table, so nothing is written twice.
 */
import type { Finding, FindingData, Fix, LintSettings, Parsed, ParseProblem, Range, Severity, ValueError } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import type { SipUri } from '../sip/uri';
import type { ContactValue, CSeqValue, NameAddr, Plain, ViaValue } from '../sip/values';
import type { SdpSession } from '../sdp/model';

/** A rule's documentation, in Markdown fragments. */
export interface RuleDocs {
  /** What the rule flags, in one or two sentences. */
  readonly what: string;
  /** Why it breaks calls (or why it is only worth knowing). */
  readonly why: string;
  /** A short example of text it flags. */
  readonly example: string;
  /** How the fix works and when it is unsafe; omit when there is no fix. */
  readonly fix?: string;
  /** RFC sections and other references: `RFC 3261 8.1.1.5`. */
  readonly references: readonly string[];
}

export interface Rule {
  /** Stable kebab-case id with a group prefix: `nat/private-contact`. Never renamed. */
  readonly id: string;
  readonly defaultSeverity: Severity;
  /** One line, shown in the rule table. */
  readonly summary: string;
  readonly docs: RuleDocs;
  /**
   * Whether a fix exists: `offline` fixes need nothing but the text; `stun` fixes need a STUN
   * answer (the STUN fix lives outside the rule, it only marks the finding as eligible).
   */
  readonly fixable?: 'offline' | 'stun';
  /**
   * True for a rule that judges a message by what it lacks (a header, a body's octets, an SDP
   * line) or by the order of its lines: it is not run on a message that a trace shows in TCP
   * segments (`meta.continued`), where a piece the trace lacks would look missing.
   */
  readonly wholeMessage?: boolean;
  /** Looks at one message and reports what it finds through `ctx.report`. */
  checkMessage?(ctx: MessageContext): void;
  /** Looks at the document as a whole: parse problems, text between messages. */
  checkDocument?(ctx: DocumentContext): void;
  /**
   * Builds the fix for one of this rule's findings from its range and data. Called again at
   * fix time, possibly in another process (the language server gets the finding back from
   * the client), so it must read everything it needs from `finding` and the document.
   */
  fix?(ctx: FixContext): Fix | undefined;
}

/** Declares a rule; a typed identity function, so that rule files read as declarations. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/** How a rule reports: a range, a message, and what its fix provider will need. */
export type Report = (range: Range, message: string, data?: FindingData, severity?: Severity) => void;

export interface DocumentContext {
  readonly document: SipDocument;
  readonly settings: LintSettings;
  /** The parse problems whose code is this rule's id. */
  readonly problems: readonly ParseProblem[];
  readonly report: Report;
}

export interface MessageContext {
  readonly document: SipDocument;
  readonly text: string;
  readonly message: SipMessage;
  readonly settings: LintSettings;
  /** Parsed header values of this message, computed once and shared by all rules. */
  readonly values: MessageValues;
  /** Links between the messages of the document: transactions and dialogs. */
  readonly trace: TraceIndex;
  readonly report: Report;
}

export interface FixContext {
  readonly document: SipDocument;
  readonly message: SipMessage | undefined;
  readonly finding: Finding;
  readonly values: MessageValues | undefined;
}

/**
 * The parsed values of one message. Each accessor parses on first use and caches; value
 * errors are reported by the `header/malformed-value` and `header/malformed-uri` rules only,
 * so that a broken value is reported once, whatever number of rules read it.
 */
export interface MessageValues {
  /**
   * A number no other values object of this process has: a rule helper that remembers answers
   * for the message at hand keys them on it, without keeping the message alive.
   */
  readonly serial: number;
  /** The first header with this canonical name. */
  header(name: string): SipHeader | undefined;
  /** True when the message has a header with this canonical name (builds no header object). */
  has(name: string): boolean;
  /** Every header with this canonical name, in order. */
  headers(name: string): readonly SipHeader[];
  /** A header's value, with folded continuation lines joined by one space. */
  text(header: SipHeader): string;
  requestUri(): Parsed<SipUri> | undefined;
  /** Every Via value of the message, top first, across all Via headers. */
  vias(): readonly ParsedIn<ViaValue>[];
  contacts(): readonly ParsedIn<ContactValue>[];
  /** Via and Contact headers from which no value could be read, with their errors. */
  unreadableValues(): readonly { readonly header: SipHeader; readonly errors: readonly ValueError[] }[];
  from(): ParsedIn<NameAddr> | undefined;
  to(): ParsedIn<NameAddr> | undefined;
  /**
   * Whether the From value is proven plain (see `plainNameAddr`): no error, a sip or sips URI,
   * no IPv6 host, and whether it has a tag. Read from the text, building nothing: a rule that
   * has nothing to say of such a value skips {@link from}, and most values never get objects.
   */
  plainFrom(): Plain;
  /** {@link plainFrom} for the To value. */
  plainTo(): Plain;
  cseq(): ParsedIn<CSeqValue> | undefined;
  /** The declared Content-Length; undefined when absent or not a number. */
  contentLength(): number | undefined;
  /** The SDP bodies of the message: the body itself, or the SDP parts of a multipart body. */
  sdp(): readonly Parsed<SdpSession>[];
  /**
   * True when the value of every header with this canonical name (if any) is ASCII digits
   * only, for a number of at most `max`: the clean case of a numeric header, answered from the
   * text without header objects or slices. False says only that a closer look is needed.
   */
  numbersAtMost(name: string, max: number): boolean;
}

/** A parsed value together with the header it came from. */
export interface ParsedIn<T> extends Parsed<T> {
  readonly header: SipHeader;
}

/** Links between the messages of a document. */
export interface TraceIndex {
  /** For a response: the request of the same transaction earlier in the document. */
  requestOf(response: SipMessage): SipMessage | undefined;
  /** For a request: the responses of its transaction later in the document. */
  responsesOf(request: SipMessage): readonly SipMessage[];
  values(message: SipMessage): MessageValues;
}
