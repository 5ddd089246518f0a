/**
 * The default, human-readable output: for each file with findings, a header line with its
 * path and one line per finding, `path:line:col severity message rule-id`; then a summary.
 */
import { countSeverities, type FileReport } from './report';

/** Formats the reports as text, ending with a newline. */
export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.messages.length === 0) continue;
    lines.push(report.displayPath);
    for (const m of report.messages) {
      lines.push(`${report.displayPath}:${m.line}:${m.column} ${m.severity} ${m.message} ${m.ruleId}`);
    }
    lines.push('');
  }
  const counts = countSeverities(reports);
  lines.push(
    `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.infos, 'info')} in ${plural(reports.length, 'file')}`,
  );
  return lines.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
