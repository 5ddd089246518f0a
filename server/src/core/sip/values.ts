/**
 * Parsers for the header values the rules read: Via, name-addr lists (Contact, From, To,
 * Route, Record-Route), CSeq, and comma-separated lists. Each reads a range of the document
 * text and returns the value plus errors; none throws.
 */
import type { Parsed, Range } from '../types';
import type { HostPort, Param, SipUri } from './uri';

/** One Via value: `SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;rport`. */
export interface ViaValue {
  readonly range: Range;
  /** `SIP/2.0/UDP` as written. */
  readonly protocol: string;
  readonly protocolRange: Range;
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
  readonly displayName: string | undefined;
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
 * pair do not split. Each range is trimmed of surrounding white space.
 */
export declare function splitCommaList(text: string, range: Range): Range[];

/** Parses every Via value in one Via header (it may hold several, comma-separated). */
export declare function parseVia(text: string, range: Range): Parsed<ViaValue[]>;

/** Parses one name-addr or addr-spec with its header parameters (From, To). */
export declare function parseNameAddr(text: string, range: Range): Parsed<NameAddr>;

/** Parses a Contact header value: `*` or a comma-separated list of name-addrs. */
export declare function parseContactList(text: string, range: Range): Parsed<ContactValue[]>;

/** Parses a comma-separated list of name-addrs (Route, Record-Route). */
export declare function parseNameAddrList(text: string, range: Range): Parsed<NameAddr[]>;

/** Parses `CSeq: 314159 INVITE`. */
export declare function parseCSeq(text: string, range: Range): Parsed<CSeqValue>;
