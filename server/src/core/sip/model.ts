/**
 * The syntax tree of a SIP document: a file that holds one message or a whole trace. Every
 * node keeps its range in the document text. Header values are kept as ranges and parsed on
 * demand by the value parsers (`uri.ts`, `values.ts`), so that a trace of 100k messages costs
 * one pass over the text plus what the rules actually look at.
 */
import type { ParseProblem, Range } from '../types';

/** One header field as written: `Via: SIP/2.0/UDP host;branch=z9hG4bK1`. */
export interface SipHeader {
  /** Canonical lower-case long name: compact forms are expanded (`v` → `via`). */
  readonly name: string;
  /** True when the message used the compact form (`v:`, `m:`...). */
  readonly compact: boolean;
  /** The whole field, continuation lines included, without the final line break. */
  readonly range: Range;
  readonly nameRange: Range;
  /**
   * The value, from its first to its last non-blank character. It may span folded
   * continuation lines; `headerValueText` returns it unfolded.
   */
  readonly valueRange: Range;
}

export interface RequestLine {
  readonly kind: 'request';
  readonly range: Range;
  readonly method: string;
  readonly methodRange: Range;
  /** The Request-URI as written (parse it with `parseUri`). */
  readonly uriRange: Range;
  readonly version: string;
  readonly versionRange: Range;
}

export interface StatusLine {
  readonly kind: 'response';
  readonly range: Range;
  readonly version: string;
  readonly versionRange: Range;
  /** The status code; NaN when it is not a number. */
  readonly status: number;
  readonly statusRange: Range;
  readonly reason: string;
  readonly reasonRange: Range;
}

/** A transport address as a trace records it. */
export interface Endpoint {
  readonly host: string;
  readonly port: number | undefined;
  readonly range: Range;
}

/**
 * What a trace format says about the packet that carried a message. The observed source is
 * evidence for the NAT rules: a request whose Via says 100.64.0.10 but that arrived from
 * 203.0.113.1 crossed a NAT.
 */
export interface PacketMeta {
  /** The metadata lines, from the first to the last. */
  readonly range: Range;
  /** The format that wrote them. */
  readonly format: TraceFormat;
  /** The timestamp as written. */
  readonly time?: string;
  readonly transport?: string;
  readonly source?: Endpoint;
  readonly destination?: Endpoint;
  /** SIPp, Kamailio, Asterisk and FreeSWITCH say whether the recording element sent or received the packet. */
  readonly direction?: 'sent' | 'received';
  /**
   * True when the message goes on in a later TCP segment of its flow, which the trace shows as
   * a record of its own (tcpdump, tshark follow, ngrep). The parser reads the later segments
   * into the message when they follow it (see {@link SipMessage.gaps} and {@link SipMessage.cuts});
   * the rules that need the whole message as sent (`wholeMessage`) skip it, since a segment the
   * trace lacks would look like a missing line.
   */
  readonly continued?: boolean;
}

/** The formats a document may be written in; recognised without any setting. */
export type TraceFormat = 'plain' | 'sipp' | 'sngrep' | 'ngrep' | 'sipdump' | 'tshark' | 'asterisk' | 'freeswitch' | 'baresip' | 'tcpdump' | 'wireshark';

export interface SipMessage {
  /** Position of this message in the document, from 0. */
  readonly index: number;
  /** From the first character of the start line to the end of the body. */
  readonly range: Range;
  readonly startLine: RequestLine | StatusLine;
  readonly headers: readonly SipHeader[];
  /**
   * Where the header section ends: the start of the empty line that separates headers from
   * the body, or the message end when there is none.
   */
  readonly headerEnd: number;
  /** The body; undefined when the message has none (an empty body is undefined too). */
  readonly body: Range | undefined;
  /** Line endings used in the header section. */
  readonly lineEnding: 'crlf' | 'lf' | 'mixed';
  /** Packet metadata from the trace lines just before this message, if any. */
  readonly meta: PacketMeta | undefined;
  /**
   * True in ngrep output, which prints each CR as `.`: there a line ends with `.` LF, and that
   * `.` is not part of the line's content (the SDP parser must skip it too).
   */
  readonly crShownAsDot: boolean;
  /**
   * The spaces the log writes before each line of the message: 3 in sofia-sip's older
   * transport log (FreeSWITCH's siptrace), 0 elsewhere. Every line's content, body lines too,
   * starts that far in; the log shows neither line endings nor the octets of the body.
   */
  readonly indent: number;
  /**
   * Stretches of `range` that are not read as the message, in order: in a trace that prints a
   * TCP segment per record, the trace's own lines between the message's segments, together with
   * the line a segment's end cut on either side of them (its two pieces cannot be one range).
   * Undefined for a message written in one piece.
   */
  readonly gaps?: readonly Range[];
  /**
   * The lines a segment's end cut, each as its pieces in order (the last one with its line
   * break), which lie in {@link gaps}: the rules that read values check them on the line the
   * pieces make together (see `reassemble`). Undefined when no line was cut.
   */
  readonly cuts?: readonly (readonly Range[])[];
}

/** A parsed document: the messages found plus every problem met. Parsing never fails. */
export interface SipDocument {
  readonly text: string;
  /** The format recognised from the metadata lines (`plain` when there are none). */
  readonly format: TraceFormat;
  readonly messages: readonly SipMessage[];
  /** Parse problems, in document order; each is owned by the rule named in its code. */
  readonly problems: readonly ParseProblem[];
}
