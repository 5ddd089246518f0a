/**
 * The syntax tree of an SDP body (RFC 8866). Every node keeps its range in the document
 * text, so that a finding in an SDP line lands on that line of the SIP message.
 */
import type { Range } from '../types';

/** One `<type>=<value>` line. */
export interface SdpLine {
  /** The one-character type (`v`, `o`, `c`, `m`, `a`...). */
  readonly type: string;
  readonly value: string;
  readonly valueRange: Range;
  /** The line without its line break. */
  readonly range: Range;
}

export interface SdpConnection {
  readonly line: SdpLine;
  readonly netType: string;
  readonly addrType: string;
  /** The address as written, without a `/ttl` or `/count` suffix. */
  readonly address: string;
  readonly addressRange: Range;
  /**
   * The multicast TTL of an IPv4 address (`/127` in `224.2.1.1/127`); undefined when absent or
   * not a number.
   */
  readonly ttl: number | undefined;
  /**
   * The number of addresses (`/3` in `224.2.1.1/127/3`, or in `ff15::101/3` for IPv6);
   * undefined when absent or not a number.
   */
  readonly addressCount: number | undefined;
}

export interface SdpOrigin {
  readonly line: SdpLine;
  readonly username: string;
  readonly sessionId: string;
  readonly sessionVersion: string;
  readonly netType: string;
  readonly addrType: string;
  readonly address: string;
  readonly addressRange: Range;
}

export interface SdpAttribute {
  readonly line: SdpLine;
  readonly name: string;
  readonly nameRange: Range;
  readonly value: string | undefined;
  readonly valueRange: Range | undefined;
}

export interface SdpMedia {
  readonly line: SdpLine;
  /** `audio`, `video`, `application`... */
  readonly media: string;
  /** NaN when not a number. */
  readonly port: number;
  readonly portRange: Range;
  /**
   * The number of ports from `port/number` (`49170/2`); undefined when absent. NaN when
   * written but not a number.
   */
  readonly portCount: number | undefined;
  readonly proto: string;
  readonly protoRange: Range;
  readonly formats: readonly { readonly value: string; readonly range: Range }[];
  /** The first c= line of this media section, if any. */
  readonly connection: SdpConnection | undefined;
  /** Every c= line of this media section, in order (layered multicast may have several). */
  readonly connections: readonly SdpConnection[];
  readonly attributes: readonly SdpAttribute[];
  /** Every line of this media section, the m= line first. */
  readonly lines: readonly SdpLine[];
  /** From the m= line to the end of the media section. */
  readonly range: Range;
}

export interface SdpSession {
  /** The whole SDP text. */
  readonly range: Range;
  /** Every `<type>=<value>` line, session and media sections alike, in order. */
  readonly lines: readonly SdpLine[];
  /** The lines of the session section: those before the first m= line. */
  readonly sessionLines: readonly SdpLine[];
  readonly origin: SdpOrigin | undefined;
  /** The session-level c= line, if any. */
  readonly connection: SdpConnection | undefined;
  /** Session-level attributes. */
  readonly attributes: readonly SdpAttribute[];
  readonly media: readonly SdpMedia[];
}
