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
  readonly proto: string;
  readonly formats: readonly { readonly value: string; readonly range: Range }[];
  readonly connection: SdpConnection | undefined;
  readonly attributes: readonly SdpAttribute[];
  /** From the m= line to the end of the media section. */
  readonly range: Range;
}

export interface SdpSession {
  /** The whole SDP text. */
  readonly range: Range;
  readonly lines: readonly SdpLine[];
  readonly origin: SdpOrigin | undefined;
  /** The session-level c= line, if any. */
  readonly connection: SdpConnection | undefined;
  /** Session-level attributes. */
  readonly attributes: readonly SdpAttribute[];
  readonly media: readonly SdpMedia[];
}
