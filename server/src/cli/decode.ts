/**
 * Turns file bytes into the text the core lints. Files are read as bytes and decoded as UTF-8.
 * A byte-order mark is kept in the text, so that text encoded again gives the same bytes and
 * `--fix` leaves everything outside its edits untouched. Bytes that are not UTF-8 are decoded
 * to U+FFFD (the core reports those), and such a file is marked so that it is never rewritten.
 *
 * Validity is checked with `buffer.isUtf8` (the same verdict as a fatal `TextDecoder`, at a
 * small fraction of its cost on a 100 MB trace), and the text is decoded once.
 */
import { Buffer, isUtf8 } from 'node:buffer';

/** A decoded file. */
export interface DecodedText {
  readonly text: string;
  /** False when the bytes were not valid UTF-8 and `text` is a lossy decoding. */
  readonly validUtf8: boolean;
}

/** Decodes bytes as UTF-8, keeping a byte-order mark; never throws. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Buffer's UTF-8 decoder keeps the BOM and replaces each maximal invalid subpart by U+FFFD,
  // as the WHATWG decoder does.
  return { text: buffer.toString('utf8'), validUtf8: isUtf8(buffer) };
}
