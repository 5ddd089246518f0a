/**
 * Readers for the SDP attributes that rules look into: `a=rtpmap` (RFC 8866 6.6), `a=rtcp`
 * (RFC 3605) and `a=candidate` (RFC 8839 5.1). Each reads an {@link SdpAttribute} and returns
 * the fields with their exact ranges in the document, or undefined when the attribute is
 * another one or too short to read. They never throw.
 */
import type { Range } from '../types';
import type { SdpAttribute } from './model';

/** `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]`. */
export interface SdpRtpmap {
  readonly attribute: SdpAttribute;
  /** NaN when not a number. */
  readonly payloadType: number;
  readonly payloadTypeRange: Range;
  /** `PCMU`, `opus`, `H264`... as written; empty when missing. */
  readonly encoding: string;
  /** NaN when missing or not a number. */
  readonly clockRate: number;
}

/** `a=rtcp:<port> [<nettype> <addrtype> <connection-address>]`. */
export interface SdpRtcp {
  readonly attribute: SdpAttribute;
  /** NaN when not a number. */
  readonly port: number;
  readonly portRange: Range;
  /** The address part, when the attribute has one. */
  readonly netType: string | undefined;
  readonly addrType: string | undefined;
  readonly address: string | undefined;
  readonly addressRange: Range | undefined;
}

/**
 * `a=candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<name> <value>)`.
 */
export interface SdpCandidate {
  readonly attribute: SdpAttribute;
  readonly foundation: string;
  /** NaN when not a number. */
  readonly component: number;
  /** `UDP`, `TCP`... as written. */
  readonly transport: string;
  /** NaN when not a number. */
  readonly priority: number;
  /** An IP literal, or an FQDN (`*.local` for mDNS candidates). */
  readonly address: string;
  readonly addressRange: Range;
  /** NaN when not a number. */
  readonly port: number;
  readonly portRange: Range;
  /** `host`, `srflx`, `prflx`, `relay`, or whatever follows `typ`; empty when `typ` is missing. */
  readonly candidateType: string;
  readonly candidateTypeRange: Range | undefined;
  readonly relatedAddress: string | undefined;
  readonly relatedAddressRange: Range | undefined;
  /** NaN when written but not a number; undefined when absent. */
  readonly relatedPort: number | undefined;
  readonly relatedPortRange: Range | undefined;
}

/** A field of an attribute value: its text and its range in the document. */
interface Field {
  readonly text: string;
  readonly range: Range;
}

/** Splits an attribute's value at runs of spaces and tabs; ranges are document offsets. */
function fieldsOf(attribute: SdpAttribute): Field[] {
  const value = attribute.value;
  const base = attribute.valueRange?.start;
  if (value === undefined || base === undefined) return [];
  const fields: Field[] = [];
  let i = 0;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      i++;
      continue;
    }
    const start = i;
    while (i < value.length && value.charCodeAt(i) !== 0x20 && value.charCodeAt(i) !== 0x09) i++;
    fields.push({ text: value.slice(start, i), range: { start: base + start, end: base + i } });
  }
  return fields;
}

/** A decimal number made of digits only; NaN otherwise. */
function decimal(s: string): number {
  return decimalAt(s, 0, s.length);
}

/**
 * {@link decimal} of `s.slice(start, end)`, read in place. Up to 15 digits, the number is exact,
 * as Number() would read it.
 */
function decimalAt(s: string, start: number, end: number): number {
  if (end === start || end - start > 15) return NaN;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return NaN;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** The first offset from `i` in `s` that is not a space or tab. */
function skipBlanks(s: string, i: number): number {
  while (i < s.length && (s.charCodeAt(i) === 0x20 || s.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** The first space or tab from `i` in `s`: where the field at `i` ends. */
function fieldEnd(s: string, i: number): number {
  while (i < s.length && s.charCodeAt(i) !== 0x20 && s.charCodeAt(i) !== 0x09) i++;
  return i;
}

/**
 * The payload type of an `a=rtpmap` line (its first field, NaN when not a number), read without
 * the rest of the line; undefined for another attribute or one without a value. Agrees with
 * {@link parseRtpmapAttribute}'s `payloadType`.
 */
export function rtpmapPayloadType(attribute: SdpAttribute): number | undefined {
  if (!attribute.hasName('rtpmap')) return undefined;
  const value = attribute.value;
  if (value === undefined) return undefined;
  const start = skipBlanks(value, 0);
  const end = fieldEnd(value, start);
  return end === start ? undefined : decimalAt(value, start, end);
}

/** Reads `a=rtpmap`; undefined for another attribute or one without a value. */
export function parseRtpmapAttribute(attribute: SdpAttribute): SdpRtpmap | undefined {
  if (!attribute.hasName('rtpmap')) return undefined;
  const [pt, encodingField] = fieldsOf(attribute);
  if (pt === undefined) return undefined;
  const encodingText = encodingField?.text ?? '';
  const slash = encodingText.indexOf('/');
  const encoding = slash === -1 ? encodingText : encodingText.slice(0, slash);
  let clockRate = NaN;
  if (slash !== -1) {
    const second = encodingText.indexOf('/', slash + 1);
    clockRate = decimal(encodingText.slice(slash + 1, second === -1 ? encodingText.length : second));
  }
  return { attribute, payloadType: decimal(pt.text), payloadTypeRange: pt.range, encoding, clockRate };
}

/** Reads `a=rtcp`; undefined for another attribute or one without a value. */
export function parseRtcpAttribute(attribute: SdpAttribute): SdpRtcp | undefined {
  if (!attribute.hasName('rtcp')) return undefined;
  const value = attribute.value;
  const base = attribute.valueRange?.start;
  if (value === undefined || base === undefined) return undefined;
  // The fields are found in place: the NAT rule reads a=rtcp in every body that has one.
  const portStart = skipBlanks(value, 0);
  if (portStart === value.length) return undefined;
  const portEnd = fieldEnd(value, portStart);
  const netStart = skipBlanks(value, portEnd);
  const netEnd = fieldEnd(value, netStart);
  const typeStart = skipBlanks(value, netEnd);
  const typeEnd = fieldEnd(value, typeStart);
  const addrStart = skipBlanks(value, typeEnd);
  const port = decimalAt(value, portStart, portEnd);
  const portRange = { start: base + portStart, end: base + portEnd };
  if (addrStart === value.length) {
    return { attribute, port, portRange, netType: undefined, addrType: undefined, address: undefined, addressRange: undefined };
  }
  // An IPv4 multicast address may carry `/ttl`: the address stops before it.
  const addrFieldEnd = fieldEnd(value, addrStart);
  const slash = value.indexOf('/', addrStart);
  const addrEnd = slash === -1 || slash > addrFieldEnd ? addrFieldEnd : slash;
  return {
    attribute,
    port,
    portRange,
    netType: value.slice(netStart, netEnd),
    addrType: value.slice(typeStart, typeEnd),
    address: value.slice(addrStart, addrEnd),
    addressRange: { start: base + addrStart, end: base + addrEnd },
  };
}

/**
 * Reads `a=candidate`; undefined for another attribute or one with fewer than the six
 * fields before `typ`.
 */
export function parseCandidateAttribute(attribute: SdpAttribute): SdpCandidate | undefined {
  if (!attribute.hasName('candidate')) return undefined;
  const fields = fieldsOf(attribute);
  if (fields.length < 6) return undefined;
  const [foundation, component, transport, priority, address, port] = fields as [Field, Field, Field, Field, Field, Field];
  let candidateType = '';
  let candidateTypeRange: Range | undefined;
  let relatedAddress: Field | undefined;
  let relatedPort: Field | undefined;
  // After the port come name/value pairs: `typ`, `raddr`, `rport`, then extensions.
  for (let i = 6; i + 1 < fields.length; i += 2) {
    const name = (fields[i] as Field).text.toLowerCase();
    const value = fields[i + 1] as Field;
    if (name === 'typ' && candidateTypeRange === undefined) {
      candidateType = value.text;
      candidateTypeRange = value.range;
    } else if (name === 'raddr' && relatedAddress === undefined) {
      relatedAddress = value;
    } else if (name === 'rport' && relatedPort === undefined) {
      relatedPort = value;
    }
  }
  return {
    attribute,
    foundation: foundation.text,
    component: decimal(component.text),
    transport: transport.text,
    priority: decimal(priority.text),
    address: address.text,
    addressRange: address.range,
    port: decimal(port.text),
    portRange: port.range,
    candidateType,
    candidateTypeRange,
    relatedAddress: relatedAddress?.text,
    relatedAddressRange: relatedAddress?.range,
    relatedPort: relatedPort === undefined ? undefined : decimal(relatedPort.text),
    relatedPortRange: relatedPort?.range,
  };
}
