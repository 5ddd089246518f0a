/**
 * The parsed values of a message and the links between messages, computed on demand and
 * cached for one lint run: every rule asks for the Vias, they are parsed once.
 */
import type { Parsed, ValueError } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import { headerValueText, ParsedMessage } from '../sip/parse';
import { parseUri, type SipUri } from '../sip/uri';
import { parseContactList, parseCSeq, parseNameAddr, parseVia, type ContactValue, type CSeqValue, type NameAddr, type ViaValue } from '../sip/values';
import { findSdpRanges, parseSdp, type SdpParseOptions } from '../sdp/parse';
import type { SdpSession } from '../sdp/model';
import type { MessageValues, ParsedIn, TraceIndex } from './rule';

const none: readonly never[] = Object.freeze([]);

/** The two ways SDP bodies are read, shared by every message. */
const CR_SHOWN_AS_DOT: SdpParseOptions = Object.freeze({ crShownAsDot: true });
const CR_AS_IS: SdpParseOptions = Object.freeze({ crShownAsDot: false });

/** Marks a memo field that has not been computed yet (undefined is a valid value). */
const UNSET = Symbol('unset');
type Memo<T> = T | typeof UNSET;

/** The last serial number given to a {@link Values}. */
let serials = 0;

class Values implements MessageValues {
  readonly serial = ++serials;
  /** The message's header objects when it is not a packed message. */
  private plain: readonly SipHeader[] | undefined;
  private ruri: Memo<Parsed<SipUri> | undefined> = UNSET;
  private viaList: readonly ParsedIn<ViaValue>[] | undefined;
  private contactList: readonly ParsedIn<ContactValue>[] | undefined;
  private fromValue: Memo<ParsedIn<NameAddr> | undefined> = UNSET;
  private toValue: Memo<ParsedIn<NameAddr> | undefined> = UNSET;
  private cseqValue: Memo<ParsedIn<CSeqValue> | undefined> = UNSET;
  private clen: Memo<number | undefined> = UNSET;
  private sdpList: readonly Parsed<SdpSession>[] | undefined;
  private readonly unreadable: { header: SipHeader; errors: readonly ValueError[] }[] = [];

  constructor(private readonly source: string, private readonly message: SipMessage) {}

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
  private at(k: number): SipHeader {
    const message = this.message;
    if (message instanceof ParsedMessage) {
      message.pinHeaders();
      return message.headerAt(k);
    }
    return this.plain![k];
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
    const result: ParsedIn<ViaValue>[] = [];
    for (let k = this.next('via', -1); k !== -1; k = this.next('via', k)) {
      const header = this.at(k);
      const parsed = parseVia(this.source, header.valueRange);
      const list = parsed.value;
      for (let i = 0; i < list.length; i++) result.push({ header, value: list[i], errors: i === 0 ? parsed.errors : none });
      if (list.length === 0 && parsed.errors.length) this.unreadable.push({ header, errors: parsed.errors });
    }
    this.viaList = result;
    return result;
  }

  contacts(): readonly ParsedIn<ContactValue>[] {
    if (this.contactList !== undefined) return this.contactList;
    const result: ParsedIn<ContactValue>[] = [];
    for (let k = this.next('contact', -1); k !== -1; k = this.next('contact', k)) {
      const header = this.at(k);
      const parsed = parseContactList(this.source, header.valueRange);
      const list = parsed.value;
      if (list.length === 0) {
        if (parsed.errors.length) this.unreadable.push({ header, errors: parsed.errors });
        continue;
      }
      for (let i = 0; i < list.length; i++) result.push({ header, value: list[i], errors: i === 0 ? parsed.errors : none });
    }
    this.contactList = result;
    return result;
  }

  unreadableValues(): readonly { header: SipHeader; errors: readonly ValueError[] }[] {
    this.vias();
    this.contacts();
    return this.unreadable;
  }

  from(): ParsedIn<NameAddr> | undefined {
    if (this.fromValue === UNSET) this.fromValue = this.nameAddr('from');
    return this.fromValue;
  }

  to(): ParsedIn<NameAddr> | undefined {
    if (this.toValue === UNSET) this.toValue = this.nameAddr('to');
    return this.toValue;
  }

  private nameAddr(name: string): ParsedIn<NameAddr> | undefined {
    const header = this.header(name);
    if (!header) return undefined;
    const parsed = parseNameAddr(this.source, header.valueRange);
    return { header, value: parsed.value, errors: parsed.errors };
  }

  cseq(): ParsedIn<CSeqValue> | undefined {
    if (this.cseqValue === UNSET) {
      const header = this.header('cseq');
      if (header) {
        const parsed = parseCSeq(this.source, header.valueRange);
        this.cseqValue = { header, value: parsed.value, errors: parsed.errors };
      } else {
        this.cseqValue = undefined;
      }
    }
    return this.cseqValue;
  }

  contentLength(): number | undefined {
    if (this.clen === UNSET) {
      const header = this.header('content-length');
      this.clen = header ? decimalValue(this.text(header).trim(), 10) : undefined;
    }
    return this.clen;
  }

  sdp(): readonly Parsed<SdpSession>[] {
    if (this.sdpList !== undefined) return this.sdpList;
    const message = this.message;
    const body = message instanceof ParsedMessage ? (message.hasBody ? message.body : undefined) : message.body;
    if (!body) {
      this.sdpList = none;
      return none;
    }
    const contentType = this.header('content-type');
    const options = message.crShownAsDot ? CR_SHOWN_AS_DOT : CR_AS_IS;
    const ranges = findSdpRanges(this.source, contentType ? this.text(contentType) : undefined, body, options);
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
    if (this.message instanceof ParsedMessage) this.message.unpinHeaders();
  }

  numbersAtMost(name: string, max: number): boolean {
    const message = this.message;
    const source = this.source;
    for (let k = this.next(name, -1); k !== -1; k = this.next(name, k)) {
      let start: number;
      let end: number;
      if (message instanceof ParsedMessage) {
        start = message.store.valueStart(k);
        end = message.store.valueEnd(k);
      } else {
        const range = this.plain![k].valueRange;
        start = range.start;
        end = range.end;
      }
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
  private readonly valuesOf = new Map<SipMessage, Values>();
  private transactions: Map<SipMessage, Transaction> | undefined;

  constructor(private readonly document: SipDocument) {}

  values(message: SipMessage): MessageValues {
    const cached = this.valuesOf.get(message);
    if (cached) return cached;
    const values = new Values(this.document.text, message);
    this.valuesOf.set(message, values);
    return values;
  }

  /** Forgets a message's cached values once every rule has seen it (keeps memory flat). */
  release(message: SipMessage): void {
    if (this.transactions) return;
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
    const request = this.build().get(response)?.request;
    return request && request.index < response.index ? request : undefined;
  }

  responsesOf(request: SipMessage): readonly SipMessage[] {
    const entry = this.build().get(request);
    return entry && entry.request === request ? entry.responses : none;
  }
}
