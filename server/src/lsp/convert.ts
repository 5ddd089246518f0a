/** Conversions between the core's offsets and findings and LSP's positions and diagnostics. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Position, type Range as LspRange } from 'vscode-languageserver';
import { LineIndex, type Finding, type Range, type Severity } from '../core/index';

export const source = 'sipnat';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspRange(lines: LineIndex, range: Range): LspRange {
  return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
}

export function toOffsets(lines: LineIndex, range: LspRange): Range {
  return { start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) };
}

/** Where the rule documentation lives: `docs/rules.md` shipped beside the server bundle. */
function findDocs(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'docs', 'rules.md');
    if (existsSync(candidate)) return pathToFileURL(candidate).toString();
    dir = dirname(dir);
  }
  return undefined;
}

const docsUrl = findDocs() ?? 'https://sipnat.invalid/docs/rules.md';

/** The link to a rule's documentation (the anchor scheme of scripts/gen-rule-docs.js). */
export function ruleHref(ruleId: string): string {
  return `${docsUrl}#${ruleId.replace(/[^a-z0-9]+/g, '-')}`;
}


/**
 * Positions of offsets asked in (mostly) increasing order, found by walking forward through
 * the line starts from the last answer: a pass over a document's sorted findings costs one
 * walk over its lines. An offset behind the last answer is looked up from the start.
 */
export class PositionWalker {
  private line = 0;
  private readonly last: number;

  constructor(private readonly lines: LineIndex) {
    this.last = lines.lineCount - 1;
  }

  /** The position of `offset`, as `LineIndex.positionAt` gives it. */
  at(offset: number): Position {
    const lines = this.lines;
    const clamped = Math.max(0, Math.min(offset, lines.text.length));
    const last = this.last;
    let line = this.line;
    if (lines.lineStart(line) > clamped) {
      const position = lines.positionAt(clamped);
      this.line = position.line;
      return position;
    }
    while (line < last && lines.lineStart(line + 1) <= clamped) line++;
    this.line = line;
    return { line, character: clamped - lines.lineStart(line) };
  }

  /** The position of `offset` at or after `from`, without moving the walk (a range's end). */
  after(from: Position, offset: number): Position {
    const lines = this.lines;
    const clamped = Math.max(0, Math.min(offset, lines.text.length));
    const last = this.last;
    let line = from.line;
    if (lines.lineStart(line) > clamped) return lines.positionAt(clamped);
    while (line < last && lines.lineStart(line + 1) <= clamped) line++;
    return { line, character: clamped - lines.lineStart(line) };
  }
}

/** One documentation link object per rule, shared by all its diagnostics. */
const descriptions = new Map<string, { readonly href: string }>();

function codeDescription(ruleId: string): { readonly href: string } {
  let description = descriptions.get(ruleId);
  if (description === undefined) {
    description = { href: ruleHref(ruleId) };
    descriptions.set(ruleId, description);
  }
  return description;
}

/**
 * The diagnostic of a finding. `walker`, when given, finds the positions (for findings taken
 * in document order); the result is the same either way.
 */
export function toDiagnostic(lines: LineIndex, finding: Finding, walker?: PositionWalker): Diagnostic {
  let range: LspRange;
  if (walker) {
    const start = walker.at(finding.range.start);
    range = { start, end: walker.after(start, finding.range.end) };
  } else {
    range = toLspRange(lines, finding.range);
  }
  // The rule id travels in `code`, the fix's inputs in `data` (only when the finding has some):
  // a code action rebuilds the finding from the two.
  const diagnostic: Diagnostic = {
    range,
    severity: severities[finding.severity],
    source,
    code: finding.ruleId,
    codeDescription: codeDescription(finding.ruleId),
    message: finding.message,
  };
  if (finding.data !== undefined) diagnostic.data = finding.data;
  return diagnostic;
}

/**
 * A diagnostic of a message that moved from `from` to `to` (the positions of its start): lines
 * move by the difference, and columns too on the message's first line. Valid for ranges
 * within the message, whose positions depend on its text only.
 */
export function shiftDiagnostic(diagnostic: Diagnostic, from: Position, to: Position): Diagnostic {
  const lineDelta = to.line - from.line;
  const columnDelta = to.character - from.character;
  const move = (p: Position): Position => ({ line: p.line + lineDelta, character: p.line === from.line ? p.character + columnDelta : p.character });
  return { ...diagnostic, range: { start: move(diagnostic.range.start), end: move(diagnostic.range.end) } };
}

/** Rebuilds the core finding from a diagnostic the client sends back. */
export function toFinding(lines: LineIndex, diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== source || typeof diagnostic.code !== 'string') return undefined;
  const data = diagnostic.data as Finding['data'] | null | undefined;
  const severity: Severity = diagnostic.severity === DiagnosticSeverity.Error ? 'error' : diagnostic.severity === DiagnosticSeverity.Warning ? 'warning' : 'info';
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  const finding: Finding = { ruleId: diagnostic.code, severity, message, range: toOffsets(lines, diagnostic.range) };
  return data !== undefined && data !== null && typeof data === 'object' ? { ...finding, data } : finding;
}
