/**
 * URI and host parsers: sip, sips and tel URIs (RFC 3261 19.1, RFC 3966), IPv6 references
 * per RFC 5118, and host:port pairs. They read a range of the document text and return the
 * value plus errors; they never throw.
 *
 * Every scanner walks the text once with `charCodeAt` and a table of character classes, so the
 * cost is linear in the length of the range whatever the input. Where the grammar is broken the
 * scanners report one error for the broken component, keep the characters in it, and go on.
 */
import type { Parsed, Range, ValueError } from '../types';

/** `name` or `name=value`, as in URI, Via and Contact parameters. */
export interface Param {
  /** Lower-case name. */
  readonly name: string;
  readonly nameRange: Range;
  /** The value as written (quotes kept); undefined for a bare `;lr`. */
  readonly value: string | undefined;
  readonly valueRange: Range | undefined;
  /** From the name to the end of the value, without the leading `;`. */
  readonly range: Range;
}

export interface HostPort {
  /** The host as written, without IPv6 brackets. */
  readonly host: string;
  readonly hostRange: Range;
  readonly hostKind: 'ipv4' | 'ipv6' | 'domain';
  /** True when an IPv6 host was written in `[...]`. */
  readonly bracketed: boolean;
  /** The port; undefined when absent, and when out of range (an error says so). */
  readonly port: number | undefined;
  readonly portRange: Range | undefined;
  /** From the host (its `[` for IPv6) to the end of the port. */
  readonly range: Range;
}

export interface SipUri {
  readonly range: Range;
  /** Lower-case scheme: `sip`, `sips`, `tel`, or another (kept, not an error). Empty when missing. */
  readonly scheme: string;
  /** The user part as written (escapes kept); the number of a tel URI. */
  readonly user: string | undefined;
  readonly userRange: Range | undefined;
  readonly password: string | undefined;
  /** Undefined for tel URIs and unknown schemes. */
  readonly host: HostPort | undefined;
  readonly params: readonly Param[];
  /** `?name=value&...` URI headers. */
  readonly headers: readonly Param[];
}

/**
 * A parameter as the scanners build it: offsets kept as numbers, ranges made when read, so that
 * a message's many parameters cost one object each. The value is the text it spans, so its end
 * follows from its start, and the parameter ends where its value does, or else where its name does.
 */
export class ParamNode implements Param {
  constructor(
    readonly name: string,
    readonly value: string | undefined,
    /** The offsets of {@link nameRange}, for the scanners' own checks as the ones below. */
    readonly nameStart: number,
    readonly nameEnd: number,
    /** Where the value starts; -1 when there is none. */
    readonly valueStart: number,
  ) {}
  /** Where the value ends; -1 when there is none. */
  get valueEnd(): number {
    return this.value === undefined ? -1 : this.valueStart + this.value.length;
  }
  /** Where {@link range} ends. */
  get rangeEnd(): number {
    return this.value === undefined ? this.nameEnd : this.valueStart + this.value.length;
  }
  get nameRange(): Range {
    return { start: this.nameStart, end: this.nameEnd };
  }
  get valueRange(): Range | undefined {
    return this.value === undefined ? undefined : { start: this.valueStart, end: this.valueEnd };
  }
  get range(): Range {
    return { start: this.nameStart, end: this.rangeEnd };
  }
}

/**
 * A host and port as the scanners build it; ranges are made when read. The host's offsets follow
 * from the others: it starts at the range's start, after the `[` when bracketed, and `host` is its
 * text; a port written ends the range.
 */
class HostPortNode implements HostPort {
  constructor(
    readonly host: string,
    readonly hostKind: 'ipv4' | 'ipv6' | 'domain',
    readonly bracketed: boolean,
    readonly port: number | undefined,
    private readonly rangeStart: number,
    /** -1 when no port was written. */
    private readonly portStart: number,
    private readonly rangeEnd: number,
  ) {}
  get hostRange(): Range {
    const start = this.bracketed ? this.rangeStart + 1 : this.rangeStart;
    return { start, end: start + this.host.length };
  }
  get portRange(): Range | undefined {
    return this.portStart < 0 ? undefined : { start: this.portStart, end: this.rangeEnd };
  }
  get range(): Range {
    return { start: this.rangeStart, end: this.rangeEnd };
  }
  /** Where reading stopped: the end of `range`, without building it. */
  get stop(): number {
    return this.rangeEnd;
  }
}

/**
 * A URI as the scanners build it: offsets kept as numbers, ranges and the user part made when read
 * (the rules never read the user part; a URI in every From, To and Contact would slice it).
 */
class SipUriNode implements SipUri {
  constructor(
    /** The document the offsets point into. */
    private readonly text: string,
    readonly scheme: string,
    readonly host: HostPort | undefined,
    readonly params: readonly Param[],
    readonly headers: readonly Param[],
    private readonly start: number,
    /** Where the URI ends: where reading stopped. */
    readonly stop: number,
    /** -1 when there is no user part. */
    private readonly userStart: number,
    private readonly userEnd: number,
    /** The end of the password, which starts after the `:` at `userEnd`; -1 when there is none. */
    private readonly passwordEnd: number,
  ) {}
  get range(): Range {
    return { start: this.start, end: this.stop };
  }
  get user(): string | undefined {
    return this.userStart < 0 ? undefined : this.text.slice(this.userStart, this.userEnd);
  }
  get userRange(): Range | undefined {
    return this.userStart < 0 ? undefined : { start: this.userStart, end: this.userEnd };
  }
  get password(): string | undefined {
    return this.passwordEnd < 0 ? undefined : this.text.slice(this.userEnd + 1, this.passwordEnd);
  }
}

/** A URI with nothing in it at `at`, for values too broken to read. */
export function emptyUri(at: number): SipUri {
  return new SipUriNode('', '', undefined, NO_PARAMS, NO_PARAMS, at, at, -1, -1, -1);
}

/** The parameter list of a value that has none: one shared, frozen array. */
export const NO_PARAMS: readonly ParamNode[] = Object.freeze([]);

/**
 * Collects the items of one list (a value's parameters) and is reused for the next list: the
 * value keeps a copy at its exact size. An array grown by `push` keeps room for 16 items or more
 * while most lists hold one to three, so a list copied out at its size costs half or less. Lists of one
 * kind are never read nested, so each kind has one collector.
 */
export class Collector<T> {
  private readonly items: (T | undefined)[] = [];
  private count = 0;

  get length(): number {
    return this.count;
  }

  add(item: T): void {
    this.items[this.count++] = item;
  }

  /** The items added since the last take, in a list of their own (`none` when there are none). */
  take(none: readonly T[]): readonly T[] {
    const count = this.count;
    if (count === 0) return none;
    const items = this.items;
    // Array literals for the usual short lists: made inline, where slice is a builtin call.
    const list = (count === 1 ? [items[0]] : count === 2 ? [items[0], items[1]] : count === 3 ? [items[0], items[1], items[2]] : items.slice(0, count)) as T[];
    // Let go of the items, so that the collector keeps no document alive; the room stays.
    for (let i = 0; i < count; i++) items[i] = undefined;
    this.count = 0;
    return list;
  }
}

/** Parameter names common enough to share one string instead of slicing each. */
const COMMON_PARAM_NAMES = ['tag', 'branch', 'rport', 'received', 'lr', 'transport', 'user', 'expires', 'q', 'maddr', 'ttl', 'ob', 'ftag', 'did'];

/** The lower-case name at `[start, end)`, shared when it is one of {@link COMMON_PARAM_NAMES}. */
export function paramName(text: string, start: number, end: number): string {
  const length = end - start;
  for (let n = 0; n < COMMON_PARAM_NAMES.length; n++) {
    const name = COMMON_PARAM_NAMES[n];
    if (name.length !== length) continue;
    // `| 0x20` lower-cases a letter; the names are all letters, so nothing else can match.
    let k = 0;
    while (k < length && (text.charCodeAt(start + k) | 0x20) === name.charCodeAt(k)) k++;
    if (k === length) return name;
  }
  return lowerSlice(text, start, end);
}

/**
 * The string of `common` that `[start, end)` spells, compared in place, or undefined: common values
 * then share one string instead of a slice each. With `ignoreCase` ASCII letters match in either
 * case, and the string returned is the one in `common`.
 */
export function findCommon(text: string, start: number, end: number, common: readonly string[], ignoreCase: boolean): string | undefined {
  const length = end - start;
  for (let n = 0; n < common.length; n++) {
    const candidate = common[n];
    if (candidate.length !== length) continue;
    let k = 0;
    if (ignoreCase) {
      while (k < length && foldCase(text.charCodeAt(start + k)) === foldCase(candidate.charCodeAt(k))) k++;
    } else {
      while (k < length && text.charCodeAt(start + k) === candidate.charCodeAt(k)) k++;
    }
    if (k === length) return candidate;
  }
  return undefined;
}

/** An ASCII letter's code in lower case; any other code as it is. */
function foldCase(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** Parses the URI in `text` at `range`. */
export function parseUri(text: string, range: Range): Parsed<SipUri> {
  const errors = startErrors();
  const end = clampEnd(text, range);
  const value = scanUri(text, clampStart(range, end), end, 'whole', errors);
  return { value, errors: takeErrors(errors) };
}

/** Parses `host[:port]` (a Via sent-by, a URI host part) at `range`, white space around it ignored. */
export function parseHostPort(text: string, range: Range): Parsed<HostPort> {
  const errors = startErrors();
  const clampedEnd = clampEnd(text, range);
  const start = skipWs(text, clampStart(range, clampedEnd), clampedEnd);
  const end = trimEnd(text, start, clampedEnd);
  const hostPort = scanHostPort(text, start, end, true, errors);
  const stop = hostPort.stop;
  if (stop < end) addError(errors, stop, end, `unexpected '${charAt(text, stop)}' after the host`);
  return { value: hostPort, errors: takeErrors(errors) };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared with values.ts. They are exported for the header value parsers only; they are
// not part of the core's public surface.
// ---------------------------------------------------------------------------------------------

/** Character class bits, looked up in {@link charClass} for codes below 128. */
export const enum Cc {
  Alpha = 1 << 0,
  Digit = 1 << 1,
  Hex = 1 << 2,
  /** RFC 3261 `unreserved`: alphanum and `-_.!~*'()`. */
  Unreserved = 1 << 3,
  /** `unreserved` plus `user-unreserved` (`&=+$,;?/`). */
  User = 1 << 4,
  /** `unreserved` plus `&=+$,`. */
  Password = 1 << 5,
  /** `paramchar` without escapes: `unreserved` plus `[]/:&+$`. */
  ParamChar = 1 << 6,
  /** `hnv-unreserved` plus `unreserved`: `[]/?:+$`. */
  HeaderChar = 1 << 7,
  /** RFC 3261 `token`: alphanum and `-.!%*_+\`'~`. */
  Token = 1 << 8,
  /** Scheme characters after the first: alphanum and `+-.`. */
  Scheme = 1 << 9,
  /** Host name characters: alphanum, `-`, `.`, and `_` (seen in the wild, accepted). */
  Domain = 1 << 10,
  /** Characters of an IPv6 literal: hex digits, `:` and `.`. */
  Ipv6 = 1 << 11,
  /** Characters of a tel number: hex digits, `*#+-.()`. */
  Tel = 1 << 12,
  /** Characters an opaque URI of another scheme may hold, besides escapes. */
  Opaque = 1 << 13,
  /** Digits and `.`: a host of these only must be an IPv4 address. */
  DigitDot = 1 << 14,
  /** What a header parameter value may hold unquoted: token or host (`token` plus `:[]`). */
  GenValue = 1 << 15,
}

/** Every class bit: what a run of no character has in common. */
const ALL_CLASSES = 0xffff;

/** Class bits for each ASCII code. */
export const charClass: Uint16Array = buildCharClass();

function buildCharClass(): Uint16Array {
  const table = new Uint16Array(128);
  const mark = (chars: string, bits: number): void => {
    for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] |= bits;
  };
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const alpha = upper + upper.toLowerCase();
  const digit = '0123456789';
  const alnum = alpha + digit;
  const mark2 = "-_.!~*'()";
  mark(alpha, Cc.Alpha);
  mark(digit, Cc.Digit);
  mark(digit + 'abcdefABCDEF', Cc.Hex);
  mark(alnum + mark2, Cc.Unreserved | Cc.User | Cc.Password | Cc.ParamChar | Cc.HeaderChar | Cc.Opaque);
  mark('&=+$,;?/', Cc.User);
  mark('&=+$,', Cc.Password);
  mark('[]/:&+$', Cc.ParamChar);
  mark('[]/?:+$', Cc.HeaderChar);
  mark(alnum + "-.!%*_+`'~", Cc.Token);
  mark(alnum + '+-.', Cc.Scheme);
  mark(alnum + '-._', Cc.Domain);
  mark(digit + 'abcdefABCDEF:.', Cc.Ipv6);
  mark(digit + 'abcdefABCDEF*#+-.()', Cc.Tel);
  mark(";/?:@&=+$,[]#", Cc.Opaque);
  mark(digit + '.', Cc.DigitDot);
  mark(alnum + "-.!%*_+`'~:[]", Cc.GenValue);
  return table;
}

/** True when `code` is an ASCII character of class `bits`. */
export function isClass(code: number, bits: number): boolean {
  return code < 128 && (charClass[code] & bits) !== 0;
}

/** SP, HT, CR or LF: white space inside a header value, folded continuation lines included. */
export function isWs(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}

/** The first offset at or after `pos` (and before `end`) that is not white space. */
export function skipWs(text: string, pos: number, end: number): number {
  while (pos < end && isWs(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The offset just after the last non-white-space character of `[start, end)`. */
export function trimEnd(text: string, start: number, end: number): number {
  while (end > start && isWs(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * The end of a caller's range clamped into the text, so that no scanner reads outside it. The
 * two ends are clamped apart, so that no object is made for the clamped range.
 */
export function clampEnd(text: string, range: Range): number {
  return Math.max(0, Math.min(range.end | 0, text.length));
}

/** The start of a caller's range clamped into `[0, end]`, where `end` comes from {@link clampEnd}. */
export function clampStart(range: Range, end: number): number {
  return Math.max(0, Math.min(range.start | 0, end));
}

/** The errors of a value that has none: one shared, frozen array. */
export const NO_ERRORS: readonly ValueError[] = Object.freeze([]);

/**
 * The list every parse function collects its errors in. Parse functions never nest and read a
 * value completely before returning, so one list serves them all; most values have no error, and
 * {@link takeErrors} copies a value's errors out only when there are some.
 */
const errorScratch: ValueError[] = [];

/** The emptied shared error list, for a parse function to collect one value's errors in. */
export function startErrors(): ValueError[] {
  // Setting an array's length is a runtime call; the list is nearly always empty already.
  if (errorScratch.length !== 0) errorScratch.length = 0;
  return errorScratch;
}

/** The errors collected since {@link startErrors}, as a list of their own; empties the shared one. */
export function takeErrors(errors: ValueError[]): readonly ValueError[] {
  if (errors.length === 0) return NO_ERRORS;
  const copy = errors.slice();
  errors.length = 0;
  return copy;
}

/**
 * Records an error unless one already starts at the same offset: a scanner never reports twice
 * at one place.
 */
export function addError(errors: ValueError[], start: number, end: number, message: string): void {
  const last = errors.length > 0 ? errors[errors.length - 1] : undefined;
  if (last !== undefined && last.range.start === start) return;
  errors.push({ message, range: { start, end: Math.max(start, end) } });
}

/** The character at `pos` for a message, with controls and white space named. */
export function charAt(text: string, pos: number): string {
  const code = text.charCodeAt(pos);
  if (code === 32) return 'space';
  if (code === 9) return 'tab';
  if (code === 13 || code === 10) return 'line break';
  if (code < 32 || code === 127) return `\\x${code.toString(16).padStart(2, '0')}`;
  const cp = text.codePointAt(pos);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** `text.slice(start, end)` in lower case, without a copy when it already is. */
export function lowerSlice(text: string, start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) return text.slice(start, end).toLowerCase();
  }
  return text.slice(start, end);
}

/** True when `[start, end)` is a dotted-quad IPv4 address with each part 0-255. */
export function isIPv4(text: string, start: number, end: number): boolean {
  let parts = 0;
  let p = start;
  while (p <= end) {
    let value = 0;
    let digits = 0;
    while (p < end && isClass(text.charCodeAt(p), Cc.Digit)) {
      value = value * 10 + (text.charCodeAt(p) - 48);
      digits++;
      p++;
      if (digits > 3) return false;
    }
    if (digits === 0 || value > 255) return false;
    parts++;
    if (p === end) return parts === 4;
    if (text.charCodeAt(p) !== 46 || parts === 4) return false;
    p++;
  }
  return false;
}

/**
 * True when `[start, end)` is an IPv6 address (RFC 4291 text form, with an optional IPv4 tail).
 * It also accepts the three-colon form `2001:db8:::192.0.2.1` that RFC 3261's ABNF allows by
 * mistake: RFC 5118 4.10 asks implementations to tolerate it.
 */
export function isIPv6(text: string, start: number, end: number): boolean {
  let p = start;
  let groups = 0;
  let compressed = false;
  let ipv4Required = false;
  if (end - start >= 2 && text.charCodeAt(p) === 58 && text.charCodeAt(p + 1) === 58) {
    compressed = true;
    p += 2;
    if (p === end) return true;
  }
  for (;;) {
    let q = p;
    while (q < end && isClass(text.charCodeAt(q), Cc.Hex)) q++;
    if (q < end && text.charCodeAt(q) === 46) {
      // A dotted IPv4 tail ends the address and stands for two groups.
      if (!isIPv4(text, p, end)) return false;
      groups += 2;
      break;
    }
    if (ipv4Required) return false;
    const length = q - p;
    if (length < 1 || length > 4) return false;
    groups++;
    p = q;
    if (p === end) break;
    if (text.charCodeAt(p) !== 58) return false;
    p++;
    if (p < end && text.charCodeAt(p) === 58) {
      if (compressed) return false;
      compressed = true;
      p++;
      if (p === end) break;
      if (text.charCodeAt(p) === 58) {
        // RFC 3261's `hexpart ":" IPv4address` after a `::`: tolerated, IPv4 must follow.
        ipv4Required = true;
        p++;
      }
    } else if (p === end) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}

/** Where a URI is read, which decides where it ends. */
export type UriMode =
  /** The range is the URI and nothing else (a Request-URI, the inside of `<...>`). */
  | 'whole'
  /**
   * An addr-spec outside `<...>` (RFC 3261 20.10): the URI ends at white space or at the first
   * `;` after the host, because what follows is header parameters.
   */
  | 'addr-spec';

/**
 * Reads a URI from `start`. In `whole` mode it reads up to `end` and reports anything that does
 * not belong; in `addr-spec` mode it stops where header parameters may begin. The URI's range
 * ends where reading stopped, which `stop` tells without making the range.
 */
export function scanUri(text: string, start: number, end: number, mode: UriMode, errors: ValueError[]): SipUri & { readonly stop: number } {
  // The scheme: ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":".
  let p = start;
  if (p < end && isClass(text.charCodeAt(p), Cc.Alpha)) {
    p++;
    while (p < end && isClass(text.charCodeAt(p), Cc.Scheme)) p++;
  }
  if (p === start || p >= end || text.charCodeAt(p) !== 58) {
    const what = start < end ? `'${charAt(text, start)}'` : 'nothing';
    addError(errors, start, Math.max(p, Math.min(start + 1, end)), `expected a URI scheme such as 'sip:', found ${what}`);
    return scanOpaque(text, start, start, end, '', mode, errors);
  }
  const scheme = findCommon(text, start, p, SCHEMES, true) ?? lowerSlice(text, start, p);
  p++;
  if (scheme === 'sip' || scheme === 'sips') return scanSipUri(text, start, p, end, scheme, mode, errors);
  if (scheme === 'tel') return scanTelUri(text, start, p, end, mode, errors);
  return scanOpaque(text, start, p, end, scheme, mode, errors);
}

/** The schemes the scanners know, shared instead of sliced. */
const SCHEMES = ['sip', 'sips', 'tel'];

/** Per-URI state for reporting: one error for white space, one for each broken component. */
interface UriScan {
  text: string;
  end: number;
  mode: UriMode;
  errors: ValueError[];
  wsReported: boolean;
}

/**
 * The one {@link UriScan}, reset for each URI: URI scanners never nest, and a URI is read
 * completely before the next one starts, so sharing it saves an object per URI.
 */
const sharedScan: UriScan = { text: '', end: 0, mode: 'whole', errors: [], wsReported: false };

/** The parameters and headers of the URI being read; see {@link Collector}. */
const uriParams = new Collector<ParamNode>();
const uriHeaders = new Collector<ParamNode>();

function startScan(text: string, end: number, mode: UriMode, errors: ValueError[]): UriScan {
  const scan = sharedScan;
  scan.text = text;
  scan.end = end;
  scan.mode = mode;
  scan.errors = errors;
  scan.wsReported = false;
  return scan;
}

/** Lets go of the text of the URI just read, so that the shared scan keeps no document alive. */
function endScan(scan: UriScan): void {
  scan.text = '';
  scan.errors = noErrors;
}

/** The error list the shared scan holds between URIs; nothing is ever added to it. */
const noErrors: ValueError[] = [];

/**
 * Reads one URI component of class `bits` from `p`, stopping at any character of `stops` or
 * at a character that ends the URI in this mode. Other characters are kept in the component
 * with one error; `%` must start a `%HH` escape when `escapes` is set.
 */
function scanComponent(scan: UriScan, p: number, bits: number, stops: string, escapes: boolean, what: string, whatSuffix = '', end = scan.end): number {
  const text = scan.text;
  let reported = false;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (c < 128 && (charClass[c] & bits) !== 0) {
      p++;
      continue;
    }
    if (isStop(stops, c)) return p;
    if (escapes && c === 37) {
      if (p + 2 < end && isClass(text.charCodeAt(p + 1), Cc.Hex) && isClass(text.charCodeAt(p + 2), Cc.Hex)) {
        p += 3;
        continue;
      }
      if (!reported) {
        addError(scan.errors, p, Math.min(p + 3, end), `'%' in the ${what}${whatSuffix} must start an escape of two hex digits`);
        reported = true;
      }
      p++;
      continue;
    }
    if (isWs(c)) {
      if (scan.mode === 'addr-spec') return p;
      if (!scan.wsReported) {
        let q = p;
        while (q < end && isWs(text.charCodeAt(q))) q++;
        addError(scan.errors, p, q, 'white space is not allowed inside a URI');
        scan.wsReported = true;
      }
      p++;
      continue;
    }
    if (!reported) {
      addError(scan.errors, p, p + 1, `'${charAt(text, p)}' is not allowed in the ${what}${whatSuffix}`);
      reported = true;
    }
    p++;
  }
  return p;
}

/** True when `c` is one of the characters of `stops`. */
function isStop(stops: string, c: number): boolean {
  for (let i = 0; i < stops.length; i++) if (stops.charCodeAt(i) === c) return true;
  return false;
}

/** Reads `sip:` / `sips:` URIs: userinfo, host, port, parameters and headers. */
function scanSipUri(text: string, start: number, p: number, end: number, scheme: string, mode: UriMode, errors: ValueError[]): SipUriNode {
  const scan = startScan(text, end, mode, errors);
  // The userinfo is there when an '@' comes before anything that cannot be in a URI.
  let at = -1;
  for (let q = p; q < end; q++) {
    const c = text.charCodeAt(q);
    if (c === 64) {
      at = q;
      break;
    }
    if (isWs(c) || c === 60 || c === 62 || c === 34) break;
  }
  let userStart = -1;
  let userEnd = -1;
  let passwordEnd = -1;
  if (at >= 0) {
    userStart = p;
    userEnd = scanComponent(scan, p, Cc.User, ':', true, 'user part', '', at);
    if (userEnd === p) addError(errors, p, at + 1, "the user part before '@' is empty");
    if (userEnd < at) passwordEnd = scanComponent(scan, userEnd + 1, Cc.Password, '', true, 'password', '', at);
    p = at + 1;
  }
  const hostPort = scanHostPort(text, p, end, false, errors);
  p = hostPort.stop;
  // After the host only parameters, headers or the URI's end may come.
  if (p < end && !isUriDelimiter(text.charCodeAt(p), mode)) {
    addError(errors, p, p + 1, `unexpected '${charAt(text, p)}' after the host`);
    // Skip what cannot be read, up to where parameters or headers may start again.
    while (p < end && !isUriDelimiter(text.charCodeAt(p), mode)) p++;
    if (mode === 'addr-spec') while (p < end && text.charCodeAt(p) !== 59 && text.charCodeAt(p) !== 63) p++;
  }
  if (mode === 'whole') p = scanUriParams(scan, p, Cc.ParamChar, 'URI parameter');
  if (p < end && text.charCodeAt(p) === 63) {
    if (mode === 'addr-spec') {
      addError(errors, p, p + 1, "a URI with headers ('?') must be enclosed in '<' '>' in a header field");
    }
    p = scanUriHeaders(scan, p + 1);
  }
  endScan(scan);
  return new SipUriNode(text, scheme, hostPort, uriParams.take(NO_PARAMS), uriHeaders.take(NO_PARAMS), start, p, userStart, userEnd, passwordEnd);
}

/** True when `c` may follow the host part in this mode. */
function isUriDelimiter(c: number, mode: UriMode): boolean {
  return c === 59 || c === 63 || (mode === 'addr-spec' && isWs(c));
}

/** Reads `;name[=value]` URI parameters from `p` while a `;` follows. */
function scanUriParams(scan: UriScan, p: number, bits: number, what: string): number {
  const { text, end } = scan;
  let previousEmpty = false;
  while (p < end && text.charCodeAt(p) === 59) {
    // White space is reported by scanComponent; it is kept out of the names and values.
    const scannedEnd = scanComponent(scan, p + 1, bits, ';?=', true, what, ' name');
    const nameStart = skipWs(text, p + 1, scannedEnd);
    const nameEnd = trimEnd(text, nameStart, scannedEnd);
    if (nameEnd === nameStart && !previousEmpty) {
      addError(scan.errors, p, p + 1, `empty ${what} after ';'`);
    }
    previousEmpty = nameEnd === nameStart;
    let value: string | undefined;
    let valueStart = -1;
    p = scannedEnd;
    if (p < end && text.charCodeAt(p) === 61) {
      const scannedValueEnd = scanComponent(scan, p + 1, bits, ';?', true, what, ' value');
      valueStart = skipWs(text, p + 1, scannedValueEnd);
      value = text.slice(valueStart, trimEnd(text, valueStart, scannedValueEnd));
      p = scannedValueEnd;
    }
    if (nameEnd > nameStart || value !== undefined) {
      uriParams.add(new ParamNode(paramName(text, nameStart, nameEnd), value, nameStart, nameEnd, valueStart));
    }
  }
  return p;
}

/** Reads `name=value&name=value` URI headers from `p` (just after the `?`). */
function scanUriHeaders(scan: UriScan, p: number): number {
  const { text, end } = scan;
  const stops = scan.mode === 'addr-spec' ? '&=;' : '&=';
  const valueStops = scan.mode === 'addr-spec' ? '&;' : '&';
  for (;;) {
    const nameStart = p;
    const errorsBefore = scan.errors.length;
    const nameEnd = scanComponent(scan, nameStart, Cc.HeaderChar, stops, true, 'URI header name');
    if (nameEnd === nameStart) addError(scan.errors, nameStart, Math.min(nameStart + 1, end), 'empty URI header name');
    p = nameEnd;
    let value: string | undefined;
    let valueStart = -1;
    if (p < end && text.charCodeAt(p) === 61) {
      valueStart = p + 1;
      const valueEnd = scanComponent(scan, valueStart, Cc.HeaderChar, valueStops, true, 'URI header value');
      value = text.slice(valueStart, valueEnd);
      p = valueEnd;
    } else if (nameEnd > nameStart && !startsAt(scan.errors, errorsBefore, nameStart)) {
      // A name whose first character is already reported is one mistake there, not two.
      addError(scan.errors, nameStart, nameEnd, "a URI header needs '=' and a value");
    }
    uriHeaders.add(new ParamNode(lowerSlice(text, nameStart, nameEnd), value, nameStart, nameEnd, valueStart));
    if (p < end && text.charCodeAt(p) === 38) {
      p++;
      continue;
    }
    return p;
  }
}

/** True when one of `errors` from index `from` on starts at `offset`. */
function startsAt(errors: readonly ValueError[], from: number, offset: number): boolean {
  for (let i = from; i < errors.length; i++) if (errors[i].range.start === offset) return true;
  return false;
}

/** Reads a tel URI (RFC 3966): the number, kept in `user`, and its parameters. */
function scanTelUri(text: string, start: number, p: number, end: number, mode: UriMode, errors: ValueError[]): SipUriNode {
  const scan = startScan(text, end, mode, errors);
  const numberStart = p;
  const numberEnd = scanComponent(scan, p, Cc.Tel, ';', false, 'telephone number');
  p = numberEnd;
  if (mode === 'whole') p = scanUriParams(scan, p, Cc.ParamChar, 'tel parameter');
  const params = uriParams.take(NO_PARAMS);
  checkTelNumber(text, numberStart, numberEnd, params, mode, errors);
  endScan(scan);
  return new SipUriNode(text, 'tel', undefined, params, NO_PARAMS, start, p, numberStart, numberEnd, -1);
}

/**
 * Checks a tel number: a global number is `+` and digits with visual separators; a local one is
 * hex digits, `*` and `#`, and needs a `phone-context` parameter (RFC 3966 5.1.5).
 */
function checkTelNumber(text: string, start: number, end: number, params: readonly Param[], mode: UriMode, errors: ValueError[]): void {
  if (start === end) {
    addError(errors, start, start, 'the tel URI has no number');
    return;
  }
  const global = text.charCodeAt(start) === 43;
  let digits = 0;
  for (let i = global ? start + 1 : start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isClass(c, Cc.Digit)) digits++;
    else if (c === 45 || c === 46 || c === 40 || c === 41) continue;
    else if (!global && (isClass(c, Cc.Hex) || c === 42 || c === 35)) digits++;
    else {
      addError(errors, i, i + 1, `'${charAt(text, i)}' is not allowed in a ${global ? 'global' : 'local'} telephone number`);
      return;
    }
  }
  if (digits === 0) {
    addError(errors, start, end, 'the telephone number has no digits');
    return;
  }
  // Outside '<...>' the parameters belong to the header field, so the context cannot be checked.
  if (!global && mode === 'whole' && !params.some((param) => param.name === 'phone-context')) {
    addError(errors, start, end, "a local telephone number needs a 'phone-context' parameter");
  }
}

/** Reads the rest of a URI of another scheme as opaque text. */
function scanOpaque(text: string, start: number, p: number, end: number, scheme: string, mode: UriMode, errors: ValueError[]): SipUriNode {
  const scan = startScan(text, end, mode, errors);
  const stops = mode === 'addr-spec' ? ';' : '';
  const bodyEnd = scanComponent(scan, p, Cc.Opaque, stops, true, scheme === '' ? 'URI' : `${scheme} URI`);
  if (bodyEnd === p && scheme !== '') addError(errors, start, p, `the ${scheme} URI is empty after the scheme`);
  endScan(scan);
  return new SipUriNode(text, scheme, undefined, NO_PARAMS, NO_PARAMS, start, bodyEnd, -1, -1, -1);
}

/**
 * Reads `host[:port]` from `start`; its range ends where reading stopped. With `lws` set (a Via sent-by) white space may stand around
 * the `:`. A bare IPv6 address (two or more colons, no brackets) is read whole and reported:
 * RFC 3261 and RFC 5118 4.2 require the brackets in a host.
 */
export function scanHostPort(text: string, start: number, end: number, lws: boolean, errors: ValueError[]): HostPort & { readonly stop: number } {
  let p = start;
  let hostStart = start;
  let hostEnd = start;
  let kind: HostPort['hostKind'] = 'domain';
  let bracketed = false;
  if (p < end && text.charCodeAt(p) === 91) {
    // An IPv6 reference: '[' IPv6address ']'.
    bracketed = true;
    kind = 'ipv6';
    hostStart = p + 1;
    let q = hostStart;
    while (q < end && isClass(text.charCodeAt(q), Cc.Ipv6)) q++;
    hostEnd = q;
    if (q < end && text.charCodeAt(q) !== 93) {
      // Something other than an IPv6 character: look for the ']' within what a host may hold.
      let r = q;
      while (r < end && !isHostEnd(text.charCodeAt(r))) r++;
      if (r < end && text.charCodeAt(r) === 93) {
        hostEnd = r;
        q = r;
        addError(errors, start, r + 1, 'not a valid IPv6 address');
      }
    }
    if (q < end && text.charCodeAt(q) === 93) {
      p = q + 1;
      if (!isIPv6(text, hostStart, hostEnd)) addError(errors, start, p, 'not a valid IPv6 address');
    } else {
      addError(errors, start, q, "the IPv6 reference has no closing ']'");
      p = q;
    }
  } else {
    // The classes every host character has, so that the host is classified in this one pass.
    let common = ALL_CLASSES;
    // A label can be empty or start or end with '-' only where two of '.' and '-' meet, or at
    // either end of the host: only then are the labels checked one by one.
    let afterSeparator = true;
    let oddLabel = false;
    let q = p;
    while (q < end) {
      const c = text.charCodeAt(q);
      const bits = c < 128 ? charClass[c] : 0;
      if ((bits & Cc.Domain) === 0) break;
      common &= bits;
      const separator = c === 46 || c === 45;
      if (separator && afterSeparator) oddLabel = true;
      afterSeparator = separator;
      q++;
    }
    if (q > start && text.charCodeAt(q - 1) === 45) oddLabel = true;
    hostEnd = q;
    p = q;
    if (q < end && text.charCodeAt(q) === 58 && (common & Cc.Ipv6) !== 0) {
      // Two colons or more in a row of hex digits, colons and dots is a bare IPv6 address; the
      // host before the first colon is such a row, so counting starts there.
      let r = q;
      let colons = 0;
      while (r < end && isClass(text.charCodeAt(r), Cc.Ipv6)) {
        if (text.charCodeAt(r) === 58) colons++;
        r++;
      }
      if (colons >= 2) {
        kind = 'ipv6';
        hostEnd = r;
        p = r;
        addError(
          errors,
          start,
          r,
          isIPv6(text, start, r) ? "an IPv6 address in a host must be enclosed in '[' ']'" : 'not a valid IPv6 address',
        );
      }
    }
    if (kind === 'domain') kind = classifyHost(text, hostStart, hostEnd, (common & Cc.DigitDot) !== 0, oddLabel, errors);
  }
  let port: number | undefined;
  let portStart = -1;
  let q = lws ? skipWs(text, p, end) : p;
  if (q < end && text.charCodeAt(q) === 58) {
    q = lws ? skipWs(text, q + 1, end) : q + 1;
    portStart = q;
    let value = 0;
    while (q < end && isClass(text.charCodeAt(q), Cc.Digit)) {
      if (value <= 65535) value = value * 10 + (text.charCodeAt(q) - 48);
      q++;
    }
    if (q === portStart) addError(errors, portStart - 1, portStart, "expected a port number after ':'");
    else if (value > 65535) addError(errors, portStart, q, 'the port is out of range (0-65535)');
    else port = value;
    p = q;
  }
  return new HostPortNode(text.slice(hostStart, hostEnd), kind, bracketed, port, start, portStart, p);
}

/** True for the characters that end a host in any context: `]`, white space and delimiters. */
function isHostEnd(c: number): boolean {
  return c === 93 || isWs(c) || c === 59 || c === 63 || c === 62 || c === 44 || c === 64;
}

/**
 * Tells an IPv4 address from a domain name and checks either: a host of digits and dots must be a
 * valid IPv4 address (a top label never starts with a digit), and labels may not be empty.
 * The caller read the host once and says what it saw: `digitsAndDots` when it holds nothing
 * else, `oddLabel` when a label may be empty or start or end with '-' (else none is).
 */
function classifyHost(text: string, start: number, end: number, digitsAndDots: boolean, oddLabel: boolean, errors: ValueError[]): 'ipv4' | 'domain' {
  if (start === end) {
    addError(errors, start, start, 'the host is missing');
    return 'domain';
  }
  if (digitsAndDots) {
    if (!isIPv4(text, start, end)) addError(errors, start, end, 'not a valid IPv4 address');
    return 'ipv4';
  }
  if (!oddLabel) return 'domain';
  let labelStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && text.charCodeAt(i) !== 46) continue;
    // An empty label is allowed only as the final dot of a fully qualified name.
    if (i === labelStart && !(i === end && i > start)) {
      addError(errors, i, Math.min(i + 1, end), 'the host name has an empty label');
      return 'domain';
    }
    if (i > labelStart && (text.charCodeAt(labelStart) === 45 || text.charCodeAt(i - 1) === 45)) {
      addError(errors, labelStart, i, "a host name label cannot start or end with '-'");
      return 'domain';
    }
    labelStart = i + 1;
  }
  return 'domain';
}
