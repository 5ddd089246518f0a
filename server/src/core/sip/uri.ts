/**
 * URI and host parsers: sip, sips and tel URIs (RFC 3261 19.1, RFC 3966), IPv6 references
 * per RFC 5118, and host:port pairs. They read a range of the document text and return the
 * value plus errors; they never throw.
 */
import type { Parsed, Range } from '../types';

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
  readonly port: number | undefined;
  readonly portRange: Range | undefined;
  /** From the host (its `[` for IPv6) to the end of the port. */
  readonly range: Range;
}

export interface SipUri {
  readonly range: Range;
  /** Lower-case scheme: `sip`, `sips`, `tel`, or another (kept, not an error). */
  readonly scheme: string;
  readonly user: string | undefined;
  readonly userRange: Range | undefined;
  readonly password: string | undefined;
  /** Undefined for tel URIs and unknown schemes. */
  readonly host: HostPort | undefined;
  readonly params: readonly Param[];
  /** `?name=value&...` URI headers. */
  readonly headers: readonly Param[];
}

/** Parses the URI in `text` at `range`. */
export declare function parseUri(text: string, range: Range): Parsed<SipUri>;

/** Parses `host[:port]` (a Via sent-by, a URI host part) at `range`. */
export declare function parseHostPort(text: string, range: Range): Parsed<HostPort>;
