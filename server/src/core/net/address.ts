/**
 * Address classes: which IANA special-purpose block an address belongs to, and whether the
 * Internet routes it. Built on ipaddr.js's range names, not on hand-written masks.
 *
 * What is flagged, and what is deliberately not:
 * - Flagged: RFC 1918 private, RFC 6598 shared (CGNAT), loopback, link-local, the "this network"
 *   block 0.0.0.0/8, 192.0.0.0/24 and 2001::/23 IETF protocol assignments, 198.18.0.0/15 and
 *   2001:2::/48 benchmarking, 240.0.0.0/4 reserved, the limited broadcast address, IPv6 ULA,
 *   the unspecified address `::`, deprecated site-local, the discard prefix and segment routing.
 * - Not flagged: the documentation blocks 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 *   2001:db8::/32 and 3fff::/20. They are not routed either, but examples, tests and lab set-ups
 *   use them as stand-ins for public addresses (this project does), and flagging them would
 *   turn every example into a finding.
 * - Not flagged: multicast (an SDP c= line may legitimately carry a multicast group) and the
 *   blocks IANA marks globally reachable (AS112, AMT, 6to4, Teredo, NAT64, ORCHIDv2, the PCP
 *   and TURN anycast addresses 192.0.0.9, 192.0.0.10 and 2001:1::1-3).
 * IPv4-mapped (`::ffff:a.b.c.d`) and IPv4-translated (`::ffff:0:a.b.c.d`) IPv6 addresses are
 * classified by their IPv4 part. `0.0.0.0` and `::` do get a class here; the SDP rules skip them
 * because there they mean "on hold" (see `isUnspecifiedAddress`).
 */
import * as ipaddr from 'ipaddr.js';
import { detach } from '../text';

/** A block the Internet does not route. */
export interface AddressClass {
  /** Short id: `private`, `cgnat`, `loopback`, `link-local`, `ietf-protocol`, `ula`, ... */
  readonly id: string;
  /**
   * A noun phrase for messages, naming the RFC first so that it always reads after "an":
   * `RFC 6598 shared address (CGNAT)`.
   */
  readonly description: string;
  /** `RFC 6598`. */
  readonly rfc: string;
  /** The block in CIDR form: `100.64.0.0/10`. */
  readonly block: string;
}

type Ip = ipaddr.IPv4 | ipaddr.IPv6;

/** Builds a class; `description` names the RFC so that messages can quote it whole. */
function cls(id: string, description: string, rfc: string, block: string): AddressClass {
  return Object.freeze({ id, description, rfc, block });
}

/**
 * The non-public classes, keyed by ipaddr.js range name, one table per family. Ranges that
 * ipaddr.js groups under one name but that differ for us (`reserved`, `private`) are refined
 * below with {@link refine}; range names in neither table are public (`unicast`, `multicast`...).
 */
const V4_CLASSES: { readonly [range: string]: AddressClass } = {
  carrierGradeNat: cls('cgnat', 'RFC 6598 shared address (CGNAT)', 'RFC 6598', '100.64.0.0/10'),
  loopback: cls('loopback', 'RFC 1122 loopback address', 'RFC 1122', '127.0.0.0/8'),
  linkLocal: cls('link-local', 'RFC 3927 link-local address', 'RFC 3927', '169.254.0.0/16'),
  unspecified: cls('this-network', 'RFC 1122 "this network" address', 'RFC 1122', '0.0.0.0/8'),
  broadcast: cls('broadcast', 'RFC 919 limited broadcast address', 'RFC 919', '255.255.255.255/32'),
};

const V6_CLASSES: { readonly [range: string]: AddressClass } = {
  unspecified: cls('unspecified', 'RFC 4291 unspecified address', 'RFC 4291', '::/128'),
  loopback: cls('loopback', 'RFC 4291 loopback address', 'RFC 4291', '::1/128'),
  linkLocal: cls('link-local', 'RFC 4291 link-local address', 'RFC 4291', 'fe80::/10'),
  uniqueLocal: cls('ula', 'RFC 4193 unique local address (ULA)', 'RFC 4193', 'fc00::/7'),
  deprecatedSiteLocal: cls('site-local', 'RFC 3879 deprecated site-local address', 'RFC 3879', 'fec0::/10'),
  discard: cls('discard', 'RFC 6666 discard-only address', 'RFC 6666', '100::/64'),
  benchmarking: cls('benchmarking', 'RFC 5180 benchmarking address', 'RFC 5180', '2001:2::/48'),
  segmentRouting: cls('segment-routing', 'RFC 9602 segment routing address', 'RFC 9602', '5f00::/16'),
};

/**
 * A sub-block of an ipaddr.js range: `cidr` is parsed by ipaddr.js; `klass` is undefined
 * for sub-blocks that are not flagged (documentation, globally reachable anycast).
 */
interface SubBlock {
  readonly cidr: [Ip, number];
  readonly klass: AddressClass | undefined;
}

function sub(cidr: string, klass: AddressClass | undefined): SubBlock {
  return { cidr: ipaddr.parseCIDR(cidr), klass };
}

const PRIVATE = 'RFC 1918 private address';
const IETF_V4 = cls('ietf-protocol', 'RFC 6890 IETF protocol address', 'RFC 6890', '192.0.0.0/24');
const IETF_V6 = cls('ietf-protocol', 'RFC 2928 IETF protocol address', 'RFC 2928', '2001::/23');

/**
 * Refinements of the ranges ipaddr.js names as one, checked in order (the most specific first).
 * A range with refinements but no matching sub-block falls back to its `fallback` entry.
 */
const REFINE_V4: { readonly [range: string]: readonly SubBlock[] } = {
  private: [
    sub('10.0.0.0/8', cls('private', PRIVATE, 'RFC 1918', '10.0.0.0/8')),
    sub('172.16.0.0/12', cls('private', PRIVATE, 'RFC 1918', '172.16.0.0/12')),
    sub('192.168.0.0/16', cls('private', PRIVATE, 'RFC 1918', '192.168.0.0/16')),
  ],
  reserved: [
    // PCP and TURN anycast (RFC 7723, RFC 8155) are globally reachable.
    sub('192.0.0.9/32', undefined),
    sub('192.0.0.10/32', undefined),
    sub('192.0.0.0/24', IETF_V4),
    // Documentation blocks (RFC 5737): used as public addresses by examples and tests.
    sub('192.0.2.0/24', undefined),
    sub('198.51.100.0/24', undefined),
    sub('203.0.113.0/24', undefined),
    // Deprecated 6to4 relay anycast (RFC 7526): still globally routed.
    sub('192.88.99.0/24', undefined),
    sub('198.18.0.0/15', cls('benchmarking', 'RFC 2544 benchmarking address', 'RFC 2544', '198.18.0.0/15')),
    sub('240.0.0.0/4', cls('reserved', 'RFC 1112 reserved address', 'RFC 1112', '240.0.0.0/4')),
  ],
};

const REFINE_V6: { readonly [range: string]: readonly SubBlock[] } = {
  reserved: [
    // PCP, TURN and DNS-SD anycast (RFC 7723, RFC 8155, RFC 9665) are globally reachable.
    sub('2001:1::1/128', undefined),
    sub('2001:1::2/128', undefined),
    sub('2001:1::3/128', undefined),
    // Documentation blocks (RFC 3849, RFC 9637): used as public addresses by examples.
    sub('2001:db8::/32', undefined),
    sub('3fff::/20', undefined),
    sub('2001::/23', IETF_V6),
  ],
};

/** The documentation blocks (RFC 5737, RFC 3849, RFC 9637), for hover text. */
const DOCUMENTATION: readonly [Ip, number][] = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32', '3fff::/20'].map(
  (cidr) => ipaddr.parseCIDR(cidr),
);

/** Finds the class of a refined range; undefined when the sub-block is not flagged. */
function refine(ip: Ip, blocks: readonly SubBlock[]): AddressClass | undefined {
  for (const block of blocks) {
    if (ip.kind() === block.cidr[0].kind() && ip.match(block.cidr)) return block.klass;
  }
  return undefined;
}

/** The class of a parsed IPv4 address, ignoring the user's networks. */
function classifyV4(ip: ipaddr.IPv4): AddressClass | undefined {
  const range: string = ip.range();
  const blocks = REFINE_V4[range];
  if (blocks !== undefined) return refine(ip, blocks);
  return V4_CLASSES[range];
}

/** The class of a parsed IPv6 address, ignoring the user's networks. */
function classifyV6(ip: ipaddr.IPv6): AddressClass | undefined {
  const range: string = ip.range();
  const blocks = REFINE_V6[range];
  if (blocks !== undefined) return refine(ip, blocks);
  return V6_CLASSES[range];
}

/** A dotted quad of one to three digits per part, as RFC 3261's IPv4address allows. */
const LEADING_ZEROS = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * Parses an IP literal strictly: dotted-quad IPv4 only (ipaddr.js would also take `10.1`,
 * octal or hexadecimal parts, which no SIP host means), or IPv6 with an optional zone and optional
 * brackets. IPv4-mapped and IPv4-translated IPv6 addresses come back as their IPv4 part.
 */
function parseIp(address: string): Ip | undefined {
  let text = address;
  if (text.length > 1 && text.charCodeAt(0) === 0x5b /* [ */ && text.charCodeAt(text.length - 1) === 0x5d /* ] */) {
    text = text.slice(1, -1);
  }
  if (text.length === 0 || text.length > 64) return undefined;
  try {
    if (text.indexOf(':') < 0) {
      if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
      // RFC 3261 allows leading zeros (`010.0.0.1`): they are decimal there, never octal.
      if (!LEADING_ZEROS.test(text)) return undefined;
      const octets = text.split('.').map(Number);
      return octets.every((o) => o <= 255) ? new ipaddr.IPv4(octets) : undefined;
    }
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    const ip = ipaddr.IPv6.parse(text);
    const range: string = ip.range();
    if (range === 'ipv4Mapped' || range === 'rfc6145') {
      const p = ip.parts;
      return new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
    }
    return ip;
  } catch {
    return undefined;
  }
}

/** What is known of one address string: its class (null when public) and its normalized form. */
interface AddressInfo {
  /** The address itself, as a copy of its own: see {@link lookUpInfo}. */
  readonly text: string;
  /** Null when the address is public or not an IP literal. */
  readonly klass: AddressClass | null;
  /** `v4:a.b.c.d` or `v6:x:x:...`; null when not an IP literal. */
  readonly key: string | null;
  /** True for the unspecified address (`0.0.0.0`, `::`, or a mapped `::ffff:0.0.0.0`). */
  readonly unspecified: boolean;
  /** True for an IP literal that names one host: not multicast, not the broadcast address. */
  readonly unicast: boolean;
}

/**
 * Memo of address → info for the addresses a trace repeats in every message. Bounded: it is
 * dropped whole when full, which keeps the code trivial and the cost negligible.
 */
const infoMemo = new Map<string, AddressInfo>();
const MEMO_LIMIT = 4096;

/** The last address looked up: rules ask about one address several times in a row. */
let lastInfo: AddressInfo = { text: '', klass: null, key: null, unspecified: false, unicast: false };

function infoOf(address: string): AddressInfo {
  if (address === lastInfo.text) return lastInfo;
  const info = lookUpInfo(address);
  lastInfo = info;
  return info;
}

/**
 * Keys and remembers addresses by a copy of their text: an address is usually cut from a
 * document, and such a slice keeps the whole document text alive for as long as it is kept.
 */
function lookUpInfo(address: string): AddressInfo {
  const known = infoMemo.get(address);
  if (known !== undefined) return known;
  const text = detach(address);
  const ip = parseIp(address);
  let info: AddressInfo = { text, klass: null, key: null, unspecified: false, unicast: false };
  if (ip !== undefined) {
    const v4 = ip.kind() === 'ipv4';
    const klass = v4 ? classifyV4(ip as ipaddr.IPv4) : classifyV6(ip as ipaddr.IPv6);
    const unspecified = v4 ? (ip as ipaddr.IPv4).octets.every((o) => o === 0) : (ip as ipaddr.IPv6).parts.every((p) => p === 0);
    const range = ip.range();
    const unicast = range !== 'multicast' && range !== 'broadcast';
    info = { text, klass: klass ?? null, key: `${v4 ? 'v4' : 'v6'}:${ip.toNormalizedString()}`, unspecified, unicast };
  }
  if (infoMemo.size >= MEMO_LIMIT) infoMemo.clear();
  infoMemo.set(text, info);
  return info;
}

/** The non-public class of an address, or null when it is public or not an IP literal. */
function classOf(address: string): AddressClass | null {
  return infoOf(address).klass;
}

/**
 * Parsed `internalNetworks`, cached by the identity of the settings array: normalized settings
 * are built once per change, so a whole lint run parses the user's CIDRs once. Entries that
 * are not a CIDR or an address are skipped (settings normalization reports them).
 */
const networkCache = new WeakMap<readonly string[], readonly [Ip, number][]>();

function parsedNetworks(internalNetworks: readonly string[]): readonly [Ip, number][] {
  let parsed = networkCache.get(internalNetworks);
  if (parsed === undefined) {
    const list: [Ip, number][] = [];
    for (const entry of internalNetworks) {
      const network = parseNetwork(entry.trim());
      if (network !== undefined) list.push(network);
    }
    parsed = list;
    networkCache.set(internalNetworks, parsed);
  }
  return parsed;
}

/** Reads `a.b.c.d/n`, `x::/n` or a bare address (a one-address network). */
function parseNetwork(entry: string): [Ip, number] | undefined {
  const slash = entry.indexOf('/');
  const ip = parseIp(slash < 0 ? entry : entry.slice(0, slash));
  if (ip === undefined) return undefined;
  const max = ip.kind() === 'ipv4' ? 32 : 128;
  if (slash < 0) return [ip, max];
  const lengthText = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  let length = Number(lengthText);
  // A mapped IPv6 network (::ffff:10.0.0.0/104) was turned into its IPv4 part above.
  if (max === 32 && entry.indexOf(':') >= 0) length -= 96;
  if (length < 0 || length > max) return undefined;
  return [ip, length];
}

/** True when `address` lies in one of the user's networks. */
function isInternal(address: string, internalNetworks: readonly string[]): boolean {
  if (internalNetworks.length === 0) return false;
  const networks = parsedNetworks(internalNetworks);
  if (networks.length === 0) return false;
  const ip = parseIp(address);
  if (ip === undefined) return false;
  for (const [network, length] of networks) {
    if (network.kind() === ip.kind() && ip.match(network, length)) return true;
  }
  return false;
}

/**
 * Classifies an IPv4 or IPv6 literal (no brackets). Returns the non-public class it belongs to,
 * or undefined when the address is public, is not an IP literal, or lies in one of the user's
 * `internalNetworks`. IPv4-mapped IPv6 addresses are classified by their IPv4 part.
 */
export function nonPublicClass(address: string, internalNetworks: readonly string[]): AddressClass | undefined {
  const klass = classOf(address);
  if (klass === null) return undefined;
  return isInternal(address, internalNetworks) ? undefined : klass;
}

/** True when `address` is an IPv4 or IPv6 literal this module can read. */
export function isIpLiteral(address: string): boolean {
  return parseIp(address) !== undefined;
}

/** True for an IPv4 or IPv6 literal (no brackets) that names one host: not multicast, not broadcast. */
export function isUnicastIp(address: string): boolean {
  return infoOf(address).unicast;
}

/** True for the unspecified address (`0.0.0.0`, `::`, or a mapped `::ffff:0.0.0.0`). */
export function isUnspecifiedAddress(address: string): boolean {
  return infoOf(address).unspecified;
}

/**
 * One line for hover text: `100.64.0.10: RFC 6598 shared address (CGNAT) in 100.64.0.0/10,
 * not routable on the Internet`. Undefined when `address` is not an IP literal.
 */
export function describeAddress(address: string, internalNetworks: readonly string[] = []): string | undefined {
  const klass = classOf(address);
  if (klass === null) {
    const ip = parseIp(address);
    if (ip === undefined) return undefined;
    return `${address}: ${publicNote(ip)}`;
  }
  if (isInternal(address, internalNetworks)) {
    return `${address}: ${klass.description}, inside your internal networks`;
  }
  return `${address}: ${klass.description} in ${klass.block}, not routable on the Internet`;
}

/** Words for an address this module does not flag, naming why when it is special. */
function publicNote(ip: Ip): string {
  const range: string = ip.range();
  if (range === 'multicast') return 'multicast address';
  for (const block of DOCUMENTATION) {
    if (ip.kind() === block[0].kind() && ip.match(block)) return 'documentation address, treated as public';
  }
  return 'public address';
}

/**
 * True when two host strings name the same address: IP literals are compared by value
 * (`::1` and `0:0:0:0:0:0:0:1` match, so do `::ffff:10.0.0.1` and `10.0.0.1`), anything else
 * case-insensitively.
 */
export function sameAddress(a: string, b: string): boolean {
  if (a === b) return true;
  const x = infoOf(a).key;
  const y = infoOf(b).key;
  if (x !== null || y !== null) return x === y;
  return a.toLowerCase() === b.toLowerCase();
}
