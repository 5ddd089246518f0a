/**
 * Turns file bytes into the text the core lints. Files are read as bytes and decoded as UTF-8.
 * A byte-order mark is kept in the text, so that text encoded again gives the same bytes and
 * `--fix` leaves everything outside its edits untouched. Bytes that are not UTF-8 are decoded
 * to U+FFFD (the core reports those), and such a file is marked so that it is never rewritten.
 */

/** A decoded file. */
export interface DecodedText {
  readonly text: string;
  /** False when the bytes were not valid UTF-8 and `text` is a lossy decoding. */
  readonly validUtf8: boolean;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes bytes as UTF-8; never throws. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  try {
    return { text: strictDecoder.decode(bytes), validUtf8: true };
  } catch {
    return { text: lossyDecoder.decode(bytes), validUtf8: false };
  }
}
