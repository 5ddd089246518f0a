/**
 * CRC-32 as used by the STUN FINGERPRINT attribute (RFC 8489 section 14.7): the ISO-HDLC /
 * IEEE 802.3 polynomial, reflected (0xEDB88320), initial value and final XOR 0xFFFFFFFF.
 */

/** The 256-entry lookup table, built once when the module loads. */
const TABLE: Uint32Array = buildTable();

function buildTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
}

/** Returns the CRC-32 of `bytes[start, end)` as an unsigned 32-bit number. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) {
    crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
