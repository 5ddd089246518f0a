/**
 * Offsets ↔ line/column conversion for the edges (CLI output, LSP positions). The core itself
 * works in offsets only. Lines are split at LF; a CR before the LF belongs to the line.
 */

/** A zero-based line and UTF-16 character position, as LSP defines it. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private starts: Uint32Array | undefined;

  constructor(readonly text: string) {}

  /** The offset at which each line starts, computed once on first use. */
  private lineStarts(): Uint32Array {
    if (this.starts) return this.starts;
    const text = this.text;
    let count = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Uint32Array(count);
    let n = 1;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    this.starts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** The position of an offset; offsets past the end clamp to the end. */
  positionAt(offset: number): Position {
    const starts = this.lineStarts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - starts[low] };
  }

  /** The offset of a position; positions past a line's end clamp to that end. */
  offsetAt(position: Position): number {
    const starts = this.lineStarts();
    if (position.line < 0) return 0;
    if (position.line >= starts.length) return this.text.length;
    const start = starts[position.line];
    const next = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return Math.max(start, Math.min(start + position.character, next));
  }

  /** The offset where a line starts. */
  lineStart(line: number): number {
    const starts = this.lineStarts();
    return line >= starts.length ? this.text.length : starts[Math.max(0, line)];
  }
}

/**
 * A flat copy of `s` of its own, for a cache that outlives the text `s` was cut from: V8 keeps
 * a slice of 13 characters or more as a view on the whole string it was cut from, so a cached
 * slice of a document would keep the document alive.
 */
export function detach(s: string): string {
  return (' ' + s).slice(1);
}

const NON_ASCII = /[\u0080-\uffff]/;

/** The number of octets the UTF-8 encoding of `text[start, end)` takes. */
export function utf8Length(text: string, start = 0, end = text.length): number {
  // Most text is ASCII, one octet per unit, which a regular expression finds out about twice as
  // fast as the loop below (for a range inside the text; the loop handles any range).
  if (start >= 0 && start <= end && end <= text.length && !NON_ASCII.test(text.slice(start, end))) return end - start;
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `s` is one or more ASCII digits and nothing else: `/^\d+$/.test(s)` without a regex. */
export function isAsciiDigits(s: string): boolean {
  const length = s.length;
  if (length === 0) return false;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
