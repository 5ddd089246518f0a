/**
 * The parsed values of a message and the links between messages, computed on demand and
 * cached for one lint run: every rule asks for the Vias, they are parsed once.
 */
import type { Parsed, ValueError } from '../types';
import type { SipDocument, SipHeader, SipMessage } from '../sip/model';
import { headerValueText } from '../sip/parse';
import { parseUri, type SipUri } from '../sip/uri';
import { parseContactList, parseCSeq, parseNameAddr, parseVia, type ContactValue, type CSeqValue, type NameAddr, type ViaValue } from '../sip/values';
import { findSdpRanges, parseSdp } from '../sdp/parse';
import type { SdpSession } from '../sdp/model';
import type { MessageValues, ParsedIn, TraceIndex } from './rule';

const none: readonly never[] = Object.freeze([]);

class Values implements MessageValues {
  private byName: Map<string, SipHeader[]> | undefined;
  private cache = new Map<string, unknown>();
  private readonly unreadable: { header: SipHeader; errors: readonly ValueError[] }[] = [];

  constructor(private readonly source: string, private readonly message: SipMessage) {}

  private memo<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }

  headers(name: string): readonly SipHeader[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const header of this.message.headers) {
        const list = this.byName.get(header.name);
        if (list) list.push(header);
        else this.byName.set(header.name, [header]);
      }
    }
    return this.byName.get(name) ?? none;
  }

  header(name: string): SipHeader | undefined {
    return this.headers(name)[0];
  }

  text(header: SipHeader): string {
    return headerValueText(this.source, header);
  }

  requestUri(): Parsed<SipUri> | undefined {
    const start = this.message.startLine;
    return start.kind === 'request' ? this.memo('ruri', () => parseUri(this.source, start.uriRange)) : undefined;
  }

  vias(): readonly ParsedIn<ViaValue>[] {
    return this.memo('via', () => {
      const result: ParsedIn<ViaValue>[] = [];
      for (const header of this.headers('via')) {
        const parsed = parseVia(this.source, header.valueRange);
        parsed.value.forEach((value, i) => result.push({ header, value, errors: i === 0 ? parsed.errors : none }));
        if (parsed.value.length === 0 && parsed.errors.length) this.unreadable.push({ header, errors: parsed.errors });
      }
      return result;
    });
  }

  contacts(): readonly ParsedIn<ContactValue>[] {
    return this.memo('contact', () => {
      const result: ParsedIn<ContactValue>[] = [];
      for (const header of this.headers('contact')) {
        const parsed = parseContactList(this.source, header.valueRange);
        if (parsed.value.length === 0) {
          if (parsed.errors.length) this.unreadable.push({ header, errors: parsed.errors });
          continue;
        }
        parsed.value.forEach((value, i) => result.push({ header, value, errors: i === 0 ? parsed.errors : none }));
      }
      return result;
    });
  }

  unreadableValues(): readonly { header: SipHeader; errors: readonly ValueError[] }[] {
    this.vias();
    this.contacts();
    return this.unreadable;
  }

  from(): ParsedIn<NameAddr> | undefined {
    return this.memo('from', () => this.nameAddr('from'));
  }

  to(): ParsedIn<NameAddr> | undefined {
    return this.memo('to', () => this.nameAddr('to'));
  }

  private nameAddr(name: string): ParsedIn<NameAddr> | undefined {
    const header = this.header(name);
    if (!header) return undefined;
    return { header, ...parseNameAddr(this.source, header.valueRange) };
  }

  cseq(): ParsedIn<CSeqValue> | undefined {
    return this.memo('cseq', () => {
      const header = this.header('cseq');
      return header ? { header, ...parseCSeq(this.source, header.valueRange) } : undefined;
    });
  }

  contentLength(): number | undefined {
    return this.memo('clen', () => {
      const header = this.header('content-length');
      if (!header) return undefined;
      const value = this.text(header).trim();
      return /^\d{1,10}$/.test(value) ? Number(value) : undefined;
    });
  }

  sdp(): readonly Parsed<SdpSession>[] {
    return this.memo('sdp', () => {
      const body = this.message.body;
      if (!body) return none;
      const contentType = this.header('content-type');
      const options = { crShownAsDot: this.message.crShownAsDot };
      const ranges = findSdpRanges(this.source, contentType ? this.text(contentType) : undefined, body, options);
      return ranges.map((range) => parseSdp(this.source, range, options));
    });
  }
}

/** One transaction: its request (when the trace has it) and its responses, in order. */
interface Transaction {
  request?: SipMessage;
  responses: SipMessage[];
}

/** Links between the messages of one document, built on first use. */
export class DocumentIndex implements TraceIndex {
  private readonly valuesOf = new Map<SipMessage, MessageValues>();
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
    if (!this.transactions) this.valuesOf.delete(message);
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
