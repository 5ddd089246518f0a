/**
 * The SDP parser (RFC 8866): reads the body text at a range line by line. It never throws;
 * a line it cannot read becomes an error and parsing goes on at the next line.
 *
 * The parser builds the tree and records what breaks the grammar of a line (a line that is
 * not `<type>=<value>`, an unknown type letter, a c=, o= or m= line with missing fields, an
 * IPv6 address in brackets or under the wrong address type). These errors are reported by
 * the `sdp/malformed-line` rule.
 * Whether the values make sense (a port above 65535, a payload type that is not a number,
 * lines out of order) is left to the `sdp/*` rules, so that each problem has one owner.
 *
 * The nodes keep the document text and offsets into it, and make strings and ranges when a
 * rule reads them: a trace holds thousands of bodies, and most of their fields are never read
 * unless something is wrong. A body of twenty lines then costs a few small objects per line
 * instead of several kilobytes of strings and ranges.
 *
 * With the `dissection` option the parser reads the SDP as Wireshark prints it in its protocol
 * tree (`tshark -V`, or "Export Packet Dissections" as plain text): each line is an item
 * `<label> (<type>): <value>`, where the value is the line as sent after its `<type>=`. The tree
 * is the same as for the lines themselves; only the offsets differ, because every reader takes
 * the value from where the line's value starts rather than two characters after its start.
 */
import type { Parsed, Range, ValueError } from '../types';
import type { SdpAttribute, SdpConnection, SdpFormat, SdpLine, SdpMedia, SdpOrigin, SdpSession } from './model';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;
const SLASH = 0x2f;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const LEFT_PARENTHESIS = 0x28;
const RIGHT_PARENTHESIS = 0x29;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DOT = 0x2e;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const LOWER_Z = 0x7a;
/** The type letters the parser reads further. */
const TYPE_A = 0x61;
const TYPE_C = 0x63;
const TYPE_M = 0x6d;
const TYPE_O = 0x6f;
const TYPE_T = 0x74;
const TYPE_B = 0x62;

/** The SDP lines read from one body; the rest of a longer body is reported, not read. */
export const MAX_LINES = 5000;

/**
 * The type letters RFC 8866 section 5 defines (`k=` is obsolete but still known): bit `c - 0x61`
 * for each lower-case letter `c` of `vosiuepcbtrzkam`, read per line without a string search.
 */
const KNOWN_TYPES = Array.from('vosiuepcbtrzkam').reduce((bits, letter) => bits | (1 << (letter.charCodeAt(0) - TYPE_A)), 0);

/** Whether `c` is one of the {@link KNOWN_TYPES} letters. */
function isKnownType(c: number): boolean {
  const bit = c - TYPE_A;
  return bit >= 0 && bit < 26 && ((KNOWN_TYPES >>> bit) & 1) === 1;
}

/** One frozen empty list, shared by every section without connections or attributes. */
const NONE: readonly never[] = Object.freeze([]);

/** How the text shows the SDP lines; the SIP parser knows it from the trace format. */
export interface SdpParseOptions {
  /**
   * True for ngrep output, which prints each CR as `.`: a `.` just before a line break (or at
   * the end of the range) then stands for the CR and is not part of the line. Ignored with
   * `dissection`, whose values may end with a `.` of their own.
   */
  readonly crShownAsDot?: boolean;
  /**
   * True for the SDP part of Wireshark's protocol tree: the range starts at the indentation of
   * the first item and ends with the last line of the block. Each line at that indentation is
   * an item `<label> (<type>): <value>`, such as `Connection Information (c): IN IP4 192.0.2.1`,
   * and reads as the line `c=IN IP4 192.0.2.1`. Lines indented deeper (the dissector's breakdown
   * of a value) and lines starting with `[` (items Wireshark generates) are skipped, and so are
   * empty lines. A line at the items' indentation, or less indented, that is not an item is an
   * error.
   */
  readonly dissection?: boolean;
  /**
   * The spaces a log writes before each line (3 in sofia-sip's older transport log): up to
   * this many leading spaces of each line are not part of it.
   */
  readonly indent?: number;
  /**
   * Stretches of the range that are not SDP, in order, each starting at a line start: the
   * trace's lines between the TCP segments of a message, and lines a segment's end cut. Their
   * lines are skipped.
   */
  readonly gaps?: readonly Range[];
}

/**
 * An SDP line: the document text and the line's offsets, with the line break left out. The
 * type letter is a one-character string, which V8 takes from its table of them (for Latin-1
 * characters) instead of allocating.
 */
class Line implements SdpLine {
  constructor(
    readonly text: string,
    /** Where the line starts: at its type letter, or at the label of a dissection's item. */
    readonly start: number,
    /**
     * Where the value starts: after the `=` (`start + 2`), or after the `): ` of an item.
     * Every reader of the value starts here.
     */
    readonly valueStart: number,
    readonly end: number,
  ) {}
  get type(): string {
    return this.text[typeOffset(this)] as string;
  }
  get value(): string {
    return this.text.slice(this.valueStart, this.end);
  }
  get valueRange(): Range {
    return { start: this.valueStart, end: this.end };
  }
  get range(): Range {
    return { start: this.start, end: this.end };
  }
}

/**
 * Where a line's type letter is: its first character when the value follows at `start + 2`
 * (`<type>=`), otherwise the letter of the `(<type>): ` just before the value (an item's label
 * takes at least one character, so its value never starts that close to its start).
 */
function typeOffset(line: Line): number {
  return line.valueStart === line.start + 2 ? line.start : line.valueStart - 4;
}

/** An a= line: its line and where the name ends. */
class Attribute implements SdpAttribute {
  constructor(
    readonly line: Line,
    /** The offset of the first `:`, or the line end when there is none. */
    private readonly colon: number,
  ) {}
  get name(): string {
    return this.line.text.slice(this.line.valueStart, this.colon);
  }
  get nameRange(): Range {
    return { start: this.line.valueStart, end: this.colon };
  }
  get value(): string | undefined {
    return this.colon < this.line.end ? this.line.text.slice(this.colon + 1, this.line.end) : undefined;
  }
  get valueRange(): Range | undefined {
    return this.colon < this.line.end ? { start: this.colon + 1, end: this.line.end } : undefined;
  }
  hasName(name: string): boolean {
    const text = this.line.text;
    const start = this.line.valueStart;
    if (this.colon - start !== name.length) return false;
    for (let i = 0; i < name.length; i++) {
      const c = text.charCodeAt(start + i);
      if ((c >= UPPER_A && c <= UPPER_Z ? c | 0x20 : c) !== name.charCodeAt(i)) return false;
    }
    return true;
  }
}

/** One `<fmt>` of an m= line: its offsets in the document text. */
class Format implements SdpFormat {
  constructor(
    private readonly text: string,
    private readonly start: number,
    private readonly end: number,
  ) {}
  get value(): string {
    return this.text.slice(this.start, this.end);
  }
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get payloadType(): number {
    return readDecimal(this.text, this.start, this.end);
  }
}

/** A media section. The parser adds its connections and attributes, then its lines at its end. */
class Media implements SdpMedia {
  /** Every line of the section, set once the section ends. */
  lines: readonly Line[] = NONE;
  /** Made at the first c= or a= line: many sections have no c= line. */
  private connectionList: SdpConnection[] | undefined;
  private attributeList: SdpAttribute[] | undefined;

  constructor(
    readonly line: Line,
    readonly port: number,
    readonly portCount: number | undefined,
    readonly proto: string,
    readonly formats: readonly SdpFormat[],
    private readonly mediaStart: number,
    private readonly mediaEnd: number,
    private readonly portStart: number,
    /** Where the port stops: at the `/` of a port count, or at the end of the field. */
    private readonly portEnd: number,
    private readonly protoStart: number,
  ) {}

  get media(): string {
    return this.line.text.slice(this.mediaStart, this.mediaEnd);
  }
  get portRange(): Range {
    return { start: this.portStart, end: this.portEnd };
  }
  get protoRange(): Range {
    return { start: this.protoStart, end: this.protoStart + this.proto.length };
  }
  get connection(): SdpConnection | undefined {
    return this.connectionList?.[0];
  }
  get connections(): readonly SdpConnection[] {
    return this.connectionList ?? NONE;
  }
  get attributes(): readonly SdpAttribute[] {
    return this.attributeList ?? NONE;
  }
  get range(): Range {
    const last = this.lines[this.lines.length - 1] ?? this.line;
    return { start: this.line.start, end: last.end };
  }

  addConnection(connection: SdpConnection): void {
    // A section has one c= line but for layered multicast: a list made by `[connection]`
    // has room for that one only (see `media` in parseSdp).
    if (this.connectionList === undefined) this.connectionList = [connection];
    else this.connectionList.push(connection);
  }
  addAttribute(attribute: SdpAttribute): void {
    (this.attributeList ??= []).push(attribute);
  }
}

/**
 * A c= line. The address, which the NAT rules read in every body, is a string; the other
 * fields are read again from the line when asked for.
 */
class Connection implements SdpConnection {
  constructor(
    readonly line: Line,
    readonly address: string,
    private readonly addressStart: number,
    readonly ttl: number | undefined,
    readonly addressCount: number | undefined,
  ) {}
  get netType(): string {
    return fieldText(this.line, 0);
  }
  get addrType(): string {
    return fieldText(this.line, 1);
  }
  get addressRange(): Range {
    return { start: this.addressStart, end: this.addressStart + this.address.length };
  }
}

/** The o= line, kept like a {@link Connection}: the address as a string, the rest read on access. */
class Origin implements SdpOrigin {
  constructor(
    readonly line: Line,
    readonly address: string,
    private readonly addressStart: number,
  ) {}
  get username(): string {
    return fieldText(this.line, 0);
  }
  get sessionId(): string {
    return fieldText(this.line, 1);
  }
  get sessionVersion(): string {
    return fieldText(this.line, 2);
  }
  get netType(): string {
    return fieldText(this.line, 3);
  }
  get addrType(): string {
    return fieldText(this.line, 4);
  }
  get addressRange(): Range {
    return { start: this.addressStart, end: this.addressStart + this.address.length };
  }
}

/** Parses the SDP text at `range` of `text`. */
export function parseSdp(text: string, range: Range, options: SdpParseOptions = {}): Parsed<SdpSession> {
  const dissection = options.dissection === true;
  const crShownAsDot = !dissection && options.crShownAsDot === true;
  const indent = dissection ? 0 : options.indent ?? 0;
  const errors: ValueError[] = [];
  const lines: Line[] = [];
  // Made with its first section: most bodies have one, and a list made by `[section]` has
  // room for one where a push onto `[]` makes room for seventeen.
  let media: Media[] | undefined;
  let sessionAttributes: SdpAttribute[] | undefined;
  let origin: SdpOrigin | undefined;
  let connection: SdpConnection | undefined;
  let current: Media | undefined;
  // The lines before the first m= line, copied when that line comes.
  let sessionLines: readonly Line[] | undefined;
  // Where the current media section starts in `lines`; the sections' line lists are slices
  // of `lines`, made when each section ends.
  let currentFirst = 0;
  // Empty lines are reported only once a later line shows they are not trailing: many tools
  // end a body with an extra line break, which no receiver minds.
  let pendingBlank: ValueError[] | undefined;
  // In a dissection, the indentation of the items: that of the first line that is not blank.
  let itemIndent = -1;

  const end = Math.min(range.end, text.length);
  const gaps = dissection ? undefined : options.gaps;
  let gap = 0;
  let pos = range.start;
  while (pos < end) {
    if (gaps !== undefined) {
      while (gap < gaps.length && gaps[gap].end <= pos) gap++;
      if (gap < gaps.length && gaps[gap].start <= pos) {
        pos = gaps[gap].end;
        continue;
      }
    }
    let lineStart = pos;
    for (let i = 0; i < indent && lineStart < end && text.charCodeAt(lineStart) === SPACE; i++) lineStart++;
    // A dissection counts its items only, after the lines it skips (see below).
    if (lines.length === MAX_LINES && !dissection) {
      // Real bodies have tens of lines, a few hundred at most; a body far longer is broken or
      // hostile, and reading it whole would only hold every line in memory at once.
      errors.push({
        message: `The SDP body has more than ${MAX_LINES} lines; the lines after line ${MAX_LINES} are not checked.`,
        range: { start: lineStart, end: Math.min(end, text.indexOf('\n', lineStart) === -1 ? end : text.indexOf('\n', lineStart)) },
      });
      break;
    }
    let lineBreak = text.indexOf('\n', pos);
    if (lineBreak === -1 || lineBreak >= end) lineBreak = end;
    if (gaps !== undefined && gap < gaps.length && lineBreak > gaps[gap].start) lineBreak = gaps[gap].start;
    pos = lineBreak + 1;
    const lineEnd = contentEnd(text, lineStart, lineBreak, crShownAsDot);

    let line: Line | undefined;
    if (dissection) {
      // An empty line says nothing in a tree, and Wireshark prints one after each packet.
      const itemStart = skipBlanks(text, lineStart, lineEnd);
      if (itemStart === lineEnd) continue;
      if (itemIndent === -1) itemIndent = itemStart - lineStart;
      // A deeper line breaks down the item above it; a line in brackets is Wireshark's own
      // (the Call-ID it generates, its expert notes). Neither is an SDP line.
      if (itemStart - lineStart > itemIndent || text.charCodeAt(itemStart) === LEFT_BRACKET) continue;
      // An item Wireshark cut at 240 characters shows part of its line only: it is not read
      // (the message's parser says so where it stands), rather than checked as if it were whole.
      if (isCutItem(text, itemStart, lineEnd)) continue;
      if (lines.length === MAX_LINES) {
        errors.push({
          message: `The SDP body has more than ${MAX_LINES} lines; the lines after line ${MAX_LINES} are not checked.`,
          range: { start: itemStart, end: lineEnd },
        });
        break;
      }
      line = readItem(text, itemStart, lineEnd, errors);
    } else {
      if (isBlankLine(text, lineStart, lineEnd)) {
        (pendingBlank ??= []).push({
          message: 'Empty line inside the SDP body: every SDP line is <type>=<value>.',
          range: { start: lineStart, end: lineEnd },
        });
        continue;
      }
      if (pendingBlank !== undefined) {
        for (const blank of pendingBlank) errors.push(blank);
        pendingBlank = undefined;
      }
      line = readLine(text, lineStart, lineEnd, errors);
    }
    if (line === undefined) continue;
    const type = text.charCodeAt(typeOffset(line));
    if (type === TYPE_M) {
      if (current !== undefined) current.lines = lines.slice(currentFirst);
      else sessionLines = lines.slice();
      currentFirst = lines.length;
      current = readMedia(text, line, errors);
      if (media === undefined) media = [current];
      else media.push(current);
    }
    lines.push(line);

    switch (type) {
      case TYPE_C: {
        const c = readConnection(text, line, errors);
        if (c === undefined) break;
        if (current !== undefined) current.addConnection(c);
        else if (connection === undefined) connection = c;
        break;
      }
      case TYPE_O: {
        const o = readOrigin(text, line, errors);
        if (o !== undefined && origin === undefined && current === undefined) origin = o;
        break;
      }
      case TYPE_A: {
        const a = readAttribute(text, line, errors);
        if (current !== undefined) current.addAttribute(a);
        else (sessionAttributes ??= []).push(a);
        break;
      }
      case TYPE_T:
      case TYPE_B:
        checkField(text, line, type, errors);
        break;
      default:
        break;
    }
  }
  if (current !== undefined) current.lines = lines.slice(currentFirst);

  const session: SdpSession = {
    range: { start: range.start, end },
    lines,
    // Without an m= line, every line is a session line: the same list serves both.
    sessionLines: sessionLines ?? lines,
    origin,
    connection,
    attributes: sessionAttributes ?? NONE,
    media: media ?? NONE,
  };
  return { value: session, errors };
}

/**
 * Where the content of the line that ends at `lineBreak` stops: before the CR of a CRLF, or
 * before the `.` that ngrep prints for that CR.
 */
function contentEnd(text: string, lineStart: number, lineBreak: number, crShownAsDot: boolean): number {
  let end = lineBreak;
  if (end > lineStart && text.charCodeAt(end - 1) === CR) end--;
  else if (crShownAsDot && end > lineStart && text.charCodeAt(end - 1) === DOT) end--;
  return end;
}

/** Whether `[start, end)` holds nothing but spaces and tabs. */
function isBlankLine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) return false;
  }
  return true;
}

/** Reads one `<type>=<value>` line; records an error and returns undefined when it is not one. */
function readLine(text: string, start: number, end: number, errors: ValueError[]): Line | undefined {
  if (end - start < 2 || text.charCodeAt(start + 1) !== EQUALS) {
    errors.push({
      message: `Not an SDP line: expected <type>=<value> with a one-letter type and no space around "=", found "${preview(text, start, end)}".`,
      range: { start, end },
    });
    return undefined;
  }
  if (!isKnownType(text.charCodeAt(start))) {
    errors.push({
      message: `Unknown SDP line type "${text[start]}=": RFC 8866 tells a receiver to ignore a whole session description with a type letter it does not know.`,
      range: { start, end: start + 2 },
    });
  }
  return new Line(text, start, start + 2, end);
}

/**
 * Reads one item of Wireshark's dissection, `<label> (<type>): <value>` from `start` (its first
 * character that is not a blank) to `end`. The type is the lower-case letter of the first
 * ` (<type>): ` in the item, so that a value holding such text keeps it; the value is the rest
 * of the item, as the line carried it after its `<type>=`. Records an error and returns
 * undefined when the item has no such label.
 */
function readItem(text: string, start: number, end: number, errors: ValueError[]): Line | undefined {
  // The six characters ` (x): ` at `i`, searched up to the end of the line only: a text of
  // many lines that are not items must not be searched to its end for each of them.
  for (let i = start + 1; i + 6 <= end; i++) {
    if (text.charCodeAt(i + 3) !== RIGHT_PARENTHESIS) continue;
    const letter = text.charCodeAt(i + 2);
    if (
      letter < TYPE_A ||
      letter > LOWER_Z ||
      text.charCodeAt(i) !== SPACE ||
      text.charCodeAt(i + 1) !== LEFT_PARENTHESIS ||
      text.charCodeAt(i + 4) !== COLON ||
      text.charCodeAt(i + 5) !== SPACE
    ) {
      continue;
    }
    if (!isKnownType(letter)) {
      errors.push({
        message: `Unknown SDP line type "${text[i + 2]}=": RFC 8866 tells a receiver to ignore a whole session description with a type letter it does not know.`,
        range: { start: i + 1, end: i + 4 },
      });
    }
    return new Line(text, start, i + 6, end);
  }
  errors.push({
    message: `Not an SDP item of Wireshark's dissection: expected <label> (<type>): <value> with a one-letter type, found "${preview(text, start, end)}".`,
    range: { start, end },
  });
  return undefined;
}

/** What Wireshark writes after an item's `(<type>)` when it cut the item's text. */
const CUT_MARK = ' [truncated]: ';

/**
 * True for an item of Wireshark's dissection whose text Wireshark cut at 240 characters:
 * `Media Attribute (a) [truncated]: fingerprint:sha-256 AB:AB:...`. Looks at `[start, end)` only.
 */
export function isCutItem(text: string, start: number, end: number): boolean {
  for (let i = start + 1; i + 4 + CUT_MARK.length <= end; i++) {
    if (text.charCodeAt(i + 3) !== RIGHT_PARENTHESIS || text.charCodeAt(i) !== SPACE || text.charCodeAt(i + 1) !== LEFT_PARENTHESIS) continue;
    const letter = text.charCodeAt(i + 2);
    if (letter >= TYPE_A && letter <= LOWER_Z && text.startsWith(CUT_MARK, i + 4)) return true;
  }
  return false;
}

/** At most 40 characters of a line, for a message. */
function preview(text: string, start: number, end: number): string {
  return end - start > 40 ? `${text.slice(start, start + 40)}…` : text.slice(start, end);
}

/** The first offset from `i` that is not a space or tab: where the next field starts, or `end`. */
function skipBlanks(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB) break;
    i++;
  }
  return i;
}

/** The first space or tab from `i`: where the field at `i` ends, or `end`. */
function fieldEnd(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) break;
    i++;
  }
  return i;
}

/** The number of fields in `[start, end)`, the runs of characters between spaces and tabs. */
function countFields(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = skipBlanks(text, start, end); i < end; i = skipBlanks(text, fieldEnd(text, i, end), end)) count++;
  return count;
}

/** Where field `n` (from 0) of `[start, end)` starts; `end` when there are fewer fields. */
function nthField(text: string, start: number, end: number, n: number): number {
  let i = skipBlanks(text, start, end);
  for (let k = 0; k < n; k++) i = skipBlanks(text, fieldEnd(text, i, end), end);
  return i;
}

/** The text of field `n` (from 0) of a line's value; empty when the line has fewer fields. */
function fieldText(line: Line, n: number): string {
  const start = nthField(line.text, line.valueStart, line.end, n);
  return line.text.slice(start, fieldEnd(line.text, start, line.end));
}

/** Whether `[start, end)` of `text` is exactly `word`. */
function isWord(text: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && text.startsWith(word, start);
}

/** Reads a run of decimal digits as a number; NaN when empty or when any character is not a digit. */
export function readDecimal(text: string, start: number, end: number): number {
  if (end <= start) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < DIGIT_0 || c > DIGIT_9) return NaN;
    n = n * 10 + (c - DIGIT_0);
  }
  return n;
}

/** The index of `code` in `[start, end)`, or `end` when absent. */
function indexOfCode(text: string, code: number, start: number, end: number): number {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return end;
}

/** `m=<media> <port>[/<number of ports>] <proto> <fmt> ...` (RFC 8866 5.14). */
function readMedia(text: string, line: Line, errors: ValueError[]): Media {
  // A missing field is empty, at the end of the line.
  const end = line.end;
  const mediaStart = skipBlanks(text, line.valueStart, end);
  const mediaEnd = fieldEnd(text, mediaStart, end);
  const portStart = skipBlanks(text, mediaEnd, end);
  const portFieldEnd = fieldEnd(text, portStart, end);
  const protoStart = skipBlanks(text, portFieldEnd, end);
  const protoEnd = fieldEnd(text, protoStart, end);
  let formats: Format[] | undefined;
  for (let i = skipBlanks(text, protoEnd, end); i < end; ) {
    const formatEnd = fieldEnd(text, i, end);
    (formats ??= []).push(new Format(text, i, formatEnd));
    i = skipBlanks(text, formatEnd, end);
  }
  if (formats === undefined) {
    errors.push({
      message: 'An m= line needs <media> <port> <proto> and at least one <fmt>.',
      range: line.range,
    });
  }
  const slash = indexOfCode(text, SLASH, portStart, portFieldEnd);
  return new Media(
    line,
    readDecimal(text, portStart, slash),
    slash < portFieldEnd ? readDecimal(text, slash + 1, portFieldEnd) : undefined,
    text.slice(protoStart, protoEnd),
    formats ?? NONE,
    mediaStart,
    mediaEnd,
    portStart,
    slash,
    protoStart,
  );
}

/**
 * Where the address in the field `[start, end)` ends: at `suffixStart`, the `/` of a `/ttl` or
 * `/count` suffix (or the field end). An IPv6 address in brackets is an error in SDP (RFC 8866
 * 9, as RFC 5118 4.6 recalls); it is recorded, and the address still ends before the `]` (and
 * starts after the `[`, see {@link addressStart}) so that later checks see the literal.
 */
function addressEnd(text: string, start: number, end: number, suffixStart: number, errors: ValueError[]): number {
  if (text.charCodeAt(start) !== LEFT_BRACKET) return suffixStart;
  const close = indexOfCode(text, RIGHT_BRACKET, start, end);
  errors.push({
    message: 'SDP writes IPv6 addresses without "[" and "]".',
    range: { start, end: Math.min(close + 1, end) },
  });
  return Math.min(close, suffixStart);
}

/** Where the address in a field that starts at `start` starts: after a `[`, if any. */
function addressStart(text: string, start: number): number {
  return text.charCodeAt(start) === LEFT_BRACKET ? start + 1 : start;
}

/** `c=<nettype> <addrtype> <connection-address>` (RFC 8866 5.7). */
/** `t=<start-time> <stop-time>`, both decimal (RFC 8866 5.9). */
const TIME_FIELDS = /^\d+[ \t]+\d+[ \t]*$/;
/** `b=<bwtype>:<bandwidth>`, a token and a decimal (RFC 8866 5.8). */
const BANDWIDTH_FIELDS = /^[\w\-.!%*+`'~]+:\d+[ \t]*$/;

/**
 * The grammar of a t= or b= line, which no reader below looks at more closely. An empty s=,
 * which RFC 8866 5.3 forbids, is left alone: RFC 5118 4.8 sends one in a valid message.
 */
function checkField(text: string, line: Line, type: number, errors: ValueError[]): void {
  const value = text.slice(line.valueStart, line.end);
  if (type === TYPE_T) {
    if (!TIME_FIELDS.test(value)) {
      errors.push({ message: `A t= line is <start-time> <stop-time>, two decimal numbers (t=0 0 for a session without bounds), not "${value}".`, range: line.range });
    }
  } else if (!BANDWIDTH_FIELDS.test(value)) {
    errors.push({ message: `A b= line is <bwtype>:<bandwidth>, such as b=AS:64, not "${value}".`, range: line.range });
  }
}

function readConnection(text: string, line: Line, errors: ValueError[]): Connection | undefined {
  const end = line.end;
  const count = countFields(text, line.valueStart, end);
  if (count !== 3) {
    errors.push({
      message: `A c= line has three fields, <nettype> <addrtype> <connection-address>; this one has ${count}.`,
      range: line.range,
    });
    return undefined;
  }
  const typeStart = nthField(text, line.valueStart, end, 1);
  const typeEnd = fieldEnd(text, typeStart, end);
  const fieldStart = skipBlanks(text, typeEnd, end);
  const fieldStop = fieldEnd(text, fieldStart, end);
  const suffixStart = indexOfCode(text, SLASH, fieldStart, fieldStop);
  const stop = addressEnd(text, fieldStart, fieldStop, suffixStart, errors);
  const start = addressStart(text, fieldStart);
  const address = text.slice(start, stop);
  const ip6 = isWord(text, typeStart, typeEnd, 'IP6');
  checkAddressType(text, typeStart, typeEnd, address, start, errors);

  // The suffix is `/ttl[/count]` for IPv4 and `/count` for IPv6 multicast.
  let ttl: number | undefined;
  let addressCount: number | undefined;
  if (suffixStart < fieldStop) {
    const second = indexOfCode(text, SLASH, suffixStart + 1, fieldStop);
    const firstValue = readDecimal(text, suffixStart + 1, second);
    const secondValue = second < fieldStop ? readDecimal(text, second + 1, fieldStop) : undefined;
    const suffixRange = { start: suffixStart, end: fieldStop };
    if (Number.isNaN(firstValue) || (secondValue !== undefined && Number.isNaN(secondValue))) {
      errors.push({ message: 'The "/" suffix of a connection address holds numbers only.', range: suffixRange });
    } else if (ip6) {
      if (secondValue !== undefined) {
        errors.push({ message: 'An IP6 connection address takes at most one "/<number of addresses>".', range: suffixRange });
      }
      addressCount = firstValue;
    } else {
      ttl = firstValue;
      addressCount = secondValue;
    }
  }
  return new Connection(
    line,
    address,
    start,
    ttl !== undefined && !Number.isNaN(ttl) ? ttl : undefined,
    addressCount !== undefined && !Number.isNaN(addressCount) ? addressCount : undefined,
  );
}

/**
 * Records an error when an IP4 address (its type at `[typeStart, typeEnd)`) holds a colon (it
 * is IPv6) or an IP6 address has none.
 */
function checkAddressType(text: string, typeStart: number, typeEnd: number, address: string, start: number, errors: ValueError[]): void {
  const hasColon = address.indexOf(':') !== -1;
  const range = { start, end: start + address.length };
  if (hasColon && isWord(text, typeStart, typeEnd, 'IP4')) {
    errors.push({ message: `"${address}" is an IPv6 address, but the address type says IP4.`, range });
  } else if (!hasColon && isWord(text, typeStart, typeEnd, 'IP6') && isDottedQuad(address)) {
    errors.push({ message: `"${address}" is an IPv4 address, but the address type says IP6.`, range });
  }
}

/** Whether `s` is made of digits and dots only, with at least one dot: an IPv4 literal's shape. */
function isDottedQuad(s: string): boolean {
  if (s.length === 0 || s.indexOf('.') === -1) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x2e && (c < DIGIT_0 || c > DIGIT_9)) return false;
  }
  return true;
}

/** `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>` (RFC 8866 5.2). */
function readOrigin(text: string, line: Line, errors: ValueError[]): Origin | undefined {
  const end = line.end;
  const count = countFields(text, line.valueStart, end);
  if (count !== 6) {
    errors.push({
      message: `An o= line has six fields, <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>; this one has ${count}.`,
      range: line.range,
    });
    return undefined;
  }
  const typeStart = nthField(text, line.valueStart, end, 4);
  const typeEnd = fieldEnd(text, typeStart, end);
  const fieldStart = skipBlanks(text, typeEnd, end);
  const fieldStop = fieldEnd(text, fieldStart, end);
  const stop = addressEnd(text, fieldStart, fieldStop, indexOfCode(text, SLASH, fieldStart, fieldStop), errors);
  const start = addressStart(text, fieldStart);
  const address = text.slice(start, stop);
  checkAddressType(text, typeStart, typeEnd, address, start, errors);
  return new Origin(line, address, start);
}

/** `a=<name>` or `a=<name>:<value>` (RFC 8866 5.13). */
function readAttribute(text: string, line: Line, errors: ValueError[]): Attribute {
  const start = line.valueStart;
  const colon = indexOfCode(text, COLON, start, line.end);
  if (colon === start) {
    errors.push({ message: 'An a= line starts with the attribute name; this one has none.', range: line.range });
  }
  return new Attribute(line, colon);
}

/** A Content-Type value split into its lower-case media type and its parameters. */
interface ContentType {
  /** `type/subtype`, lower case. */
  readonly mediaType: string;
  /** The `boundary` parameter without quotes, if any. */
  readonly boundary: string | undefined;
}

/** Reads a Content-Type value: the media type and, for multipart, its boundary. */
export function parseContentType(value: string): ContentType {
  const semi = value.indexOf(';');
  const mediaType = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  let boundary: string | undefined;
  let i = semi === -1 ? value.length : semi + 1;
  while (i < value.length) {
    while (i < value.length && isBlank(value.charCodeAt(i))) i++;
    const eq = value.indexOf('=', i);
    const nextSemi = value.indexOf(';', i);
    if (eq === -1 || (nextSemi !== -1 && nextSemi < eq)) {
      i = nextSemi === -1 ? value.length : nextSemi + 1;
      continue;
    }
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (j < value.length && isBlank(value.charCodeAt(j))) j++;
    let paramValue: string;
    if (value.charCodeAt(j) === 0x22 /* " */) {
      // A quoted string: a backslash escapes the next character.
      let k = j + 1;
      let out = '';
      while (k < value.length && value.charCodeAt(k) !== 0x22) {
        if (value.charCodeAt(k) === 0x5c /* \ */ && k + 1 < value.length) k++;
        out += value[k];
        k++;
      }
      paramValue = out;
      const after = value.indexOf(';', k);
      i = after === -1 ? value.length : after + 1;
    } else {
      const stop = value.indexOf(';', j);
      paramValue = value.slice(j, stop === -1 ? value.length : stop).trim();
      i = stop === -1 ? value.length : stop + 1;
    }
    if (name === 'boundary' && boundary === undefined) boundary = paramValue;
  }
  return { mediaType, boundary };
}

/**
 * Whether `value` is `application/sdp` in any case, with only spaces and tabs around it and
 * nothing or parameters after it: a shortcut that agrees with {@link parseContentType}.
 */
function isPlainSdpType(value: string): boolean {
  const type = 'application/sdp';
  const start = skipBlanks(value, 0, value.length);
  if (value.length - start < type.length) return false;
  for (let i = 0; i < type.length; i++) {
    const c = value.charCodeAt(start + i);
    if ((c >= UPPER_A && c <= UPPER_Z ? c | 0x20 : c) !== type.charCodeAt(i)) return false;
  }
  const after = skipBlanks(value, start + type.length, value.length);
  return after === value.length || value.charCodeAt(after) === SEMICOLON;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
}

/** How deep multipart bodies may nest before the search stops (a guard against hostile input). */
const MAX_MULTIPART_DEPTH = 4;

/**
 * Finds the SDP inside a message body: the body itself when Content-Type is application/sdp
 * (or absent and the body starts with `v=`), or each application/sdp part of a multipart body.
 * Multipart bodies may nest; binary parts are skipped without being read.
 */
export function findSdpRanges(
  text: string,
  contentType: string | undefined,
  body: Range,
  options: SdpParseOptions = {},
): Range[] {
  // The common case, a body of type application/sdp, without parsing the type into strings.
  if (contentType !== undefined && isPlainSdpType(contentType)) return [body];
  const found: Range[] = [];
  collectSdp(text, contentType, body, 0, options.crShownAsDot === true, options.indent ?? 0, found);
  return found;
}

function collectSdp(
  text: string,
  contentType: string | undefined,
  body: Range,
  depth: number,
  crShownAsDot: boolean,
  indent: number,
  found: Range[],
): void {
  if (contentType === undefined) {
    const start = body.start + countSpaces(text, body.start, Math.min(body.end, body.start + indent));
    if (body.end - start >= 2 && text.startsWith('v=', start)) found.push(body);
    return;
  }
  const type = parseContentType(contentType);
  if (type.mediaType === 'application/sdp') {
    found.push(body);
    return;
  }
  if (!type.mediaType.startsWith('multipart/') || type.boundary === undefined || type.boundary === '') return;
  if (depth >= MAX_MULTIPART_DEPTH) return;
  for (const part of multipartParts(text, body, type.boundary, crShownAsDot, indent)) {
    // A part without Content-Type is text/plain (RFC 2045 5.2).
    collectSdp(text, part.contentType ?? 'text/plain', part.body, depth + 1, crShownAsDot, indent, found);
  }
}

/** One body part of a multipart body (RFC 2046 5.1). */
interface BodyPart {
  /** The part's Content-Type value; undefined when the part has none. */
  readonly contentType: string | undefined;
  readonly body: Range;
}

/**
 * Splits a multipart body at its delimiter lines, `--boundary` at the start of a line. The
 * line break before a delimiter belongs to the delimiter, not to the part. Text before the
 * first delimiter (the preamble) and after the closing one (the epilogue) is skipped. Binary
 * part contents are fine: only a delimiter at the start of a line ends a part.
 */
function multipartParts(text: string, body: Range, boundary: string, crShownAsDot: boolean, indent: number): BodyPart[] {
  // Searching a slice keeps each search inside the body (V8 shares the characters, no copy).
  const bodyText = text.slice(body.start, body.end);
  const delimiter = `--${boundary}`;
  const parts: BodyPart[] = [];
  let delim = findDelimiter(bodyText, delimiter, 0, indent);
  while (delim !== -1) {
    const afterDelim = delim + delimiter.length;
    if (bodyText.startsWith('--', afterDelim)) return parts;
    const lineBreak = bodyText.indexOf('\n', afterDelim);
    if (lineBreak === -1) return parts;
    const partStart = lineBreak + 1;
    const next = findDelimiter(bodyText, delimiter, partStart, indent);
    // The next part ends where the delimiter's line starts (after a log's indentation).
    let partEnd = next === -1 ? bodyText.length : bodyText.lastIndexOf('\n', next - 1) + 1;
    // The CRLF (or LF) before the next delimiter belongs to that delimiter.
    if (next !== -1 && partEnd > partStart && bodyText.charCodeAt(partEnd - 1) === LF) {
      partEnd = Math.max(partStart, contentEnd(bodyText, partStart, partEnd - 1, crShownAsDot));
    }
    parts.push(readPart(text, body.start + partStart, body.start + partEnd, crShownAsDot, indent));
    delim = next;
  }
  return parts;
}

/** The next `delimiter` at the start of a line of `bodyText` from `from`, or -1. */
function findDelimiter(bodyText: string, delimiter: string, from: number, indent: number): number {
  let i = bodyText.indexOf(delimiter, from);
  while (i !== -1) {
    // At the start of a line, after the spaces a log indents each line with.
    let lineStart = i;
    while (lineStart > 0 && i - lineStart < indent && bodyText.charCodeAt(lineStart - 1) === SPACE) lineStart--;
    if (lineStart === 0 || bodyText.charCodeAt(lineStart - 1) === LF) return i;
    i = bodyText.indexOf(delimiter, i + 1);
  }
  return -1;
}

/** The number of spaces at `[start, end)`'s beginning. */
function countSpaces(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && text.charCodeAt(i) === SPACE) i++;
  return i - start;
}

/** Reads a body part's header lines up to the empty line (folded lines joined), then its body. */
function readPart(text: string, start: number, end: number, crShownAsDot: boolean, indent: number): BodyPart {
  let contentType: string | undefined;
  let pos = start;
  while (pos < end) {
    pos += countSpaces(text, pos, Math.min(end, pos + indent));
    let lineBreak = text.indexOf('\n', pos);
    if (lineBreak === -1 || lineBreak >= end) lineBreak = end;
    const lineEnd = contentEnd(text, pos, lineBreak, crShownAsDot);
    if (lineEnd === pos) return { contentType, body: { start: Math.min(lineBreak + 1, end), end } };
    const first = text.charCodeAt(pos);
    const colon = indexOfCode(text, COLON, pos, lineEnd);
    const isContentType =
      first !== SPACE &&
      first !== TAB &&
      colon < lineEnd &&
      text.slice(pos, colon).trim().toLowerCase() === 'content-type';
    pos = lineBreak + 1;
    if (!isContentType) continue;
    let value = text.slice(colon + 1, lineEnd).trim();
    // Join the continuation lines of a folded Content-Type value.
    while (pos < end && (text.charCodeAt(pos + indent) === SPACE || text.charCodeAt(pos + indent) === TAB)) {
      let nextBreak = text.indexOf('\n', pos);
      if (nextBreak === -1 || nextBreak >= end) nextBreak = end;
      value += ` ${text.slice(pos, contentEnd(text, pos, nextBreak, crShownAsDot)).trim()}`;
      pos = nextBreak + 1;
    }
    contentType ??= value;
  }
  // Headers with no empty line after them: the part has no body.
  return { contentType, body: { start: end, end } };
}
