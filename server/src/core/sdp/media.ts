/**
 * Facts about media descriptions that more than one rule needs.
 */

/**
 * Whether an m= line's transport protocol is one of the RTP profiles (`RTP/AVP`, `RTP/AVPF`,
 * `RTP/SAVP`, `RTP/SAVPF`, and their `UDP/TLS/...` and `TCP/...` forms). For these, each
 * `<fmt>` is an RTP payload type number (RFC 8866 5.14, RFC 3551 6).
 */
export function isRtpProto(proto: string): boolean {
  // Rules ask for every m= line: an ASCII proto is searched in place rather than copied to
  // upper case. Other text takes the copy, because toUpperCase turns a few non-ASCII letters
  // into ASCII ones (`ſ` into `S`).
  if (!isAscii(proto)) {
    const upper = proto.toUpperCase();
    return upper.indexOf('RTP/AVP') !== -1 || upper.indexOf('RTP/SAVP') !== -1;
  }
  return containsIgnoringCase(proto, 'RTP/AVP') || containsIgnoringCase(proto, 'RTP/SAVP');
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether ASCII `s` contains `upper` (upper case), compared without regard to case. */
function containsIgnoringCase(s: string, upper: string): boolean {
  for (let start = 0; start + upper.length <= s.length; start++) {
    let i = 0;
    while (i < upper.length) {
      const c = s.charCodeAt(start + i);
      // Lower-case ASCII letters compare as upper case.
      if ((c >= 0x61 && c <= 0x7a ? c - 0x20 : c) !== upper.charCodeAt(i)) break;
      i++;
    }
    if (i === upper.length) return true;
  }
  return false;
}

/** The first and last payload type numbers of the dynamic range (RFC 3551 3). */
export const DYNAMIC_PAYLOAD_TYPES = { first: 96, last: 127 } as const;
