/**
 * Byte helpers for the STUN codec: IP address text <-> bytes, and UTF-8. STUN carries addresses
 * as raw bytes; the rest of sipnat speaks text, so IPv4 is formatted as a dotted quad and IPv6 in
 * the RFC 5952 canonical form (lower case, longest run of two or more zero groups shortened).
 */

/** Formats the four bytes at `bytes[offset]` as a dotted quad. */
export function formatIPv4(bytes: Uint8Array, offset: number): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Formats the sixteen bytes at `bytes[offset]` as an RFC 5952 IPv6 literal. */
export function formatIPv6(bytes: Uint8Array, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[offset + 2 * i] << 8) | bytes[offset + 2 * i + 1]);

  // Find the first longest run of at least two zero groups: RFC 5952 section 4.2.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map((g) => g.toString(16)).join(':');
  const head = groups.slice(0, bestStart).map((g) => g.toString(16)).join(':');
  const tail = groups.slice(bestStart + bestLength).map((g) => g.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** Parses a dotted-quad IPv4 literal into 4 bytes, or returns undefined. */
export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    if (part.length === 0 || part.length > 3) return undefined;
    let value = 0;
    for (let k = 0; k < part.length; k++) {
      const c = part.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return undefined;
      value = value * 10 + c;
    }
    if (value > 255) return undefined;
    out[i] = value;
  }
  return out;
}

/**
 * Parses an IPv6 literal (no brackets, no zone) into 16 bytes, or returns undefined. Accepts
 * `::` compression and a trailing dotted quad (`::ffff:192.0.2.1`).
 */
export function parseIPv6(text: string): Uint8Array | undefined {
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) return undefined;
  const headText = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tailText = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const head = parseGroups(headText);
  const tail = parseGroups(tailText);
  if (head === undefined || tail === undefined) return undefined;
  const total = head.length + tail.length;
  if (doubleColon >= 0 ? total > 7 : total !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i] >> 8;
    out[2 * i + 1] = groups[i] & 0xff;
  }
  return out;
}

/** Parses colon-separated hex groups, the last of which may be a dotted quad (two groups). */
function parseGroups(text: string): number[] | undefined {
  if (text.length === 0) return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.indexOf('.') >= 0) {
      const v4 = parseIPv4(part);
      if (v4 === undefined) return undefined;
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      continue;
    }
    if (part.length === 0 || part.length > 4) return undefined;
    let value = 0;
    for (let k = 0; k < part.length; k++) {
      const digit = hexDigit(part.charCodeAt(k));
      if (digit < 0) return undefined;
      value = value * 16 + digit;
    }
    groups.push(value);
  }
  return groups;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Decodes UTF-8 bytes into a string, replacing each malformed sequence with U+FFFD. Written
 * here because the core has no `TextDecoder` (its lib is plain ES2022).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  let i = start;
  while (i < end) {
    const b0 = bytes[i];
    let codePoint = 0xfffd;
    let size = 1;
    if (b0 < 0x80) {
      codePoint = b0;
    } else if (b0 >= 0xc2 && b0 <= 0xf4) {
      const need = b0 < 0xe0 ? 1 : b0 < 0xf0 ? 2 : 3;
      if (i + need < end) {
        let cp = b0 & (0x3f >> need);
        let ok = true;
        for (let k = 1; k <= need; k++) {
          const b = bytes[i + k];
          if ((b & 0xc0) !== 0x80) {
            ok = false;
            break;
          }
          cp = (cp << 6) | (b & 0x3f);
        }
        const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
        if (ok && cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff)) {
          codePoint = cp;
          size = need + 1;
        }
      }
    }
    out += String.fromCodePoint(codePoint);
    i += size;
  }
  return out;
}

/** Encodes a string as UTF-8 bytes (lone surrogates become U+FFFD). */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0) ?? 0xfffd;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}
