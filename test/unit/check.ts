/**
 * The one way tests look at lint output: findings as `[ruleId, line]` pairs (1-based lines),
 * or with columns, so that expectations read like the CLI's output.
 */
import { LineIndex, lint, normalizeSettings, type Finding } from '../../server/src/core/index';

export interface Located {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** Lints `text` and returns every finding with its 1-based line and column. */
export function lintLocated(text: string, settings?: unknown): Located[] {
  const { findings } = lint(text, settings === undefined ? undefined : normalizeSettings(settings));
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const p = lines.positionAt(f.range.start);
    return { ruleId: f.ruleId, severity: f.severity, line: p.line + 1, column: p.character + 1, message: f.message };
  });
}

/** `ruleId:line` for each finding, for compact equality checks. */
export function ruleLines(text: string, settings?: unknown): string[] {
  return lintLocated(text, settings).map((f) => `${f.ruleId}:${f.line}`);
}
