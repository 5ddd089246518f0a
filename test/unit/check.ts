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

/**
 * The fields of a parsed value as a plain record: its own properties and the getters its class
 * defines (the parsers build ranges on access), so that tests can walk values of any shape.
 */
export function fieldsOf(value: object): [string, unknown][] {
  const entries: [string, unknown][] = Object.entries(value);
  const seen = new Set(entries.map(([key]) => key));
  for (let proto = Object.getPrototypeOf(value) as object | null; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
      if (descriptor.get === undefined || seen.has(key)) continue;
      seen.add(key);
      entries.push([key, (value as Record<string, unknown>)[key]]);
    }
  }
  return entries;
}
