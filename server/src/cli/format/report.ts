/**
 * What the formatters print: one {@link FileReport} per linted input, with findings turned
 * into 1-based lines and columns. Columns count UTF-16 code units, as the core's offsets do,
 * and as SARIF's default `columnKind` (`utf16CodeUnits`) expects.
 */
import type { Finding, Severity } from '../../core/types';

/** One finding at the edge: positions are 1-based; the end is exclusive, as in ESLint and SARIF. */
export interface CliMessage {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** The findings of one input. */
export interface FileReport {
  /** The path as the user named it or as it was found (relative stays relative). */
  readonly displayPath: string;
  /** The absolute path; undefined for standard input. */
  readonly absolutePath: string | undefined;
  readonly messages: readonly CliMessage[];
}

/**
 * Converts findings (offsets) into messages (1-based lines and columns), with the same
 * positions as the core's `LineIndex` (offsets clamp to the text). Findings come sorted by
 * start, so one cursor walks forward over the text once instead of building a table of every
 * line; each end is found by walking on from its start. Any order gives the right positions;
 * an offset before the cursor only costs a walk from the text's beginning.
 */
export function toMessages(findings: readonly Finding[], text: string): CliMessage[] {
  const starts = new LineCursor(text);
  const ends = new LineCursor(text);
  return findings.map((f) => {
    starts.moveTo(f.range.start);
    const column = starts.column;
    ends.copyFrom(starts);
    ends.moveTo(f.range.end);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: starts.line + 1,
      column: column + 1,
      endLine: ends.line + 1,
      endColumn: ends.column + 1,
    };
  });
}

/** A position in a text that moves forward line by line: the 0-based line and column of `offset`. */
export class LineCursor {
  /** The 0-based line of the current offset. */
  line = 0;
  /** The offset at which the current line starts. */
  private lineStart = 0;
  /** The offset of the line feed that ends the current line, or -1 on the last line. */
  private lineEnd: number;
  private offset = 0;

  constructor(private readonly text: string) {
    this.lineEnd = text.indexOf('\n');
  }

  /** The 0-based column (UTF-16 code units) of the current offset. */
  get column(): number {
    return this.offset - this.lineStart;
  }

  /** Moves to `offset`, clamped to the text; a line feed belongs to the line it ends. */
  moveTo(offset: number): void {
    const target = Math.max(0, Math.min(offset, this.text.length));
    if (target < this.lineStart) this.restart();
    while (this.lineEnd !== -1 && this.lineEnd < target) {
      this.line++;
      this.lineStart = this.lineEnd + 1;
      this.lineEnd = this.text.indexOf('\n', this.lineStart);
    }
    this.offset = target;
  }

  /** Puts this cursor where `other` (over the same text) is. */
  copyFrom(other: LineCursor): void {
    this.line = other.line;
    this.lineStart = other.lineStart;
    this.lineEnd = other.lineEnd;
    this.offset = other.offset;
  }

  private restart(): void {
    this.line = 0;
    this.lineStart = 0;
    this.lineEnd = this.text.indexOf('\n');
  }
}

/** How many messages of each severity a set of reports holds. */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

export function countSeverities(reports: readonly FileReport[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0 };
  for (const report of reports) {
    for (const m of report.messages) {
      if (m.severity === 'error') counts.errors++;
      else if (m.severity === 'warning') counts.warnings++;
      else counts.infos++;
    }
  }
  return counts;
}
