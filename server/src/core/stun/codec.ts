/**
 * The STUN message codec (RFC 8489), with the RFC 5780 behaviour-discovery attributes and the
 * RFC 3489 MAPPED-ADDRESS fallback. Pure: bytes in, data out, no sockets.
 *
 * Decoding treats every input as hostile. It never throws and never reads outside the input:
 * each length is checked against what is left before it is used. Structural faults (short
 * header, wrong magic cookie, length mismatch, an attribute running past the end, a malformed
 * value in an attribute we interpret) make the whole message an error, because a half-read
 * response is no base for telling a user their public address.
 */

import { crc32 } from './crc32';
import { decodeUtf8, encodeUtf8, formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './bytes';
import type { TransportAddress } from './types';

/** The fixed value in bytes 4-7 of every RFC 5389/8489 message. */
export const MAGIC_COOKIE = 0x2112a442;
/** Every STUN message starts with a 20-byte header. */
export const HEADER_LENGTH = 20;
/** The largest message the 16-bit length field can describe. */
export const MAX_MESSAGE_LENGTH = HEADER_LENGTH + 0xffff;
/** XORed into the CRC-32 of a FINGERPRINT attribute ("STUN" in ASCII). */
export const FINGERPRINT_XOR = 0x5354554e;

/** STUN methods this codec names. */
export const Method = {
  Binding: 0x001,
} as const;

/** Attribute types this codec knows (RFC 8489, RFC 5780, RFC 3489, ICE RFC 8445). */
export const Attr = {
  MappedAddress: 0x0001,
  ResponseAddress: 0x0002,
  ChangeRequest: 0x0003,
  SourceAddress: 0x0004,
  ChangedAddress: 0x0005,
  Username: 0x0006,
  Password: 0x0007,
  MessageIntegrity: 0x0008,
  ErrorCode: 0x0009,
  UnknownAttributes: 0x000a,
  ReflectedFrom: 0x000b,
  Realm: 0x0014,
  Nonce: 0x0015,
  MessageIntegritySha256: 0x001c,
  PasswordAlgorithm: 0x001d,
  UserHash: 0x001e,
  XorMappedAddress: 0x0020,
  Priority: 0x0024,
  UseCandidate: 0x0025,
  Padding: 0x0026,
  ResponsePort: 0x0027,
  /** The pre-RFC 5389 code point some old servers still use for XOR-MAPPED-ADDRESS. */
  XorMappedAddressOld: 0x8020,
  PasswordAlgorithms: 0x8002,
  AlternateDomain: 0x8003,
  Software: 0x8022,
  AlternateServer: 0x8023,
  Fingerprint: 0x8028,
  IceControlled: 0x8029,
  IceControlling: 0x802a,
  ResponseOrigin: 0x802b,
  OtherAddress: 0x802c,
} as const;

/**
 * Comprehension-required attribute types (below 0x8000) that this codec understands or may
 * safely ignore. Any other comprehension-required type in a response makes it unusable
 * (RFC 8489 section 6.3.4).
 */
const KNOWN_REQUIRED: ReadonlySet<number> = new Set([
  Attr.MappedAddress, Attr.ResponseAddress, Attr.ChangeRequest, Attr.SourceAddress, Attr.ChangedAddress,
  Attr.Username, Attr.Password, Attr.MessageIntegrity, Attr.ErrorCode, Attr.UnknownAttributes,
  Attr.ReflectedFrom, Attr.Realm, Attr.Nonce, Attr.MessageIntegritySha256, Attr.PasswordAlgorithm,
  Attr.UserHash, Attr.XorMappedAddress, Attr.Priority, Attr.UseCandidate, Attr.Padding, Attr.ResponsePort,
]);

/** The four message classes. */
export type StunClass = 'request' | 'indication' | 'success' | 'error';

const CLASS_BITS: Readonly<Record<StunClass, number>> = { request: 0, indication: 1, success: 2, error: 3 };
const CLASS_NAMES: readonly StunClass[] = ['request', 'indication', 'success', 'error'];

/** One attribute as found on the wire: its type and where its value lies in the message. */
export interface StunAttribute {
  readonly type: number;
  /** Offset of the value (after the 4-byte attribute header) in the message bytes. */
  readonly offset: number;
  /** Length of the value without padding. */
  readonly length: number;
}

/** An ERROR-CODE attribute: the code (300-699) and its reason phrase. */
export interface StunErrorCode {
  readonly code: number;
  readonly reason: string;
}

/** The 20-byte header, available even when the rest of the message is broken. */
export interface StunHeader {
  readonly method: number;
  readonly class: StunClass;
  /** The 96-bit transaction id (a copy, 12 bytes). */
  readonly transactionId: Uint8Array;
  /** The message length field: bytes after the header. */
  readonly bodyLength: number;
}

/** A decoded STUN message: the header, the raw attribute list, and the attributes we interpret. */
export interface StunMessage extends StunHeader {
  /** Every attribute in wire order, including unknown and repeated ones. */
  readonly attributes: readonly StunAttribute[];
  readonly xorMappedAddress?: TransportAddress;
  readonly mappedAddress?: TransportAddress;
  /** RFC 5780 RESPONSE-ORIGIN, or RFC 3489 SOURCE-ADDRESS when only that is present. */
  readonly responseOrigin?: TransportAddress;
  /** RFC 5780 OTHER-ADDRESS, or RFC 3489 CHANGED-ADDRESS when only that is present. */
  readonly otherAddress?: TransportAddress;
  readonly changeRequest?: { readonly changeIp: boolean; readonly changePort: boolean };
  readonly errorCode?: StunErrorCode;
  /** Types listed in an UNKNOWN-ATTRIBUTES attribute (a 420 error response carries them). */
  readonly unknownAttributes?: readonly number[];
  readonly software?: string;
  /** Offset of the MESSAGE-INTEGRITY attribute header, for a caller that checks the HMAC. */
  readonly messageIntegrityOffset?: number;
  /** The FINGERPRINT value and whether it matches the CRC-32 of the message before it. */
  readonly fingerprint?: { readonly value: number; readonly valid: boolean };
  /** Comprehension-required attribute types this codec does not know. */
  readonly unknownRequired: readonly number[];
}

/**
 * The result of {@link decodeMessage}: `value` on success, otherwise `error`. `header` is set
 * whenever the first 20 bytes were a plausible STUN header, so a caller can tell a broken
 * reply to its own transaction from unrelated noise.
 */
export interface DecodeResult {
  readonly value?: StunMessage;
  readonly error?: string;
  readonly header?: StunHeader;
}

/** Options for {@link decodeMessage}. */
export interface DecodeOptions {
  /** Reject inputs longer than this many bytes (default and ceiling: {@link MAX_MESSAGE_LENGTH}). */
  readonly maxLength?: number;
}

/** Reads the big-endian 16-bit number at `offset`. The caller has checked the bounds. */
function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

/** Reads the big-endian 32-bit number at `offset` as unsigned. The caller has checked the bounds. */
function u32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

/**
 * Copies `bytes[start, end)` into a new array. Written out because a Node Buffer's `slice`
 * shares memory, and the codec must neither alias nor modify its input.
 */
function copy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

function hex(value: number, digits: number): string {
  return '0x' + value.toString(16).padStart(digits, '0');
}

/** Splits a 14-bit message type into method and class (RFC 8489 section 5, figure 3). */
function splitType(type: number): { method: number; klass: StunClass } {
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const klass = CLASS_NAMES[((type >> 4) & 1) | ((type >> 7) & 2)];
  return { method, klass };
}

/** Joins a method and class into the 14-bit message type. */
export function messageType(method: number, klass: StunClass): number {
  const c = CLASS_BITS[klass];
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
}

/**
 * Reads only the 20-byte header. Returns an error when the bytes cannot be a STUN message:
 * too short, first two bits set, wrong magic cookie, or a length that is not a multiple of 4.
 * Requiring the cookie does not shut out RFC 3489 servers: they echo the whole 128-bit
 * transaction id of our request, whose first four bytes are the cookie.
 */
export function decodeHeader(bytes: Uint8Array): { value?: StunHeader; error?: string } {
  if (bytes.length < HEADER_LENGTH) {
    return { error: `truncated: ${bytes.length} bytes is shorter than the 20-byte STUN header` };
  }
  if ((bytes[0] & 0xc0) !== 0) {
    return { error: `not STUN: the first two bits must be zero (first byte ${hex(bytes[0], 2)})` };
  }
  const cookie = u32(bytes, 4);
  if (cookie !== MAGIC_COOKIE) {
    return { error: `not RFC 8489 STUN: magic cookie is ${hex(cookie, 8)}, expected 0x2112a442` };
  }
  const bodyLength = u16(bytes, 2);
  if (bodyLength % 4 !== 0) {
    return { error: `bad length: message length ${bodyLength} is not a multiple of 4` };
  }
  const { method, klass } = splitType(u16(bytes, 0));
  return { value: { method, class: klass, transactionId: copy(bytes, 8, 20), bodyLength } };
}

/** An address attribute value, or why it could not be read. */
type AddressRead = { value: TransportAddress; error?: undefined } | { value?: undefined; error: string };

/**
 * Reads a (XOR-)MAPPED-ADDRESS style value: reserved byte, family, port, address. With `xor`,
 * the port is XORed with the cookie's top 16 bits and the address with the cookie (IPv4) or
 * the cookie followed by the transaction id (IPv6).
 */
function readAddress(bytes: Uint8Array, offset: number, length: number, xor: boolean, name: string): AddressRead {
  if (length < 4) return { error: `${name}: value of ${length} bytes is too short` };
  const family = bytes[offset + 1];
  let port = u16(bytes, offset + 2);
  if (xor) port ^= MAGIC_COOKIE >>> 16;
  if (family === 0x01) {
    if (length !== 8) return { error: `${name}: IPv4 value must be 8 bytes, got ${length}` };
    const raw = copy(bytes, offset + 4, offset + 8);
    if (xor) for (let i = 0; i < 4; i++) raw[i] ^= bytes[4 + i];
    return { value: { address: formatIPv4(raw, 0), port, family: 'IPv4' } };
  }
  if (family === 0x02) {
    if (length !== 20) return { error: `${name}: IPv6 value must be 20 bytes, got ${length}` };
    const raw = copy(bytes, offset + 4, offset + 20);
    // Bytes 4..19 of the header are the cookie followed by the transaction id.
    if (xor) for (let i = 0; i < 16; i++) raw[i] ^= bytes[4 + i];
    return { value: { address: formatIPv6(raw, 0), port, family: 'IPv6' } };
  }
  return { error: `${name}: unknown address family ${hex(family, 2)}` };
}

/** Names of attribute types, for error messages. */
function attrName(type: number): string {
  switch (type) {
    case Attr.MappedAddress: return 'MAPPED-ADDRESS';
    case Attr.XorMappedAddress: return 'XOR-MAPPED-ADDRESS';
    case Attr.XorMappedAddressOld: return 'XOR-MAPPED-ADDRESS (0x8020)';
    case Attr.ResponseOrigin: return 'RESPONSE-ORIGIN';
    case Attr.OtherAddress: return 'OTHER-ADDRESS';
    case Attr.SourceAddress: return 'SOURCE-ADDRESS';
    case Attr.ChangedAddress: return 'CHANGED-ADDRESS';
    case Attr.ChangeRequest: return 'CHANGE-REQUEST';
    case Attr.ErrorCode: return 'ERROR-CODE';
    case Attr.UnknownAttributes: return 'UNKNOWN-ATTRIBUTES';
    case Attr.MessageIntegrity: return 'MESSAGE-INTEGRITY';
    case Attr.Fingerprint: return 'FINGERPRINT';
    default: return `attribute ${hex(type, 4)}`;
  }
}

/** The mutable state of one decode, filled attribute by attribute. */
interface Interpreted {
  xorMappedAddress?: TransportAddress;
  oldXorMappedAddress?: TransportAddress;
  mappedAddress?: TransportAddress;
  responseOrigin?: TransportAddress;
  otherAddress?: TransportAddress;
  sourceAddress?: TransportAddress;
  changedAddress?: TransportAddress;
  changeRequest?: { changeIp: boolean; changePort: boolean };
  errorCode?: StunErrorCode;
  unknownAttributes?: number[];
  software?: string;
  messageIntegrityOffset?: number;
  fingerprint?: { value: number; valid: boolean };
}

/** Address attributes and the field each one fills; the first occurrence of a type wins. */
const ADDRESS_ATTRS: ReadonlyMap<number, { field: keyof Interpreted; xor: boolean }> = new Map([
  [Attr.XorMappedAddress, { field: 'xorMappedAddress', xor: true }],
  [Attr.XorMappedAddressOld, { field: 'oldXorMappedAddress', xor: true }],
  [Attr.MappedAddress, { field: 'mappedAddress', xor: false }],
  [Attr.ResponseOrigin, { field: 'responseOrigin', xor: false }],
  [Attr.OtherAddress, { field: 'otherAddress', xor: false }],
  [Attr.SourceAddress, { field: 'sourceAddress', xor: false }],
  [Attr.ChangedAddress, { field: 'changedAddress', xor: false }],
]);

/**
 * Interprets one attribute value into `into`. Returns an error text when the value is
 * malformed. The bounds `[offset, offset + length)` lie inside the message.
 */
function interpret(bytes: Uint8Array, type: number, offset: number, length: number, into: Interpreted): string | undefined {
  const address = ADDRESS_ATTRS.get(type);
  if (address !== undefined) {
    const read = readAddress(bytes, offset, length, address.xor, attrName(type));
    if (read.error !== undefined) return read.error;
    if (into[address.field] === undefined) (into as Record<string, unknown>)[address.field] = read.value;
    return undefined;
  }
  switch (type) {
    case Attr.ErrorCode: {
      if (length < 4) return `ERROR-CODE: value of ${length} bytes is too short`;
      const klass = bytes[offset + 2] & 0x07;
      const number = bytes[offset + 3];
      if (klass < 3 || klass > 6 || number > 99) {
        return `ERROR-CODE: class ${klass} number ${number} is outside 300-699`;
      }
      into.errorCode ??= { code: klass * 100 + number, reason: decodeUtf8(bytes, offset + 4, offset + length) };
      return undefined;
    }
    case Attr.ChangeRequest: {
      if (length !== 4) return `CHANGE-REQUEST: value must be 4 bytes, got ${length}`;
      const flags = bytes[offset + 3];
      into.changeRequest ??= { changeIp: (flags & 0x04) !== 0, changePort: (flags & 0x02) !== 0 };
      return undefined;
    }
    case Attr.UnknownAttributes: {
      if (length % 2 !== 0) return `UNKNOWN-ATTRIBUTES: value of ${length} bytes is not a list of 16-bit types`;
      const list: number[] = [];
      for (let i = 0; i < length; i += 2) list.push(u16(bytes, offset + i));
      into.unknownAttributes ??= list;
      return undefined;
    }
    case Attr.Software:
      into.software ??= decodeUtf8(bytes, offset, offset + length);
      return undefined;
    case Attr.MessageIntegrity:
      if (length !== 20) return `MESSAGE-INTEGRITY: value must be 20 bytes, got ${length}`;
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Decodes one STUN message that must fill `bytes` exactly (one UDP datagram, or one message
 * cut from a TCP stream by its length field). Never throws.
 */
export function decodeMessage(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const head = decodeHeader(bytes);
  if (head.value === undefined) return { error: head.error };
  const header = head.value;

  const maxLength = Math.min(options.maxLength ?? MAX_MESSAGE_LENGTH, MAX_MESSAGE_LENGTH);
  if (bytes.length > maxLength) {
    return { header, error: `oversized: ${bytes.length} bytes is more than the ${maxLength} accepted` };
  }
  const total = HEADER_LENGTH + header.bodyLength;
  if (total > bytes.length) {
    return { header, error: `truncated: header announces ${total} bytes, only ${bytes.length} received` };
  }
  if (total < bytes.length) {
    return { header, error: `trailing bytes: header announces ${total} bytes, ${bytes.length} received` };
  }

  const attributes: StunAttribute[] = [];
  const unknownRequired: number[] = [];
  const into: Interpreted = {};
  // After MESSAGE-INTEGRITY only FINGERPRINT counts (RFC 8489 section 14.5); nothing may follow FINGERPRINT.
  let afterIntegrity = false;
  let offset = HEADER_LENGTH;
  while (offset < total) {
    if (offset + 4 > total) {
      return { header, error: `attribute header at offset ${offset} runs past the end of the message` };
    }
    const type = u16(bytes, offset);
    const length = u16(bytes, offset + 2);
    const valueOffset = offset + 4;
    const padded = (length + 3) & ~3;
    if (valueOffset + padded > total) {
      return {
        header,
        error: `${attrName(type)} at offset ${offset} declares ${length} bytes, which runs past the end of the message`,
      };
    }
    if (into.fingerprint !== undefined) {
      return { header, error: `${attrName(type)} at offset ${offset} follows FINGERPRINT, which must be last` };
    }
    attributes.push({ type, offset: valueOffset, length });

    if (type === Attr.Fingerprint) {
      if (length !== 4) return { header, error: `FINGERPRINT: value must be 4 bytes, got ${length}` };
      const value = u32(bytes, valueOffset);
      const expected = (crc32(bytes, 0, offset) ^ FINGERPRINT_XOR) >>> 0;
      into.fingerprint = { value, valid: value === expected };
    } else if (!afterIntegrity) {
      if (type < 0x8000 && !KNOWN_REQUIRED.has(type) && !unknownRequired.includes(type)) unknownRequired.push(type);
      const problem = interpret(bytes, type, valueOffset, length, into);
      if (problem !== undefined) return { header, error: problem };
      if (type === Attr.MessageIntegrity || type === Attr.MessageIntegritySha256) {
        into.messageIntegrityOffset ??= offset;
        afterIntegrity = true;
      }
    }
    offset = valueOffset + padded;
  }

  const message: StunMessage = {
    ...header,
    attributes,
    unknownRequired,
    xorMappedAddress: into.xorMappedAddress ?? into.oldXorMappedAddress,
    mappedAddress: into.mappedAddress,
    responseOrigin: into.responseOrigin ?? into.sourceAddress,
    otherAddress: into.otherAddress ?? into.changedAddress,
    changeRequest: into.changeRequest,
    errorCode: into.errorCode,
    unknownAttributes: into.unknownAttributes,
    software: into.software,
    messageIntegrityOffset: into.messageIntegrityOffset,
    fingerprint: into.fingerprint,
  };
  return { value: withoutUndefined(message), header };
}

/** Drops keys whose value is undefined, so decoded messages compare cleanly in tests and logs. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

/** True when two transaction ids hold the same 12 bytes. */
export function sameTransactionId(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** What a decoded message means for a client waiting on one Binding transaction. */
export type ResponseCheck =
  /** A usable success response. */
  | {
      readonly kind: 'success';
      readonly mapped: TransportAddress;
      readonly mappedFrom: 'XOR-MAPPED-ADDRESS' | 'MAPPED-ADDRESS';
      readonly responseOrigin?: TransportAddress;
      readonly otherAddress?: TransportAddress;
      readonly software?: string;
    }
  /** The server answered our request with an error response. */
  | { readonly kind: 'error-response'; readonly code: number; readonly reason: string; readonly unknownAttributes?: readonly number[] }
  /** Not an answer to our transaction (other id, or not a response): ignore it and keep waiting. */
  | { readonly kind: 'not-ours'; readonly reason: string }
  /** An answer to our transaction that cannot be used: the transaction has failed. */
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Decides what a decoded message means for the Binding transaction `expectedTransactionId`
 * (RFC 8489 section 6.3): whose it is, whether it is usable, and the mapping it reports.
 */
export function checkResponse(msg: StunMessage, expectedTransactionId: Uint8Array): ResponseCheck {
  if (!sameTransactionId(msg.transactionId, expectedTransactionId)) {
    return { kind: 'not-ours', reason: 'transaction id does not match the request' };
  }
  if (msg.class === 'request' || msg.class === 'indication') {
    return { kind: 'not-ours', reason: `a ${msg.class}, not a response` };
  }
  if (msg.method !== Method.Binding) {
    return { kind: 'invalid', reason: `response is for method ${hex(msg.method, 3)}, not Binding` };
  }
  if (msg.fingerprint !== undefined && !msg.fingerprint.valid) {
    return { kind: 'invalid', reason: 'FINGERPRINT does not match the message' };
  }
  if (msg.class === 'error') {
    if (msg.errorCode === undefined) return { kind: 'invalid', reason: 'error response without ERROR-CODE' };
    const error = { kind: 'error-response' as const, code: msg.errorCode.code, reason: msg.errorCode.reason };
    return msg.unknownAttributes === undefined ? error : { ...error, unknownAttributes: msg.unknownAttributes };
  }
  if (msg.unknownRequired.length > 0) {
    const list = msg.unknownRequired.map((t) => hex(t, 4)).join(', ');
    return { kind: 'invalid', reason: `response has comprehension-required attributes we do not know: ${list}` };
  }
  const mappedFrom = msg.xorMappedAddress !== undefined ? 'XOR-MAPPED-ADDRESS' : 'MAPPED-ADDRESS';
  const mapped = msg.xorMappedAddress ?? msg.mappedAddress;
  if (mapped === undefined) {
    return { kind: 'invalid', reason: 'success response has neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS' };
  }
  return withoutUndefined({
    kind: 'success',
    mapped,
    mappedFrom,
    responseOrigin: msg.responseOrigin,
    otherAddress: msg.otherAddress,
    software: msg.software,
  });
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** One attribute to encode: its type and unpadded value. */
export interface AttributeSpec {
  readonly type: number;
  readonly value: Uint8Array;
}

/** A message to encode. */
export interface MessageSpec {
  readonly method: number;
  readonly class: StunClass;
  /** Exactly 12 bytes. */
  readonly transactionId: Uint8Array;
  readonly attributes?: readonly AttributeSpec[];
  /** Append a FINGERPRINT attribute (RFC 8489 section 14.7). */
  readonly fingerprint?: boolean;
}

/**
 * Encodes a message. Attribute values are padded to 4 bytes with zeros. Throws a RangeError
 * only on a programming error: a transaction id that is not 12 bytes, or a message that
 * does not fit the 16-bit length field.
 */
export function encodeMessage(spec: MessageSpec): Uint8Array {
  if (spec.transactionId.length !== 12) throw new RangeError('a STUN transaction id is 12 bytes');
  const attributes = spec.attributes ?? [];
  let bodyLength = 0;
  for (const a of attributes) bodyLength += 4 + ((a.value.length + 3) & ~3);
  if (spec.fingerprint) bodyLength += 8;
  if (bodyLength > 0xffff) throw new RangeError('STUN message body exceeds 65535 bytes');

  const out = new Uint8Array(HEADER_LENGTH + bodyLength);
  const view = new DataView(out.buffer);
  view.setUint16(0, messageType(spec.method, spec.class));
  view.setUint16(2, bodyLength);
  view.setUint32(4, MAGIC_COOKIE);
  out.set(spec.transactionId, 8);
  let offset = HEADER_LENGTH;
  for (const a of attributes) {
    view.setUint16(offset, a.type);
    view.setUint16(offset + 2, a.value.length);
    out.set(a.value, offset + 4);
    offset += 4 + ((a.value.length + 3) & ~3);
  }
  if (spec.fingerprint) {
    view.setUint16(offset, Attr.Fingerprint);
    view.setUint16(offset + 2, 4);
    view.setUint32(offset + 4, (crc32(out, 0, offset) ^ FINGERPRINT_XOR) >>> 0);
  }
  return out;
}

/** Options of a Binding request. */
export interface BindingRequestOptions {
  /** Exactly 12 bytes, from a cryptographically random source. */
  readonly transactionId: Uint8Array;
  /** RFC 5780 CHANGE-REQUEST: ask the server to answer from its other IP address. */
  readonly changeIp?: boolean;
  /** RFC 5780 CHANGE-REQUEST: ask the server to answer from its other port. */
  readonly changePort?: boolean;
  /** Append FINGERPRINT (default false; some RFC 3489 servers reject unknown attributes). */
  readonly fingerprint?: boolean;
  /** A SOFTWARE attribute naming the client. */
  readonly software?: string;
}

/**
 * Encodes a Binding request. CHANGE-REQUEST is added when `changeIp` or `changePort` is
 * given (even as false, which asks for a plain answer while signalling RFC 5780 support).
 */
export function encodeBindingRequest(options: BindingRequestOptions): Uint8Array {
  const attributes: AttributeSpec[] = [];
  if (options.software !== undefined) attributes.push({ type: Attr.Software, value: encodeUtf8(options.software) });
  if (options.changeIp !== undefined || options.changePort !== undefined) {
    attributes.push({ type: Attr.ChangeRequest, value: changeRequestValue(options.changeIp === true, options.changePort === true) });
  }
  return encodeMessage({
    method: Method.Binding,
    class: 'request',
    transactionId: options.transactionId,
    attributes,
    fingerprint: options.fingerprint === true,
  });
}

/** The 4-byte value of a CHANGE-REQUEST attribute. */
export function changeRequestValue(changeIp: boolean, changePort: boolean): Uint8Array {
  return Uint8Array.of(0, 0, 0, (changeIp ? 0x04 : 0) | (changePort ? 0x02 : 0));
}

/**
 * The value of an address attribute for `address` (IPv4 or IPv6 text) and `port`. With
 * `xorTransactionId`, the value is XOR-encoded as XOR-MAPPED-ADDRESS requires. Returns
 * undefined when `address` is not an IP literal.
 */
export function addressValue(address: string, port: number, xorTransactionId?: Uint8Array): Uint8Array | undefined {
  const raw = parseIPv4(address) ?? parseIPv6(address);
  if (raw === undefined) return undefined;
  const out = new Uint8Array(4 + raw.length);
  out[1] = raw.length === 4 ? 0x01 : 0x02;
  let p = port & 0xffff;
  if (xorTransactionId !== undefined) {
    p ^= MAGIC_COOKIE >>> 16;
    const mask = new Uint8Array(16);
    new DataView(mask.buffer).setUint32(0, MAGIC_COOKIE);
    mask.set(xorTransactionId.subarray(0, 12), 4);
    for (let i = 0; i < raw.length; i++) raw[i] ^= mask[i];
  }
  out[2] = p >> 8;
  out[3] = p & 0xff;
  out.set(raw, 4);
  return out;
}

/** The value of an ERROR-CODE attribute for `code` (300-699) and a reason phrase. */
export function errorCodeValue(code: number, reason: string): Uint8Array {
  const text = encodeUtf8(reason);
  const out = new Uint8Array(4 + text.length);
  out[2] = Math.floor(code / 100) & 0x07;
  out[3] = code % 100;
  out.set(text, 4);
  return out;
}
