/**
 * The document parser: finds every SIP message in a file that holds one message or a whole
 * trace, in any of the formats people paste (plain, SIPp `-trace_msg`, sngrep .txt, ngrep
 * byline, Kamailio sipdump, tshark follow ascii, tcpdump -A, baresip -s, Asterisk's and
 * FreeSWITCH's SIP logs, Wireshark's dissection), with no setting. It frames messages (start line, headers,
 * Content-Length body) and keeps the trace's packet metadata with each message.
 *
 * It never throws and runs in one pass: a line that does not fit is recorded as a problem and
 * parsing resumes at the next line, so a broken message never hides the next one.
 */
import type { ParseProblem, Range } from '../types';
import { utf8Length } from '../text';
import { headerNameAt, isTokenChar, type HeaderNameInfo } from './headers';
import { dissectionLine, followCountLine, followStream, isDissectionHeading, parseTraceLine, traceMeta, type FollowStream, type TraceLine } from './trace';
import { isCutItem } from '../sdp/parse';
import type { PacketMeta, RequestLine, SipDocument, SipHeader, SipMessage, StatusLine, TraceFormat } from './model';

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;

/** Per message, lines without a colon reported one by one before a single summary. */
const maxLinesReported = 100;

/** Problem codes raised by the parser; each is the id of the syntax rule that documents it. */
export const syntaxCodes = {
  malformedStartLine: 'syntax/malformed-start-line',
  unsupportedVersion: 'syntax/unsupported-sip-version',
  headerWithoutColon: 'syntax/header-without-colon',
  invalidHeaderName: 'syntax/invalid-header-name',
  lfLineEndings: 'syntax/lf-line-endings',
  missingEmptyLine: 'syntax/missing-empty-line',
  strayText: 'syntax/stray-text',
  noMessage: 'syntax/no-sip-message',
} as const;

/** A header field, read from the packed store of its document. Ranges are made on access. */
class Header implements SipHeader {
  constructor(
    readonly name: string,
    readonly compact: boolean,
    private readonly start: number,
    private readonly nameEnd: number,
    readonly valueStart: number,
    readonly valueEnd: number,
    readonly end: number,
  ) {}
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get nameRange(): Range {
    return { start: this.start, end: this.nameEnd };
  }
  get valueRange(): Range {
    return { start: this.valueStart, end: Math.max(this.valueStart, this.valueEnd) };
  }
}

/** Int32 slots per header in a {@link HeaderStore}. */
const SLOTS = 5;
/**
 * Slot offsets: field start, the name (see {@link packName}), value start, value end, field end.
 */
const S_START = 0;
const S_NAME = 1;
const S_VALUE_START = 2;
const S_VALUE_END = 3;
const S_END = 4;

/** Largest name number and name length that fit in the packed name slot. */
const PACK_LIMIT = 0x8000;

/** Numbers the header stores, for {@link HeaderNameInfo.storeSerial}. */
let storeSerials = 0;

/** Headers per chunk of a {@link HeaderStore} (a power of two). */
const CHUNK_BITS = 11;
const CHUNK_HEADERS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_HEADERS - 1;

/**
 * The header fields of a whole document, packed: five integers per header instead of an object
 * with five range objects, so that a parsed 100k-message trace keeps a few hundred bytes per
 * message and the garbage collector has almost nothing to trace. The integers live in chunks
 * of fixed size, so that the store grows without copying and wastes at most one chunk.
 */
export class HeaderStore {
  private readonly chunks: Int32Array[] = [];
  /** The distinct canonical names, numbered in order of first appearance. */
  readonly names: string[] = [];
  count = 0;
  private readonly serial = ++storeSerials;

  /** The number of each name in {@link names}: rules look names up tens of times per message. */
  private readonly ids = new Map<string, number>();

  /** The number of a canonical name in {@link names}. */
  private nameId(info: HeaderNameInfo): number {
    if (info.storeSerial !== this.serial) {
      let id = this.ids.get(info.name);
      if (id === undefined) {
        id = this.names.push(info.name) - 1;
        this.ids.set(info.name, id);
      }
      info.storeSerial = this.serial;
      info.storeId = id;
    }
    return info.storeId;
  }

  /** The chunk that holds header `i`. */
  private chunk(i: number): Int32Array {
    return this.chunks[i >> CHUNK_BITS];
  }

  /**
   * Names and lengths that do not fit in one slot (only hostile input has 32768 distinct
   * header names or a 32 KB name): pairs of name number and `length << 1 | compact`.
   */
  private readonly wide: number[] = [];

  /**
   * The name slot: `nameId << 16 | length << 1 | compact` when both fit, or else `-1 - k` for
   * the pair `k` of {@link wide}.
   */
  private packName(nameId: number, lengthAndCompact: number): number {
    if (nameId < PACK_LIMIT && lengthAndCompact < 2 * PACK_LIMIT) return (nameId << 16) | lengthAndCompact;
    this.wide.push(nameId, lengthAndCompact);
    return -(this.wide.length >> 1);
  }

  /** The name number of a name slot. */
  private nameIdOf(slot: number): number {
    return slot >= 0 ? slot >>> 16 : this.wide[(-1 - slot) * 2];
  }

  /** The `length << 1 | compact` of a name slot. */
  private lengthOf(slot: number): number {
    return slot >= 0 ? slot & 0xffff : this.wide[(-1 - slot) * 2 + 1];
  }

  /** The canonical name of header `i`. */
  name(i: number): string {
    return this.names[this.nameIdOf(this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_NAME])];
  }

  /** Appends a header; returns its index. */
  push(info: HeaderNameInfo, start: number, nameEnd: number, valueStart: number, valueEnd: number, end: number): number {
    const i = this.count;
    if ((i & CHUNK_MASK) === 0) this.chunks.push(new Int32Array(CHUNK_HEADERS * SLOTS));
    const data = this.chunk(i);
    const at = (i & CHUNK_MASK) * SLOTS;
    data[at + S_START] = start;
    data[at + S_NAME] = this.packName(this.nameId(info), ((nameEnd - start) << 1) | (info.compact ? 1 : 0));
    data[at + S_VALUE_START] = valueStart;
    data[at + S_VALUE_END] = valueEnd;
    data[at + S_END] = end;
    this.count = i + 1;
    return i;
  }

  /** Extends header `i` over a folded continuation line. */
  fold(i: number, valueStart: number, valueEnd: number | undefined, end: number): void {
    const data = this.chunk(i);
    const at = (i & CHUNK_MASK) * SLOTS;
    // A value that begins on a continuation line starts at its first character there.
    if (valueEnd !== undefined && data[at + S_VALUE_END] <= data[at + S_VALUE_START]) data[at + S_VALUE_START] = valueStart;
    if (valueEnd !== undefined) data[at + S_VALUE_END] = valueEnd;
    data[at + S_END] = end;
  }

  /** Appends a copy of header `i`; returns the copy's index. */
  append(i: number): number {
    const from = this.chunk(i);
    const at = (i & CHUNK_MASK) * SLOTS;
    const j = this.count;
    if ((j & CHUNK_MASK) === 0) this.chunks.push(new Int32Array(CHUNK_HEADERS * SLOTS));
    const to = this.chunk(j);
    const to0 = (j & CHUNK_MASK) * SLOTS;
    for (let k = 0; k < SLOTS; k++) to[to0 + k] = from[at + k];
    this.count = j + 1;
    return j;
  }

  /** Drops the last header (a line a TCP segment's end cut, once its rest is found). */
  pop(): void {
    if (this.count === 0) return;
    this.count--;
    if ((this.count & CHUNK_MASK) === 0) this.chunks.pop();
  }

  /** The offset where header `i`'s field starts. */
  start(i: number): number {
    return this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_START];
  }

  /** The offset where header `i`'s field ends (its last line's content end). */
  end(i: number): number {
    return this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_END];
  }

  /** Drops the unused part of the last chunk once parsing is done. */
  trim(): void {
    const used = (this.count & CHUNK_MASK) * SLOTS;
    if (used > 0) this.chunks[this.chunks.length - 1] = this.chunks[this.chunks.length - 1].slice(0, used);
  }

  /** The header at index `i` as a {@link SipHeader}. */
  header(i: number): SipHeader {
    const d = this.chunk(i);
    const at = (i & CHUNK_MASK) * SLOTS;
    const start = d[at + S_START];
    const slot = d[at + S_NAME];
    const packedName = this.lengthOf(slot);
    return new Header(this.names[this.nameIdOf(slot)], (packedName & 1) === 1, start, start + (packedName >> 1), d[at + S_VALUE_START], d[at + S_VALUE_END], d[at + S_END]);
  }

  valueStart(i: number): number {
    return this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_VALUE_START];
  }

  valueEnd(i: number): number {
    return this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_VALUE_END];
  }

  /** The index of the first header named `name` in `[first, first + count)`, or -1. */
  find(name: string, first: number, count: number): number {
    const id = this.ids.get(name);
    if (id === undefined) return -1;
    for (let i = first, last = first + count; i < last; i++) {
      const slot = this.chunk(i)[(i & CHUNK_MASK) * SLOTS + S_NAME];
      if ((slot >= 0 ? slot >>> 16 : this.nameIdOf(slot)) === id) return i;
    }
    return -1;
  }
}

/**
 * A parsed message. Its headers live in the document's {@link HeaderStore}; `headers` builds
 * their objects on demand. While a linter works on the message it may pin that list with
 * {@link ParsedMessage.pinHeaders}, so that every rule sees the same objects, and unpin it after.
 */
export class ParsedMessage implements SipMessage {
  /** The header objects pinned by a linter, built one by one as asked for. */
  private pinned: (SipHeader | undefined)[] | undefined = undefined;

  /** Set by the parser when it reads later TCP segments into the message. */
  gaps: Range[] | undefined = undefined;

  /** Set with {@link gaps}: the pieces of each line the segments cut (see {@link SipMessage.cuts}). */
  cuts: Range[][] | undefined = undefined;

  constructor(
    readonly index: number,
    readonly messageStart: number,
    /** Moved by the parser when it reads later TCP segments into the message, as are the header and body ends. */
    public messageEnd: number,
    readonly startLine: RequestLine | StatusLine,
    /** The document's header store and this message's slice of it. */
    readonly store: HeaderStore,
    /** Moved by the parser when it reads a later TCP segment into the message after other messages. */
    public firstHeader: number,
    /** Lowered by the parser to leave out a last header line that a TCP segment's end cut. */
    public headerCount: number,
    public headerEnd: number,
    public bodyStart: number,
    public bodyEnd: number,
    readonly lineEnding: 'crlf' | 'lf' | 'mixed',
    /** Set again by the parser when a later TCP segment shows the message goes on (`continued`). */
    public meta: PacketMeta | undefined,
    readonly crShownAsDot: boolean,
    readonly indent: number = 0,
  ) {}

  get range(): Range {
    return { start: this.messageStart, end: this.messageEnd };
  }

  get body(): Range | undefined {
    return this.bodyEnd > this.bodyStart ? { start: this.bodyStart, end: this.bodyEnd } : undefined;
  }

  /** True when the message has a non-empty body, without building its range. */
  get hasBody(): boolean {
    return this.bodyEnd > this.bodyStart;
  }

  get headers(): readonly SipHeader[] {
    const pinned = this.pinned;
    if (pinned === undefined) {
      const list: SipHeader[] = new Array<SipHeader>(this.headerCount);
      for (let k = 0; k < this.headerCount; k++) list[k] = this.store.header(this.firstHeader + k);
      return list;
    }
    for (let k = 0; k < pinned.length; k++) pinned[k] ??= this.store.header(this.firstHeader + k);
    return pinned as SipHeader[];
  }

  /**
   * Makes the header objects stable until {@link unpinHeaders}: `headers` and
   * {@link headerAt} then return the same objects each time, built only when first asked for.
   */
  pinHeaders(): void {
    this.pinned ??= new Array<SipHeader | undefined>(this.headerCount).fill(undefined);
  }

  unpinHeaders(): void {
    this.pinned = undefined;
  }

  /** The header at store index `i` (one of this message's), pinned when headers are pinned. */
  headerAt(i: number): SipHeader {
    const pinned = this.pinned;
    if (pinned === undefined) return this.store.header(i);
    return (pinned[i - this.firstHeader] ??= this.store.header(i));
  }
}

/** A request line; ranges are made on access. */
class ParsedRequestLine implements RequestLine {
  constructor(
    private readonly start: number,
    private readonly end: number,
    readonly method: string,
    private readonly methodEnd: number,
    private readonly uriStart: number,
    private readonly uriEnd: number,
    readonly version: string,
    private readonly versionStart: number,
    private readonly versionEnd: number,
  ) {}
  get kind(): 'request' {
    return 'request';
  }
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get methodRange(): Range {
    return { start: this.start, end: this.methodEnd };
  }
  get uriRange(): Range {
    return { start: this.uriStart, end: this.uriEnd };
  }
  get versionRange(): Range {
    return { start: this.versionStart, end: this.versionEnd };
  }
}

/** A status line; ranges and the reason phrase are made on access. */
class ParsedStatusLine implements StatusLine {
  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
    readonly version: string,
    private readonly versionEnd: number,
    readonly status: number,
    private readonly statusStart: number,
    private readonly statusEnd: number,
    private readonly reasonStart: number,
  ) {}
  get kind(): 'response' {
    return 'response';
  }
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get versionRange(): Range {
    return { start: this.start, end: this.versionEnd };
  }
  get statusRange(): Range {
    return { start: this.statusStart, end: this.statusEnd };
  }
  get reason(): string {
    return this.text.slice(this.reasonStart, this.end);
  }
  get reasonRange(): Range {
    return { start: this.reasonStart, end: this.end };
  }
}

/** Strings the start line repeats in every message, shared instead of sliced each time. */
const COMMON_TOKENS = ['SIP/2.0', 'INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS', 'PRACK', 'UPDATE', 'INFO', 'MESSAGE', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'PUBLISH'];

/** `text.slice(start, end)`, as a shared string when it is one of {@link COMMON_TOKENS}. */
function sliceToken(text: string, start: number, end: number): string {
  const length = end - start;
  for (const token of COMMON_TOKENS) {
    if (token.length !== length) continue;
    let k = 0;
    while (k < length && token.charCodeAt(k) === text.charCodeAt(start + k)) k++;
    if (k === length) return token;
  }
  return text.slice(start, end);
}

/** The end of the line content at `pos`: the offset of its CR LF, LF, or the text end. */
function lineContentEnd(text: string, eol: number, pos: number): number {
  return eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
}

/** The offset of the first `code` in `[start, end)`, or -1: a search that never leaves the line. */
function indexOfIn(text: string, code: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SP && c !== HT && c !== CR) return false;
  }
  return true;
}

/** Starts with `SIP/` in any case. */
function startsWithSipSlash(text: string, at: number): boolean {
  return (
    (text.charCodeAt(at) | 0x20) === 0x73 && (text.charCodeAt(at + 1) | 0x20) === 0x69 &&
    (text.charCodeAt(at + 2) | 0x20) === 0x70 && text.charCodeAt(at + 3) === 0x2f
  );
}

/**
 * Whether the line `[start, end)` is a SIP start line: `SIP/x.y NNN ...` or
 * `METHOD SP ... SP SIP/x.y`. Cheap, for finding message boundaries.
 */
export function isStartLine(text: string, start: number, end: number): boolean {
  if (end - start < 8) return false;
  if (startsWithSipSlash(text, start)) {
    // The first space of the line, searched within the line only.
    let sp = start + 4;
    while (sp < end && text.charCodeAt(sp) !== SP) sp++;
    if (sp >= end) return false;
    let i = sp;
    while (i < end && text.charCodeAt(i) === SP) i++;
    const c = text.charCodeAt(i);
    return c >= 0x30 && c <= 0x39;
  }
  if (!isTokenChar(text.charCodeAt(start))) return false;
  let i = start;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== SP) return false;
  let last = end;
  while (last > i && (text.charCodeAt(last - 1) === SP || text.charCodeAt(last - 1) === HT)) last--;
  let lastSpace = last - 1;
  while (lastSpace > i && text.charCodeAt(lastSpace) !== SP) lastSpace--;
  if (lastSpace > i && startsWithSipSlash(text, lastSpace + 1)) return true;
  return isVersionlessRequestLine(text, start, i, last);
}

/**
 * `METHOD SP scheme:rest` with no SIP version: a request line missing its version (an
 * upper-case method and a URI with a scheme, nothing else), read as a message so that the
 * missing version is reported where it is missing.
 */
function isVersionlessRequestLine(text: string, start: number, methodEnd: number, last: number): boolean {
  for (let k = start; k < methodEnd; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x41 || c > 0x5a) return false;
  }
  const uriStart = methodEnd + 1;
  const colon = indexOfIn(text, 0x3a, uriStart, last);
  // A scheme starts with a letter (RFC 3986 3.1): `100.64.0.10:5060` is no URI.
  if (colon === -1 || colon === uriStart || !(((text.charCodeAt(uriStart) | 0x20) >= 0x61 && (text.charCodeAt(uriStart) | 0x20) <= 0x7a))) return false;
  for (let k = uriStart; k < last; k++) {
    const c = text.charCodeAt(k);
    if (c === SP || c === HT) return false;
    if (k < colon && !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return false;
  }
  return true;
}

interface LineCursor {
  /** Start of the line. */
  start: number;
  /** End of the line content (before CR LF / LF). */
  end: number;
  /** Start of the next line. */
  next: number;
  /** True when the line ended with a bare LF. */
  bareLf: boolean;
}

/**
 * Reads the line at `pos`. With `crShownAsDot` (ngrep), a `.` before the LF stands for the CR
 * that ngrep cannot print, and so ends the line content.
 */
function readLine(text: string, pos: number, into: LineCursor, crShownAsDot = false): void {
  const eol = text.indexOf('\n', pos);
  const len = text.length;
  if (eol === -1) {
    into.start = pos;
    into.end = len;
    into.next = len;
    into.bareLf = false;
    return;
  }
  let end = lineContentEnd(text, eol, pos);
  if (crShownAsDot && end === eol && eol > pos && text.charCodeAt(eol - 1) === 0x2e) end = eol - 1;
  into.start = pos;
  into.end = end;
  into.next = eol + 1;
  into.bareLf = end === eol;
}

/** Parses a document: one message or a trace of many. Never throws. */
export function parseDocument(text: string): SipDocument {
  const problems: ParseProblem[] = [];
  const messages: SipMessage[] = [];
  const store = new HeaderStore();
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  let format: TraceFormat = 'plain';
  let recordOpened = false;
  let pendingMeta: TraceLine[] = [];
  // The tshark follow header in force: its nodes are the addresses of every payload below it.
  let stream: FollowStream | undefined;
  // In a Wireshark record (from its `Frame` line to the next empty line), every line is the
  // record's metadata or a line of the SIP tree.
  let dissecting = false;
  // After a tcpdump heading, until its packet's message starts: the lines of the packet's dump
  // whose headers tcpdump prints as characters, with the message's start line at the end of one.
  let dumping = false;
  // After the indented separator of sofia-sip's older log: the message below is indented too.
  let indented = false;
  // Per TCP flow, the last message of a record (a tshark follow payload, a tcpdump packet)
  // that the record's end may have cut short: the next record of that flow may hold its rest.
  const open = new Map<string, OpenMessage>();
  // tshark: where the payload under the count line in force ends; a message's body stops there.
  let payloadEnd = text.length;
  const cursor: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  // The tcpdump packet last looked for: the messages of one packet share its end, found once.
  let packetFrom = -1;
  let packetTo = -1;
  /** Where the payload of the tcpdump packet in which `start` lies ends. */
  const packetEnd = (start: number): number => {
    if (start < packetFrom || start >= packetTo) {
      packetFrom = start;
      packetTo = tcpdumpPacketEnd(text, start);
    }
    return packetTo;
  };
  /**
   * Reads the TCP segment `[from, to)`, a later record of the open message `entry`'s flow that
   * does not start a message, into that message, when nothing else was read since: its header
   * lines and body go on where the last segment stopped; a line the boundary between them cut
   * is left out, and the trace's lines between them become one of the message's gaps. The body
   * stops where Content-Length says, and the message is closed there. Returns where what was
   * read ends (another message may follow in the segment).
   */
  const join = (entry: OpenMessage, from: number, to: number): number => {
    const message = entry.message;
    const problemFloor = problems.length;
    if (message.firstHeader + message.headerCount !== store.count) {
      // Messages of other flows came between the segments: the message's headers move to the
      // end of the store, where the headers of this segment follow them.
      const first = store.count;
      for (let k = 0; k < message.headerCount; k++) store.append(message.firstHeader + k);
      message.firstHeader = first;
    }
    const previous = entry.end;
    const last = text.charCodeAt(previous - 1);
    // A segment that ends between a line's CR and its LF (the next one starts with the LF)
    // leaves the line whole: its CR ends it as the tool prints it (ngrep's `.` too).
    const splitAtLf = text.charCodeAt(from) === LF && (last === CR || (message.crShownAsDot && last === 0x2e));
    // The segment before ended in the middle of a line: its two pieces are not read.
    const cut = last !== LF && !splitAtLf;
    let pos = from;
    if (cut || splitAtLf) {
      const eol = text.indexOf('\n', from);
      pos = eol === -1 || eol >= to ? to : eol + 1;
    }
    let gapStart = previous;
    // Where the cut line starts: not before the segment that holds it (tcpdump prints a
    // segment's first line after the packet's headers).
    const cutLineStart = Math.max(text.lastIndexOf('\n', previous - 1) + 1, entry.segmentStart);
    // tcpdump prints a CR that no LF follows as `.`: a line of just that `.` before a segment
    // that starts with the LF is the empty line that ends the header section.
    const emptyLine = entry.bodyOctets < 0 && cut && !entry.midLine && pos === from + 1 && previous - cutLineStart === 1 && last === 0x2e;
    if (entry.bodyOctets < 0 && cut) {
      // The cut line is the last header, or a line without a colon (yet), whose error goes.
      gapStart = cutLineStart;
      if (message.headerCount > 0 && store.start(store.count - 1) <= gapStart && gapStart < store.end(store.count - 1) + 1) {
        gapStart = store.start(store.count - 1);
        store.pop();
        message.headerCount--;
      } else {
        // The cut line's problem came with the last part read, or after (messages in a gap).
        for (let i = problems.length - 1; i >= entry.problemFloor; i--) {
          if (problems[i].code === syntaxCodes.headerWithoutColon && problems[i].range.start === gapStart) problems.splice(i, 1);
        }
      }
    } else if (cut) {
      gapStart = Math.max(cutLineStart, message.hasBody ? message.bodyStart : previous);
    }
    if (cut && gapStart < previous) {
      // The cut line's pieces, kept so that its values can be read across them (see `reassemble`);
      // the empty line tcpdump shows as `.` is one too, made of its CR and its LF.
      // A line that a segment holding only its middle went on with gets one more piece.
      const cuts = (message.cuts ??= []);
      const line = cuts.length > 0 ? cuts[cuts.length - 1] : undefined;
      if (entry.midLine && line !== undefined && line[line.length - 1].end === previous) line.push({ start: from, end: pos });
      else cuts.push([{ start: gapStart, end: previous }, { start: from, end: pos }]);
    }
    const gaps = (message.gaps ??= []);
    const lastGap = gaps.length > 0 ? gaps[gaps.length - 1] : undefined;
    if (lastGap !== undefined && gapStart <= lastGap.end) gaps[gaps.length - 1] = { start: Math.min(lastGap.start, gapStart), end: Math.max(lastGap.end, pos) };
    else gaps.push({ start: gapStart, end: pos });
    entry.segmentStart = from;
    entry.problemFloor = problemFloor;
    // The segment holds nothing but the middle of a cut line, which goes on in the next one.
    entry.midLine = cut && pos >= to && text.charCodeAt(to - 1) !== LF;
    if (message.meta?.continued !== true) message.meta = { ...message.meta!, continued: true };
    entry.missingEmptyLine = undefined;
    problems.push({
      code: syntaxCodes.strayText,
      message: `The rest of the ${nameOf(message)} above, in ${pieceOf(message)} of its own, is read as part of it${cut ? `, with the line cut between the ${message.meta?.transport === 'tls' ? 'records' : message.meta?.transport === 'udp' ? 'fragments' : 'segments'}` : ''}. The checks that need the whole message as sent (Content-Length, mandatory headers, SDP lines and their order) are skipped there; \`tshark -V\` (or Wireshark) shows it reassembled.`,
      range: { start: from, end: lineContentEnd(text, Math.min(to, text.indexOf('\n', from) === -1 ? to : text.indexOf('\n', from)), from) },
    });
    // Octets of the body are counted from here in this segment: its start, or the body's (the
    // LF of the empty line before it, when the segment starts with that LF, is not the body's).
    let countFrom = splitAtLf && !message.hasBody && entry.bodyOctets === 0 ? pos : from;
    if (emptyLine) {
      message.headerEnd = gapStart;
      entry.bodyOctets = 0;
      countFrom = pos;
    }
    if (entry.bodyOctets < 0) {
      let lastHeader = message.headerCount > 0 ? store.count - 1 : -1;
      while (pos < to) {
        readLine(text, pos, cursor, message.crShownAsDot);
        if (cursor.end > to) cursor.end = to;
        if (cursor.end === cursor.start || isBlank(text, cursor.start, cursor.end)) {
          message.headerEnd = cursor.start;
          entry.bodyOctets = 0;
          pos = countFrom = Math.min(cursor.next, to);
          break;
        }
        const first = text.charCodeAt(cursor.start);
        if (first === SP || first === HT) foldLine(text, cursor.start, cursor.end, lastHeader, problems, store);
        else {
          const colon = indexOfIn(text, 0x3a, cursor.start, cursor.end);
          // Reported up to a limit per message, as the message parser does.
          if (colon === -1 && ++entry.linesWithoutColon <= maxLinesReported) problems.push({ code: syntaxCodes.headerWithoutColon, message: 'Header line without a colon.', range: { start: cursor.start, end: cursor.end } });
          else if (colon !== -1) lastHeader = readHeader(text, cursor.start, colon, cursor.end, problems, store);
        }
        pos = cursor.next;
      }
      message.headerCount = store.count - message.firstHeader;
      if (entry.bodyOctets < 0) {
        // The header section goes on in the next segment.
        message.headerEnd = message.messageEnd = entry.end = to;
        return to;
      }
    }
    const at = message.store.find('content-length', message.firstHeader, message.headerCount);
    const declared = at === -1 ? -1 : readContentLength(text, message.store.valueStart(at), message.store.valueEnd(at));
    const wire = crsLeftOut(message);
    let end = to;
    if (declared >= 0) {
      const remaining = declared - entry.bodyOctets;
      const stop = remaining <= 0 ? countFrom : advanceOctets(text, countFrom, remaining, wire);
      if (stop !== -1 && stop <= to) end = stop;
    }
    if (end > countFrom) {
      if (!message.hasBody) message.bodyStart = pos;
      message.bodyEnd = end;
    }
    entry.bodyOctets += octetsIn(text, countFrom, end, wire);
    message.messageEnd = entry.end = Math.max(end, pos);
    if (declared >= 0 && entry.bodyOctets >= declared) open.delete(entry.flow);
    return message.messageEnd;
  };
  /** Forgets the open message of `flow`; a problem kept back for it stands after all. */
  const close = (flow: string): void => {
    const entry = open.get(flow);
    if (entry === undefined) return;
    if (entry.missingEmptyLine !== undefined) problems.push(entry.missingEmptyLine);
    open.delete(flow);
  };
  /** The open message the tcpdump `heading` may continue: one of its flow, when it carries a payload. */
  const openFor = (heading: TraceLine | undefined): OpenMessage | undefined =>
    heading !== undefined && heading.format === 'tcpdump' && open.size > 0 && (heading.transport === 'tcp' ? (heading.bytes ?? 0) > 0 : heading.fragment === true)
      ? open.get(flowOf(traceMeta([heading])))
      : undefined;
  /**
   * True when the open message already holds {@link MAX_PIECES} pieces: the record at `[from, to)`
   * is then said not to be read, and the message is closed. Real messages take a few segments;
   * the bound keeps a hostile trace of endless tiny segments linear.
   */
  const tooManyPieces = (entry: OpenMessage, from: number, to: number): boolean => {
    if (++entry.pieces <= MAX_PIECES) return false;
    open.delete(entry.flow);
    problems.push({
      code: syntaxCodes.strayText,
      message: `More of the ${nameOf(entry.message)} above, past ${MAX_PIECES} pieces of it: not read.`,
      range: { start: from, end: lineContentEnd(text, Math.min(to, text.indexOf('\n', from) === -1 ? to : text.indexOf('\n', from)), from) },
    });
    return true;
  };
  /** True when the open message's last segment ended in the middle of a line. */
  const endsMidLine = (entry: OpenMessage): boolean => text.charCodeAt(entry.end - 1) !== LF;
  /**
   * A tshark payload or ngrep record `[from, to)` under `record` (its count line or heading):
   * when it holds the rest of an open message of its flow (it goes on with a line the segment
   * before cut, or it does not start a message), reads it into that message and returns where
   * to go on: where what was read ends when a message may follow in the segment, else `next`
   * (or `to` when -1). Returns -1 when the segment is not a rest.
   */
  const segmentRest = (record: TraceLine, from: number, to: number, next: number): number => {
    const entry = open.size > 0 ? open.get(flowOf(traceMeta([record], stream))) : undefined;
    // A later IP fragment is never a datagram of its own; a later TCP segment may start a message.
    if (entry === undefined || to <= from || (record.fragment !== true && !endsMidLine(entry) && startsWithStartLine(text, from))) return -1;
    flushStray();
    if (tooManyPieces(entry, from, to)) {
      pendingMeta = [];
      return next === -1 ? to : next;
    }
    const joined = join(entry, from, to);
    if (joined < to) {
      // Another message may follow in the segment, under the same record line.
      pendingMeta = [record];
      payloadEnd = to;
      return joined;
    }
    pendingMeta = [];
    return next === -1 ? to : next;
  };
  /**
   * A tcpdump packet whose heading `heading` ends at `next`: when it holds the rest of an open
   * message of its flow, reads it into that message and returns where to go on (a message may
   * follow in the packet); else -1.
   */
  const packetRest = (heading: TraceLine, next: number): number => {
    const entry = openFor(heading);
    if (entry === undefined) return -1;
    // tcpdump prints the IP and TCP headers before the payload as characters, on the payload's
    // first line: the payload is found from its end, by its length, each LF standing for the
    // CR LF sent (tcpdump drops CRs). The next packet's heading follows tcpdump's own LF.
    const to = packetEnd(next);
    const end = to < text.length && text.charCodeAt(to) === LF ? to + 1 : to;
    // A later IPv4 fragment has no length on its heading and no transport header: its data
    // follows the IPv4 header, one character per octet, whose first octet (`E` for 0x45) gives
    // its length in 32-bit words. An IPv6 fragment's heading gives its length (`frag (1232|491)`).
    const first = text.charCodeAt(next);
    const header = first >= 0x45 && first <= 0x4f ? (first & 0x0f) * 4 : IPV4_HEADER;
    const from = heading.fragment === true && heading.bytes === undefined ? Math.min(to, next + header) : backOctets(text, to, heading.bytes ?? 0, next);
    if (heading.fragment !== true && !endsMidLine(entry) && startsWithStartLine(text, from)) return -1;
    if (tooManyPieces(entry, from, to)) return end;
    const joined = join(entry, from, to);
    return joined < to ? joined : end;
  };
  let strayStart = -1;
  let strayEnd = -1;
  const flushStray = (): void => {
    if (strayStart !== -1) {
      problems.push({
        code: syntaxCodes.strayText,
        message: 'Text outside any SIP message is ignored.',
        range: { start: strayStart, end: strayEnd },
      });
      strayStart = -1;
    }
  };
  // A byte order mark (editors on Windows write one) is no part of the first line.
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const len = text.length;
  /** Reads the message whose start line begins at `start`, with the metadata before it, and moves past it. */
  const readMessageAt = (start: number): void => {
    flushStray();
    const meta = pendingMeta.length ? traceMeta(pendingMeta, stream) : undefined;
    // A tshark payload or an ngrep TCP record (a TCP segment) may hold several messages: its
    // count line or heading stays in force until the next one. Other formats write a record per message.
    if (meta?.format !== 'tshark' && !isNgrepTcp(meta)) pendingMeta = [];
    const problemCount = problems.length;
    // Where the record that holds the message ends, when it is a TCP segment: the message's
    // body stops there, and a message cut there may go on in the next segment of its flow.
    const limit = meta?.format === 'tshark' || isNgrepPacket(meta) ? payloadEnd : meta?.format === 'tcpdump' && (meta.transport === 'tcp' || meta.transport === 'udp') ? packetEnd(start) : len;
    const message = parseMessage(text, start, messages.length, meta, problems, store, limit);
    messages.push(message);
    // TCP, or TLS decrypted by tshark's follow: a stream, whose records may cut a message. UDP in
    // tcpdump and ngrep, which print each IP fragment of a large datagram as a packet of its own.
    if (meta !== undefined && (((meta.transport === 'tcp' || meta.transport === 'tls') && (meta.format === 'tshark' || meta.format === 'tcpdump' || meta.format === 'ngrep'))
      || (meta.transport === 'udp' && (meta.format === 'tcpdump' || meta.format === 'ngrep')))) {
      const flow = flowOf(meta);
      close(flow);
      // A header section the record's end cut has no empty line: said only if no rest follows.
      let at = problems.length - 1;
      while (at >= problemCount && problems[at].code !== syntaxCodes.missingEmptyLine) at--;
      const last = at >= problemCount && problems[at].range.start >= message.headerEnd ? problems[at] : undefined;
      const cut = last !== undefined;
      if (cut || mayBeCutShort(text, message)) {
        if (cut) problems.splice(at, 1);
        const end = Math.min(message.messageEnd, limit);
        const bodyOctets = cut ? -1 : message.hasBody ? octetsIn(text, message.bodyStart, Math.min(message.bodyEnd, end), crsLeftOut(message)) : 0;
        open.set(flow, { message, flow, missingEmptyLine: cut ? last : undefined, end, bodyOctets, segmentStart: message.messageStart, midLine: false, linesWithoutColon: 0, problemFloor: problemCount, pieces: 1 });
      }
    }
    pos = message.messageEnd;
    // Resume at the start of the next line.
    if (pos < len && text.charCodeAt(pos - 1) !== LF) {
      const eol = text.indexOf('\n', pos);
      if (eol === -1) pos = len;
      else {
        if (!isBlank(text, pos, lineContentEnd(text, eol, pos))) {
          problems.push({ code: syntaxCodes.strayText, message: 'Text after the body, outside Content-Length, is ignored.', range: { start: pos, end: lineContentEnd(text, eol, pos) } });
        }
        pos = eol + 1;
      }
    }
  };
  while (pos < len) {
    readLine(text, pos, line);
    // ngrep prints a CR as `.`: a line of it alone is an empty line (a keep-alive's CRLF, say).
    if (isBlank(text, line.start, line.end) || (format === 'ngrep' && line.end === line.start + 1 && text.charCodeAt(line.start) === 0x2e)) {
      dissecting = false;
      dumping = false;
      pos = line.next;
      continue;
    }
    if (indented) {
      indented = false;
      if (isIndentedStartLine(text, line.start, line.end)) {
        flushStray();
        const meta = pendingMeta.length ? traceMeta(pendingMeta, stream) : undefined;
        pendingMeta = [];
        const read = parseIndentedMessage(text, line.start, messages.length, meta, problems, store);
        messages.push(read.message);
        pos = read.next;
        continue;
      }
    }
    if (dumping) {
      const heading = parseTraceLine(text, line.start, line.end);
      const at = heading === undefined ? embeddedStartLine(text, line.start, line.end) : -1;
      if (at === -1) {
        // A dump line (a packet without a message, or the first part of a packet's headers),
        // or the heading of the next packet.
        if (heading?.opensRecord) pendingMeta = [];
        pendingMeta.push(heading ?? { format: 'tcpdump', start: line.start, end: line.end, opensRecord: false });
        const resume = heading?.opensRecord ? packetRest(heading, line.next) : -1;
        pos = resume === -1 ? line.next : resume;
        continue;
      }
      dumping = false;
      readMessageAt(at);
      continue;
    }
    // A start line at the left margin ends a Wireshark record: a message pasted after a
    // dissection without an empty line is still read as a message.
    if (dissecting && isStartLine(text, line.start, line.end)) dissecting = false;
    if (dissecting) {
      const read = isDissectionHeading(text, line.start, line.end)
        ? parseDissectedMessage(text, line.next, messages.length, traceMeta(pendingMeta), problems, store)
        : undefined;
      if (read !== undefined) {
        messages.push(read.message);
        pos = read.next;
      } else {
        // A layer line, a field of one, or a SIP tree without a message (a TCP continuation).
        const traceLine = dissectionLine(text, line.start, line.end);
        if (traceLine.opensRecord) pendingMeta = [];
        pendingMeta.push(traceLine);
        pos = line.next;
      }
      continue;
    }
    // A tcpdump heading may end with the packet's start line (`... 5060: SIP: INVITE sip:...
    // SIP/2.0`), and its `-tttt` date reads as a token: the heading is looked for first.
    const tcpdumpHeading = isDigit(text.charCodeAt(line.start)) ? parseTraceLine(text, line.start, line.end) : undefined;
    if (tcpdumpHeading === undefined && isStartLine(text, line.start, line.end)) {
      readMessageAt(line.start);
      continue;
    }
    const traceLine = tcpdumpHeading ?? parseTraceLine(text, line.start, line.end);
    // A tshark payload that starts with what reads as a start line may still be the rest of a
    // line the segment before cut.
    if (traceLine?.format === 'tshark' && traceLine.bytes !== undefined && open.size > 0) {
      const resume = segmentRest(traceLine, line.next, payloadEndAt(text, line.next, traceLine.bytes), -1);
      if (resume !== -1) {
        pos = resume;
        continue;
      }
    }
    if (traceLine) {
      flushStray();
      // The document's format is that of its first record: a line that several tools write
      // (ngrep's and baresip's `#`) only stands in until a record opens.
      if (traceLine.opensRecord ? !recordOpened : format === 'plain') format = traceLine.format;
      if (traceLine.opensRecord) recordOpened = true;
      if (traceLine.opensRecord) pendingMeta = [];
      if (traceLine.format === 'wireshark') dissecting = true;
      if (traceLine.format === 'tcpdump' && traceLine.opensRecord) dumping = true;
      if (traceLine.bytes !== undefined && traceLine.format === 'tshark') payloadEnd = payloadEndAt(text, line.next, traceLine.bytes);
      if (traceLine.format === 'ngrep' && (traceLine.transport === 'tcp' || traceLine.transport === 'udp')) {
        // An ngrep record is one TCP segment or UDP packet: a message's body stops at its end,
        // and a segment of an open message's flow that does not start a message, or a later
        // fragment of a datagram, holds that message's rest.
        const record = ngrepRecord(text, line.next);
        payloadEnd = record.payloadEnd;
        const resume = traceLine.transport === 'tcp' || traceLine.fragment === true ? segmentRest(traceLine, line.next, record.payloadEnd, record.next) : -1;
        if (resume !== -1) {
          pos = resume;
          continue;
        }
      }
      // Of all trace lines, only sofia-sip's indented separator starts with a space.
      if (traceLine.format === 'freeswitch' && text.charCodeAt(line.start) === SP) indented = true;
      pendingMeta.push(traceLine);
      if (traceLine.format === 'tshark') stream = followStream(stream, traceLine);
      if (dumping && traceLine.opensRecord) {
        const resume = packetRest(traceLine, line.next);
        if (resume !== -1) {
          pos = resume;
          continue;
        }
      }
    } else {
      // A tshark payload of the open message's flow that does not start a message holds its rest.
      const count = format === 'tshark' ? followCountLine(text, line.start, line.end) : undefined;
      const end = count === undefined ? -1 : payloadEndAt(text, line.next, count.bytes!);
      const resume = count === undefined ? -1 : segmentRest(count, line.next, end, -1);
      if (resume !== -1) {
        pos = resume;
        continue;
      }
      // A payload of line breaks only is a keep-alive (RFC 5626 4.4.1: CRLF CRLF, answered CRLF).
      if (count !== undefined && onlyLineBreaks(text, line.next, end)) {
        flushStray();
        pendingMeta = [];
        pos = end;
        continue;
      }
      if (strayStart === -1) strayStart = line.start;
      strayEnd = line.end;
      pendingMeta = [];
    }
    pos = line.next;
  }
  for (const flow of [...open.keys()]) close(flow);
  flushStray();
  if (messages.length === 0 && len > 0 && /\S/.test(text)) {
    problems.push({ code: syntaxCodes.noMessage, message: noMessageText(text), range: { start: 0, end: Math.min(len, text.indexOf('\n') === -1 ? len : text.indexOf('\n')) } });
  }
  store.trim();
  if (!isSortedByStart(problems)) problems.sort((a, b) => a.range.start - b.range.start);
  return { text, format, messages, problems };
}

/**
 * Why no message was found. A Wireshark dissection exported with its SIP tree collapsed (or
 * with start lines Wireshark cut) names SIP but shows no start line: say how to export it.
 */
function noMessageText(text: string): string {
  if (text.includes('Session Initiation Protocol')) {
    return 'No SIP message found: no SIP tree of this dissection shows a start line (collapsed, or cut by Wireshark); export the trees expanded (`tshark -r FILE -Y sip -O sip -V`), or paste the payloads (`tshark -r FILE -q -z follow,udp,ascii,STREAM`).';
  }
  return 'No SIP message found: no request line or status line.';
}

/** True when the problems are already in document order (the usual case: no sort needed). */
function isSortedByStart(problems: readonly ParseProblem[]): boolean {
  for (let i = 1; i < problems.length; i++) if (problems[i - 1].range.start > problems[i].range.start) return false;
  return true;
}

/** Parses the message whose start line begins at `start`. */
export function parseMessage(
  text: string,
  start: number,
  index: number,
  meta: PacketMeta | undefined,
  problems: ParseProblem[],
  store: HeaderStore = new HeaderStore(),
  /** Where the record that holds the message ends (a tshark payload): its body stops there. */
  limit = text.length,
): ParsedMessage {
  const len = text.length;
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  const crShownAsDot = meta?.format === 'ngrep';
  readLine(text, start, line, crShownAsDot);
  const startLine = parseStartLine(text, line.start, line.end, problems);
  let crlf = line.bareLf || line.next === len ? 0 : 1;
  let lf = line.bareLf ? 1 : 0;
  const firstHeader = store.count;
  let lastHeader = -1;
  let contentLength = -1;
  let hasContentType = false;
  let linesWithoutColon = 0;
  let lastLineWithoutColon: Range | undefined;
  let pos = line.next;
  let headerEnd = -1;
  let bodyStart = -1;
  let lastContentEnd = line.end;
  while (pos < len) {
    // A record cut in the header section (a TCP segment) ends it; the parser says where its
    // rest is when it finds it in a later record.
    if (pos >= limit) {
      headerEnd = pos;
      break;
    }
    readLine(text, pos, line, crShownAsDot);
    if (line.end === line.start || isBlank(text, line.start, line.end)) {
      headerEnd = line.start;
      bodyStart = line.next;
      if (line.bareLf) lf++;
      else if (line.next < len || line.end < len) crlf++;
      break;
    }
    const first = text.charCodeAt(line.start);
    // The heading of the next packet in a tcpdump dump (`08:22:43.870946 IP ...`) holds colons:
    // in a trace, a line that opens a record ends the header section of a message it cut.
    if (meta !== undefined && isDigit(first) && parseTraceLine(text, line.start, line.end)?.opensRecord === true) {
      headerEnd = line.start;
      break;
    }
    if (first === SP || first === HT) {
      foldLine(text, line.start, line.end, lastHeader, problems, store);
    } else {
      const colon = indexOfIn(text, 0x3a, line.start, line.end);
      if (colon === -1) {
        if (isStartLine(text, line.start, line.end) || parseTraceLine(text, line.start, line.end)) {
          // The next message or trace record starts: this one has no empty line after its headers.
          headerEnd = line.start;
          break;
        }
        // Each line is reported up to a limit, then once for the rest: a flood of identical
        // errors helps nobody and would cost memory on hostile input.
        if (++linesWithoutColon <= maxLinesReported) problems.push({ code: syntaxCodes.headerWithoutColon, message: 'Header line without a colon.', range: { start: line.start, end: line.end } });
        else lastLineWithoutColon = { start: line.start, end: line.end };
      } else {
        lastHeader = readHeader(text, line.start, colon, line.end, problems, store);
        if (readName === 'content-type') hasContentType = true;
        else if (contentLength === -1 && readName === 'content-length') {
          contentLength = readContentLength(text, store.valueStart(lastHeader), store.valueEnd(lastHeader));
        }
      }
    }
    // The LF a tshark payload ends with is tshark's, not the message's (a segment cut mid-line).
    if (line.bareLf) {
      if (line.next <= limit) lf++;
    } else if (line.next < len) crlf++;
    lastContentEnd = line.end;
    pos = line.next;
  }
  let bodyFrom = 0;
  let bodyTo = 0;
  let end: number;
  if (headerEnd === -1) {
    // End of text with no empty line after the headers.
    headerEnd = lastContentEnd;
    end = lastContentEnd;
    problems.push({ code: syntaxCodes.missingEmptyLine, message: 'The header section does not end with an empty line.', range: { start: lastContentEnd, end: lastContentEnd } });
  } else if (bodyStart === -1) {
    end = headerEnd;
    problems.push({ code: syntaxCodes.missingEmptyLine, message: 'The header section does not end with an empty line.', range: { start: headerEnd, end: headerEnd } });
  } else {
    const bodyEnd = Math.min(frameBody(text, bodyStart, contentLength, lf > 0 && crlf === 0, hasContentType), Math.max(limit, bodyStart));
    if (bodyEnd > bodyStart) {
      bodyFrom = bodyStart;
      bodyTo = bodyEnd;
    }
    end = Math.max(bodyEnd, bodyStart);
  }
  if (lastLineWithoutColon) {
    problems.push({ code: syntaxCodes.headerWithoutColon, message: `${linesWithoutColon - maxLinesReported} more header lines without a colon in this message (not reported one by one).`, range: lastLineWithoutColon });
  }
  const lineEnding = lf === 0 ? 'crlf' : crlf === 0 ? 'lf' : 'mixed';
  // FreeSWITCH's siptrace and tcpdump -A leave out every CR before an LF: there LF says
  // nothing of what was sent.
  if (lf > 0 && meta?.format !== 'freeswitch' && meta?.format !== 'tcpdump') {
    problems.push({
      code: syntaxCodes.lfLineEndings,
      message: lineEnding === 'lf' ? 'Lines end with LF only; SIP on the wire needs CRLF.' : 'Some lines end with LF only; SIP on the wire needs CRLF.',
      range: startLine.range,
      data: { messageStart: start },
    });
  }
  return new ParsedMessage(index, start, end, startLine, store, firstHeader, store.count - firstHeader, headerEnd, bodyFrom, bodyTo, lineEnding, meta, crShownAsDot);
}

/** Methods a start line hidden at the end of a tcpdump dump line is recognised by. */
const KNOWN_METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS', 'PRACK', 'UPDATE', 'INFO', 'MESSAGE', 'SUBSCRIBE', 'NOTIFY', 'REFER', 'PUBLISH'];

/**
 * Where a SIP start line begins inside the line `[start, end)` of a tcpdump `-A` dump, or -1.
 * tcpdump prints the IP and transport headers before the payload as characters (`.` for most
 * bytes), so the start line ends the line: `E....V@.@..{........INVITE sip:a@b SIP/2.0`. A
 * status line is found by its `SIP/2.0 `; a request line by its ` SIP/2.0` end, its URI, and
 * a known method before it (a header byte may print as a letter just before the method).
 */
function embeddedStartLine(text: string, start: number, end: number): number {
  // Searched in the line alone: a search of the text from here would read on to the next
  // message for every dump line, quadratic over a capture of packets without SIP.
  const line = text.slice(start, end);
  const status = line.indexOf('SIP/2.0 ');
  if (status !== -1 && isStartLine(text, start + status, end)) return start + status;
  let last = line.length;
  while (last > 0 && (line.charCodeAt(last - 1) === SP || line.charCodeAt(last - 1) === CR)) last--;
  if (last < 16 || !line.startsWith(' SIP/2.0', last - 8)) return -1;
  const uriSpace = line.lastIndexOf(' ', last - 9);
  if (uriSpace <= 0) return -1;
  for (const method of KNOWN_METHODS) {
    const at = uriSpace - method.length;
    if (at >= 0 && line.startsWith(method, at) && isStartLine(text, start + at, end)) return start + at;
  }
  return -1;
}

/** The number of spaces that begin `[start, end)`. */
function indentOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SP) i++;
  return i - start;
}

/** How Wireshark indents each level of a protocol tree, and the labels of the SIP tree's items. */
const TREE_STEP = 4;
const REQUEST_LINE = 'Request-Line: ';
const STATUS_LINE = 'Status-Line: ';
/** How Wireshark marks an item whose text it cut at {@link LABEL_LENGTH} characters. */
const TRUNCATED = '[truncated]';
const TRUNCATED_REQUEST_LINE = 'Request-Line [truncated]: ';
const TRUNCATED_STATUS_LINE = 'Status-Line [truncated]: ';
const LABEL_LENGTH = 240;

/**
 * Reads the message of a Wireshark SIP tree whose first item starts at `start` (the line after
 * `Session Initiation Protocol (...)`); undefined when the tree holds no start line (a TCP
 * continuation). The tree shows the start line after its label, each header line as sent one
 * level deeper under `Message Header`, and the body under `Message Body`, where an SDP body is
 * a list of items (`Connection Information (c): IN IP4 ...`, read by the SDP parser). Items
 * deeper still are Wireshark's breakdown of a value, and bracketed ones are its own remarks:
 * neither is the message. The tree ends at an empty line or at the left margin. A dissection
 * shows neither line endings nor the body's octets, so the message is taken as sent with CRLF
 * and its body is not framed by Content-Length. Returns the message and where reading resumes.
 */
function parseDissectedMessage(
  text: string,
  start: number,
  index: number,
  meta: PacketMeta | undefined,
  problems: ParseProblem[],
  store: HeaderStore,
): { message: ParsedMessage; next: number } | undefined {
  const len = text.length;
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  if (start >= len) return undefined;
  readLine(text, start, line);
  if (indentOf(text, line.start, line.end) !== TREE_STEP) return undefined;
  const itemStart = line.start + TREE_STEP;
  const label = text.startsWith(REQUEST_LINE, itemStart) ? REQUEST_LINE : text.startsWith(STATUS_LINE, itemStart) ? STATUS_LINE : undefined;
  if (label === undefined) {
    if (text.startsWith(TRUNCATED_REQUEST_LINE, itemStart) || text.startsWith(TRUNCATED_STATUS_LINE, itemStart)) {
      problems.push({ code: syntaxCodes.strayText, message: `Wireshark cut this start line at ${LABEL_LENGTH} characters: the message is not read (its payload, \`tshark -q -z follow,udp,ascii,STREAM\`, can be).`, range: { start: itemStart, end: line.end } });
    }
    return undefined;
  }
  const messageStart = itemStart + label.length;
  const startLine = parseStartLine(text, messageStart, line.end, problems);
  const firstHeader = store.count;
  let section: 'start' | 'headers' | 'body' | 'other' = 'start';
  let headerEnd = -1;
  let bodyStart = 0;
  let bodyEnd = 0;
  let end = line.end;
  let pos = line.next;
  while (pos < len) {
    readLine(text, pos, line);
    const indent = indentOf(text, line.start, line.end);
    if (indent === line.end - line.start || indent < TREE_STEP) break;
    const item = line.start + indent;
    if (indent === TREE_STEP) {
      section = text.startsWith('Message Header', item) ? 'headers' : text.startsWith('Message Body', item) ? 'body' : 'other';
      if (section === 'body' && headerEnd === -1) headerEnd = line.start;
    } else if (section === 'headers' && indent === 2 * TREE_STEP + 1 && text.startsWith(TRUNCATED, item)) {
      // Wireshark cuts an item's text at 240 characters and writes ` [truncated]` before it.
      // The header is there (a message without its Via is not what was sent): it is read as
      // far as it is shown, and the user is told that the rest is missing.
      const name = item + TRUNCATED.length;
      const colon = indexOfIn(text, 0x3a, name, line.end);
      problems.push({ code: syntaxCodes.strayText, message: `Wireshark cut this header line at ${LABEL_LENGTH} characters: the rest of it is not shown, and only what is shown is checked.`, range: { start: line.start + indent - 1, end: name } });
      if (colon !== -1) readHeader(text, name, colon, line.end, problems, store);
    } else if (section === 'headers' && indent === 2 * TREE_STEP && text.charCodeAt(item) !== 0x5b /* [ */) {
      const colon = indexOfIn(text, 0x3a, item, line.end);
      if (colon === -1) problems.push({ code: syntaxCodes.headerWithoutColon, message: 'Header line without a colon.', range: { start: item, end: line.end } });
      else readHeader(text, item, colon, line.end, problems, store);
    } else if (section === 'body' && indent >= 3 * TREE_STEP) {
      // The body's items, from the first to the last line below the body's own heading.
      if (bodyEnd === 0) bodyStart = line.start;
      bodyEnd = line.end;
      if (indent === 3 * TREE_STEP && isCutItem(text, item, line.end)) {
        problems.push({ code: syntaxCodes.strayText, message: `Wireshark cut this SDP line at ${LABEL_LENGTH} characters: it is not checked.`, range: { start: item, end: line.end } });
      }
    }
    end = line.end;
    pos = line.next;
  }
  if (headerEnd === -1) headerEnd = end;
  const message = new ParsedMessage(index, messageStart, end, startLine, store, firstHeader, store.count - firstHeader, headerEnd, bodyStart, bodyEnd, 'crlf', meta, false);
  return { message, next: pos };
}

/** A message a TCP record may have cut short, while the parser looks for its rest. */
interface OpenMessage {
  readonly message: ParsedMessage;
  /** The flow's key in the parser's map of open messages. */
  readonly flow: string;
  /** The "no empty line" problem of a cut header section, said only if no rest follows. */
  missingEmptyLine: ParseProblem | undefined;
  /** Where what the trace showed of the message so far ends: the payload end of its last record. */
  end: number;
  /** The body octets read so far, the pieces of a cut line included; -1 while the header section goes on. */
  bodyOctets: number;
  /** Where the message's last segment starts: the message's start, or a later payload's. */
  segmentStart: number;
  /** True when the last segment held only the middle of a line, begun in a segment before. */
  midLine: boolean;
  /** Header lines without a colon read from later segments, reported up to a limit. */
  linesWithoutColon: number;
  /** Where in the parser's problems those of the message's last part begin. */
  problemFloor: number;
  /** The records the message was read from so far. */
  pieces: number;
}

/**
 * True when the text shows a message without the CRs it was sent with, so that each LF stands
 * for CR LF: tcpdump -A leaves them out, and a paste copied from a terminal loses them.
 */
function crsLeftOut(message: ParsedMessage): boolean {
  return message.meta?.format === 'tcpdump' || message.lineEnding === 'lf';
}

/** What a record of a stream holds: a TCP segment, or a TLS record that tshark decrypted. */
function pieceOf(message: SipMessage): string {
  return message.meta?.transport === 'tls' ? 'a TLS record' : message.meta?.transport === 'udp' ? 'an IP fragment' : 'a TCP segment';
}

/** The most records one message is read from (a 64 KB message takes 45 TCP segments of 1460 octets). */
const MAX_PIECES = 64;

/** The octets of an IPv4 header without options, which tcpdump prints before a fragment's data (taken when its first octet does not say). */
const IPV4_HEADER = 20;

/** `INVITE` or `200 response`: how a finding names a message. */
function nameOf(message: SipMessage): string {
  return message.startLine.kind === 'request' ? message.startLine.method : `${message.startLine.status} response`;
}

/** The octets `[start, end)` takes on the wire: as written, or with each bare LF sent as CRLF (`wire`). */
function octetsIn(text: string, start: number, end: number, wire: boolean): number {
  if (end <= start) return 0;
  const octets = bodyOctets(text, { start, end });
  return wire ? octets.wire : octets.written;
}

/** True when `[start, end)` holds nothing but CR and LF. */
function onlyLineBreaks(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== CR && c !== LF) return false;
  }
  return true;
}

/** Where the tcpdump heading after `start` begins (the line start), or the text's end. */
function nextTcpdumpHeading(text: string, start: number): number {
  const len = text.length;
  let pos = start;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    if (isTcpdumpHeading(text, pos, lineContentEnd(text, eol, pos))) return pos;
    pos = eol + 1;
  }
  return len;
}

/** True when the line `[start, end)` is the heading of a tcpdump packet. */
function isTcpdumpHeading(text: string, start: number, end: number): boolean {
  return isDigit(text.charCodeAt(start)) && parseTraceLine(text, start, end)?.format === 'tcpdump';
}

/** Where the payload of the tcpdump packet in which `start` lies ends: before the LF tcpdump writes after it. */
function tcpdumpPacketEnd(text: string, start: number): number {
  const end = nextTcpdumpHeading(text, start);
  return end > start && text.charCodeAt(end - 1) === LF ? end - 1 : end;
}

/** Where `octets` octets that end at `end` begin, each LF one sent as CR LF; not before `min`. */
function backOctets(text: string, end: number, octets: number, min: number): number {
  let i = end;
  let remaining = octets;
  while (remaining > 0 && i > min) {
    remaining -= text.charCodeAt(i - 1) === LF ? 2 : 1;
    i--;
  }
  return i;
}

/** True for an ngrep record of a TCP segment: the record's end is the segment's end. */
function isNgrepTcp(meta: PacketMeta | undefined): boolean {
  return meta?.format === 'ngrep' && meta.transport === 'tcp';
}

/** True for an ngrep record of a TCP segment or a UDP datagram (or its first IP fragment): the record's end is the packet's. */
function isNgrepPacket(meta: PacketMeta | undefined): boolean {
  return meta?.format === 'ngrep' && (meta.transport === 'tcp' || meta.transport === 'udp');
}

/** True when the line at `pos` is a SIP start line (ngrep's `.` for CR allowed). */
function startsWithStartLine(text: string, pos: number): boolean {
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  readLine(text, pos, line, true);
  return isStartLine(text, line.start, line.end);
}

/**
 * The payload of the ngrep `-W byline` record whose first payload line is at `start`: where it
 * ends, and where the next record (or the end of the output) begins. ngrep writes the payload,
 * an LF, and before the next record's heading a line of `#` (one per packet that did not match;
 * empty with `-q`); its last line is `exit`, after `#` too. A payload line is never empty, as
 * ngrep writes each CR as `.`: a payload that ends with its own LF is followed by an empty line.
 */
function ngrepRecord(text: string, start: number): { readonly payloadEnd: number; readonly next: number } {
  const len = text.length;
  let pos = start;
  let next = len;
  let heading = false;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    const c = text.charCodeAt(pos);
    if ((c === 0x54 || c === 0x55 || c === 0x49) && text.charCodeAt(pos + 1) === SP && parseTraceLine(text, pos, lineContentEnd(text, eol, pos))?.opensRecord === true) {
      next = pos;
      heading = true;
      break;
    }
    if (c === 0x23 && /^#*exit\s*$/.test(text.slice(pos, eol))) {
      next = pos;
      break;
    }
    pos = eol + 1;
  }
  let end = next;
  if (heading && end > start && text.charCodeAt(end - 1) === LF) end--;
  while (end > start && text.charCodeAt(end - 1) === 0x23) end--;
  if (end > start && text.charCodeAt(end - 1) === LF) end--;
  return { payloadEnd: end, next };
}

/**
 * Where a tshark follow payload of `bytes` octets that starts at `start` ends (the text's end
 * when it is shorter). A paste that lost its CRs (copied from a terminal) holds fewer characters
 * than the count says: there each LF stands for the CR LF sent, which the end of the payload
 * shows (tshark's LF, then the next count line, the closing `=` line or the end).
 */
function payloadEndAt(text: string, start: number, bytes: number): number {
  const end = advanceOctets(text, start, bytes, false);
  if (end !== -1 && endsFollowPayload(text, end)) return end;
  const wire = advanceOctets(text, start, bytes, true);
  if (wire !== -1 && wire !== end && endsFollowPayload(text, wire)) return wire;
  // A payload whose last octet was a CR (its LF in the next segment) lost it too: the count
  // runs one octet into tshark's LF, taken for a CR LF.
  const over = wire === -1 ? advanceOctets(text, start, bytes + 1, true) : -1;
  if (over > start && text.charCodeAt(over - 1) === LF && followRecordLine(text, over)) return over - 1;
  return end === -1 ? text.length : end;
}

/** True when a tshark follow payload may end at `at`: the end, or tshark's LF and then a count line, the closing line or the end. */
function endsFollowPayload(text: string, at: number): boolean {
  if (at >= text.length) return true;
  return text.charCodeAt(at) === LF && (at + 1 >= text.length || followRecordLine(text, at + 1));
}

/** True when a tshark follow count line or closing `=` line starts at `pos`. */
function followRecordLine(text: string, pos: number): boolean {
  let eol = text.indexOf('\n', pos);
  if (eol === -1) eol = text.length;
  return followCountLine(text, pos, lineContentEnd(text, eol, pos)) !== undefined || text.startsWith('=====', pos);
}

/**
 * `source>destination` of a record, host and port: the direction of one TCP flow. For UDP the
 * hosts only: the later fragments of a datagram carry no ports.
 */
function flowOf(meta: PacketMeta | undefined): string {
  const s = meta?.source;
  const d = meta?.destination;
  return meta?.transport === 'udp' ? `udp ${s?.host}>${d?.host}` : `${s?.host}:${s?.port}>${d?.host}:${d?.port}`;
}

/**
 * True when a message's record may have cut it short: its body is shorter than its
 * Content-Length says, or it has no Content-Length (which a message over TCP must have).
 */
function mayBeCutShort(text: string, message: ParsedMessage): boolean {
  const at = message.store.find('content-length', message.firstHeader, message.headerCount);
  if (at === -1) return true;
  const declared = readContentLength(text, message.store.valueStart(at), message.store.valueEnd(at));
  return declared > expectedContentLength(text, message);
}

/** How far sofia-sip's older transport log indents each line of a message, and its separator. */
const SOFIA_INDENT = 3;
const SOFIA_SEPARATOR_LENGTH = 72;

/** True for `   INVITE sip:... SIP/2.0`: a start line after sofia-sip's indentation. */
function isIndentedStartLine(text: string, start: number, end: number): boolean {
  return end - start > SOFIA_INDENT && indentOf(text, start, start + SOFIA_INDENT) === SOFIA_INDENT && isStartLine(text, start + SOFIA_INDENT, end);
}

/** True when `[start, end)` is sofia-sip's separator: 72 `-`. */
function isSofiaSeparator(text: string, start: number, end: number): boolean {
  if (end - start !== SOFIA_SEPARATOR_LENGTH) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) !== 0x2d) return false;
  return true;
}

/** `   *** message truncated at 2047 ***`: sofia-sip logged that many octets of the message only. */
const SOFIA_TRUNCATED = /^ {3}\*\*\* message truncated at (\d+) \*\*\*\s*$/;

/**
 * Reads a message of sofia-sip's older transport log (FreeSWITCH before its external
 * sofia-sip 1.13): every line is written after {@link SOFIA_INDENT} spaces, the empty line
 * after the headers as those spaces alone, and an indented separator of 72 `-` closes the
 * record, perhaps followed by `*** message truncated at N ***`. The log leaves out line
 * endings, so the message is taken as sent with CRLF and its body runs to the separator (it
 * is not framed by Content-Length). A line that is not indented also ends the record (a
 * FreeSWITCH log line, or a copy that lost the closing separator). `start` is the start of
 * the indented start line. Returns the message and where reading resumes.
 */
function parseIndentedMessage(
  text: string,
  start: number,
  index: number,
  meta: PacketMeta | undefined,
  problems: ParseProblem[],
  store: HeaderStore,
): { message: ParsedMessage; next: number } {
  const len = text.length;
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  readLine(text, start, line);
  const messageStart = line.start + SOFIA_INDENT;
  const startLine = parseStartLine(text, messageStart, line.end, problems);
  const firstHeader = store.count;
  let lastHeader = -1;
  let headerEnd = -1;
  let bodyStart = 0;
  let bodyEnd = 0;
  let end = line.end;
  let pos = line.next;
  while (pos < len) {
    readLine(text, pos, line);
    // An editor may have trimmed the spaces of an empty line: it is an empty line still.
    const blank = isBlank(text, line.start, line.end);
    if (!blank && indentOf(text, line.start, Math.min(line.end, line.start + SOFIA_INDENT)) !== SOFIA_INDENT) break;
    const content = Math.min(line.end, line.start + SOFIA_INDENT);
    pos = line.next;
    if (isSofiaSeparator(text, content, line.end)) {
      if (pos < len) {
        readLine(text, pos, line);
        const cut = SOFIA_TRUNCATED.exec(text.slice(line.start, line.end));
        if (cut !== null) {
          problems.push({ code: syntaxCodes.strayText, message: `sofia-sip logged the first ${cut[1]} octets of this message only: the rest is not in the log and is not checked.`, range: { start: line.start + SOFIA_INDENT, end: line.end } });
          pos = line.next;
        }
      }
      break;
    }
    if (headerEnd !== -1) {
      if (!blank) {
        if (bodyEnd === 0) bodyStart = line.start;
        bodyEnd = line.end;
        end = line.end;
      }
      continue;
    }
    if (blank) {
      headerEnd = line.start;
      continue;
    }
    const first = text.charCodeAt(content);
    if (first === SP || first === HT) {
      foldLine(text, content, line.end, lastHeader, problems, store);
    } else {
      const colon = indexOfIn(text, 0x3a, content, line.end);
      if (colon === -1) problems.push({ code: syntaxCodes.headerWithoutColon, message: 'Header line without a colon.', range: { start: content, end: line.end } });
      else lastHeader = readHeader(text, content, colon, line.end, problems, store);
    }
    end = line.end;
  }
  if (headerEnd === -1) {
    headerEnd = end;
    problems.push({ code: syntaxCodes.missingEmptyLine, message: 'The header section does not end with an empty line.', range: { start: end, end } });
  }
  const message = new ParsedMessage(index, messageStart, end, startLine, store, firstHeader, store.count - firstHeader, headerEnd, bodyStart, bodyEnd, 'crlf', meta, false, SOFIA_INDENT);
  return { message, next: pos };
}

/**
 * Folds the continuation line `[start, end)` (its content, which starts with white space) into
 * the header at store index `lastHeader` (RFC 3261 7.3.1); with no header before it (-1), the
 * line is reported.
 */
function foldLine(text: string, start: number, end: number, lastHeader: number, problems: ParseProblem[], store: HeaderStore): void {
  if (lastHeader === -1) {
    problems.push({ code: syntaxCodes.headerWithoutColon, message: 'A continuation line with no header before it.', range: { start, end } });
    return;
  }
  let valueEnd = end;
  while (valueEnd > start && isWsp(text.charCodeAt(valueEnd - 1))) valueEnd--;
  let valueStart = start;
  while (valueStart < valueEnd && isWsp(text.charCodeAt(valueStart))) valueStart++;
  store.fold(lastHeader, valueStart, valueEnd > start ? valueEnd : undefined, end);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isWsp(c: number): boolean {
  return c === SP || c === HT || c === CR;
}

/** The canonical name of the header {@link readHeader} read last: the caller looks for two names. */
let readName = '';

/** Reads the header line `[start, lineEnd)` whose colon is at `colon` into the store; returns its index. */
function readHeader(text: string, start: number, colon: number, lineEnd: number, problems: ParseProblem[], store: HeaderStore): number {
  let nameEnd = colon;
  while (nameEnd > start && (text.charCodeAt(nameEnd - 1) === SP || text.charCodeAt(nameEnd - 1) === HT)) nameEnd--;
  const info = headerNameAt(text, start, nameEnd);
  readName = info.name;
  if (!info.token) {
    problems.push({ code: syntaxCodes.invalidHeaderName, message: `Header name "${text.slice(start, nameEnd)}" has a character that is not allowed in a token.`, range: { start, end: nameEnd } });
  }
  let valueStart = colon + 1;
  while (valueStart < lineEnd && (text.charCodeAt(valueStart) === SP || text.charCodeAt(valueStart) === HT)) valueStart++;
  let valueEnd = lineEnd;
  while (valueEnd > valueStart && isWsp(text.charCodeAt(valueEnd - 1))) valueEnd--;
  return store.push(info, start, nameEnd, valueStart, valueEnd, lineEnd);
}

/** The declared length in `text[start, end)`, or -1 when it is not a plain decimal number. */
function readContentLength(text: string, start: number, end: number): number {
  if (end <= start || end - start > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Where the body that starts at `bodyStart` ends. Content-Length frames it when the octet
 * count lands on a boundary (the end of the text, or a line that is empty, trace metadata or
 * the next start line). A message written with LF-only line endings (a pasted trace) was sent
 * with CRLF, so there each bare LF may count as two octets. Counted as written, such a body of
 * N lines ends N characters late, which may be a boundary too: an empty line, or the closing
 * line of a trace format (Asterisk's `<------------>`). So when both counts land on a
 * boundary and nothing but whole empty lines and trace metadata lies between them, the wire
 * count wins; otherwise the count as written does (a sender that put LF-only lines on the wire).
 * When neither lands on a boundary (absent, wrong, or larger than the text), the body runs to
 * the next boundary.
 */
function frameBody(text: string, bodyStart: number, contentLength: number, lfOnly: boolean, hasContentType: boolean): number {
  // A zero count before text a message may be followed by ends the message there; before more
  // lines under a Content-Type, the count is wrong and those lines are the body it leaves out.
  if (contentLength === 0 && (!hasContentType || isBoundary(text, bodyStart))) return bodyStart;
  if (contentLength > 0) {
    const exact = advanceOctets(text, bodyStart, contentLength, false);
    const exactFits = exact !== -1 && isBoundary(text, exact);
    if (lfOnly) {
      const wire = advanceOctets(text, bodyStart, contentLength, true);
      if (wire !== -1 && wire !== exact && isBoundary(text, wire) && (!exactFits || onlyFraming(text, wire, exact))) return wire;
    }
    if (exactFits) return exact;
  }
  return nextBoundary(text, bodyStart, hasContentType);
}

/**
 * Whether whole lines from `from` to `to` are all empty or trace metadata: no message content.
 * A `from` in the middle of a line (a count that stops before a body's last line break) is not.
 */
function onlyFraming(text: string, from: number, to: number): boolean {
  if (from > 0 && text.charCodeAt(from - 1) !== LF) return false;
  let pos = from;
  while (pos < to) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = text.length;
    const end = lineContentEnd(text, eol, pos);
    if (!isBlank(text, pos, end) && parseTraceLine(text, pos, end) === undefined) return false;
    pos = eol + 1;
  }
  return true;
}

/** A UTF-16 code unit that UTF-8 encodes in more than one octet. */
const NON_ASCII = /[\u0080-\uffff]/;

/** The offset after `octets` UTF-8 octets from `start`, or -1 past the end of the text. */
function advanceOctets(text: string, start: number, octets: number, bareLfIsTwo: boolean): number {
  // Most bodies are ASCII, one octet per unit, which a regular expression tells at a fraction of
  // the loop's cost per character.
  if (!bareLfIsTwo && start + octets <= text.length && !NON_ASCII.test(text.slice(start, start + octets))) return start + octets;
  let remaining = octets;
  let i = start;
  const len = text.length;
  while (remaining > 0) {
    if (i >= len) return -1;
    const c = text.charCodeAt(i);
    let size: number;
    if (c < 0x80) size = bareLfIsTwo && c === LF && (i === 0 || text.charCodeAt(i - 1) !== CR) ? 2 : 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      size = 4;
      i++;
    } else size = 3;
    remaining -= size;
    i++;
  }
  return remaining === 0 ? Math.min(i, len) : -1;
}

/** True when `pos` is at the end of the text or starts a line that can follow a message. */
function isBoundary(text: string, pos: number): boolean {
  const len = text.length;
  if (pos >= len) return true;
  if (pos > 0 && text.charCodeAt(pos - 1) !== LF) {
    // Mid-line (a count that stops before a line break): a boundary when the rest of the line is
    // blank and the next line may follow a message; body lines there show the count is short.
    const eol = text.indexOf('\n', pos);
    return isBlank(text, pos, eol === -1 ? len : eol) && (eol === -1 || isBoundary(text, eol + 1));
  }
  const eol = text.indexOf('\n', pos);
  const end = lineContentEnd(text, eol === -1 ? len : eol, pos);
  return isBlank(text, pos, end) || isStartLine(text, pos, end) || parseTraceLine(text, pos, end) !== undefined;
}

/**
 * The end of a body framed by what follows it: the start of the first line that is a start
 * line or trace metadata following an empty line, or the end of the text; trailing empty
 * lines are not part of the body.
 */
function nextBoundary(text: string, bodyStart: number, hasContentType: boolean): number {
  const len = text.length;
  let pos = bodyStart;
  let lastNonBlankEnd = bodyStart;
  let previousBlank = true;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    const end = lineContentEnd(text, eol, pos);
    const blank = isBlank(text, pos, end);
    if (!blank) {
      if (previousBlank && (pos > bodyStart || !hasContentType) && (isStartLine(text, pos, end) || parseTraceLine(text, pos, end))) break;
      const traceLine = pos > bodyStart ? parseTraceLine(text, pos, end) : undefined;
      if (traceLine && (traceLine.opensRecord || traceLine.closesRecord)) break;
      lastNonBlankEnd = eol < len ? eol + 1 : len;
    }
    previousBlank = blank;
    pos = eol + 1;
  }
  return lastNonBlankEnd;
}

function parseStartLine(text: string, start: number, end: number, problems: ParseProblem[]): RequestLine | StatusLine {
  if (startsWithSipSlash(text, start)) {
    const sp = text.indexOf(' ', start);
    let i = sp;
    while (i < end && text.charCodeAt(i) === SP) i++;
    if (i - sp > 1) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the SIP version and the status code.', range: { start: sp, end: i } });
    const codeStart = i;
    let code = 0;
    while (i < end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) {
      code = code * 10 + (text.charCodeAt(i) - 0x30);
      i++;
    }
    const digits = i - codeStart;
    // Exact for up to 15 digits, like Number() of the digits.
    const status = digits > 0 && digits <= 15 ? code : NaN;
    let reasonStart = i;
    if (i < end && text.charCodeAt(i) === SP) reasonStart = i + 1;
    else if (i < end) problems.push({ code: syntaxCodes.malformedStartLine, message: 'A space must follow the status code.', range: { start: i, end: i + 1 } });
    const version = sliceToken(text, start, sp);
    if (version !== 'SIP/2.0') checkVersion(version, { start, end: sp }, problems);
    return new ParsedStatusLine(text, start, end, version, sp, status, codeStart, i, reasonStart);
  }
  let i = start;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  const methodEnd = i;
  const method = sliceToken(text, start, i);
  let uriStart = i;
  while (uriStart < end && text.charCodeAt(uriStart) === SP) uriStart++;
  if (uriStart - i > 1) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the method and the Request-URI.', range: { start: i, end: uriStart } });
  let last = end;
  while (last > uriStart && (text.charCodeAt(last - 1) === SP || text.charCodeAt(last - 1) === HT)) last--;
  if (last < end) problems.push({ code: syntaxCodes.malformedStartLine, message: 'White space after the SIP version.', range: { start: last, end } });
  const versionStart = text.lastIndexOf(' ', last - 1) + 1;
  if (versionStart <= uriStart || !startsWithSipSlash(text, versionStart)) {
    problems.push({ code: syntaxCodes.malformedStartLine, message: 'The request line has no SIP version: write "SIP/2.0" after the Request-URI.', range: { start: last, end: last } });
    return new ParsedRequestLine(start, end, method, methodEnd, uriStart, last, '', last, last);
  }
  let uriEnd = versionStart - 1;
  const spacesEnd = uriEnd;
  while (uriEnd > uriStart && text.charCodeAt(uriEnd - 1) === SP) uriEnd--;
  if (spacesEnd - uriEnd > 0) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the Request-URI and the SIP version.', range: { start: uriEnd, end: spacesEnd + 1 } });
  for (let k = uriStart; k < uriEnd; k++) {
    const c = text.charCodeAt(k);
    if (c === SP || c === HT) {
      problems.push({ code: syntaxCodes.malformedStartLine, message: 'White space inside the Request-URI.', range: { start: uriStart, end: uriEnd } });
      break;
    }
  }
  const version = sliceToken(text, versionStart, last);
  if (version !== 'SIP/2.0') checkVersion(version, { start: versionStart, end: last }, problems);
  return new ParsedRequestLine(start, end, method, methodEnd, uriStart, uriEnd, version, versionStart, last);
}

function checkVersion(version: string, range: Range, problems: ParseProblem[]): void {
  if (version !== 'SIP/2.0') {
    const upper = version.toUpperCase();
    problems.push(
      upper === 'SIP/2.0'
        ? { code: syntaxCodes.unsupportedVersion, message: `The SIP version is written "${version}"; write "SIP/2.0".`, range }
        : { code: syntaxCodes.unsupportedVersion, message: `Unsupported SIP version "${version}": only SIP/2.0 exists (a server answers 505).`, range },
    );
  }
}

/** A header's value with folded continuation lines joined by a single space. */
export function headerValueText(text: string, header: SipHeader): string {
  const { start, end } = header.valueRange;
  return valueTextAt(text, start, end);
}

/** {@link headerValueText} of the value `text[start, end)`, read without a header object. */
export function valueTextAt(text: string, start: number, end: number): string {
  const raw = text.slice(start, end);
  if (raw.indexOf('\n') === -1) return raw;
  return raw.replace(/[ \t]*\r?\n[ \t]+/g, ' ');
}

/**
 * The Content-Length a message should declare: its body's octets, CRLF-counted when the message
 * uses LF only (a paste, or a log that leaves out the CRs it was sent with).
 */
export function expectedContentLength(text: string, message: SipMessage): number {
  const octets = bodyOctets(text, message.body);
  return message.lineEnding === 'lf' ? octets.wire : octets.written;
}

/** The number of octets a body takes on the wire, as written (`utf8`) and with CRLF line ends (`wire`). */
export function bodyOctets(text: string, body: Range | undefined): { written: number; wire: number } {
  if (!body) return { written: 0, wire: 0 };
  const written = utf8Length(text, body.start, body.end);
  let bareLf = 0;
  for (let i = text.indexOf('\n', body.start); i !== -1 && i < body.end; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== CR) bareLf++;
  }
  return { written, wire: written + bareLf };
}

/** How far back {@link messageHolding} looks for a message whose range spans later ones. */
const HOLDING_LOOKBACK = 256;

/**
 * The message that holds `offset`: within its range and not in one of its gaps. Messages are
 * in order of their start; a message read from several TCP segments may span messages of other
 * flows printed between them (inside one of its gaps), so the latest-starting message that
 * holds the offset is the one.
 */
export function messageHolding(document: SipDocument, offset: number): SipMessage | undefined {
  const messages = document.messages;
  const last = lastStartingAtOrBefore(messages, offset);
  for (let i = last; i >= 0 && i > last - HOLDING_LOOKBACK; i--) {
    const m = messages[i];
    if (offset > m.range.end) continue;
    if (m.gaps === undefined || !m.gaps.some((g) => offset >= g.start && offset < g.end)) return m;
  }
  return undefined;
}

/** The index of the last message that starts at or before `offset`, or -1. */
export function lastStartingAtOrBefore(messages: readonly SipMessage[], offset: number): number {
  let low = 0;
  let high = messages.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (messages[mid].range.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
