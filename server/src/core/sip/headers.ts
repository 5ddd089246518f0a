/**
 * What the core knows about header names: compact forms (RFC 3261 7.3.3 and the extensions
 * that define one), and which headers may appear only once.
 */

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
    const lower = written.toLowerCase();
    name = (lower.length === 1 && compactForms.get(lower)) || lower;
    if (canonicalCache.size < 4096) canonicalCache.set(written, name);
  }
  return name;
}
