/**
 * The SARIF 2.1.0 output, for code-scanning services. One run; the driver lists every rule
 * (its summary, what it flags, a link to its section of `docs/rules.md`, its default level);
 * each result points at a rule by id and index and at a region in 1-based lines and columns
 * counted in UTF-16 code units (`columnKind: utf16CodeUnits`). Artifact URIs are relative to
 * the working directory, through the `%SRCROOT%` base id; files outside it get absolute
 * `file:` URIs.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Severity } from '../../core/types';
import type { Rule } from '../../core/rules/rule';
import type { FileReport } from './report';

/** What the driver says about the tool. */
export interface ToolInfo {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
  /** The URL of a rule's documentation. */
  readonly ruleHelpUri: (ruleId: string) => string;
}

const SRCROOT = '%SRCROOT%';

/** Maps our severities to SARIF levels (`info` is SARIF's `note`). */
export function sarifLevel(severity: Severity): Sarif.Result.level {
  return severity === 'info' ? 'note' : severity;
}

/** Builds the SARIF log object. `cwd` is the directory relative URIs start from. */
export function buildSarif(reports: readonly FileReport[], rules: readonly Rule[], tool: ToolInfo, cwd: string): Sarif.Log {
  const ruleIndex = new Map<string, number>();
  rules.forEach((rule, i) => ruleIndex.set(rule.id, i));
  const results: Sarif.Result[] = [];
  for (const report of reports) {
    const artifactLocation = artifactFor(report, cwd);
    for (const m of report.messages) {
      const index = ruleIndex.get(m.ruleId);
      results.push({
        ruleId: m.ruleId,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        level: sarifLevel(m.severity),
        message: { text: m.message },
        locations: [{
          physicalLocation: {
            artifactLocation,
            region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
          },
        }],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: tool.name,
          version: tool.version,
          informationUri: tool.informationUri,
          rules: rules.map((rule) => describeRule(rule, tool)),
        },
      },
      originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
}

/** Formats the reports as SARIF text, ending with a newline. */
export function formatSarif(reports: readonly FileReport[], rules: readonly Rule[], tool: ToolInfo, cwd: string): string {
  return JSON.stringify(buildSarif(reports, rules, tool, cwd), null, 2) + '\n';
}

function describeRule(rule: Rule, tool: ToolInfo): Sarif.ReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs.what },
    helpUri: tool.ruleHelpUri(rule.id),
    help: { text: `${rule.docs.what}\n\n${rule.docs.why}`, markdown: `${rule.docs.what}\n\n${rule.docs.why}` },
    defaultConfiguration: { level: sarifLevel(rule.defaultSeverity) },
  };
}

/** Where a report's artifact is: relative to `%SRCROOT%` when inside `cwd`, else an absolute URI. */
function artifactFor(report: FileReport, cwd: string): Sarif.ArtifactLocation {
  if (report.absolutePath === undefined) {
    return { uri: encodeSegments(report.displayPath.replace(/\\/g, '/')), uriBaseId: SRCROOT };
  }
  const relative = path.relative(cwd, report.absolutePath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(report.absolutePath).href };
  }
  return { uri: encodeSegments(relative.split(path.sep).join('/')), uriBaseId: SRCROOT };
}

/** Percent-encodes each segment of a relative path, keeping the slashes. */
function encodeSegments(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

/** A directory's `file:` URI with the trailing slash SARIF asks of a base URI. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/**
 * The anchor of a rule in `docs/rules.md`: the explicit `<a id>` the rule-docs generator writes
 * before each heading, every run of characters other than `a-z0-9` turned into `-`
 * (`nat/private-contact` → `nat-private-contact`), the same as the language server's links.
 */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9]+/g, '-');
}
