/**
 * Parsers for the header values the rules read: Via, name-addr lists (Contact, From, To,
 * Route, Record-Route), CSeq, and comma-separated lists. Each reads a range of the document
 * text and returns the value plus errors; none throws.
 *
 * The range may span folded continuation lines: CR and LF count as white space, like SP and HT.
 * All scanners are single passes with `charCodeAt`, linear in the length of the value.
 */
import type { Parsed, Range, ValueError } from '../types';
import type { HostPort, Param, SipUri } from './uri';
import {
  Cc,
  addError,
  charAt,
  clampEnd,
  clampStart,
  Collector,
  emptyUri,
  findCommon,
  isClass,
  isIPv4,
  isIPv6,
  isWs,
  NO_ERRORS,
  NO_PARAMS,
  ParamNode,
  paramName,
  scanHostPort,
  scanUri,
  skipWs,
  startErrors,
  takeErrors,
  trimEnd,
} from './uri';

/** One Via value: `SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;rport`. */
export interface ViaValue {
  readonly range: Range;
  /** `SIP/2.0/UDP` as written, without the white space the grammar allows around `/`. */
  readonly protocol: string;
  readonly protocolRange: Range;
  /** The protocol name as written: `SIP`. */
  readonly protocolName: string;
  /** The protocol version as written: `2.0`. */
  readonly version: string;
  /** Upper-case transport: `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, `WSS`... */
  readonly transport: string;
  readonly sentBy: HostPort;
  readonly params: readonly Param[];
  readonly branch: Param | undefined;
  readonly received: Param | undefined;
  readonly rport: Param | undefined;
  readonly maddr: Param | undefined;
}

/** `"Alice" <sip:alice@host>;tag=1` or a bare addr-spec `sip:alice@host;tag=1`. */
export interface NameAddr {
  readonly range: Range;
  /**
   * The display name: a quoted one without its quotes and with quoted-pairs decoded, a token
   * one as written. Undefined when there is none.
   */
  readonly displayName: string | undefined;
  /** The display name as written, quotes included. */
  readonly displayNameRange: Range | undefined;
  /** True when the URI was written in `<...>`. */
  readonly bracketed: boolean;
  readonly uri: SipUri;
  /** Header parameters (after `>`, or after the addr-spec: RFC 3261 20.10 says those are header parameters). */
  readonly params: readonly Param[];
}

/** A Contact value: a name-addr, or `*` (REGISTER removing every binding). */
export type ContactValue = NameAddr | { readonly star: true; readonly range: Range };

export interface CSeqValue {
  /** NaN when not a number; may exceed 2^31-1 (a rule reports that). */
  readonly number: number;
  readonly numberRange: Range;
  readonly method: string;
  readonly methodRange: Range;
}

/**
 * Splits a header value at top-level commas: commas inside quotes, `<...>` and a quoted
 * pair do not split. Each range is trimmed of surrounding white space. An empty element (two
 * commas in a row, a comma at either end) is returned as an empty range where it stands, so
 * that callers can report it; a value that is all white space gives no element.
 */
export function splitCommaList(text: string, range: Range): Range[] {
  const end = clampEnd(text, range);
  const start = clampStart(range, end);
  const out: Range[] = [];
  if (skipWs(text, start, end) === end) return out;
  for (let p = start; ; p++) {
    const stop = elementEnd(text, p, end);
    out.push(trimmed(text, p, stop));
    if (stop >= end) return out;
    p = stop;
  }
}

/** The values read from one header; the rest of a longer list is reported, not read. */
export const MAX_LIST_VALUES = 1000;

/**
 * Reads one element of a list, `[start, end)`: trimmed and not empty. `alone` is true when the
 * list holds no other element. Returns undefined for an element too broken to keep.
 */
type ElementReader<T> = (text: string, start: number, end: number, alone: boolean, errors: ValueError[]) => T | undefined;

/**
 * Reads a comma-separated list with `read`, element by element in place (see
 * {@link splitCommaList} for where it splits). Reports a list with no value, each run of empty
 * elements, and the elements after the first {@link MAX_LIST_VALUES}: real headers hold a few
 * values (a registrar's answer some tens); a longer list is broken or hostile, and reading it
 * whole would hold every value in memory at once.
 */
function readList<T>(text: string, start: number, end: number, read: ElementReader<T>, noValue: string, emptyValue: string): Parsed<T[]> {
  const errors = startErrors();
  let values: T[] | undefined;
  if (skipWs(text, start, end) === end) {
    addError(errors, start, end, noValue);
    return { value: [], errors: takeErrors(errors) };
  }
  // A list that long needs at least MAX_LIST_VALUES commas; a shorter one cannot overflow.
  if (end - start >= MAX_LIST_VALUES) reportOverflow(text, start, end, errors);
  let previousEmpty = false;
  for (let p = start, count = 1; ; p++, count++) {
    const stop = elementEnd(text, p, end);
    const first = skipWs(text, p, stop);
    if (first === stop) {
      if (!previousEmpty) reportEmptyElement(text, p, start, end, errors, emptyValue);
      previousEmpty = true;
    } else {
      previousEmpty = false;
      const value = read(text, first, trimEnd(text, first, stop), p === start && stop === end, errors);
      // Most lists hold one value: an array of one, grown only when a second comes.
      if (value !== undefined) {
        if (values === undefined) values = [value];
        else values.push(value);
      }
    }
    if (stop >= end || count === MAX_LIST_VALUES) break;
    p = stop;
  }
  return { value: values ?? [], errors: takeErrors(errors) };
}

/** Reports the elements after the first {@link MAX_LIST_VALUES} of the list `[start, end)`, if any. */
function reportOverflow(text: string, start: number, end: number, errors: ValueError[]): void {
  let restStart = -1;
  let lastEnd = start;
  for (let p = start, count = 0; ; p++, count++) {
    const stop = elementEnd(text, p, end);
    const first = skipWs(text, p, stop);
    // Where the element's trimmed range starts and ends; an empty one stands where it starts.
    if (count === MAX_LIST_VALUES) restStart = first === stop ? p : first;
    lastEnd = first === stop ? p : trimEnd(text, first, stop);
    if (stop >= end) break;
    p = stop;
  }
  if (restStart < 0) return;
  addError(errors, restStart, Math.max(restStart, lastEnd), `more than ${MAX_LIST_VALUES} values in one header; the values after the ${MAX_LIST_VALUES}th are not checked`);
}

/**
 * Parses every Via value in one Via header (it may hold several, comma-separated). A value
 * whose protocol cannot be read at all is left out of the list; an error says where it is.
 */
export function parseVia(text: string, range: Range): Parsed<ViaValue[]> {
  const end = clampEnd(text, range);
  return parseViaAt(text, clampStart(range, end), end);
}

/**
 * {@link parseVia} of `text[start, end)`, offsets within the text: the linter reads values
 * straight from the header store's offsets, without a range object per header.
 */
export function parseViaAt(text: string, start: number, end: number): Parsed<ViaValue[]> {
  // Nearly every Via header holds one well-formed value: read the header as that value, which
  // spares the pass that looks for the commas between values. Reading it without an error
  // means it has no comma outside a quoted string (no character class the scanner accepts
  // holds one), so it is the list's only element; otherwise it is read again as a list.
  const first = skipWs(text, start, end);
  if (first < end) {
    const errors = startErrors();
    const value = scanVia(text, first, trimEnd(text, first, end), errors);
    if (value !== undefined && errors.length === 0) return { value: [value], errors: NO_ERRORS };
  }
  return readList(text, start, end, readVia, 'the Via header has no value', 'empty Via value');
}

function readVia(text: string, start: number, end: number, _alone: boolean, errors: ValueError[]): ViaValue | undefined {
  return scanVia(text, start, end, errors);
}

/** Parses one name-addr or addr-spec with its header parameters (From, To). */
export function parseNameAddr(text: string, range: Range): Parsed<NameAddr> {
  const end = clampEnd(text, range);
  return parseNameAddrAt(text, clampStart(range, end), end);
}

/** {@link parseNameAddr} of `text[start, end)`, offsets within the text (see {@link parseViaAt}). */
export function parseNameAddrAt(text: string, start: number, end: number): Parsed<NameAddr> {
  const errors = startErrors();
  const value = scanNameAddr(text, start, end, errors);
  checkTag(value.params, errors);
  return { value, errors: takeErrors(errors) };
}

/**
 * The `tag` of a From or To: `tag=token` (RFC 3261 25.1), at most once, since it is half of the
 * dialog's id (19.3); Kamailio's sanity check rejects a repeated one.
 */
function checkTag(params: readonly Param[], errors: ValueError[]): void {
  let seen = false;
  for (let i = 0; i < params.length; i++) {
    const param = params[i] as ParamNode;
    if (param.name !== 'tag') continue;
    if (seen) addError(errors, param.nameStart, param.rangeEnd, "the 'tag' parameter appears more than once");
    else if (param.value === undefined) addError(errors, param.nameStart, param.nameEnd, "the 'tag' parameter needs a value");
    seen = true;
  }
}

/** What {@link plainNameAddr} proves of a value. */
export const enum Plain {
  /** Not proven: read it with {@link parseNameAddrAt}. */
  Unknown = 0,
  /** Clean, with no `tag` parameter. */
  Untagged = 1,
  /** Clean, with one `tag` parameter. */
  Tagged = 2,
}

/**
 * Proves, without building anything, that `text[start, end)` is a name-addr of the plain shape
 * nearly every From and To has: `"Alice" <sip:alice@example.com:5060;transport=udp>;tag=1a2b`.
 * A proven value reads with no error, its scheme is `sip` or `sips`, its host is a domain name or
 * an IPv4 address (never IPv6), and {@link Plain} says whether it has a `tag`. The shape is narrow
 * on purpose: a quoted display name of letters, digits, space, `.`, `_` and `-`; a user of those
 * (less space) and `+`; lower-case host labels; a port from 1 to 65535; a URI parameter `lr` or
 * `transport` of a known transport; `tag` as the only header parameter; no white space but the
 * spaces after the display name. Anything else is {@link Plain.Unknown}, and the caller reads the
 * value in full: the rules that read From and To skip only what this proves.
 */
export function plainNameAddr(text: string, start: number, end: number): Plain {
  let i = start;
  if (code(text, end, i) === 0x22 /* " */) {
    i++;
    while (i < end && (PLAIN[code(text, end, i) & 0x7f] & PLAIN_DISPLAY) !== 0 && code(text, end, i) < 0x80) i++;
    if (code(text, end, i) !== 0x22) return Plain.Unknown;
    i++;
    const spaces = i;
    while (i < end && code(text, end, i) === 0x20) i++;
    if (i === spaces) return Plain.Unknown;
  }
  if (code(text, end, i) !== 0x3c /* < */ || code(text, end, i + 1) !== 0x73 /* s */ || code(text, end, i + 2) !== 0x69 /* i */ || code(text, end, i + 3) !== 0x70 /* p */) {
    return Plain.Unknown;
  }
  i += 4;
  if (code(text, end, i) === 0x73 /* s */) i++;
  if (code(text, end, i) !== 0x3a /* : */) return Plain.Unknown;
  i++;
  // A user part, when an `@` ends a run of user characters.
  let at = i;
  while (at < end && (PLAIN[code(text, end, at) & 0x7f] & PLAIN_USER) !== 0 && code(text, end, at) < 0x80) at++;
  if (code(text, end, at) === 0x40 /* @ */ && at > i) i = at + 1;
  i = plainHost(text, i, end);
  if (i < 0) return Plain.Unknown;
  if (code(text, end, i) === 0x3a /* : */) {
    const digits = ++i;
    let port = 0;
    while (i < end && i - digits < 5) {
      const c = code(text, end, i) - 0x30;
      if (c < 0 || c > 9) break;
      port = port * 10 + c;
      i++;
    }
    if (i === digits || code(text, end, digits) === 0x30 || port > 65535) return Plain.Unknown;
  }
  while (code(text, end, i) === 0x3b /* ; */) {
    i++;
    if (startsAt(text, i, end, 'lr')) i += 2;
    else if (startsAt(text, i, end, 'transport=')) {
      i += 10;
      const value = i;
      while (i < end && code(text, end, i) >= 0x61 && code(text, end, i) <= 0x7a) i++;
      const length = i - value;
      if (!(length === 3 && (startsAt(text, value, i, 'udp') || startsAt(text, value, i, 'tcp') || startsAt(text, value, i, 'tls')))) return Plain.Unknown;
    } else return Plain.Unknown;
    const c = code(text, end, i);
    if (c !== 0x3b && c !== 0x3e /* > */) return Plain.Unknown;
  }
  if (code(text, end, i) !== 0x3e /* > */) return Plain.Unknown;
  i++;
  if (i === end) return Plain.Untagged;
  if (!startsAt(text, i, end, ';tag=')) return Plain.Unknown;
  i += 5;
  const tag = i;
  while (i < end && (PLAIN[code(text, end, i) & 0x7f] & PLAIN_USER) !== 0 && code(text, end, i) < 0x80) i++;
  return i === end && i > tag ? Plain.Tagged : Plain.Unknown;
}

/**
 * The end of the plain host at `i` (see {@link plainNameAddr}), or -1: lower-case labels of
 * letters, digits and inner `-`, the last one starting with a letter; or four decimal octets
 * without leading zeros.
 */
function plainHost(text: string, i: number, end: number): number {
  let labelStart = i;
  let octets = 0;
  let numeric = true;
  for (;;) {
    let value = 0;
    let digitsOnly = true;
    while (i < end) {
      const c = code(text, end, i);
      if (c >= 0x30 && c <= 0x39) value = value * 10 + (c - 0x30);
      else if ((c >= 0x61 && c <= 0x7a) || c === 0x2d /* - */) digitsOnly = false;
      else break;
      i++;
    }
    const length = i - labelStart;
    if (length === 0 || length > 63 || code(text, end, labelStart) === 0x2d || code(text, end, i - 1) === 0x2d) return -1;
    octets++;
    if (!digitsOnly || length > 3 || value > 255 || (length > 1 && code(text, end, labelStart) === 0x30)) numeric = false;
    if (code(text, end, i) !== 0x2e /* . */) {
      const lastStartsWithLetter = code(text, end, labelStart) >= 0x61 && code(text, end, labelStart) <= 0x7a;
      if (numeric && octets === 4) return i;
      return lastStartsWithLetter ? i : -1;
    }
    i++;
    labelStart = i;
  }
}

/** The character code at `i`, or -1 at or past `end`. */
function code(text: string, end: number, i: number): number {
  return i < end ? text.charCodeAt(i) : -1;
}

/** True when `s` is written at `at`, before `end`, compared in place. */
function startsAt(text: string, at: number, end: number, s: string): boolean {
  if (at + s.length > end) return false;
  for (let k = 0; k < s.length; k++) if (text.charCodeAt(at + k) !== s.charCodeAt(k)) return false;
  return true;
}

/** Character classes of {@link plainNameAddr}, for codes below 128. */
const PLAIN_DISPLAY = 1;
const PLAIN_USER = 2;
const PLAIN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  if (alnum || c === 0x2e || c === 0x5f || c === 0x2d) PLAIN[c] |= PLAIN_DISPLAY | PLAIN_USER;
}
PLAIN[0x20] |= PLAIN_DISPLAY;
PLAIN[0x2b] |= PLAIN_USER;

/** Parses a Contact header value: `*` or a comma-separated list of name-addrs. */
export function parseContactList(text: string, range: Range): Parsed<ContactValue[]> {
  const end = clampEnd(text, range);
  return parseContactListAt(text, clampStart(range, end), end);
}

/** {@link parseContactList} of `text[start, end)`, offsets within the text (see {@link parseViaAt}). */
export function parseContactListAt(text: string, start: number, end: number): Parsed<ContactValue[]> {
  // As for Via (see parseViaAt), a header is read as one value first. A name-addr in '<' '>'
  // read with no error has no comma outside a quoted string or the '<' '>'; a bare addr-spec
  // may have one in its user part, so it is read as a list, and so is '*'.
  const first = skipWs(text, start, end);
  const last = trimEnd(text, first, end);
  if (first < end && !(last - first === 1 && text.charCodeAt(first) === 42)) {
    const errors = startErrors();
    const value = scanNameAddr(text, first, last, errors);
    if (errors.length === 0 && value.bracketed) return { value: [value], errors: NO_ERRORS };
  }
  return readList(text, start, end, readContact, 'the Contact header has no value', 'empty Contact value');
}

function readContact(text: string, start: number, end: number, alone: boolean, errors: ValueError[]): ContactValue {
  if (end - start === 1 && text.charCodeAt(start) === 42) {
    if (!alone) addError(errors, start, end, "'*' must be the only Contact value");
    return { star: true, range: { start, end } };
  }
  return scanNameAddr(text, start, end, errors);
}

/** Parses a comma-separated list of name-addrs (Route, Record-Route). */
export function parseNameAddrList(text: string, range: Range): Parsed<NameAddr[]> {
  const end = clampEnd(text, range);
  return readList(text, clampStart(range, end), end, readNameAddr, 'the header has no value', 'empty value in the list');
}

function readNameAddr(text: string, start: number, end: number, _alone: boolean, errors: ValueError[]): NameAddr {
  return scanNameAddr(text, start, end, errors);
}

/** Parses `CSeq: 314159 INVITE`. */
export function parseCSeq(text: string, range: Range): Parsed<CSeqValue> {
  const end = clampEnd(text, range);
  return parseCSeqAt(text, clampStart(range, end), end);
}

/** {@link parseCSeq} of `text[start, rawEnd)`, offsets within the text (see {@link parseViaAt}). */
export function parseCSeqAt(text: string, start: number, rawEnd: number): Parsed<CSeqValue> {
  const errors = startErrors();
  const end = trimEnd(text, start, rawEnd);
  let p = skipWs(text, start, end);
  // The number: the run of characters up to white space, which must all be digits.
  const numberStart = p;
  let number = 0;
  let allDigits = true;
  while (p < end && !isWs(text.charCodeAt(p))) {
    const c = text.charCodeAt(p);
    if (isClass(c, Cc.Digit)) number = number * 10 + (c - 48);
    else allDigits = false;
    p++;
  }
  const numberEnd = p;
  if (p === numberStart) {
    addError(errors, numberStart, numberStart, 'the CSeq has no sequence number');
    number = Number.NaN;
  } else if (!allDigits) {
    addError(errors, numberStart, p, 'the CSeq sequence number must be digits only');
    number = Number.NaN;
  }
  const afterNumber = p;
  p = skipWs(text, p, end);
  if (p === afterNumber && p < end) addError(errors, p, p + 1, 'expected white space before the CSeq method');
  const methodStart = p;
  while (p < end && isClass(text.charCodeAt(p), Cc.Token)) p++;
  const methodEnd = p;
  if (p === methodStart && p === end) {
    addError(errors, numberStart, end, 'the CSeq has no method');
  } else if (p < end) {
    addError(errors, p, end, `unexpected '${charAt(text, p)}' in the CSeq method`);
  }
  const method = findCommon(text, methodStart, methodEnd, METHODS, false) ?? text.slice(methodStart, methodEnd);
  const value = new CSeqNode(number, method, numberStart, numberEnd, methodStart);
  return { value, errors: takeErrors(errors) };
}

/** The methods of RFC 3261 and its extensions, shared instead of sliced (see {@link findCommon}). */
const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE'];

/** A CSeq value as {@link parseCSeq} builds it: ranges made when read; the method ends where its text does. */
class CSeqNode implements CSeqValue {
  constructor(
    readonly number: number,
    readonly method: string,
    private readonly numberStart: number,
    private readonly numberEnd: number,
    private readonly methodStart: number,
  ) {}
  get numberRange(): Range {
    return { start: this.numberStart, end: this.numberEnd };
  }
  get methodRange(): Range {
    return { start: this.methodStart, end: this.methodStart + this.method.length };
  }
}

// ---------------------------------------------------------------------------------------------

/** A range trimmed of white space at both ends; empty at its start when it holds none. */
function trimmed(text: string, start: number, end: number): Range {
  const s = skipWs(text, start, end);
  return s === end ? { start, end: start } : { start: s, end: trimEnd(text, s, end) };
}

/**
 * The end of the list element that starts at `p`: its top-level comma, or `end`. Commas inside
 * quotes and `<...>` do not end it.
 */
function elementEnd(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 44) return p;
    if (c === 34) {
      p = quotedEnd(text, p, end);
    } else if (c === 60) {
      p++;
      while (p < end && text.charCodeAt(p) !== 62) p++;
    } else {
      p++;
    }
  }
  return end;
}

/**
 * Reports the empty list element at `at` on the comma next to it; callers report a run of them
 * once. The list is `[listStart, listEnd)`.
 */
function reportEmptyElement(text: string, at: number, listStart: number, listEnd: number, errors: ValueError[], message: string): void {
  // The element starts just after its comma, or at the list start when the comma follows it.
  const before = at - 1;
  if (before >= listStart && text.charCodeAt(before) === 44) {
    addError(errors, before, at, message);
    return;
  }
  let comma = at;
  while (comma < listEnd && text.charCodeAt(comma) !== 44) comma++;
  addError(errors, comma, Math.min(comma + 1, listEnd), message);
}

/**
 * The end of a quoted string that opens at `p`: just after its closing quote, or -1 when it has
 * none before `end` (it then runs to `end`). A number rather than an object: it is read for every
 * quoted string.
 */
function skipQuoted(text: string, p: number, end: number): number {
  p++;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 92) p += 2;
    else if (c === 34) return p + 1;
    else p++;
  }
  return -1;
}

/** The end of a quoted string that opens at `p`, closed or not. */
function quotedEnd(text: string, p: number, end: number): number {
  const q = skipQuoted(text, p, end);
  return q < 0 ? end : q;
}


/**
 * Reads `;name[=value]` header parameters (generic-param, RFC 3261 25.1) from `p` with white
 * space allowed around `;` and `=`. Returns where it stopped: the end, or a character that is
 * not a `;` where the caller expected one (the caller reports it).
 */
function scanHeaderParams(text: string, p: number, end: number, out: Collector<ParamNode>, errors: ValueError[]): number {
  for (;;) {
    p = skipWs(text, p, end);
    if (p >= end || text.charCodeAt(p) !== 59) return p;
    const semi = p;
    p = skipWs(text, p + 1, end);
    const nameStart = p;
    while (p < end && isClass(text.charCodeAt(p), Cc.Token)) p++;
    const nameEnd = p;
    if (nameEnd === nameStart) {
      if (p >= end || text.charCodeAt(p) === 59) {
        // A run of empty parameters (';;;') is one mistake; reading resumes at its last ';'.
        let q = p;
        let lastSemi = semi;
        while (q < end && (text.charCodeAt(q) === 59 || isWs(text.charCodeAt(q)))) {
          if (text.charCodeAt(q) === 59) lastSemi = q;
          q++;
        }
        addError(errors, semi, lastSemi + 1, "empty parameter after ';'");
        p = q >= end ? end : lastSemi;
        if (p === semi) p = q;
        continue;
      }
      addError(errors, p, p + 1, `expected a parameter name, found '${charAt(text, p)}'`);
      p = skipToSemicolon(text, p, end);
      continue;
    }
    let value: string | undefined;
    let valueStart = -1;
    let q = skipWs(text, p, end);
    if (q < end && text.charCodeAt(q) === 61) {
      q = skipWs(text, q + 1, end);
      valueStart = q;
      if (q < end && text.charCodeAt(q) === 34) {
        const closing = skipQuoted(text, q, end);
        if (closing < 0) addError(errors, q, end, 'the quoted parameter value has no closing quote');
        q = closing < 0 ? end : closing;
      } else {
        while (q < end && isClass(text.charCodeAt(q), Cc.GenValue)) q++;
      }
      if (q === valueStart) addError(errors, valueStart - 1, valueStart, `the parameter '${text.slice(nameStart, nameEnd)}' has '=' but no value`);
      value = text.slice(valueStart, q);
      p = q;
    }
    out.add(new ParamNode(paramName(text, nameStart, nameEnd), value, nameStart, nameEnd, valueStart));
    const after = skipWs(text, p, end);
    if (after < end && text.charCodeAt(after) !== 59) {
      addError(errors, after, after + 1, `unexpected '${charAt(text, after)}' in the parameters`);
      p = skipToSemicolon(text, after, end);
    }
  }
}

/** The next `;` at or after `p` outside a quoted string, or `end`. */
function skipToSemicolon(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 59) return p;
    p = c === 34 ? quotedEnd(text, p, end) : p + 1;
  }
  return end;
}

/** Reads a token from `p`; returns its end. */
function scanToken(text: string, p: number, end: number): number {
  while (p < end && isClass(text.charCodeAt(p), Cc.Token)) p++;
  return p;
}

/**
 * Reads one Via value `[start, end)` (trimmed). Returns undefined when not even the protocol
 * could be read; the errors say why.
 */
function scanVia(text: string, start: number, end: number, errors: ValueError[]): ViaValue | undefined {
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport, SLASH = SWS "/" SWS.
  const nameStart = start;
  let p = scanToken(text, start, end);
  const nameEnd = p;
  if (nameEnd === nameStart) {
    addError(errors, start, start + 1, `expected 'SIP/2.0/<transport>' at the start of the Via value, found '${charAt(text, start)}'`);
    return undefined;
  }
  // The version and the transport: each after a '/' with optional white space around it.
  let spaced = false;
  let versionStart = 0;
  let versionEnd = 0;
  let transportStart = 0;
  for (let i = 0; i < 2; i++) {
    const q = skipWs(text, p, end);
    if (q >= end || text.charCodeAt(q) !== 47) {
      addError(errors, q, Math.min(q + 1, end), `expected '/' in the Via protocol ('SIP/2.0/UDP')`);
      return undefined;
    }
    const tokenStart = skipWs(text, q + 1, end);
    if (q !== p || tokenStart !== q + 1) spaced = true;
    p = scanToken(text, tokenStart, end);
    if (p === tokenStart) {
      addError(errors, tokenStart, Math.min(tokenStart + 1, end), i === 0 ? 'the Via protocol version is missing' : 'the Via transport is missing');
      return undefined;
    }
    if (i === 0) {
      versionStart = tokenStart;
      versionEnd = p;
    } else {
      transportStart = tokenStart;
    }
  }
  const protocolEnd = p;
  let protocolName: string;
  let version: string;
  let transport: string;
  let protocol: string;
  // Nearly every Via says `SIP/2.0/UDP` or another common transport in upper case: its strings
  // are shared rather than sliced.
  const common = spaced || transportStart !== start + 8 || !startsAt(text, start, transportStart, 'SIP/2.0/') ? -1 : commonTransport(text, transportStart, p);
  if (common >= 0) {
    protocolName = 'SIP';
    version = '2.0';
    transport = TRANSPORTS[common];
    protocol = PROTOCOLS[common];
  } else {
    protocolName = text.slice(nameStart, nameEnd);
    version = text.slice(versionStart, versionEnd);
    const transportWritten = text.slice(transportStart, p);
    transport = upperCase(transportWritten);
    protocol = spaced ? `${protocolName}/${version}/${transportWritten}` : text.slice(start, p);
  }
  const hostStart = skipWs(text, p, end);
  if (hostStart === p && hostStart < end) {
    addError(errors, p, p + 1, 'expected white space between the Via protocol and the sent-by');
  }
  if (hostStart >= end || text.charCodeAt(hostStart) === 59) {
    addError(errors, p, Math.max(p, Math.min(hostStart + 1, end)), 'the Via has no sent-by host');
  }
  const sentBy = scanHostPort(text, hostStart, end, true, errors);
  p = sentBy.stop;
  const stop = scanHeaderParams(text, p, end, headerParams, errors);
  if (stop < end) addError(errors, stop, stop + 1, `unexpected '${charAt(text, stop)}' after the Via sent-by`);
  if (stop < end) scanHeaderParams(text, skipToSemicolon(text, stop, end), end, headerParams, errors);
  const params = headerParams.take(NO_PARAMS);
  const branch = findParam(params, 'branch');
  const received = findParam(params, 'received');
  const rport = findParam(params, 'rport');
  const maddr = findParam(params, 'maddr');
  checkViaParams(text, params, branch, received, rport, maddr, errors);
  return new ViaNode(protocol, protocolName, version, transport, sentBy, params, branch, received, rport, maddr, start, end, protocolEnd);
}

/** A Via value as {@link scanVia} builds it: offsets kept as numbers, ranges made when read. */
class ViaNode implements ViaValue {
  constructor(
    readonly protocol: string,
    readonly protocolName: string,
    readonly version: string,
    readonly transport: string,
    readonly sentBy: HostPort,
    readonly params: readonly Param[],
    readonly branch: Param | undefined,
    readonly received: Param | undefined,
    readonly rport: Param | undefined,
    readonly maddr: Param | undefined,
    private readonly start: number,
    private readonly end: number,
    /** Where the protocol ends; it starts at `start`. */
    private readonly protocolEnd: number,
  ) {}
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get protocolRange(): Range {
    return { start: this.start, end: this.protocolEnd };
  }
}

/** The header parameters of the value being read; see {@link Collector}. */
const headerParams = new Collector<ParamNode>();

/** The common transports, and the sent-protocols that carry them, shared instead of sliced. */
const TRANSPORTS = ['UDP', 'TCP', 'TLS', 'SCTP', 'TLS-SCTP', 'WS', 'WSS'];
const PROTOCOLS = TRANSPORTS.map((t) => `SIP/2.0/${t}`);

/** The index in {@link TRANSPORTS} of the transport `[start, end)` as written, or -1. */
function commonTransport(text: string, start: number, end: number): number {
  for (let n = 0; n < TRANSPORTS.length; n++) {
    const candidate = TRANSPORTS[n];
    if (candidate.length === end - start && startsAt(text, start, end, candidate)) return n;
  }
  return -1;
}

/** `s` in upper case, without a copy when it already is. */
function upperCase(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}

/** The first parameter named `name`. */
function findParam(params: readonly ParamNode[], name: string): ParamNode | undefined {
  for (let i = 0; i < params.length; i++) if (params[i].name === name) return params[i];
  return undefined;
}

/**
 * Checks the values of the Via parameters RFC 3261 and RFC 3581 define. It reads the parameters'
 * offsets, not their ranges, which would be objects made for each read.
 */
function checkViaParams(
  text: string,
  params: readonly ParamNode[],
  branch: ParamNode | undefined,
  received: ParamNode | undefined,
  rport: ParamNode | undefined,
  maddr: ParamNode | undefined,
  errors: ValueError[],
): void {
  // An empty value after '=' was reported with the parameter; here only a missing one is.
  if (branch !== undefined && branch.value === undefined) addError(errors, branch.nameStart, branch.rangeEnd, "the 'branch' parameter needs a value");
  if (received !== undefined) {
    const { valueStart: s0, valueEnd: e0 } = received;
    if (s0 < 0) {
      addError(errors, received.nameStart, received.rangeEnd, "the 'received' parameter needs an IP address");
    } else if (s0 < e0) {
      // RFC 5118 4.5: accept an IPv6 address with or without brackets.
      const bracketed = text.charCodeAt(s0) === 91 && text.charCodeAt(e0 - 1) === 93;
      const s = bracketed ? s0 + 1 : s0;
      const e = bracketed ? e0 - 1 : e0;
      if (!((!bracketed && isIPv4(text, s, e)) || isIPv6(text, s, e))) {
        addError(errors, s0, e0, "the 'received' parameter must be an IP address");
      }
    }
  }
  if (rport !== undefined && rport.valueStart >= 0 && rport.valueStart < rport.valueEnd) {
    const { valueStart: s, valueEnd: e } = rport;
    let value = 0;
    let ok = e - s <= 5;
    for (let i = s; ok && i < e; i++) {
      const c = text.charCodeAt(i);
      if (isClass(c, Cc.Digit)) value = value * 10 + (c - 48);
      else ok = false;
    }
    if (!ok || value > 65535) addError(errors, s, e, "the 'rport' parameter must be empty or a port (0-65535)");
  }
  if (maddr !== undefined) {
    const { valueStart: s, valueEnd: e } = maddr;
    if (s < 0) {
      addError(errors, maddr.nameStart, maddr.rangeEnd, "the 'maddr' parameter needs a host");
    } else if (s < e) {
      const host = scanHostPort(text, s, e, false, errors);
      if (host.stop < e || host.port !== undefined) {
        addError(errors, s, e, "the 'maddr' parameter must be a host without a port");
      }
    }
  }
  const ttl = findParam(params, 'ttl');
  if (ttl !== undefined) {
    const v = ttl.value ?? '';
    let ok = v.length > 0 && v.length <= 3;
    for (let i = 0; ok && i < v.length; i++) ok = isClass(v.charCodeAt(i), Cc.Digit);
    if (!ok || Number(v) > 255) addError(errors, ttl.nameStart, ttl.rangeEnd, "the 'ttl' parameter must be a number 0-255");
  }
}

/** The first `<` at or after `p` outside quoted strings, or -1. */
function findLaquot(text: string, p: number, end: number): number {
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c === 60) return p;
    p = c === 34 ? quotedEnd(text, p, end) : p + 1;
  }
  return -1;
}

/** Decodes the quoted-pairs of a quoted string's content `[start, end)`. */
function unquote(text: string, start: number, end: number): string {
  let slash = start;
  while (slash < end && text.charCodeAt(slash) !== 92) slash++;
  if (slash >= end) return text.slice(start, end);
  let out = '';
  let runStart = start;
  for (let p = slash; p < end; p++) {
    if (text.charCodeAt(p) !== 92) continue;
    out += text.slice(runStart, p);
    runStart = p + 1;
    p++;
  }
  return out + text.slice(runStart, end);
}

/** Reads a name-addr or an addr-spec with its header parameters from `[start, end)`. */
function scanNameAddr(text: string, start: number, rawEnd: number, errors: ValueError[]): NameAddr {
  const end = trimEnd(text, start, rawEnd);
  const first = skipWs(text, start, end);
  if (first >= end) {
    addError(errors, start, rawEnd, 'expected a URI or a name-addr, found nothing');
    return new NameAddrNode(text, false, emptyUri(start), NO_PARAMS, start, start, DisplayName.None, -1);
  }
  let nameKind = DisplayName.None;
  let nameEnd = -1;
  let laquot = -1;
  if (text.charCodeAt(first) === 34) {
    // A quoted display name, then '<'.
    const closing = skipQuoted(text, first, end);
    if (closing >= 0) {
      nameKind = DisplayName.Quoted;
      nameEnd = closing;
      laquot = skipWs(text, closing, end);
      if (laquot >= end || text.charCodeAt(laquot) !== 60) {
        addError(errors, laquot, Math.min(laquot + 1, end), "expected '<' after the display name");
        const found = findLaquot(text, laquot, end);
        if (found < 0) return new NameAddrNode(text, false, emptyUri(first), NO_PARAMS, first, end, nameKind, nameEnd);
        laquot = found;
      }
    } else {
      // Unterminated: the quote may be inferred only when a '<' follows (RFC 4475 3.1.2.7).
      addError(errors, first, end, 'the display name has no closing quote');
      laquot = first;
      while (laquot < end && text.charCodeAt(laquot) !== 60) laquot++;
      if (laquot >= end) return new NameAddrNode(text, false, emptyUri(first), NO_PARAMS, first, end, DisplayName.None, -1);
      nameKind = DisplayName.Unclosed;
      nameEnd = trimEnd(text, first, laquot);
    }
  } else {
    laquot = findLaquot(text, first, end);
    if (laquot > first) {
      // A display name of tokens separated by white space.
      nameKind = DisplayName.Token;
      nameEnd = trimEnd(text, first, laquot);
      for (let i = first; i < nameEnd; i++) {
        const c = text.charCodeAt(i);
        if (!isClass(c, Cc.Token) && !isWs(c)) {
          addError(errors, i, i + 1, `'${charAt(text, i)}' in a display name requires the name to be quoted`);
          break;
        }
      }
    }
  }
  let uri: SipUri;
  let p: number;
  const bracketed = laquot >= 0;
  if (bracketed) {
    let raquot = laquot + 1;
    while (raquot < end && text.charCodeAt(raquot) !== 62) raquot++;
    if (raquot >= end) addError(errors, laquot, end, "the '<' has no matching '>'");
    const innerStart = skipWs(text, laquot + 1, raquot);
    const innerEnd = trimEnd(text, innerStart, raquot);
    if (innerStart > laquot + 1 || innerEnd < raquot) {
      // RFC 4475 3.1.2.10: tolerated by liberal parsers, still a mistake.
      const wsStart = innerStart > laquot + 1 ? laquot + 1 : innerEnd;
      addError(errors, wsStart, innerStart > laquot + 1 ? innerStart : raquot, "white space is not allowed inside '<' '>'");
    }
    uri = scanUri(text, innerStart, innerEnd, 'whole', errors);
    p = raquot < end ? raquot + 1 : end;
  } else {
    const addrSpec = scanUri(text, first, end, 'addr-spec', errors);
    uri = addrSpec;
    p = addrSpec.stop;
  }
  const stop = scanHeaderParams(text, p, end, headerParams, errors);
  if (stop < end) {
    addError(errors, stop, stop + 1, `unexpected '${charAt(text, stop)}' after the ${bracketed ? "'>'" : 'URI'}`);
    scanHeaderParams(text, skipToSemicolon(text, stop, end), end, headerParams, errors);
  }
  const params = headerParams.take(NO_PARAMS);
  return new NameAddrNode(text, bracketed, uri, params, first, end, nameKind, nameEnd);
}

/** How a display name was written, which tells how to read its text. */
const enum DisplayName {
  None,
  /** Tokens and white space, read as written. */
  Token,
  /** A quoted string: its content, quoted-pairs decoded. */
  Quoted,
  /** A quoted string with no closing quote (a '<' follows): the rest, quoted-pairs decoded. */
  Unclosed,
}

/**
 * A name-addr as {@link scanNameAddr} builds it: offsets kept as numbers, ranges and the display
 * name made when read (the rules never read the display name).
 */
class NameAddrNode implements NameAddr {
  constructor(
    /** The document the offsets point into. */
    private readonly text: string,
    readonly bracketed: boolean,
    readonly uri: SipUri,
    readonly params: readonly Param[],
    private readonly start: number,
    private readonly end: number,
    private readonly nameKind: DisplayName,
    /** The end of the display name as written, quotes included; it starts where the value does. */
    private readonly nameEnd: number,
  ) {}
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get displayName(): string | undefined {
    switch (this.nameKind) {
      case DisplayName.Token:
        return this.text.slice(this.start, this.nameEnd);
      case DisplayName.Quoted:
        return unquote(this.text, this.start + 1, this.nameEnd - 1);
      case DisplayName.Unclosed:
        return unquote(this.text, this.start + 1, this.nameEnd);
      default:
        return undefined;
    }
  }
  get displayNameRange(): Range | undefined {
    return this.nameKind === DisplayName.None ? undefined : { start: this.start, end: this.nameEnd };
  }
}
