/**
 * Helpers the unit tests share: the one way they look at lint output (findings as `[ruleId,
 * line]` pairs, 1-based, or with columns, so that expectations read like the CLI's output), and
 * the checks the value and URI parser tests apply to parsed values and their ranges, and the
 * measure of what a run keeps alive.
 */
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LineIndex, lint, normalizeSettings, type Finding, type Range } from '../../server/src/core/index';

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

/** Fails unless `actual` holds every field of `expected` (recursively; arrays must match in length). */
export function assertSubset(actual: unknown, expected: unknown, path: string): void {
  if (expected === null || typeof expected !== 'object') {
    assert.ok(Object.is(actual, expected), `${path}: expected ${String(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  assert.ok(actual !== null && typeof actual === 'object', `${path}: expected an object, got ${JSON.stringify(actual)}`);
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: expected an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    expected.forEach((item, i) => assertSubset(actual[i], item, `${path}[${i}]`));
    return;
  }
  for (const [key, value] of Object.entries(expected)) {
    assertSubset((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  }
}

/**
 * Fails unless every range in `value` lies inside `bounds` and the ranges beside a field hold
 * that field's text (`hostRange` the host, a parameter's `nameRange` its lower-cased name...).
 */
export function assertRangesConsistent(text: string, value: unknown, bounds: Range, path = 'value'): void {
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number') {
    assert.ok(record.start <= record.end, `${path}: start ${record.start} > end ${record.end}`);
    assert.ok(record.start >= bounds.start && record.end <= bounds.end, `${path}: [${record.start}, ${record.end}) outside [${bounds.start}, ${bounds.end})`);
    return;
  }
  const pairs: [string, string, (s: string) => string][] = [
    ['host', 'hostRange', (s) => s],
    ['user', 'userRange', (s) => s],
    ['value', 'valueRange', (s) => s],
    ['name', 'nameRange', (s) => s.toLowerCase()],
    ['method', 'methodRange', (s) => s],
  ];
  for (const [field, rangeField, map] of pairs) {
    const r = record[rangeField] as Range | undefined;
    if (r !== undefined && typeof record[field] === 'string') {
      assert.equal(map(text.slice(r.start, r.end)), record[field], `${path}.${rangeField} does not hold ${field}`);
    }
  }
  for (const [key, child] of fieldsOf(record)) assertRangesConsistent(text, child, bounds, `${path}.${key}`);
}

/** A copy of `value` with every range moved by `delta`, so that expectations use input offsets. */
export function shiftRanges(value: unknown, delta: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => shiftRanges(v, delta));
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 2) {
    return { start: record.start + delta, end: record.end + delta };
  }
  return Object.fromEntries(fieldsOf(record).map(([k, v]) => [k, shiftRanges(v, delta)]));
}

/**
 * The bytes of JS heap still held, after full collections, once `run` has returned: what the
 * module-level caches it touched keep alive. Tests give `run` a document of tens of MB and
 * check that the figure stays far below it.
 */
export function bytesHeldAfter(run: () => void): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heapAfterGc = (): number => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const before = heapAfterGc();
  run();
  // V8 keeps the subject of the last regular expression match (RegExp.lastMatch): match another.
  assert.ok(/0/.test('10.0.0.1'));
  return heapAfterGc() - before;
}
