/**
 * What the core knows about header names: compact forms (RFC 3261 7.3.3 and the extensions
 * that define one), and which headers may appear only once.
 */
import { detach } from '../text';

/** Compact form → canonical lower-case long name. */
export const compactForms: ReadonlyMap<string, string> = new Map([
  ['a', 'accept-contact'], // RFC 3841
  ['b', 'referred-by'], // RFC 3892
  ['c', 'content-type'],
  ['d', 'request-disposition'], // RFC 3841
  ['e', 'content-encoding'],
  ['f', 'from'],
  ['i', 'call-id'],
  ['j', 'reject-contact'], // RFC 3841
  ['k', 'supported'],
  ['l', 'content-length'],
  ['m', 'contact'],
  ['n', 'identity-info'], // RFC 4474
  ['o', 'event'], // RFC 6665
  ['r', 'refer-to'], // RFC 3515
  ['s', 'subject'],
  ['t', 'to'],
  ['u', 'allow-events'], // RFC 6665
  ['v', 'via'],
  ['x', 'session-expires'], // RFC 4028
  ['y', 'identity'], // RFC 8224
]);

/** Canonical long name → compact form. */
export const compactFormOf: ReadonlyMap<string, string> = new Map([...compactForms].map(([c, long]) => [long, c]));

/**
 * Headers whose grammar allows exactly one value (RFC 3261 20 and 7.3.1: only headers defined
 * as comma-separated lists may repeat).
 */
export const singleValuedHeaders: ReadonlySet<string> = new Set([
  'call-id', 'content-disposition', 'content-length', 'content-type', 'cseq', 'date', 'expires',
  'from', 'max-forwards', 'mime-version', 'min-expires', 'organization', 'priority', 'reply-to',
  'retry-after', 'session-expires', 'subject', 'timestamp', 'to', 'user-agent', 'server',
  'min-se', 'refer-to', 'event', 'rack', 'rseq',
]);

const canonicalCache = new Map<string, string>();

/** The canonical lower-case long name of a header name as written. */
export function canonicalHeaderName(written: string): string {
  let name = canonicalCache.get(written);
  if (name === undefined) {
    // Kept under a copy: the name as written is usually cut from a document (see detach).
    const key = detach(written);
    const lower = key.toLowerCase();
    name = (lower.length === 1 && compactForms.get(lower)) || lower;
    if (canonicalCache.size < 4096) canonicalCache.set(key, name);
  }
  return name;
}

/** What the parser needs to know of a header name as written. */
export interface HeaderNameInfo {
  /** The canonical lower-case long name. */
  readonly name: string;
  /** True when the name as written is a compact form (`v`, `m`...). */
  readonly compact: boolean;
  /**
   * True when every character of the name is a token character: read once per distinct name,
   * where the parser would read every header's name again (its ASCII case does not change it).
   */
  readonly token: boolean;
  /**
   * Scratch for the parser: the serial of the last header store that numbered this name, and
   * the number it gave. Lets a store number names without a map lookup per header.
   */
  storeSerial: number;
  storeId: number;
}

/**
 * An open-addressing table of header names as written, compared without regard to ASCII case,
 * so that the parser finds a name's canonical form without slicing the text: a trace repeats a
 * few dozen names, and each line costs one hash and one comparison. Bounded: emptied when full.
 */
const NAME_SLOTS = 1024;
const NAME_LIMIT = 512;
let nameKeys: (string | undefined)[] = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
let nameInfos: (HeaderNameInfo | undefined)[] = new Array<HeaderNameInfo | undefined>(NAME_SLOTS).fill(undefined);
let nameCount = 0;

/** ASCII lower case of one UTF-16 code unit; other characters unchanged. */
function lowerCode(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** True for the characters of an RFC 3261 `token`. */
export function isTokenChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x21 || c === 0x25 || c === 0x2a || c === 0x5f ||
    c === 0x2b || c === 0x60 || c === 0x27 || c === 0x7e
  );
}

/** The info of a name as written, computed the slow way (and not cached when not ASCII). */
function computeNameInfo(written: string): HeaderNameInfo {
  const lower = written.toLowerCase();
  let token = true;
  for (let i = 0; i < written.length && token; i++) token = isTokenChar(written.charCodeAt(i));
  return { name: canonicalHeaderName(written), compact: written.length === 1 && compactForms.has(lower), token, storeSerial: -1, storeId: -1 };
}

/**
 * The canonical name and compact flag of the header name `text[start, end)`. Equal to
 * `canonicalHeaderName(text.slice(start, end))`, without the slice for names seen before.
 */
export function headerNameAt(text: string, start: number, end: number): HeaderNameInfo {
  let hash = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return computeNameInfo(text.slice(start, end));
    hash = (Math.imul(hash, 31) + lowerCode(c)) | 0;
  }
  const length = end - start;
  let slot = (hash ^ (hash >>> 10)) & (NAME_SLOTS - 1);
  for (;;) {
    const key = nameKeys[slot];
    if (key === undefined) break;
    if (key.length === length) {
      let same = true;
      for (let k = 0; k < length; k++) {
        if (key.charCodeAt(k) !== lowerCode(text.charCodeAt(start + k))) {
          same = false;
          break;
        }
      }
      if (same) return nameInfos[slot]!;
    }
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  const written = text.slice(start, end);
  const info = computeNameInfo(written);
  if (nameCount >= NAME_LIMIT) {
    nameKeys = new Array<string | undefined>(NAME_SLOTS).fill(undefined);
    nameInfos = new Array<HeaderNameInfo | undefined>(NAME_SLOTS).fill(undefined);
    nameCount = 0;
    slot = (hash ^ (hash >>> 10)) & (NAME_SLOTS - 1);
  }
  nameKeys[slot] = detach(written).toLowerCase();
  nameInfos[slot] = info;
  nameCount++;
  return info;
}
