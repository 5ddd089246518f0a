/**
 * The parsed values of a message and the links between messages, computed on demand and
 * cached for one lint run: every rule asks for the Vias, they are parsed once.
 */
import type { Parsed, ValueError } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import { headerValueText, ParsedMessage, valueTextAt } from '../sip/parse';
import { clampEnd, clampStart, parseUri, type SipUri } from '../sip/uri';
import { parseContactListAt, parseCSeqAt, parseNameAddrAt, parseViaAt, Plain, plainNameAddr, type ContactValue, type CSeqValue, type NameAddr, type ViaValue } from '../sip/values';
import { findSdpRanges, parseSdp, type SdpParseOptions } from '../sdp/parse';
import { isDissected } from '../sip/trace';
import type { SdpSession } from '../sdp/model';
import type { MessageValues, ParsedIn, TraceIndex } from './rule';

const none: readonly never[] = Object.freeze([]);

/** The two ways SDP bodies are read, shared by every message. */
const CR_SHOWN_AS_DOT: SdpParseOptions = Object.freeze({ crShownAsDot: true });
const CR_AS_IS: SdpParseOptions = Object.freeze({ crShownAsDot: false });
/** A Wireshark dissection shows each SDP line as an item of its protocol tree. */
const DISSECTION: SdpParseOptions = Object.freeze({ dissection: true });
/** sofia-sip's older log writes every line of a message, SDP too, after 3 spaces. */
const INDENTED: SdpParseOptions = Object.freeze({ indent: 3 });

/** Marks a memo field that has not been computed yet (undefined is a valid value). */
const UNSET = Symbol('unset');
type Memo<T> = T | typeof UNSET;

/** The last serial number given to a {@link Values}. */
let serials = 0;

class Values implements MessageValues {
  readonly serial = ++serials;
  /** Set by {@link release}: header objects built after it are no longer pinned on the message. */
  private released = false;
  /** The message's header objects when it is not a packed message. */
  private plain: readonly SipHeader[] | undefined;
  private ruri: Memo<Parsed<SipUri> | undefined> = UNSET;
  private viaList: readonly ParsedIn<ViaValue>[] | undefined;
  private contactList: readonly ParsedIn<ContactValue>[] | undefined;
  private fromValue: Memo<ParsedIn<NameAddr> | undefined> = UNSET;
  private toValue: Memo<ParsedIn<NameAddr> | undefined> = UNSET;
  /** {@link plainFrom} and {@link plainTo}; -1 until asked. */
  private fromPlain: Plain | -1 = -1;
  private toPlain: Plain | -1 = -1;
  private cseqValue: Memo<ParsedIn<CSeqValue> | undefined> = UNSET;
  private clen: Memo<number | undefined> = UNSET;
  private sdpList: readonly Parsed<SdpSession>[] | undefined;
  /** Made for the rare message that has some. */
  private unreadable: { header: SipHeader; errors: readonly ValueError[] }[] | undefined;

  constructor(private readonly source: string, readonly message: SipMessage) {}

  /**
   * The position of the next header named `name` after position `k` (-1 to start), or -1: a
   * store index for a packed message, a list index otherwise. Walking headers this way builds
   * no list, only the header objects that {@link at} is asked for.
   */
  private next(name: string, k: number): number {
    const message = this.message;
    if (message instanceof ParsedMessage) {
      const first = message.firstHeader;
      const from = k === -1 ? first : k + 1;
      const last = first + message.headerCount;
      return from < last ? message.store.find(name, from, last - from) : -1;
    }
    const all = (this.plain ??= message.headers);
    for (let i = k + 1; i < all.length; i++) if (all[i].name === name) return i;
    return -1;
  }

  /** The header at a position {@link next} returned. */
  at(k: number): SipHeader {
    const message = this.message;
    if (message instanceof ParsedMessage) {
      if (!this.released) message.pinHeaders();
      return message.headerAt(k);
    }
    return this.plain![k];
  }

  /**
   * Where the value of the header at `k` starts: with {@link valueEnd}, its `valueRange` clamped
   * into the text, read from the header store without building the header or the range.
   */
  private valueStart(k: number): number {
    const message = this.message;
    if (message instanceof ParsedMessage) return message.store.valueStart(k);
    const range = this.plain![k].valueRange;
    return clampStart(range, clampEnd(this.source, range));
  }

  /** Where the value of the header at `k` ends; see {@link valueStart}. */
  private valueEnd(k: number): number {
    const message = this.message;
    if (message instanceof ParsedMessage) return Math.max(message.store.valueStart(k), message.store.valueEnd(k));
    return clampEnd(this.source, this.plain![k].valueRange);
  }

  headers(name: string): readonly SipHeader[] {
    let found: SipHeader[] | undefined;
    for (let k = this.next(name, -1); k !== -1; k = this.next(name, k)) {
      const header = this.at(k);
      if (found === undefined) found = [header];
      else found.push(header);
    }
    return found ?? none;
  }

  has(name: string): boolean {
    return this.next(name, -1) !== -1;
  }

  header(name: string): SipHeader | undefined {
    const k = this.next(name, -1);
    return k === -1 ? undefined : this.at(k);
  }

  text(header: SipHeader): string {
    return headerValueText(this.source, header);
  }

  requestUri(): Parsed<SipUri> | undefined {
    if (this.ruri === UNSET) {
      const start = this.message.startLine;
      this.ruri = start.kind === 'request' ? parseUri(this.source, start.uriRange) : undefined;
    }
    return this.ruri;
  }

  vias(): readonly ParsedIn<ViaValue>[] {
    if (this.viaList !== undefined) return this.viaList;
    let result: ParsedIn<ViaValue>[] | undefined;
    for (let k = this.next('via', -1); k !== -1; k = this.next('via', k)) {
      const parsed = parseViaAt(this.source, this.valueStart(k), this.valueEnd(k));
      const list = parsed.value;
      for (let i = 0; i < list.length; i++) result = appended(result, new ValueIn(list[i], i === 0 ? parsed.errors : none, this, k));
      if (list.length === 0 && parsed.errors.length) this.addUnreadable(k, parsed.errors);
    }
    return (this.viaList = result ?? none);
  }

  contacts(): readonly ParsedIn<ContactValue>[] {
    if (this.contactList !== undefined) return this.contactList;
    let result: ParsedIn<ContactValue>[] | undefined;
    for (let k = this.next('contact', -1); k !== -1; k = this.next('contact', k)) {
      const parsed = parseContactListAt(this.source, this.valueStart(k), this.valueEnd(k));
      const list = parsed.value;
      if (list.length === 0) {
        if (parsed.errors.length) this.addUnreadable(k, parsed.errors);
        continue;
      }
      for (let i = 0; i < list.length; i++) result = appended(result, new ValueIn(list[i], i === 0 ? parsed.errors : none, this, k));
    }
    return (this.contactList = result ?? none);
  }

  unreadableValues(): readonly { header: SipHeader; errors: readonly ValueError[] }[] {
    this.vias();
    this.contacts();
    return this.unreadable ?? none;
  }

  private addUnreadable(k: number, errors: readonly ValueError[]): void {
    (this.unreadable ??= []).push({ header: this.at(k), errors });
  }

  from(): ParsedIn<NameAddr> | undefined {
    if (this.fromValue === UNSET) this.fromValue = this.nameAddr('from');
    return this.fromValue;
  }

  to(): ParsedIn<NameAddr> | undefined {
    if (this.toValue === UNSET) this.toValue = this.nameAddr('to');
    return this.toValue;
  }

  plainFrom(): Plain {
    let plain = this.fromPlain;
    if (plain === -1) plain = this.fromPlain = this.plainOf('from');
    return plain;
  }

  plainTo(): Plain {
    let plain = this.toPlain;
    if (plain === -1) plain = this.toPlain = this.plainOf('to');
    return plain;
  }

  /** What {@link plainNameAddr} proves of the first header named `name`; unknown when there is none. */
  private plainOf(name: string): Plain {
    const k = this.next(name, -1);
    return k === -1 ? Plain.Unknown : plainNameAddr(this.source, this.valueStart(k), this.valueEnd(k));
  }

  private nameAddr(name: string): ParsedIn<NameAddr> | undefined {
    const k = this.next(name, -1);
    if (k === -1) return undefined;
    const parsed = parseNameAddrAt(this.source, this.valueStart(k), this.valueEnd(k));
    return new ValueIn(parsed.value, parsed.errors, this, k);
  }

  cseq(): ParsedIn<CSeqValue> | undefined {
    if (this.cseqValue === UNSET) {
      const k = this.next('cseq', -1);
      if (k !== -1) {
        const parsed = parseCSeqAt(this.source, this.valueStart(k), this.valueEnd(k));
        this.cseqValue = new ValueIn(parsed.value, parsed.errors, this, k);
      } else {
        this.cseqValue = undefined;
      }
    }
    return this.cseqValue;
  }

  contentLength(): number | undefined {
    if (this.clen === UNSET) {
      const k = this.next('content-length', -1);
      this.clen = k === -1 ? undefined : decimalValue(this.valueText(k).trim(), 10);
    }
    return this.clen;
  }

  /** The value of the header at `k` as {@link text} gives it, without building the header. */
  private valueText(k: number): string {
    const message = this.message;
    if (message instanceof ParsedMessage) return valueTextAt(this.source, this.valueStart(k), this.valueEnd(k));
    return this.text(this.plain![k]);
  }

  sdp(): readonly Parsed<SdpSession>[] {
    if (this.sdpList !== undefined) return this.sdpList;
    const message = this.message;
    const body = message instanceof ParsedMessage ? (message.hasBody ? message.body : undefined) : message.body;
    if (!body) {
      this.sdpList = none;
      return none;
    }
    const contentType = this.next('content-type', -1);
    const base = message.crShownAsDot ? CR_SHOWN_AS_DOT : isDissected(message) ? DISSECTION : message.indent !== 0 ? INDENTED : CR_AS_IS;
    // A message read from several TCP segments skips the trace's lines between them.
    const options = message.gaps === undefined ? base : { ...base, gaps: message.gaps };
    const ranges = findSdpRanges(this.source, contentType !== -1 ? this.valueText(contentType) : undefined, body, options);
    if (ranges.length === 0) {
      this.sdpList = none;
      return none;
    }
    const list: Parsed<SdpSession>[] = new Array<Parsed<SdpSession>>(ranges.length);
    for (let i = 0; i < ranges.length; i++) list[i] = parseSdp(this.source, ranges[i], options);
    this.sdpList = list;
    return list;
  }

  /** Lets go of what this pass pinned on the message. */
  release(): void {
    this.released = true;
    if (this.message instanceof ParsedMessage) this.message.unpinHeaders();
  }

  numbersAtMost(name: string, max: number): boolean {
    const source = this.source;
    for (let k = this.next(name, -1); k !== -1; k = this.next(name, k)) {
      const start = this.valueStart(k);
      const end = this.valueEnd(k);
      // A folded value holds a line break: not digits, as its joined text is not either.
      if (end <= start) return false;
      let n = 0;
      for (let i = start; i < end; i++) {
        const c = source.charCodeAt(i) - 48;
        if (c < 0 || c > 9) return false;
        n = n * 10 + c;
      }
      if (n > max) return false;
    }
    return true;
  }
}

/**
 * `list` with `item` added: most messages have one Via and one Contact, so a list starts as an
 * array of one, where an empty array grown by `push` would keep room for 16.
 */
function appended<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

/**
 * A value with the header it was read from. Rules seldom look at the header, so its object is
 * built when first read, the same pinned object as {@link Values.header} gives.
 */
class ValueIn<T> implements ParsedIn<T> {
  private built: SipHeader | undefined = undefined;

  constructor(
    readonly value: T,
    readonly errors: readonly ValueError[],
    private readonly values: Values,
    /** The header's position, as {@link Values.at} takes it. */
    private readonly k: number,
  ) {}

  get header(): SipHeader {
    return (this.built ??= this.values.at(this.k));
  }
}

/**
 * The value of a string of 1 to `maxDigits` ASCII digits (no sign, no space), or undefined:
 * what `/^\d{1,N}$/.test(s) ? Number(s) : undefined` gives, without a regex.
 */
export function decimalValue(s: string, maxDigits = 15): number | undefined {
  const length = s.length;
  if (length === 0 || length > maxDigits) return undefined;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    n = n * 10 + c;
  }
  return n;
}

/** One transaction: its request (when the trace has it) and its responses, in order. */
interface Transaction {
  request?: SipMessage;
  responses: SipMessage[];
}

/** Links between the messages of one document, built on first use. */
export class DocumentIndex implements TraceIndex {
  /**
   * The values made last, kept out of {@link valuesOf} until values are made for another
   * message: a lint pass makes and releases one message's values at a time, and a map that
   * gains and loses an entry per message costs more than the values it holds.
   */
  private latest: Values | undefined;
  private readonly valuesOf = new Map<SipMessage, Values>();
  private transactions: Map<SipMessage, Transaction> | undefined;
  /** Messages of other texts that stand for messages of the document (see {@link standIn}). */
  private standIns: Map<SipMessage, { readonly text: string; readonly message: SipMessage }> | undefined;

  constructor(private readonly document: SipDocument) {}

  /**
   * Lets `whole`, a message parsed from `text` (a message of the document written out whole,
   * see `reassemble`), stand for `message`: its values are read from `text`, and its
   * transaction is that of `message`. Forgotten with {@link release}.
   */
  standIn(whole: SipMessage, text: string, message: SipMessage): void {
    (this.standIns ??= new Map()).set(whole, { text, message });
  }

  values(message: SipMessage): MessageValues {
    const latest = this.latest;
    if (latest !== undefined && latest.message === message) return latest;
    const cached = this.valuesOf.get(message);
    if (cached) return cached;
    const values = new Values(this.standIns?.get(message)?.text ?? this.document.text, message);
    if (latest !== undefined) this.valuesOf.set(latest.message, latest);
    this.latest = values;
    return values;
  }

  /** Forgets a message's cached values once every rule has seen it (keeps memory flat). */
  release(message: SipMessage): void {
    if (this.standIns?.delete(message) === true) {
      // A stand-in's values are never kept: a later pass makes its own.
      if (this.latest?.message === message) this.latest = undefined;
      this.valuesOf.delete(message);
      return;
    }
    if (this.transactions) return;
    const latest = this.latest;
    if (latest !== undefined && latest.message === message) {
      latest.release();
      this.latest = undefined;
      return;
    }
    const values = this.valuesOf.get(message);
    if (values === undefined) return;
    values.release();
    this.valuesOf.delete(message);
  }

  /**
   * The transaction key of a message (RFC 3261 17.2.3): the top Via branch and sent-by, with
   * the CSeq method (ACK matches its INVITE). Without a magic-cookie branch (RFC 2543), Call-ID,
   * CSeq number and From tag stand in.
   */
  private key(message: SipMessage): string | undefined {
    const values = this.values(message);
    const cseq = values.cseq()?.value;
    if (!cseq) return undefined;
    const method = cseq.method === 'ACK' ? 'INVITE' : cseq.method;
    const via = values.vias()[0]?.value;
    const branch = via?.branch?.value;
    if (branch && branch.startsWith('z9hG4bK')) return `${branch}|${via.sentBy.host}:${via.sentBy.port ?? ''}|${method}`;
    const callId = values.header('call-id');
    const fromTag = values.from()?.value.params.find((p) => p.name === 'tag')?.value ?? '';
    return callId ? `${values.text(callId)}|${cseq.number}|${method}|${fromTag}` : undefined;
  }

  /**
   * Groups messages into transactions in document order. A request whose key was already
   * seen opens a new transaction (a retransmission, or a reused branch), so each message is
   * linked to its own neighbours only and building stays linear on any input.
   */
  private build(): Map<SipMessage, Transaction> {
    if (this.transactions) return this.transactions;
    const byMessage = new Map<SipMessage, Transaction>();
    const current = new Map<string, Transaction>();
    this.transactions = byMessage;
    for (const message of this.document.messages) {
      const key = this.key(message);
      if (!key) continue;
      let entry = current.get(key);
      const isRequest = message.startLine.kind === 'request';
      if (!entry || (message.startLine.kind === 'request' && message.startLine.method !== 'ACK' && entry.request)) {
        entry = { responses: [] };
        current.set(key, entry);
      }
      if (!isRequest) entry.responses.push(message);
      else if (!entry.request && message.startLine.kind === 'request' && message.startLine.method !== 'ACK') entry.request = message;
      byMessage.set(message, entry);
    }
    return byMessage;
  }

  requestOf(response: SipMessage): SipMessage | undefined {
    response = this.standIns?.get(response)?.message ?? response;
    const request = this.build().get(response)?.request;
    return request && request.index < response.index ? request : undefined;
  }

  responsesOf(request: SipMessage): readonly SipMessage[] {
    request = this.standIns?.get(request)?.message ?? request;
    const entry = this.build().get(request);
    return entry && entry.request === request ? entry.responses : none;
  }
}
