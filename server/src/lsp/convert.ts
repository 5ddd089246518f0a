/** Conversions between the core's offsets and findings and LSP's positions and diagnostics. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DiagnosticSeverity, type Range as LspRange } from 'vscode-languageserver';
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

/** The data a diagnostic carries, from which code actions rebuild the finding. */
export interface DiagnosticData {
  readonly ruleId: string;
  readonly data?: Finding['data'];
}

export function toDiagnostic(lines: LineIndex, finding: Finding): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(lines, finding.range),
    severity: severities[finding.severity],
    source,
    code: finding.ruleId,
    codeDescription: { href: ruleHref(finding.ruleId) },
    message: finding.message,
  };
  const data: DiagnosticData = finding.data ? { ruleId: finding.ruleId, data: finding.data } : { ruleId: finding.ruleId };
  diagnostic.data = data;
  return diagnostic;
}

/** Rebuilds the core finding from a diagnostic the client sends back. */
export function toFinding(lines: LineIndex, diagnostic: Diagnostic): Finding | undefined {
  if (diagnostic.source !== source || typeof diagnostic.code !== 'string') return undefined;
  const data = diagnostic.data as DiagnosticData | undefined;
  const severity: Severity = diagnostic.severity === DiagnosticSeverity.Error ? 'error' : diagnostic.severity === DiagnosticSeverity.Warning ? 'warning' : 'info';
  const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
  const finding: Finding = { ruleId: diagnostic.code, severity, message, range: toOffsets(lines, diagnostic.range) };
  return data?.data ? { ...finding, data: data.data } : finding;
}
