/**
 * The parsed values of a message and the links between messages, computed on demand and
 * cached for one lint run: every rule asks for the Vias, they are parsed once.
 */
import type { Parsed, ValueError } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import { headerValueText, ParsedMessage } from '../sip/parse';
import { parseUri, type SipUri } from '../sip/uri';
import { parseContactList, parseCSeq, parseNameAddr, parseVia, type ContactValue, type CSeqValue, type NameAddr, type ViaValue } from '../sip/values';
import { findSdpRanges, parseSdp } from '../sdp/parse';
import type { SdpSession } from '../sdp/model';
import type { MessageValues, ParsedIn, TraceIndex } from './rule';

const none: readonly never[] = Object.freeze([]);

/** Marks a memo field that has not been computed yet (undefined is a valid value). */
const UNSET = Symbol('unset');
type Memo<T> = T | typeof UNSET;

class Values implements MessageValues {
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
   * The header objects named `name`, in order; the first only when `firstOnly`. A packed
   * message is searched in its store, and only the headers found are built (once each).
   */
  private find(name: string, firstOnly: boolean): readonly SipHeader[] {
    const message = this.message;
    let found: SipHeader[] | undefined;
    if (message instanceof ParsedMessage) {
      const store = message.store;
      const first = message.firstHeader;
      const count = message.headerCount;
      let k = store.find(name, first, count);
      if (k === -1) return none;
      message.pinHeaders();
      const last = first + count;
      while (k !== -1) {
        const header = message.headerAt(k);
        if (found === undefined) found = [header];
        else found.push(header);
        if (firstOnly) break;
        k = k + 1 < last ? store.find(name, k + 1, last - k - 1) : -1;
      }
      return found ?? none;
    }
    const all = (this.plain ??= message.headers);
    for (let i = 0; i < all.length; i++) {
      const header = all[i];
      if (header.name !== name) continue;
      if (found === undefined) found = [header];
      else found.push(header);
      if (firstOnly) break;
    }
    return found ?? none;
  }

  headers(name: string): readonly SipHeader[] {
    return this.find(name, false);
  }

  has(name: string): boolean {
    const message = this.message;
    if (message instanceof ParsedMessage) return message.store.find(name, message.firstHeader, message.headerCount) !== -1;
    return this.find(name, true).length > 0;
  }

  header(name: string): SipHeader | undefined {
    const message = this.message;
    if (message instanceof ParsedMessage) {
      const k = message.store.find(name, message.firstHeader, message.headerCount);
      if (k === -1) return undefined;
      message.pinHeaders();
      return message.headerAt(k);
    }
    const found = this.find(name, true);
    return found.length > 0 ? found[0] : undefined;
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
    const all = this.headers('via');
    for (let k = 0; k < all.length; k++) {
      const header = all[k];
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
    const all = this.headers('contact');
    for (let k = 0; k < all.length; k++) {
      const header = all[k];
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
    const options = { crShownAsDot: message.crShownAsDot };
    const ranges = findSdpRanges(this.source, contentType ? this.text(contentType) : undefined, body, options);
    const list: Parsed<SdpSession>[] = [];
    for (const range of ranges) list.push(parseSdp(this.source, range, options));
    this.sdpList = list;
    return list;
  }

  /** Lets go of what this pass pinned on the message. */
  release(): void {
    if (this.message instanceof ParsedMessage) this.message.unpinHeaders();
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
