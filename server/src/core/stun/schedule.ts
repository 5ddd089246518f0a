/**
 * The RFC 8489 section 6.2.1 retransmission schedule for a request over UDP: the first
 * transmission at 0, then each after a wait that doubles from RTO, so transmission k goes at
 * (2^k - 1) x RTO, at most Rc times (7 by default), all before the total timeout.
 */

/** RFC 8489's default Rc: at most this many transmissions of one request. */
export const DEFAULT_MAX_TRANSMISSIONS = 7;

/**
 * Milliseconds after the first transmission at which each transmission is due, first one (0)
 * included, that fall before `totalTimeoutMs`. With RTO 500 ms and no time limit that is
 * 0, 500, 1500, 3500, 7500, 15500, 31500 (RFC 8489's example, which then gives up at 39500).
 */
export function transmissionOffsets(rtoMs: number, totalTimeoutMs: number, maxTransmissions: number = DEFAULT_MAX_TRANSMISSIONS): number[] {
  const offsets: number[] = [0];
  if (!(rtoMs > 0)) return offsets;
  for (let k = 1; k < maxTransmissions; k++) {
    const due = rtoMs * (2 ** k - 1);
    if (due >= totalTimeoutMs) break;
    offsets.push(due);
  }
  return offsets;
}
