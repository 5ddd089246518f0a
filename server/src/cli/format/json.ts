/**
 * The JSON output: an array with one entry per linted input, files without findings
 * included: `[{ "filePath", "messages": [{ "ruleId", "severity", "message", "line",
 * "column", "endLine", "endColumn" }] }]`, positions 1-based. `filePath` is absolute for
 * files and the reported name for standard input.
 */
import type { FileReport } from './report';

/** Formats the reports as JSON, ending with a newline. */
export function formatJson(reports: readonly FileReport[]): string {
  const entries = reports.map((r) => ({
    filePath: r.absolutePath ?? r.displayPath,
    messages: r.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
    })),
  }));
  return JSON.stringify(entries, null, 2) + '\n';
}
