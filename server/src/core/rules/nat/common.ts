/**
 * What the NAT rules share: how a finding names an address, how the public mapping of a
 * private address is found in the trace, and the fix every NAT finding with a known mapping
 * offers. Not a rule: `index.ts` lists the rules.
 */
import type { FindingData, Fix, Json, Range } from '../../types';
import type { SipDocument, SipMessage } from '../../sip/model';
import { ParsedMessage } from '../../sip/parse';
import type { HostPort, Param } from '../../sip/uri';
import type { ViaValue } from '../../sip/values';
import type { SdpMedia } from '../../sdp/model';
import type { FixContext, MessageContext, MessageValues, TraceIndex } from '../rule';
import { isUnicastIp, nonPublicClass, sameAddress, type AddressClass } from '../../net/address';
import { substituteMapping } from '../../fix/substitute';

/** Where in a message a NAT finding sits; travels in `data.location`. */
export type NatLocation = 'contact' | 'via' | 'sdp-c' | 'sdp-o' | 'sdp-rtcp' | 'sdp-candidate';

/**
 * A public mapping the trace itself reveals for a private address: the address (and port)
 * a server saw the packets come from. `privatePort` is the port it was observed for, so that
 * a fix rewrites only host:port pairs that were mapped.
 */
export interface Mapping {
  readonly address: string;
  readonly port: number | null;
  readonly privatePort: number | null;
  /** Where it was read, for a fix title: `Via received/rport of the 200 OK`. */
  readonly source: string;
}

/**
 * True for a media section that carries no media: port 0 marks a stream rejected or disabled
 * (RFC 3264 6, 8.2) or bundle-only (RFC 8843 6), so the addresses written in it are not used.
 */
export function carriesNoMedia(media: SdpMedia): boolean {
  return media.port === 0;
}

/** The non-public class of `host`, honouring the user's internal networks. */
export function classify(ctx: MessageContext, host: string): AddressClass | undefined {
  return nonPublicClass(host, ctx.settings.internalNetworks);
}

/** `host:port` with IPv6 in brackets, or the host alone when there is no port. */
export function formatHostPort(host: string, port: number | null | undefined): string {
  const h = host.indexOf(':') >= 0 ? `[${host}]` : host;
  return port === undefined || port === null || Number.isNaN(port) ? h : `${h}:${port}`;
}

/** The tail every "not routable" message shares: `an RFC 1918 private address: not routable on the Internet`. */
export function classPhrase(klass: AddressClass): string {
  return `an ${klass.description}`;
}

/** A short name for a message in titles: `INVITE`, `200 OK`. */
export function messageName(message: SipMessage): string {
  const line = message.startLine;
  return line.kind === 'request' ? line.method : `${line.status} ${line.reason}`.trim();
}

/** The finding data of a NAT finding: what the STUN fix and the offline fix read. */
export function natData(address: string, port: number | undefined, location: NatLocation, mapping: Mapping | undefined): FindingData {
  const p = port === undefined || Number.isNaN(port) ? null : port;
  // One literal per shape: a property added later would cost a second allocation.
  // The mapping object is shared by every finding of its message (it is never modified).
  return mapping === undefined ? { address, port: p, location } : { address, port: p, location, mapping: mapping as unknown as Json };
}

/**
 * The `; the trace shows its public mapping 203.0.113.1:5410` tail of messages whose fix needs
 * no network. SDP addresses get the address only: the signaling port says nothing of media ports.
 */
export function mappingSuffix(mapping: Mapping | undefined, withPort = true): string {
  if (mapping === undefined) return '';
  return withPort
    ? `; the trace shows its public mapping ${formatHostPort(mapping.address, mapping.port)}`
    : `; the trace shows its public address ${mapping.address}`;
}

/** Builds the message of one NAT rule's finding from the parts {@link NatTexts} keys it on. */
export type NatText = (host: string, port: number | undefined, klass: AddressClass, mapping: Mapping | undefined) => string;

/** One remembered message and the parts it was built from (besides the host it is filed under). */
interface NatTextEntry {
  readonly port: number | undefined;
  readonly klass: AddressClass;
  readonly address: string | undefined;
  readonly mappedPort: number | null | undefined;
  readonly text: string;
}

/**
 * The finding messages of one NAT rule, each kept under the parts it is built from: a trace
 * names one phone's address and mapping in message after message, and building the text
 * again costs several string joins, then a flatten and hash of the fresh string when the
 * report interns it; a kept text is the interned string itself. Bounded: dropped whole when
 * full. The keys are cut from the texts, not from the document, so they keep no document alive.
 */
export class NatTexts {
  private readonly byHost = new Map<string, NatTextEntry[]>();

  constructor(private readonly make: NatText) {}

  text(host: string, port: number | undefined, klass: AddressClass, mapping: Mapping | undefined): string {
    const address = mapping?.address;
    const mappedPort = mapping?.port;
    let list = this.byHost.get(host);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        // `Object.is`: a NaN port (a port too large to read) is one variant, not a new one each time.
        if (Object.is(entry.port, port) && entry.klass === klass && entry.address === address && entry.mappedPort === mappedPort) return entry.text;
      }
    }
    const text = this.make(host, port, klass, mapping);
    // Every message names its address and mapping; one that would not is built each time.
    const key = cut(text, host);
    const mapped = address === undefined ? undefined : cut(text, address);
    if (key === undefined || mapped === undefined && address !== undefined) return text;
    if (list === undefined) {
      if (this.byHost.size >= TEXTS_LIMIT) this.byHost.clear();
      list = [];
      this.byHost.set(key, list);
    }
    // A few variants per address (ports, mappings); more are built each time, so a scan stays short.
    if (list.length < VARIANTS_LIMIT) list.push({ port, klass, address: mapped, mappedPort, text });
    return text;
  }
}

/** Addresses a {@link NatTexts} keeps messages for, and messages per address. */
const TEXTS_LIMIT = 4096;
const VARIANTS_LIMIT = 8;

/** `part` as cut from `text`: a string that refers to `text` only; undefined when `text` lacks it. */
function cut(text: string, part: string): string | undefined {
  const at = text.indexOf(part);
  return at === -1 ? undefined : text.slice(at, at + part.length);
}

/** Reads a port parameter value (`rport=5410`); undefined when absent, empty or not a port. */
function paramPort(param: Param | undefined): number | undefined {
  const value = param?.value;
  if (value === undefined || value.length === 0 || value.length > 5) return undefined;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    n = n * 10 + (c - 0x30);
  }
  return n > 0 && n <= 65535 ? n : undefined;
}

/**
 * A `received` value without IPv6 brackets; undefined when absent, and when it is not the one
 * thing it may be (RFC 3261 18.2.1, RFC 3581 4): the unicast IP address a packet came from. A
 * host name or a multicast address there is malformed, never a mapping.
 */
function paramAddress(param: Param | undefined): string | undefined {
  let value = param?.value;
  if (value === undefined) return undefined;
  if (value.length > 1 && value.startsWith('[') && value.endsWith(']')) value = value.slice(1, -1);
  return isUnicastIp(value) ? value : undefined;
}

/** True when the host:port pair names `address` (and `port`, when both are known). */
function sameEndpoint(hostPort: HostPort, address: string, port: number | undefined): boolean {
  if (!sameAddress(hostPort.host, address)) return false;
  return port === undefined || hostPort.port === undefined || hostPort.port === port;
}

/**
 * The public mapping a Via with `received`/`rport` shows for its sent-by (read in `source`), or undefined when
 * it shows none (no such parameters, or the address they give is not public either).
 */
export function viaMapping(ctx: MessageContext, via: ViaValue, article: 'the' | 'this', source: SipMessage): Mapping | undefined {
  const received = paramAddress(via.received);
  const rport = paramPort(via.rport);
  if (received === undefined && rport === undefined) return undefined;
  const address = received ?? via.sentBy.host;
  if (classify(ctx, address) !== undefined) return undefined;
  if (sameAddress(address, via.sentBy.host) && (rport === undefined || rport === via.sentBy.port)) return undefined;
  return { address, port: rport ?? null, privatePort: via.sentBy.port ?? null, source: viaSource(article, source) };
}

/** Source phrases, one string per distinct text: findings keep them, so they are shared. */
const sourcePhrases = new Map<string, string>();

/** `Via received/rport of the 200 OK` (or `of this INVITE`), as a shared string. */
export function viaSource(article: 'the' | 'this', message: SipMessage): string {
  const line = message.startLine;
  // A trace names few kinds of message (INVITE, 200 OK...): the phrases given last are found by
  // the method, or status and reason, without building the phrase to look it up.
  const recent = article === 'the' ? recentThe : recentThis;
  for (let i = 0; i < recent.length; i++) {
    const entry = recent[i];
    if (line.kind === 'request' ? entry.method === line.method : entry.status === line.status && entry.reason === line.reason) return entry.phrase;
  }
  const key = `Via received/rport of ${article} ${messageName(message)}`;
  let phrase = sourcePhrases.get(key);
  if (phrase === undefined) {
    // A bounded cache: reason phrases are free text, a hostile trace could vary them endlessly.
    if (sourcePhrases.size > 1000) sourcePhrases.clear();
    sourcePhrases.set(key, key);
    phrase = key;
  }
  // A name the phrase does not hold as written (a reason with spaces around it) is not remembered.
  const name = cut(phrase, line.kind === 'request' ? line.method : line.reason);
  if (name === undefined) return phrase;
  if (recent.length === RECENT_LIMIT) recent.pop();
  recent.unshift(
    line.kind === 'request'
      ? { method: name, status: undefined, reason: undefined, phrase }
      : { method: undefined, status: line.status, reason: name, phrase },
  );
  return phrase;
}

/**
 * The source phrases given last, per article, with the parts of the message name they were
 * made for; the names are cut from the phrases, so they keep no document alive.
 */
interface RecentSource {
  readonly method: string | undefined;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly phrase: string;
}
const recentThe: RecentSource[] = [];
const recentThis: RecentSource[] = [];
const RECENT_LIMIT = 8;

/**
 * Finds the public mapping of `address` (as written by the sender of a request) in the trace:
 * first a Via of the request itself that a proxy already stamped with `received`/`rport`, then
 * the Vias of its responses, then the packet source the trace recorded for the request. Only
 * requests: a response's Vias describe the request path, not its sender, and its packet
 * source may be any hop. Memoized per message, since several findings of one message ask.
 */
export function findMapping(ctx: MessageContext, address: string, port?: number): Mapping | undefined {
  const message = ctx.message;
  if (message.startLine.kind !== 'request') return undefined;
  let memo = memos.get(ctx.trace);
  if (memo === undefined) {
    memo = { serial: 0, answers: [] };
    memos.set(ctx.trace, memo);
  }
  if (memo.serial !== ctx.values.serial) {
    memo.serial = ctx.values.serial;
    memo.answers.length = 0;
  }
  const answers = memo.answers;
  for (let i = 0; i < answers.length; i++) if (answers[i].address === address && answers[i].port === port) return answers[i].mapping;
  const found = searchMapping(ctx, message, address, port);
  answers.push({ address, port, mapping: found });
  return found;
}

/**
 * The answers of {@link findMapping} for the message the rules are looking at, named by the
 * serial number of its values: rules see one message at a time, so one message's answers are
 * all there is to keep. Kept per trace index, which lives no longer than its lint run or its
 * document: the answers hold addresses cut from the document text.
 */
interface MappingMemo {
  serial: number;
  readonly answers: { address: string; port: number | undefined; mapping: Mapping | undefined }[];
}
const memos = new WeakMap<TraceIndex, MappingMemo>();

function searchMapping(ctx: MessageContext, message: SipMessage, address: string, port: number | undefined): Mapping | undefined {
  const own = stampedVia(ctx, ctx.values, address, port, 'this', message);
  if (own !== undefined) return own;
  const branch = ctx.values.vias()[0]?.value?.branch?.value;
  if (branch !== undefined) {
    // The responses of this request follow it: start at the first one after it, and look at a
    // few only, so that a branch reused by many requests keeps the search linear.
    const responses = stampedResponses(ctx.trace, ctx.document).get(branch) ?? none;
    let low = 0;
    let high = responses.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (responses[mid].index <= message.index) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < responses.length && i < low + 4; i++) {
      const response = responses[i];
      const found = stampedVia(ctx, ctx.trace.values(response), address, port, 'the', response);
      if (found !== undefined) return found;
    }
  }
  return packetMapping(ctx, address, port);
}

const none: readonly SipMessage[] = [];

/**
 * The responses whose top Via carries `received` or `rport=`, by top Via branch: the
 * responses that may show a public mapping. Built once per lint run with a scan of the raw
 * Via text, so that looking for mappings costs no parse of every message (the transaction
 * index of `TraceIndex` parses Via, CSeq and From of all of them, and keeps them).
 */
const stampedByIndex = new WeakMap<TraceIndex, Map<string, SipMessage[]>>();

/**
 * The index of {@link stampedResponses} lives as long as the lint run's trace index, not as long
 * as the document: a document kept for its findings does not keep it.
 */
function stampedResponses(trace: TraceIndex, document: SipDocument): Map<string, SipMessage[]> {
  let index = stampedByIndex.get(trace);
  if (index !== undefined) return index;
  index = new Map();
  stampedByIndex.set(trace, index);
  const text = document.text;
  for (const message of document.messages) {
    if (message.startLine.kind !== 'response') continue;
    const via = firstViaValue(message);
    if (via === undefined) continue;
    // The first Via value ends at the first comma: a branch or an address holds none.
    let end = text.indexOf(',', via.start);
    if (end < 0 || end > via.end) end = via.end;
    if (paramValueRange(text, via.start, end, 'received') === undefined && paramValueRange(text, via.start, end, 'rport') === undefined) {
      continue;
    }
    const branch = paramValueRange(text, via.start, end, 'branch');
    if (branch === undefined) continue;
    const key = text.slice(branch.start, branch.end);
    const list = index.get(key);
    if (list === undefined) index.set(key, [message]);
    else list.push(message);
  }
  return index;
}

/** The value range of the first Via header, read from the packed store when the message has one. */
function firstViaValue(message: SipMessage): Range | undefined {
  if (message instanceof ParsedMessage) {
    const i = message.store.find('via', message.firstHeader, message.headerCount);
    if (i === -1) return undefined;
    const start = message.store.valueStart(i);
    return { start, end: Math.max(start, message.store.valueEnd(i)) };
  }
  for (const header of message.headers) if (header.name === 'via') return header.valueRange;
  return undefined;
}

/**
 * The range of the non-empty value of parameter `name` (lower case) in `[start, end)` of a
 * header value, found by its `;` and compared without regard to case; undefined when absent.
 */
function paramValueRange(text: string, start: number, end: number, name: string): Range | undefined {
  for (let semi = text.indexOf(';', start); semi >= 0 && semi < end; semi = text.indexOf(';', semi + 1)) {
    let i = semi + 1;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    if (i + name.length >= end) continue;
    let matches = true;
    for (let k = 0; k < name.length; k++) {
      if ((text.charCodeAt(i + k) | 0x20) !== name.charCodeAt(k)) {
        matches = false;
        break;
      }
    }
    if (!matches) continue;
    i += name.length;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    if (text.charCodeAt(i) !== 0x3d /* = */) continue;
    i++;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    let stop = i;
    while (stop < end) {
      const c = text.charCodeAt(stop);
      if (c === 0x3b || c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
      stop++;
    }
    if (stop > i) return { start: i, end: stop };
  }
  return undefined;
}

function stampedVia(ctx: MessageContext, values: MessageValues, address: string, port: number | undefined, article: 'the' | 'this', source: SipMessage): Mapping | undefined {
  const vias = values.vias();
  for (let i = 0; i < vias.length; i++) {
    const via = vias[i];
    if (!sameEndpoint(via.value.sentBy, address, port)) continue;
    const mapping = viaMapping(ctx, via.value, article, source);
    if (mapping !== undefined) return mapping;
  }
  return undefined;
}

/**
 * The mapping the packet metadata shows: a request received from a public source whose top
 * Via names the private address came straight from its sender through a NAT. Over a
 * connection (TCP, TLS) the source port is the connection's, not a reusable mapping, so only
 * the address is taken.
 */
function packetMapping(ctx: MessageContext, address: string, port: number | undefined): Mapping | undefined {
  const evidence = packetEvidence(ctx);
  if (evidence === undefined || !sameEndpoint(evidence.via.sentBy, address, port)) return undefined;
  const source = evidence.source;
  if (classify(ctx, source.host) !== undefined) return undefined;
  const udp = evidence.via.transport === 'UDP';
  return {
    address: source.host,
    port: udp && source.port !== undefined ? source.port : null,
    privatePort: udp ? (evidence.via.sentBy.port ?? null) : null,
    source: 'packet source in the trace',
  };
}

/**
 * The top Via of a request the recording element received, with the packet source the trace
 * gives, when the two differ (host, or port for UDP, where the sent-by port is where
 * responses go). Undefined for requests the element sent itself, or without metadata.
 */
export function packetEvidence(ctx: MessageContext): { via: ViaValue; source: { host: string; port: number | undefined; range: Range } } | undefined {
  const message = ctx.message;
  const meta = message.meta;
  if (message.startLine.kind !== 'request' || meta === undefined || meta.source === undefined) return undefined;
  if (meta.direction === 'sent') return undefined;
  const via = ctx.values.vias()[0]?.value;
  if (via === undefined || via.sentBy.hostKind === 'domain') return undefined;
  const source = meta.source;
  const hostDiffers = !sameAddress(source.host, via.sentBy.host);
  const sentPort = via.sentBy.port ?? (via.transport === 'TLS' ? 5061 : 5060);
  const portDiffers = via.transport === 'UDP' && source.port !== undefined && source.port !== sentPort;
  if (!hostDiffers && !portDiffers) return undefined;
  return { via, source };
}

/**
 * The offline fix of a NAT finding whose data carries a mapping: rewrite the sender's private
 * address in the finding's message. Unsafe: it changes what the message says.
 */
export function mappingFix(ctx: FixContext): Fix | undefined {
  const data = ctx.finding.data;
  const mapping = readMapping(data?.mapping);
  const address = typeof data?.address === 'string' ? data.address : undefined;
  if (mapping === undefined || address === undefined || ctx.message === undefined || ctx.values === undefined) return undefined;
  const edits = substituteMapping(
    ctx.document.text,
    ctx.message,
    ctx.values,
    { address, port: mapping.privatePort ?? undefined },
    { address: mapping.address, port: mapping.port ?? undefined },
  );
  if (edits.length === 0) return undefined;
  return { title: mappingTitle(mapping), edits, safety: 'unsafe' };
}

/** `Use public mapping 203.0.113.1:5410 (from Via received/rport of the 200 OK)`. */
export function mappingTitle(mapping: Mapping): string {
  return `Use public mapping ${formatHostPort(mapping.address, mapping.port)} (from ${mapping.source})`;
}

/** Reads a mapping back from finding data (it went through JSON, perhaps through a client). */
export function readMapping(value: Json | undefined): Mapping | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const m = value as { readonly [key: string]: Json };
  if (typeof m.address !== 'string') return undefined;
  const port = typeof m.port === 'number' ? m.port : null;
  const privatePort = typeof m.privatePort === 'number' ? m.privatePort : null;
  const source = typeof m.source === 'string' ? m.source : 'the trace';
  return { address: m.address, port, privatePort, source };
}
