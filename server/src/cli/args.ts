/**
 * Command-line parsing for `sip-lint`. Pure: it turns `argv` into {@link CliOptions} or a
 * one-line usage error, and never touches the file system. Every option is declared once in
 * {@link OPTION_SPECS}, which also produces the `--help` text, so adding an option (the STUN
 * options, `--stun HOST:PORT` and `--local-port N`, go here) is one entry plus one field.
 */
import type { SeveritySetting } from '../core/types';
import type { StunServerAddress } from '../core/stun/types';
import { parseServerAddress } from '../core/fix/stun-fix';

/** The output formats. */
export type OutputFormat = 'text' | 'json' | 'sarif';

/** Everything the command line asked for. */
export interface CliOptions {
  readonly format: OutputFormat;
  /** Apply safe offline fixes in place. */
  readonly fix: boolean;
  /** Apply unsafe offline fixes too (implies `fix`). */
  readonly fixUnsafe: boolean;
  /** Exit 1 when there are more warnings than this; undefined means no limit. */
  readonly maxWarnings: number | undefined;
  /** `--rule id=severity` overrides, in the order given (a later one wins). */
  readonly ruleOverrides: readonly { readonly id: string; readonly severity: SeveritySetting }[];
  readonly internalNetworks: readonly string[];
  readonly configPath: string | undefined;
  /** Report errors only. */
  readonly quiet: boolean;
  /** File extensions, with the dot, that a directory argument is searched for. */
  readonly extensions: readonly string[];
  /** The name reported for standard input. */
  readonly stdinFilename: string | undefined;
  readonly showVersion: boolean;
  readonly showHelp: boolean;
  /** Files, directories, globs, and `-` for standard input, as given. */
  readonly patterns: readonly string[];
  /** `--stun HOST:PORT` servers, in order: with `--fix`, the STUN fix (see `stun.ts`). */
  readonly stun: readonly StunServerAddress[];
  /** `--local-port N`: the local port STUN queries go from (default: each finding's SIP port). */
  readonly localPort: number | undefined;
}

/** The extensions a directory argument is searched for when `--ext` is not given. */
export const DEFAULT_EXTENSIONS: readonly string[] = ['.sip', '.log', '.txt'];

export const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'off'];
const FORMATS: readonly string[] = ['text', 'json', 'sarif'];

/** A mutable draft of {@link CliOptions}, filled while reading the arguments. */
type Draft = { -readonly [K in keyof CliOptions]: CliOptions[K] extends readonly (infer T)[] ? T[] : CliOptions[K] };

/** One option: its spellings, its argument (if any), its help line, and how it fills the draft. */
interface OptionSpec {
  readonly names: readonly string[];
  /** The argument's name in the help text; absent for a flag. */
  readonly arg?: string;
  readonly help: string;
  /** Stores the option; returns an error message when the argument is not acceptable. */
  readonly apply: (draft: Draft, value: string) => string | undefined;
}

const OPTION_SPECS: readonly OptionSpec[] = [
  {
    names: ['--format', '-f'], arg: 'text|json|sarif', help: 'output format (default: text)',
    apply: (d, v) => {
      if (!FORMATS.includes(v)) return `unknown format '${v}' (expected text, json or sarif)`;
      d.format = v as OutputFormat;
      return undefined;
    },
  },
  { names: ['--fix'], help: 'apply safe fixes in place (files that are not valid UTF-8 are never fixed)', apply: (d) => { d.fix = true; return undefined; } },
  { names: ['--fix-unsafe'], help: 'apply unsafe fixes as well (implies --fix)', apply: (d) => { d.fix = true; d.fixUnsafe = true; return undefined; } },
  {
    names: ['--max-warnings'], arg: 'N', help: 'exit with 1 when there are more than N warnings',
    apply: (d, v) => {
      if (!/^\d+$/.test(v)) return `--max-warnings needs a whole number, got '${v}'`;
      d.maxWarnings = Number(v);
      return undefined;
    },
  },
  {
    names: ['--rule'], arg: 'id=severity', help: 'set a rule to error, warning, info or off (repeatable)',
    apply: (d, v) => {
      const eq = v.lastIndexOf('=');
      const id = eq > 0 ? v.slice(0, eq).trim() : '';
      const severity = eq > 0 ? v.slice(eq + 1).trim() : '';
      if (id === '' || !SEVERITY_SETTINGS.includes(severity)) {
        return `--rule needs id=error|warning|info|off, got '${v}'`;
      }
      d.ruleOverrides.push({ id, severity: severity as SeveritySetting });
      return undefined;
    },
  },
  {
    names: ['--internal-network'], arg: 'CIDR', help: 'a network you route, never reported as non-public (repeatable)',
    apply: (d, v) => {
      if (!looksLikeCidr(v)) return `--internal-network needs a CIDR such as 10.20.0.0/16, got '${v}'`;
      d.internalNetworks.push(v);
      return undefined;
    },
  },
  { names: ['--config', '-c'], arg: 'file.json', help: 'settings file: { "sipnat.rules": {...}, "sipnat.internalNetworks": [...] }', apply: (d, v) => { d.configPath = v; return undefined; } },
  { names: ['--quiet', '-q'], help: 'report errors only', apply: (d) => { d.quiet = true; return undefined; } },
  {
    names: ['--ext'], arg: '.sip,.log', help: `extensions searched for in a directory (default: ${DEFAULT_EXTENSIONS.join(',')})`,
    apply: (d, v) => {
      const list = v.split(',').map((e) => e.trim()).filter((e) => e !== '');
      if (list.length === 0) return `--ext needs at least one extension, got '${v}'`;
      d.extensions = list.map((e) => (e.startsWith('.') ? e : `.${e}`));
      return undefined;
    },
  },
  {
    names: ['--stun'], arg: 'HOST:PORT', help: 'with --fix: write the public mapping this STUN server sees into NAT findings (repeatable; a second server checks the NAT)',
    apply: (d, v) => {
      const server = parseServerAddress(v);
      if (server === undefined) return `--stun needs HOST:PORT such as 203.0.113.5:3478, got '${v}'`;
      d.stun.push(server);
      return undefined;
    },
  },
  {
    names: ['--local-port'], arg: 'N', help: 'with --stun: query from this local port (default: the SIP port of each finding)',
    apply: (d, v) => {
      if (!/^\d{1,5}$/.test(v) || Number(v) < 1 || Number(v) > 65535) return `--local-port needs a port number (1-65535), got '${v}'`;
      d.localPort = Number(v);
      return undefined;
    },
  },
  { names: ['--stdin-filename'], arg: 'name', help: 'the name reported for standard input', apply: (d, v) => { d.stdinFilename = v; return undefined; } },
  { names: ['--version', '-v'], help: 'print the version', apply: (d) => { d.showVersion = true; return undefined; } },
  { names: ['--help', '-h'], help: 'print this help', apply: (d) => { d.showHelp = true; return undefined; } },
];

/** The result of {@link parseArgs}: the options, or one line saying what is wrong. */
export type ParsedArgs = { readonly ok: true; readonly options: CliOptions } | { readonly ok: false; readonly error: string };

/**
 * Reads the arguments after `node sip-lint.js`. Options may be written `--name value` or
 * `--name=value`; `--` ends the options; `-` alone means standard input.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const draft: Draft = {
    format: 'text', fix: false, fixUnsafe: false, maxWarnings: undefined, ruleOverrides: [],
    internalNetworks: [], configPath: undefined, quiet: false, extensions: [...DEFAULT_EXTENSIONS],
    stdinFilename: undefined, showVersion: false, showHelp: false, patterns: [], stun: [], localPort: undefined,
  };
  let optionsEnded = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      draft.patterns.push(arg);
      continue;
    }
    if (arg === '--') {
      optionsEnded = true;
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const spec = OPTION_SPECS.find((s) => s.names.includes(name));
    if (spec === undefined) return { ok: false, error: `unknown option '${name}' (see --help)` };
    let value = '';
    if (spec.arg !== undefined) {
      if (eq >= 0) {
        value = arg.slice(eq + 1);
      } else if (i + 1 < argv.length) {
        value = argv[++i];
      } else {
        return { ok: false, error: `${name} needs a value (${spec.arg})` };
      }
    } else if (eq >= 0) {
      return { ok: false, error: `${name} takes no value` };
    }
    const error = spec.apply(draft, value);
    if (error !== undefined) return { ok: false, error };
  }
  if (draft.stun.length > 0 && !draft.fix) return { ok: false, error: '--stun writes mappings into the files: use it with --fix' };
  return { ok: true, options: draft };
}

/** The `--help` text, built from {@link OPTION_SPECS}. */
export function helpText(): string {
  const rows = OPTION_SPECS.map((s) => [s.names.join(', ') + (s.arg !== undefined ? ` ${s.arg}` : ''), s.help]);
  const width = Math.max(...rows.map((r) => r[0].length));
  return [
    'Usage: sip-lint [options] <files, directories or globs...>',
    '       sip-lint [options] - < trace.sip',
    '',
    'Lints SIP messages and traces (RFC 3261, SDP, NAT traversal). A directory is searched',
    'for the --ext extensions; globs support *, ** and ? and skip node_modules. With no file',
    'and piped input, or with -, standard input is read; with --fix the fixed text goes to',
    'standard output and the report of what is left to standard error.',
    '',
    'Options:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    '',
    'Exit status: 0 no errors; 1 errors, or more warnings than --max-warnings; 2 usage or I/O error.',
    '',
  ].join('\n');
}

/**
 * A light syntax check of a CIDR: an IPv4 or IPv6-looking address, a slash, and a prefix
 * length in range. The core decides what the network means; this only catches typos early.
 */
export function looksLikeCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash <= 0) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const bits = Number(prefix);
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) {
    return bits <= 32 && address.split('.').every((part) => Number(part) <= 255);
  }
  return address.includes(':') && /^[0-9a-fA-F:.]+$/.test(address) && bits <= 128;
}
