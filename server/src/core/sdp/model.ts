/**
 * The syntax tree of an SDP body (RFC 8866). Every node keeps its range in the document
 * text, so that a finding in an SDP line lands on that line of the SIP message.
 *
 * The parser keeps offsets and makes most strings and every range when a field is read (the
 * fields are getters), so that a body costs a few small objects per line: read a field once
 * into a local when it is needed more than once.
 */
import type { Range } from '../types';

/**
 * One `<type>=<value>` line, or one item `<label> (<type>): <value>` of Wireshark's dissection
 * (see `SdpParseOptions.dissection`), which stands for that line.
 */
export interface SdpLine {
  /** The one-character type (`v`, `o`, `c`, `m`, `a`...). */
  readonly type: string;
  /** Everything after the `=` (after the `): ` of an item). */
  readonly value: string;
  readonly valueRange: Range;
  /** The line without its line break (an item from its label on). */
  readonly range: Range;
}

/** A c= line: `c=<nettype> <addrtype> <connection-address>`. */
export interface SdpConnection {
  readonly line: SdpLine;
  /** `IN` as written. */
  readonly netType: string;
  /** `IP4` or `IP6` as written. */
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

/** The o= line: `o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>`. */
export interface SdpOrigin {
  readonly line: SdpLine;
  /** `-` when the host has no user ids. */
  readonly username: string;
  /** The session id as written (it may exceed what a number holds exactly). */
  readonly sessionId: string;
  /** The session version as written. */
  readonly sessionVersion: string;
  /** `IN` as written. */
  readonly netType: string;
  /** `IP4` or `IP6` as written. */
  readonly addrType: string;
  /** The address as written, without brackets around an IPv6 literal. */
  readonly address: string;
  readonly addressRange: Range;
}

/** An a= line: `a=<name>` or `a=<name>:<value>`. */
export interface SdpAttribute {
  readonly line: SdpLine;
  /** The name as written, before the first `:`. */
  readonly name: string;
  readonly nameRange: Range;
  /** What follows the first `:`; undefined when there is no `:`. */
  readonly value: string | undefined;
  readonly valueRange: Range | undefined;
  /**
   * Whether the name is `name`, given in lower case, compared without regard to case. It reads
   * the text in place: most attributes are checked against a few names and never match.
   */
  hasName(name: string): boolean;
}

/** One `<fmt>` of an m= line. */
export interface SdpFormat {
  /** The format as written (`0`, `101`, `t38`, `*`...). */
  readonly value: string;
  readonly range: Range;
  /**
   * The format read as an RTP payload type: a decimal number, NaN when it is not one. Only
   * meaningful when the m= line's protocol is an RTP profile.
   */
  readonly payloadType: number;
}

/** A media section: an m= line and the lines up to the next m= line. */
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
  /** `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, `udptl`... as written. */
  readonly proto: string;
  readonly protoRange: Range;
  readonly formats: readonly SdpFormat[];
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

/** One SDP body. */
export interface SdpSession {
  /** The whole SDP text. */
  readonly range: Range;
  /** Every `<type>=<value>` line, session and media sections alike, in order. */
  readonly lines: readonly SdpLine[];
  /** The lines of the session section: those before the first m= line. */
  readonly sessionLines: readonly SdpLine[];
  /** The first o= line of the session section that has its six fields. */
  readonly origin: SdpOrigin | undefined;
  /** The session-level c= line, if any. */
  readonly connection: SdpConnection | undefined;
  /** Session-level attributes. */
  readonly attributes: readonly SdpAttribute[];
  readonly media: readonly SdpMedia[];
}
