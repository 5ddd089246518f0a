/**
 * What the formatters print: one {@link FileReport} per linted input, with findings turned
 * into 1-based lines and columns. Columns count UTF-16 code units, as the core's offsets do,
 * and as SARIF's default `columnKind` (`utf16CodeUnits`) expects.
 */
import type { Finding, Severity } from '../../core/types';
import type { LineIndexLike } from '../core-api';

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

/** Converts findings (offsets) into messages (1-based lines and columns). */
export function toMessages(findings: readonly Finding[], lines: LineIndexLike): CliMessage[] {
  return findings.map((f) => {
    const start = lines.positionAt(f.range.start);
    const end = lines.positionAt(f.range.end);
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  });
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
