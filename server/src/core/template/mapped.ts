/**
 * Text derived from another text (the scenario file), with for each derived character the range
 * of the original it came from. A message extracted from a scenario, cleaned the way SIPp
 * cleans it and with its keywords replaced by stand-ins, is linted as plain SIP; the findings'
 * ranges are then mapped back through this table so that they land on the scenario file.
 */
import type { Range } from '../types';

/** Builds a {@link MappedText} character by character or run by run. */
export class MappedTextBuilder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  /** Appends original text `source[start, end)` as it is: each character maps to itself. */
  copy(source: string, start: number, end: number, originBase = start): void {
    if (end <= start) return;
    this.parts.push(source.slice(start, end));
    for (let i = 0; i < end - start; i++) {
      this.starts.push(originBase + i);
      this.ends.push(originBase + i + 1);
    }
  }

  /** Appends `text`, every character of which stands for the original `origin` range. */
  insert(text: string, origin: Range): void {
    if (text.length === 0) return;
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) {
      this.starts.push(origin.start);
      this.ends.push(origin.end);
    }
  }

  /** Appends one character of a mapped text with its origin. */
  push(char: string, start: number, end: number): void {
    this.parts.push(char);
    this.starts.push(start);
    this.ends.push(end);
  }

  get length(): number {
    return this.starts.length;
  }

  /** The last `n` characters appended (fewer at the start). */
  tail(n: number): string {
    let result = '';
    for (let p = this.parts.length - 1; p >= 0 && result.length < n; p--) result = this.parts[p] + result;
    return result.slice(-n);
  }

  /** The code of the last character appended, or NaN when there is none. */
  lastCharCode(): number {
    for (let p = this.parts.length - 1; p >= 0; p--) {
      const part = this.parts[p];
      if (part.length > 0) return part.charCodeAt(part.length - 1);
    }
    return NaN;
  }

  /** The text so far. */
  text(): string {
    return this.parts.join('');
  }

  /** The finished text; `originEnd` is where an empty range at its very end maps to. */
  build(originEnd: number): MappedText {
    return new MappedText(this.parts.join(''), Int32Array.from(this.starts), Int32Array.from(this.ends), originEnd);
  }
}

export class MappedText {
  constructor(
    readonly text: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    /** Where the end of this text maps to in the original. */
    readonly originEnd: number,
  ) {}

  /** The original range of derived character `i`. */
  origin(i: number): Range {
    if (i >= this.starts.length) return { start: this.originEnd, end: this.originEnd };
    return { start: this.starts[i], end: this.ends[i] };
  }

  /**
   * Maps a derived range back: from the start of its first character's origin to the end of
   * its last one's. An empty range maps to an empty range at its character's origin. A range
   * that covers only part of a stand-in maps to the whole keyword it stands for.
   */
  toOriginal(range: Range): Range {
    const n = this.starts.length;
    const start = Math.max(0, Math.min(range.start, n));
    const end = Math.max(start, Math.min(range.end, n));
    if (start === n) return { start: this.originEnd, end: this.originEnd };
    if (end === start) {
      const at = this.starts[start];
      return { start: at, end: at };
    }
    let originStart = this.starts[start];
    let originEnd = this.ends[end - 1];
    if (originEnd < originStart) originEnd = originStart;
    // Keep the range inside the original order even when cleaning moved characters apart.
    if (this.ends[start] > originEnd) originEnd = this.ends[start];
    if (this.starts[end - 1] < originStart) originStart = this.starts[end - 1];
    return { start: originStart, end: originEnd };
  }

  /** Builds a mapped text from a sub-range of this one, characters keeping their origins. */
  slice(start: number, end: number): MappedText {
    return new MappedText(this.text.slice(start, end), this.starts.slice(start, end), this.ends.slice(start, end), end < this.starts.length ? this.starts[end] : this.originEnd);
  }

  /** Appends derived characters `[start, end)` with their origins to a builder. */
  copyTo(builder: MappedTextBuilder, start: number, end: number): void {
    for (let i = start; i < end; i++) builder.push(this.text[i], this.starts[i], this.ends[i]);
  }
}

/** The identity mapping of `text[start, end)`. */
export function identity(text: string, start = 0, end = text.length): MappedText {
  const builder = new MappedTextBuilder();
  builder.copy(text, start, end);
  return builder.build(end);
}
