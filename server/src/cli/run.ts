/**
 * One run of `sip-lint`: read the options, build the settings, expand the arguments into
 * inputs, fix and lint each input, print the reports, and decide the exit status. The core and
 * the process's streams come in through {@link CliEnvironment}, so a test can run the CLI in
 * process with a fake core and capture what it prints.
 *
 * Exit status: 0 when no error was found; 1 when an error was found, or more warnings than
 * `--max-warnings`; 2 on a usage error or when an input or the config file cannot be read or
 * written (the other inputs are still linted and reported).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LintSettings } from '../core/types';
import { helpText, parseArgs, type CliOptions } from './args';
import type { CoreApi } from './core-api';
import { decodeUtf8 } from './decode';
import { errorCode, expandArgument } from './glob';
import { formatJson } from './format/json';
import { countSeverities, toMessages, type FileReport } from './format/report';
import { formatSarif, type ToolInfo } from './format/sarif';
import { textPieces } from './format/text';
import { readConfigText, resolveSettings, type RawSettings } from './settings';
import type { StunClient } from '../core/stun/types';
import { applyStunFix, DEFAULT_STUN_TIMEOUT_MS } from './stun';

/** The process around a run. */
export interface CliIo {
  readonly cwd: string;
  /** Writes to standard output; bytes are written as they are. */
  writeStdout(data: string | Uint8Array): void;
  writeStderr(text: string): void;
  /** True when standard input is a pipe or a file (not a terminal, not /dev/null). */
  stdinIsPiped(): boolean;
  readStdin(): Promise<Uint8Array>;
}

/** What a run needs from outside. */
export interface CliEnvironment {
  readonly core: CoreApi;
  readonly tool: ToolInfo;
  readonly io: CliIo;
  /** Performs the queries of `--stun`; `main.ts` gives the socket client, tests a fake or coturn. */
  readonly stun?: StunClient;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** One thing to lint: a file, or standard input. */
type Input = { readonly kind: 'file'; readonly path: string } | { readonly kind: 'stdin' };

/** Runs the CLI with the arguments after the script name; resolves to the exit status. */
export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const { core, io } = env;
  const fail = (message: string): number => {
    io.writeStderr(`sip-lint: ${message}\n`);
    return EXIT_USAGE;
  };

  const parsed = parseArgs(argv);
  if (!parsed.ok) return fail(parsed.error);
  const options = parsed.options;
  if (options.showHelp) {
    io.writeStdout(helpText());
    return EXIT_OK;
  }
  if (options.showVersion) {
    io.writeStdout(`${env.tool.version}\n`);
    return EXIT_OK;
  }

  const unknownRule = options.ruleOverrides.find((o) => core.ruleById(o.id) === undefined);
  if (unknownRule !== undefined) return fail(`unknown rule '${unknownRule.id}' in --rule`);

  let raw: RawSettings | undefined;
  if (options.configPath !== undefined) {
    let configText: string;
    try {
      configText = fs.readFileSync(path.resolve(io.cwd, options.configPath), 'utf8');
    } catch (e) {
      return fail(`cannot read ${options.configPath}: ${errorCode(e)}`);
    }
    const config = readConfigText(configText);
    if (!config.ok) return fail(`${options.configPath} ${config.error}`);
    raw = config.raw;
    for (const id of Object.keys(raw.rules)) {
      if (core.ruleById(id) === undefined) io.writeStderr(`sip-lint: ${options.configPath}: unknown rule '${id}' ignored\n`);
    }
  }
  const settings = resolveSettings(core, raw, options.ruleOverrides, options.internalNetworks);

  const patterns = options.patterns.length > 0 ? options.patterns : io.stdinIsPiped() ? ['-'] : [];
  if (patterns.length === 0) return fail('no input files (see --help)');
  const { inputs, errors } = collectInputs(patterns, options, io.cwd);
  const readsStdin = inputs.some((i) => i.kind === 'stdin');
  if (options.fix && readsStdin && inputs.length > 1) {
    return fail('--fix with standard input prints the fixed text: give - alone');
  }
  let ioError = errors.length > 0;
  for (const error of errors) io.writeStderr(`sip-lint: ${error}\n`);

  const reports: FileReport[] = [];
  for (const input of inputs) {
    const outcome = await processInput(input, options, settings, env);
    if (outcome.error !== undefined) {
      io.writeStderr(`sip-lint: ${outcome.error}\n`);
      ioError = true;
    }
    if (outcome.report !== undefined) reports.push(outcome.report);
  }

  // Warnings are counted before --quiet hides them: --max-warnings applies either way.
  const counts = countSeverities(reports);
  const shown = options.quiet ? reports.map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 'error') })) : reports;
  // With --fix on standard input, standard output carries the fixed text, and the report of
  // what is left goes to standard error, so that an exit status of 1 says why.
  const toStderr = options.fix && readsStdin;
  for (const piece of formatReports(shown, options, env)) {
    if (!toStderr) io.writeStdout(piece);
    else io.writeStderr(typeof piece === 'string' ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('utf8'));
  }

  if (ioError) return EXIT_USAGE;
  if (counts.errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings !== undefined && counts.warnings > options.maxWarnings) {
    io.writeStderr(`sip-lint: ${counts.warnings} warnings, more than --max-warnings ${options.maxWarnings}\n`);
    return EXIT_FINDINGS;
  }
  return EXIT_OK;
}

/** Expands every pattern; the same file named twice is linted once. */
function collectInputs(patterns: readonly string[], options: CliOptions, cwd: string): { inputs: Input[]; errors: string[] } {
  const inputs: Input[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const pattern of patterns) {
    if (pattern === '-') {
      if (!seen.has('-')) inputs.push({ kind: 'stdin' });
      seen.add('-');
      continue;
    }
    const expansion = expandArgument(pattern, options.extensions, cwd);
    if (expansion.error !== undefined) {
      errors.push(expansion.error);
      continue;
    }
    for (const reason of expansion.unreadable) errors.push(reason);
    for (const file of expansion.files) {
      // The same file through a symbolic link is the same file.
      const key = realPath(path.resolve(cwd, file));
      if (seen.has(key)) continue;
      seen.add(key);
      inputs.push({ kind: 'file', path: file });
    }
  }
  return { inputs, errors };
}

/** Reads, fixes when asked, and lints one input. */
async function processInput(
  input: Input,
  options: CliOptions,
  settings: LintSettings,
  env: CliEnvironment,
): Promise<{ report?: FileReport; error?: string }> {
  const { core, io } = env;
  const displayPath = input.kind === 'stdin' ? options.stdinFilename ?? '<stdin>' : input.path;
  const absolutePath = input.kind === 'stdin' ? undefined : path.resolve(io.cwd, input.path);
  let bytes: Uint8Array;
  try {
    bytes = input.kind === 'stdin' ? await io.readStdin() : fs.readFileSync(absolutePath as string);
  } catch (e) {
    return { error: `cannot read ${displayPath}: ${errorCode(e)}` };
  }
  const decoded = decodeUtf8(bytes);
  let text = decoded.text;
  let error: string | undefined;
  if (options.fix) {
    if (!decoded.validUtf8) {
      // A lossy decoding written back would destroy the bytes that were not UTF-8.
      io.writeStderr(`sip-lint: ${displayPath} is not valid UTF-8; not fixed\n`);
    } else {
      // Offline fixes first; then, with `--stun HOST:PORT`, the STUN fix on their result, through
      // the STUN client passed in with the environment.
      // Scenarios and templates get the template fixes: the core's fixes would edit the XML as SIP.
      // Other XML is left as it is.
      const template = core.lintTemplate?.(text, settings) !== undefined && core.fixAllTemplate !== undefined;
      const otherXml = !template && isOtherXml(displayPath, text);
      const fixed = template ? core.fixAllTemplate!(text, settings, { unsafe: options.fixUnsafe }) : otherXml ? { text, fixed: 0 } : core.fixAll(text, settings, { unsafe: options.fixUnsafe });
      let fixedText = fixed.text;
      if (options.stun.length > 0 && !template && !otherXml) {
        const stun = env.stun === undefined
          ? { text: fixedText, lines: [], error: 'stun: no STUN client in this environment' }
          : await applyStunFix(fixedText, settings, { servers: options.stun, localPort: options.localPort, timeoutMs: DEFAULT_STUN_TIMEOUT_MS }, env.stun);
        for (const line of stun.lines) io.writeStderr(`${line}\n`);
        if (stun.error !== undefined) error = `${displayPath}: ${stun.error}`;
        fixedText = stun.text;
      }
      if (fixedText !== text) {
        // Standard input's fixed text is printed below; a file is rewritten only when it changed,
        // and the report speaks of the text the file holds: the fixed one only once written.
        if (input.kind === 'file') {
          try {
            fs.writeFileSync(absolutePath as string, Buffer.from(fixedText, 'utf8'));
            text = fixedText;
          } catch (e) {
            error = `cannot write ${displayPath}: ${errorCode(e)}`;
          }
        } else {
          text = fixedText;
        }
      }
    }
    // Fixed standard input goes to standard output; input that could not be fixed goes out as it came.
    if (input.kind === 'stdin') io.writeStdout(decoded.validUtf8 ? text : bytes);
  }
  // A SIPp scenario or SIP template goes through the template linter; other XML is not ours.
  const template = core.lintTemplate?.(text, settings);
  const findings = template !== undefined ? template.findings : isOtherXml(displayPath, text) ? [] : core.lint(text, settings).findings;
  const messages = toMessages(findings, text);
  return { report: { displayPath, absolutePath, messages }, ...(error !== undefined ? { error } : {}) };
}

/** An XML file that is not a SIPp scenario: sip-lint reports nothing in it and changes nothing. */
function isOtherXml(displayPath: string, text: string): boolean {
  return /\.xml$/i.test(displayPath) && text.trimStart().startsWith('<');
}

/** Prints the reports in the chosen format, in one piece or, for long text, in several. */
function formatReports(reports: readonly FileReport[], options: CliOptions, env: CliEnvironment): Iterable<string | Uint8Array> {
  switch (options.format) {
    case 'json':
      return [formatJson(reports)];
    case 'sarif':
      return [formatSarif(reports, env.core.rules, env.tool, env.io.cwd)];
    case 'text':
      return textPieces(reports);
  }
}

/** The path with symbolic links resolved; the path itself when it cannot be resolved (reading it will say why). */
function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
