/**
 * Facts about media descriptions that more than one rule needs.
 */

/**
 * Whether an m= line's transport protocol is one of the RTP profiles (`RTP/AVP`, `RTP/AVPF`,
 * `RTP/SAVP`, `RTP/SAVPF`, and their `UDP/TLS/...` and `TCP/...` forms). For these, each
 * `<fmt>` is an RTP payload type number (RFC 8866 5.14, RFC 3551 6).
 */
export function isRtpProto(proto: string): boolean {
  const upper = proto.toUpperCase();
  return upper.indexOf('RTP/AVP') !== -1 || upper.indexOf('RTP/SAVP') !== -1;
}

/** The first and last payload type numbers of the dynamic range (RFC 3551 3). */
export const DYNAMIC_PAYLOAD_TYPES = { first: 96, last: 127 } as const;
