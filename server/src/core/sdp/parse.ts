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
 */
import type { Parsed, Range, ValueError } from '../types';
import type { SdpAttribute, SdpConnection, SdpLine, SdpMedia, SdpOrigin, SdpSession } from './model';

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const EQUALS = 0x3d;
const SLASH = 0x2f;
const COLON = 0x3a;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DOT = 0x2e;

/** The SDP lines read from one body; the rest of a longer body is reported, not read. */
export const MAX_LINES = 5000;

/** The type letters RFC 8866 section 5 defines (`k=` is obsolete but still known). */
const KNOWN_TYPES = 'vosiuepcbtrzkam';

/** A media section while it is being built; frozen into an {@link SdpMedia} at its end. */
interface MediaBuilder {
  readonly line: SdpLine;
  readonly media: string;
  readonly port: number;
  readonly portRange: Range;
  readonly portCount: number | undefined;
  readonly proto: string;
  readonly protoRange: Range;
  readonly formats: { readonly value: string; readonly range: Range }[];
  readonly connections: SdpConnection[];
  readonly attributes: SdpAttribute[];
  readonly lines: SdpLine[];
}

/** How the text shows line breaks; the SIP parser knows it from the trace format. */
export interface SdpParseOptions {
  /**
   * True for ngrep output, which prints each CR as `.`: a `.` just before a line break (or at
   * the end of the range) then stands for the CR and is not part of the line.
   */
  readonly crShownAsDot?: boolean;
}

/** Parses the SDP text at `range` of `text`. */
export function parseSdp(text: string, range: Range, options: SdpParseOptions = {}): Parsed<SdpSession> {
  const crShownAsDot = options.crShownAsDot === true;
  const errors: ValueError[] = [];
  const lines: SdpLine[] = [];
  const sessionLines: SdpLine[] = [];
  const sessionAttributes: SdpAttribute[] = [];
  const builders: MediaBuilder[] = [];
  let origin: SdpOrigin | undefined;
  let connection: SdpConnection | undefined;
  let current: MediaBuilder | undefined;
  // Empty lines are reported only once a later line shows they are not trailing: many tools
  // end a body with an extra line break, which no receiver minds.
  let pendingBlank: ValueError[] = [];

  const end = Math.min(range.end, text.length);
  let pos = range.start;
  while (pos < end) {
    const lineStart = pos;
    if (lines.length === MAX_LINES) {
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
    pos = lineBreak + 1;
    const lineEnd = contentEnd(text, lineStart, lineBreak, crShownAsDot);

    if (isBlankLine(text, lineStart, lineEnd)) {
      pendingBlank.push({
        message: 'Empty line inside the SDP body: every SDP line is <type>=<value>.',
        range: { start: lineStart, end: lineEnd },
      });
      continue;
    }
    if (pendingBlank.length > 0) {
      for (const blank of pendingBlank) errors.push(blank);
      pendingBlank = [];
    }

    const line = readLine(text, lineStart, lineEnd, errors);
    if (line === undefined) continue;
    lines.push(line);

    if (line.type === 'm') {
      current = readMedia(text, line, errors);
      builders.push(current);
    }
    if (current === undefined) sessionLines.push(line);
    else current.lines.push(line);

    switch (line.type) {
      case 'c': {
        const c = readConnection(text, line, errors);
        if (c === undefined) break;
        if (current !== undefined) current.connections.push(c);
        else if (connection === undefined) connection = c;
        break;
      }
      case 'o': {
        const o = readOrigin(text, line, errors);
        if (o !== undefined && origin === undefined && current === undefined) origin = o;
        break;
      }
      case 'a': {
        const a = readAttribute(text, line, errors);
        if (current !== undefined) current.attributes.push(a);
        else sessionAttributes.push(a);
        break;
      }
      default:
        break;
    }
  }

  const media = builders.map((b): SdpMedia => {
    const last = b.lines[b.lines.length - 1] ?? b.line;
    return {
      line: b.line,
      media: b.media,
      port: b.port,
      portRange: b.portRange,
      portCount: b.portCount,
      proto: b.proto,
      protoRange: b.protoRange,
      formats: b.formats,
      connection: b.connections[0],
      connections: b.connections,
      attributes: b.attributes,
      lines: b.lines,
      range: { start: b.line.range.start, end: last.range.end },
    };
  });

  const session: SdpSession = {
    range: { start: range.start, end },
    lines,
    sessionLines,
    origin,
    connection,
    attributes: sessionAttributes,
    media,
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
function readLine(text: string, start: number, end: number, errors: ValueError[]): SdpLine | undefined {
  if (end - start < 2 || text.charCodeAt(start + 1) !== EQUALS) {
    errors.push({
      message: `Not an SDP line: expected <type>=<value> with a one-letter type and no space around "=", found "${preview(text, start, end)}".`,
      range: { start, end },
    });
    return undefined;
  }
  const type = text[start] as string;
  if (KNOWN_TYPES.indexOf(type) === -1) {
    errors.push({
      message: `Unknown SDP line type "${type}=": RFC 8866 tells a receiver to ignore a whole session description with a type letter it does not know.`,
      range: { start, end: start + 2 },
    });
  }
  return new SdpLineNode(type, text.slice(start + 2, end), start, end);
}

/** An SDP line as the parser builds it: its ranges are made when read. */
class SdpLineNode implements SdpLine {
  constructor(
    readonly type: string,
    readonly value: string,
    private readonly lineStart: number,
    private readonly lineEnd: number,
  ) {}
  get valueRange(): Range {
    return { start: this.lineStart + 2, end: this.lineEnd };
  }
  get range(): Range {
    return { start: this.lineStart, end: this.lineEnd };
  }
}

/** An attribute line as the parser builds it: its ranges are made when read. */
class SdpAttributeNode implements SdpAttribute {
  constructor(
    readonly line: SdpLine,
    readonly name: string,
    readonly value: string | undefined,
    private readonly nameStart: number,
    /** The offset of the `:`, or the line end when there is no value. */
    private readonly colon: number,
    private readonly lineEnd: number,
  ) {}
  get nameRange(): Range {
    return { start: this.nameStart, end: this.colon };
  }
  get valueRange(): Range | undefined {
    return this.colon < this.lineEnd ? { start: this.colon + 1, end: this.lineEnd } : undefined;
  }
}

/** At most 40 characters of a line, for a message. */
function preview(text: string, start: number, end: number): string {
  return end - start > 40 ? `${text.slice(start, start + 40)}…` : text.slice(start, end);
}

/** Splits `[start, end)` at runs of spaces and tabs into the ranges of its fields. */
function splitFields(text: string, start: number, end: number): Range[] {
  const fields: Range[] = [];
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      i++;
      continue;
    }
    const fieldStart = i;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c === SPACE || c === TAB) break;
      i++;
    }
    fields.push({ start: fieldStart, end: i });
  }
  return fields;
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
function readMedia(text: string, line: SdpLine, errors: ValueError[]): MediaBuilder {
  const fields = splitFields(text, line.valueRange.start, line.valueRange.end);
  if (fields.length < 4) {
    errors.push({
      message: 'An m= line needs <media> <port> <proto> and at least one <fmt>.',
      range: line.range,
    });
  }
  const empty = { start: line.range.end, end: line.range.end };
  const mediaField = fields[0] ?? empty;
  const portField = fields[1] ?? empty;
  const protoField = fields[2] ?? empty;
  const slash = indexOfCode(text, SLASH, portField.start, portField.end);
  const portRange = { start: portField.start, end: slash };
  const portCount = slash < portField.end ? readDecimal(text, slash + 1, portField.end) : undefined;
  return {
    line,
    media: text.slice(mediaField.start, mediaField.end),
    port: readDecimal(text, portRange.start, portRange.end),
    portRange,
    portCount,
    proto: text.slice(protoField.start, protoField.end),
    protoRange: protoField,
    formats: fields.slice(3).map((f) => ({ value: text.slice(f.start, f.end), range: f })),
    connections: [],
    attributes: [],
    lines: [],
  };
}

/**
 * Finds the address inside a field, without a `/ttl` or `/count` suffix. An IPv6 address in
 * brackets is an error in SDP (RFC 8866 9, as RFC 5118 4.6 recalls); the address is still
 * returned without its brackets, so that later checks see the literal.
 */
function readAddress(
  text: string,
  field: Range,
  errors: ValueError[],
): { address: string; addressRange: Range; suffixStart: number } {
  let start = field.start;
  let end = indexOfCode(text, SLASH, field.start, field.end);
  const suffixStart = end;
  if (text.charCodeAt(start) === 0x5b /* [ */) {
    const close = indexOfCode(text, 0x5d /* ] */, start, field.end);
    errors.push({
      message: 'SDP writes IPv6 addresses without "[" and "]".',
      range: { start: field.start, end: Math.min(close + 1, field.end) },
    });
    start++;
    end = Math.min(close, end);
  }
  return { address: text.slice(start, end), addressRange: { start, end }, suffixStart };
}

/** `c=<nettype> <addrtype> <connection-address>` (RFC 8866 5.7). */
function readConnection(text: string, line: SdpLine, errors: ValueError[]): SdpConnection | undefined {
  const fields = splitFields(text, line.valueRange.start, line.valueRange.end);
  if (fields.length !== 3) {
    errors.push({
      message: `A c= line has three fields, <nettype> <addrtype> <connection-address>; this one has ${fields.length}.`,
      range: line.range,
    });
    return undefined;
  }
  const [netField, typeField, addrField] = fields as [Range, Range, Range];
  const addrType = text.slice(typeField.start, typeField.end);
  const { address, addressRange, suffixStart } = readAddress(text, addrField, errors);
  checkAddressType(addrType, address, addressRange, errors);

  // The suffix is `/ttl[/count]` for IPv4 and `/count` for IPv6 multicast.
  let ttl: number | undefined;
  let addressCount: number | undefined;
  if (suffixStart < addrField.end) {
    const second = indexOfCode(text, SLASH, suffixStart + 1, addrField.end);
    const firstValue = readDecimal(text, suffixStart + 1, second);
    const secondValue = second < addrField.end ? readDecimal(text, second + 1, addrField.end) : undefined;
    const suffixRange = { start: suffixStart, end: addrField.end };
    if (Number.isNaN(firstValue) || (secondValue !== undefined && Number.isNaN(secondValue))) {
      errors.push({ message: 'The "/" suffix of a connection address holds numbers only.', range: suffixRange });
    } else if (addrType === 'IP6') {
      if (secondValue !== undefined) {
        errors.push({ message: 'An IP6 connection address takes at most one "/<number of addresses>".', range: suffixRange });
      }
      addressCount = firstValue;
    } else {
      ttl = firstValue;
      addressCount = secondValue;
    }
  }
  return {
    line,
    netType: text.slice(netField.start, netField.end),
    addrType,
    address,
    addressRange,
    ttl: ttl !== undefined && !Number.isNaN(ttl) ? ttl : undefined,
    addressCount: addressCount !== undefined && !Number.isNaN(addressCount) ? addressCount : undefined,
  };
}

/** Records an error when an IP4 address holds a colon (it is IPv6) or an IP6 address has none. */
function checkAddressType(addrType: string, address: string, range: Range, errors: ValueError[]): void {
  const hasColon = address.indexOf(':') !== -1;
  if (addrType === 'IP4' && hasColon) {
    errors.push({ message: `"${address}" is an IPv6 address, but the address type says IP4.`, range });
  } else if (addrType === 'IP6' && !hasColon && isDottedQuad(address)) {
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
function readOrigin(text: string, line: SdpLine, errors: ValueError[]): SdpOrigin | undefined {
  const fields = splitFields(text, line.valueRange.start, line.valueRange.end);
  if (fields.length !== 6) {
    errors.push({
      message: `An o= line has six fields, <username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>; this one has ${fields.length}.`,
      range: line.range,
    });
    return undefined;
  }
  const [user, id, version, net, type, addr] = fields as [Range, Range, Range, Range, Range, Range];
  const addrType = text.slice(type.start, type.end);
  const { address, addressRange } = readAddress(text, addr, errors);
  checkAddressType(addrType, address, addressRange, errors);
  return {
    line,
    username: text.slice(user.start, user.end),
    sessionId: text.slice(id.start, id.end),
    sessionVersion: text.slice(version.start, version.end),
    netType: text.slice(net.start, net.end),
    addrType,
    address,
    addressRange,
  };
}

/** `a=<name>` or `a=<name>:<value>` (RFC 8866 5.13). */
function readAttribute(text: string, line: SdpLine, errors: ValueError[]): SdpAttribute {
  const { start, end } = line.valueRange;
  const colon = indexOfCode(text, COLON, start, end);
  if (colon === start) {
    errors.push({ message: 'An a= line starts with the attribute name; this one has none.', range: line.range });
  }
  return new SdpAttributeNode(line, text.slice(start, colon), colon < end ? text.slice(colon + 1, end) : undefined, start, colon, end);
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
  const found: Range[] = [];
  collectSdp(text, contentType, body, 0, options.crShownAsDot === true, found);
  return found;
}

function collectSdp(
  text: string,
  contentType: string | undefined,
  body: Range,
  depth: number,
  crShownAsDot: boolean,
  found: Range[],
): void {
  if (contentType === undefined) {
    if (body.end - body.start >= 2 && text.startsWith('v=', body.start)) found.push(body);
    return;
  }
  const type = parseContentType(contentType);
  if (type.mediaType === 'application/sdp') {
    found.push(body);
    return;
  }
  if (!type.mediaType.startsWith('multipart/') || type.boundary === undefined || type.boundary === '') return;
  if (depth >= MAX_MULTIPART_DEPTH) return;
  for (const part of multipartParts(text, body, type.boundary, crShownAsDot)) {
    // A part without Content-Type is text/plain (RFC 2045 5.2).
    collectSdp(text, part.contentType ?? 'text/plain', part.body, depth + 1, crShownAsDot, found);
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
function multipartParts(text: string, body: Range, boundary: string, crShownAsDot: boolean): BodyPart[] {
  // Searching a slice keeps each search inside the body (V8 shares the characters, no copy).
  const bodyText = text.slice(body.start, body.end);
  const delimiter = `--${boundary}`;
  const parts: BodyPart[] = [];
  let delim = findDelimiter(bodyText, delimiter, 0);
  while (delim !== -1) {
    const afterDelim = delim + delimiter.length;
    if (bodyText.startsWith('--', afterDelim)) return parts;
    const lineBreak = bodyText.indexOf('\n', afterDelim);
    if (lineBreak === -1) return parts;
    const partStart = lineBreak + 1;
    const next = findDelimiter(bodyText, delimiter, partStart);
    let partEnd = next === -1 ? bodyText.length : next;
    // The CRLF (or LF) before the next delimiter belongs to that delimiter.
    if (next !== -1 && partEnd > partStart && bodyText.charCodeAt(partEnd - 1) === LF) {
      partEnd = Math.max(partStart, contentEnd(bodyText, partStart, partEnd - 1, crShownAsDot));
    }
    parts.push(readPart(text, body.start + partStart, body.start + partEnd, crShownAsDot));
    delim = next;
  }
  return parts;
}

/** The next `delimiter` at the start of a line of `bodyText` from `from`, or -1. */
function findDelimiter(bodyText: string, delimiter: string, from: number): number {
  let i = bodyText.indexOf(delimiter, from);
  while (i !== -1) {
    if (i === 0 || bodyText.charCodeAt(i - 1) === LF) return i;
    i = bodyText.indexOf(delimiter, i + 1);
  }
  return -1;
}

/** Reads a body part's header lines up to the empty line (folded lines joined), then its body. */
function readPart(text: string, start: number, end: number, crShownAsDot: boolean): BodyPart {
  let contentType: string | undefined;
  let pos = start;
  while (pos < end) {
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
    while (pos < end && (text.charCodeAt(pos) === SPACE || text.charCodeAt(pos) === TAB)) {
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
