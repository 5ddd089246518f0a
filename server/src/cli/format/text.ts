/**
 * The default, human-readable output: for each file with findings, a header line with its
 * path and one line per finding, `path:line:col severity message rule-id`; then a summary.
 *
 * A trace's report runs to tens of megabytes, so it is encoded line by line into UTF-8 pieces
 * of about a megabyte: it never exists as one string, nor as one encoded copy of that string,
 * and each write to standard output stays large.
 */
import { Buffer } from 'node:buffer';
import { countSeverities, type FileReport } from './report';

/** The size in bytes of a piece of output. */
const PIECE_BYTES = 1 << 20;

/** Formats the reports as text, ending with a newline. */
export function formatText(reports: readonly FileReport[]): string {
  return Buffer.concat([...textPieces(reports)]).toString('utf8');
}

/** The UTF-8 bytes of {@link formatText}, in consecutive pieces of about {@link PIECE_BYTES}. */
export function* textPieces(reports: readonly FileReport[]): Generator<Uint8Array> {
  const out = new Utf8Pieces();
  let full: Uint8Array | undefined;
  for (const report of reports) {
    if (report.messages.length === 0) continue;
    const prefix = `${report.displayPath}:`;
    if ((full = out.add(`${report.displayPath}\n`))) yield full;
    for (const m of report.messages) {
      if ((full = out.add(`${prefix}${m.line}:${m.column} ${m.severity} ${m.message} ${m.ruleId}\n`))) yield full;
    }
    if ((full = out.add('\n'))) yield full;
  }
  const counts = countSeverities(reports);
  const summary = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')} in ${plural(reports.length, 'file')}\n`;
  if ((full = out.add(summary))) yield full;
  yield out.rest();
}

/**
 * Encodes strings one after another into pieces of UTF-8. A piece handed out is never written
 * to again (a stream may still hold it), so each piece gets a buffer of its own.
 */
class Utf8Pieces {
  private buffer = Buffer.allocUnsafeSlow(PIECE_BYTES);
  private used = 0;

  /**
   * Appends `text`. When the current piece may not have room for it (a UTF-16 code unit takes
   * at most 3 bytes), that piece is returned, full, and `text` starts the next one.
   */
  add(text: string): Uint8Array | undefined {
    let full: Uint8Array | undefined;
    if (this.used + text.length * 3 > this.buffer.length) {
      full = this.used > 0 ? this.rest() : undefined;
      this.buffer = Buffer.allocUnsafeSlow(Math.max(PIECE_BYTES, text.length * 3));
      this.used = 0;
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
    return full;
  }

  /** The bytes of the current piece. */
  rest(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
