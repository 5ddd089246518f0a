/**
 * Unit tests of the `sip-lint` CLI layer: argument parsing, glob expansion, UTF-8 decoding,
 * config files, the three formatters, and whole runs in process over a small named fake
 * core (`fakeCore` below), so that the CLI's own logic is tested apart from the real rules.
 * The end-to-end tests over the real core are in test/integration/cli.test.ts.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { looksLikeCidr, parseArgs, helpText, type CliOptions } from '../../server/src/cli/args';
import { expandArgument, segmentMatcher } from '../../server/src/cli/glob';
import { decodeUtf8 } from '../../server/src/cli/decode';
import { readConfigText, resolveSettings } from '../../server/src/cli/settings';
import { formatText, textPieces } from '../../server/src/cli/format/text';
import { formatJson } from '../../server/src/cli/format/json';
import { buildSarif, ruleAnchor, type ToolInfo } from '../../server/src/cli/format/sarif';
import { toMessages, type FileReport } from '../../server/src/cli/format/report';
import { runCli, type CliIo } from '../../server/src/cli/run';
import type { CoreApi } from '../../server/src/cli/core-api';
import { LineIndex } from '../../server/src/core/text';
import type { Finding, LintSettings, Severity } from '../../server/src/core/types';
import type { Rule } from '../../server/src/core/rules/rule';

/**
 * The repository root: the first directory above this file, or else above the working
 * directory, that holds test/fixtures/sarif (tests run from source, from out/, or bundled).
 */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'test', 'fixtures', 'sarif'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('repository root not found');
}

/** A validator for the SARIF 2.1.0 schema vendored in test/fixtures/sarif (see its README). */
function sarifValidator(): (log: unknown) => string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

// ---------------------------------------------------------------------------------------------
// A fake core. Each line that starts with BAD, WARN or NOTE yields an error, warning or info
// over the word; FIXME is fixed to FIXED (safe), UNSAFE to CHANGED (unsafe fixes only).

function fakeRule(id: string, severity: Severity): Rule {
  return {
    id, defaultSeverity: severity, summary: `summary of ${id}`,
    docs: { what: `What ${id} flags.`, why: `Why ${id} matters.`, example: 'BAD', references: [] },
  };
}

const fakeRules: readonly Rule[] = [fakeRule('fake/bad', 'error'), fakeRule('fake/warn', 'warning'), fakeRule('fake/note', 'info')];

function fakeLint(text: string, settings: LintSettings = { severities: {}, internalNetworks: [] }): Finding[] {
  const findings: Finding[] = [];
  const words: [string, string][] = [['BAD', 'fake/bad'], ['WARN', 'fake/warn'], ['NOTE', 'fake/note']];
  let lineStart = 0;
  while (lineStart <= text.length) {
    const lf = text.indexOf('\n', lineStart);
    const lineEnd = lf < 0 ? text.length : lf;
    for (const [word, id] of words) {
      const at = text.indexOf(word, lineStart);
      if (at < 0 || at >= lineEnd) continue;
      const rule = fakeRules.find((r) => r.id === id) as Rule;
      const severity = settings.severities[id] ?? rule.defaultSeverity;
      if (severity !== 'off') findings.push({ ruleId: id, severity, message: `found ${word}`, range: { start: at, end: at + word.length } });
    }
    if (lf < 0) break;
    lineStart = lf + 1;
  }
  return findings;
}

const fakeCore: CoreApi = {
  lint: (text, settings) => ({ document: { text, format: 'plain', messages: [], problems: [] }, findings: fakeLint(text, settings) }),
  fixAll: (text, _settings, options) => {
    let out = text.split('FIXME').join('FIXED');
    if (options.unsafe) out = out.split('UNSAFE').join('CHANGED');
    return { text: out, fixed: out === text ? 0 : 1 };
  },
  rules: fakeRules,
  ruleById: (id) => fakeRules.find((r) => r.id === id),
  normalizeSettings: (raw) => {
    const r = raw as { rules: Record<string, LintSettings['severities'][string]>; internalNetworks: string[] };
    return { severities: { ...r.rules }, internalNetworks: [...r.internalNetworks] };
  },
  defaultSettings: { severities: {}, internalNetworks: [] },
};

const fakeTool: ToolInfo = {
  name: 'sip-lint', version: '9.8.7', informationUri: 'https://example.invalid/sipnat',
  ruleHelpUri: (id) => `https://example.invalid/sipnat/docs/rules.md#${ruleAnchor(id)}`,
};

/** Runs the CLI in process in `cwd`; returns what it printed and its exit status. */
async function run(argv: string[], cwd: string, stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: Buffer[] = [];
  let stderr = '';
  const io: CliIo = {
    cwd,
    writeStdout: (d) => { stdout.push(typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d)); },
    writeStderr: (t) => { stderr += t; },
    stdinIsPiped: () => stdin !== undefined,
    readStdin: async () => Buffer.from(stdin ?? '', 'utf8'),
  };
  const code = await runCli(argv, { core: fakeCore, tool: fakeTool, io });
  return { code, stdout: Buffer.concat(stdout).toString('utf8'), stderr };
}

/** A temporary directory holding `files` (path → content); removed by the caller's `after`. */
function tempTree(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-unit-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------

describe('parseArgs', () => {
  const ok = (argv: string[]): CliOptions => {
    const r = parseArgs(argv);
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.options;
  };

  it('has defaults', () => {
    const o = ok(['a.sip']);
    assert.equal(o.format, 'text');
    assert.equal(o.fix, false);
    assert.equal(o.maxWarnings, undefined);
    assert.deepEqual(o.extensions, ['.sip', '.log', '.txt']);
    assert.deepEqual(o.patterns, ['a.sip']);
  });

  it('reads every option, in both spellings', () => {
    const o = ok(['--format=sarif', '--fix-unsafe', '--max-warnings', '3', '--rule', 'nat/private-contact=off',
      '--rule=header/x=warning', '--internal-network', '10.20.0.0/16', '--internal-network=fd00:1::/48',
      '-c', 'cfg.json', '-q', '--ext', 'sip,.pcapng.txt', '--stdin-filename', 'call.sip', '-', 'b.sip', '--', '--odd-name']);
    assert.equal(o.format, 'sarif');
    assert.equal(o.fix, true);
    assert.equal(o.fixUnsafe, true);
    assert.equal(o.maxWarnings, 3);
    assert.deepEqual(o.ruleOverrides, [{ id: 'nat/private-contact', severity: 'off' }, { id: 'header/x', severity: 'warning' }]);
    assert.deepEqual(o.internalNetworks, ['10.20.0.0/16', 'fd00:1::/48']);
    assert.equal(o.configPath, 'cfg.json');
    assert.equal(o.quiet, true);
    assert.deepEqual(o.extensions, ['.sip', '.pcapng.txt']);
    assert.equal(o.stdinFilename, 'call.sip');
    assert.deepEqual(o.patterns, ['-', 'b.sip', '--odd-name']);
  });

  const bad: [string[], RegExp][] = [
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--format', 'xml'], /unknown format 'xml'/],
    [['--format'], /--format needs a value/],
    [['--max-warnings', '-1'], /whole number/],
    [['--max-warnings', 'x'], /whole number/],
    [['--rule', 'nat/private-contact'], /--rule needs id=/],
    [['--rule', 'nat/private-contact=loud'], /--rule needs id=/],
    [['--internal-network', '10.0.0.0'], /CIDR/],
    [['--internal-network', '300.0.0.0/8'], /CIDR/],
    [['--fix=yes'], /takes no value/],
  ];
  for (const [argv, message] of bad) {
    it(`rejects ${argv.join(' ')}`, () => {
      const r = parseArgs(argv);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error, message);
    });
  }

  it('documents every option in --help', () => {
    const help = helpText();
    for (const name of ['--format', '--fix', '--fix-unsafe', '--max-warnings', '--rule', '--internal-network', '--config', '--quiet', '--ext', '--version', '--help']) {
      assert.ok(help.includes(name), name);
    }
  });

  it('checks CIDR syntax lightly', () => {
    assert.deepEqual(['10.0.0.0/8', '::1/128', '2001:db8::/32', '1.2.3.4/33', '1.2.3/8', 'x/8', '::/129'].map(looksLikeCidr),
      [true, true, true, false, false, false, false]);
  });
});

describe('glob', () => {
  const matcherCases: [string, string, boolean][] = [
    ['*.sip', 'a.sip', true], ['*.sip', 'a.sipx', false], ['*.sip', '.hidden.sip', false], ['.*.sip', '.hidden.sip', true],
    ['call-??.log', 'call-01.log', true], ['call-??.log', 'call-1.log', false], ['a+b(1).sip', 'a+b(1).sip', true], ['*', 'x', true],
  ];
  for (const [pattern, name, expected] of matcherCases) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${name}`, () => assert.equal(segmentMatcher(pattern)(name), expected));
  }

  const tree = tempTree({
    'a.sip': '', 'b.log': '', 'c.pcap': '', 'notes.md': '',
    'sub/d.sip': '', 'sub/deep/e.sip': '', 'sub/deep/f.txt': '',
    'node_modules/pkg/g.sip': '', '.git/h.sip': '',
  });
  after(() => fs.rmSync(tree, { recursive: true }));

  it('walks a directory for the extensions, skipping node_modules and dot directories', () => {
    assert.deepEqual(expandArgument('.', ['.sip', '.log', '.txt'], tree).files, ['a.sip', 'b.log', 'sub/d.sip', 'sub/deep/e.sip', 'sub/deep/f.txt']);
    assert.deepEqual(expandArgument('sub', ['.txt'], tree).files, ['sub/deep/f.txt']);
  });

  it('expands *, ** and ?', () => {
    assert.deepEqual(expandArgument('*.sip', [], tree).files, ['a.sip']);
    assert.deepEqual(expandArgument('**/*.sip', [], tree).files, ['a.sip', 'sub/d.sip', 'sub/deep/e.sip']);
    assert.deepEqual(expandArgument('sub/**/?.sip', [], tree).files, ['sub/d.sip', 'sub/deep/e.sip']);
    assert.deepEqual(expandArgument('sub/**', [], tree).files, ['sub/d.sip', 'sub/deep/e.sip', 'sub/deep/f.txt']);
    assert.deepEqual(expandArgument('*/*/*.txt', [], tree).files, ['sub/deep/f.txt']);
    assert.deepEqual(expandArgument('**/**/e.sip', [], tree).files, ['sub/deep/e.sip']);
  });

  it('keeps an absolute pattern absolute', () => {
    assert.deepEqual(expandArgument(`${tree}/sub/*.sip`, [], '/').files, [`${tree}/sub/d.sip`]);
  });

  it('names a file whatever its extension, and says when nothing matches', () => {
    assert.deepEqual(expandArgument('c.pcap', ['.sip'], tree).files, ['c.pcap']);
    assert.match(expandArgument('missing.sip', [], tree).error ?? '', /^cannot read missing\.sip: ENOENT$/);
    assert.match(expandArgument('*.nothing', [], tree).error ?? '', /^no files match \*\.nothing$/);
    assert.equal(expandArgument('sub', ['.pcap', '.md'], tree).error, 'no .pcap, .md files in sub');
  });
});

describe('decodeUtf8', () => {
  it('keeps a byte-order mark so the bytes round-trip', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xc3, 0xa9]);
    const d = decodeUtf8(bytes);
    assert.equal(d.validUtf8, true);
    assert.equal(d.text, '\ufeffAé');
    assert.deepEqual(Buffer.from(d.text, 'utf8'), bytes);
  });

  it('decodes invalid UTF-8 lossily and says so', () => {
    const d = decodeUtf8(Buffer.from([0x41, 0xff, 0x42, 0xc3]));
    assert.equal(d.validUtf8, false);
    assert.equal(d.text, 'A\ufffdB\ufffd');
  });

  it('accepts empty input', () => assert.deepEqual(decodeUtf8(new Uint8Array(0)), { text: '', validUtf8: true }));

  // The same verdict and the same text as the WHATWG decoder, on the awkward cases.
  const awkward: [string, number[]][] = [
    ['ASCII', [0x53, 0x49, 0x50]], ['two-byte', [0xc3, 0xa9]], ['four-byte', [0xf0, 0x9f, 0x93, 0x9e]],
    ['overlong slash', [0xc0, 0xaf]], ['encoded surrogate', [0xed, 0xa0, 0x80]], ['truncated', [0x41, 0xe2, 0x82]],
    ['lone continuation', [0x80, 0x41]], ['past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]], ['byte FF', [0xff]],
    ['BOM only', [0xef, 0xbb, 0xbf]],
  ];
  for (const [name, bytes] of awkward) {
    it(`agrees with TextDecoder on ${name}`, () => {
      const input = Uint8Array.from(bytes);
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(input);
      } catch {
        valid = false;
      }
      assert.deepEqual(decodeUtf8(input), { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(input), validUtf8: valid });
    });
  }
});

describe('config files', () => {
  const shapes: [string, string][] = [
    ['dotted', '{ "sipnat.rules": { "fake/bad": "off" }, "sipnat.internalNetworks": ["10.0.0.0/8"] }'],
    ['nested', '{ "sipnat": { "rules": { "fake/bad": "off" }, "internalNetworks": ["10.0.0.0/8"] } }'],
    ['bare', '{ "rules": { "fake/bad": "off" }, "internalNetworks": ["10.0.0.0/8"] }'],
  ];
  for (const [name, text] of shapes) {
    it(`reads the ${name} shape`, () => {
      const r = readConfigText(text);
      assert.ok(r.ok);
      if (r.ok) assert.deepEqual(r.raw, { rules: { 'fake/bad': 'off' }, internalNetworks: ['10.0.0.0/8'] });
    });
  }

  it('rejects what is not a settings object', () => {
    assert.match((readConfigText('{') as { error: string }).error, /not valid JSON/);
    assert.match((readConfigText('[1]') as { error: string }).error, /JSON object/);
    assert.match((readConfigText('{"sipnat.rules": 3}') as { error: string }).error, /must be an object/);
    assert.match((readConfigText('{"sipnat.internalNetworks": "10.0.0.0/8"}') as { error: string }).error, /must be an array/);
  });

  it('rejects a severity or a network with a typo, as the command-line options do', () => {
    assert.match((readConfigText('{"sipnat.rules": {"nat/private-via": "eror"}}') as { error: string }).error, /sets nat\/private-via to "eror"; a severity is error, warning, info or off/);
    assert.match((readConfigText('{"sipnat.internalNetworks": ["192.168.0.0/166"]}') as { error: string }).error, /lists "192.168.0.0\/166"/);
    assert.match((readConfigText('{"sipnat.internalNetworks": ["192.168.0.0"]}') as { error: string }).error, /needs CIDRs/);
  });

  it('lets the command line win over the file', () => {
    const settings = resolveSettings(fakeCore, { rules: { 'fake/bad': 'off', 'fake/warn': 'error' }, internalNetworks: ['10.0.0.0/8'] },
      [{ id: 'fake/bad', severity: 'warning' }], ['192.168.0.0/16']);
    assert.deepEqual(settings, { severities: { 'fake/bad': 'warning', 'fake/warn': 'error' }, internalNetworks: ['10.0.0.0/8', '192.168.0.0/16'] });
  });
});

describe('formatters', () => {
  const text = 'BAD here\nok\n  WARN é NOTE\n';
  const reports: FileReport[] = [
    { displayPath: 'calls/a.sip', absolutePath: '/work/x/calls/a.sip', messages: toMessages(fakeLint(text), text) },
    { displayPath: 'clean.sip', absolutePath: '/work/x/clean.sip', messages: [] },
    { displayPath: '<stdin>', absolutePath: undefined, messages: toMessages(fakeLint('NOTE'), 'NOTE') },
  ];

  it('turns offsets into 1-based lines and UTF-16 columns', () => {
    assert.deepEqual(reports[0].messages.map((m) => [m.line, m.column, m.endLine, m.endColumn]), [[1, 1, 1, 4], [3, 3, 3, 7], [3, 10, 3, 14]]);
  });

  // The core's LineIndex defines the positions; the CLI's forward walk must give the same ones
  // for findings in any order, ranges of any length, and offsets outside the text.
  it('gives the positions of the core\'s LineIndex for any findings', () => {
    const texts = fc.string({ unit: fc.constantFrom('a', 'é', '\n', '\r', '\r\n', '\u{1F4DE}', ' '), maxLength: 60 });
    fc.assert(fc.property(texts, fc.array(fc.tuple(fc.integer({ min: -3, max: 70 }), fc.integer({ min: 0, max: 40 })), { maxLength: 12 }), (text, spans) => {
      const findings: Finding[] = spans.map(([start, length]) => ({ ruleId: 'fake/bad', severity: 'error', message: 'm', range: { start, end: start + length } }));
      const lines = new LineIndex(text);
      const expected = findings.map((f) => {
        const start = lines.positionAt(f.range.start);
        const end = lines.positionAt(f.range.end);
        return [start.line + 1, start.character + 1, end.line + 1, end.character + 1];
      });
      assert.deepEqual(toMessages(findings, text).map((m) => [m.line, m.column, m.endLine, m.endColumn]), expected);
    }));
  });

  it('prints long text in pieces that join to the whole report', () => {
    // Messages with characters of two and four bytes, so that pieces end next to them.
    const messages = Array.from({ length: 30_000 }, (_, i) => ({ ...reports[0].messages[i % 3], line: i + 1, message: `é ${'\u{1F4DE}'.repeat(i % 4)}` }));
    const pieces = [...textPieces([{ displayPath: 'big.sip', absolutePath: '/big.sip', messages }])];
    assert.ok(pieces.length > 1, 'a report of about 1.4 MB comes in more than one piece');
    const lines = messages.map((m) => `big.sip:${m.line}:${m.column} ${m.severity} ${m.message} ${m.ruleId}\n`);
    assert.equal(Buffer.concat(pieces).toString('utf8'), `big.sip\n${lines.join('')}\n10000 errors, 10000 warnings, 10000 infos in 1 file\n`);
  });

  it('prints text grouped per file with a summary', () => {
    assert.equal(formatText(reports), [
      'calls/a.sip',
      'calls/a.sip:1:1 error found BAD fake/bad',
      'calls/a.sip:3:3 warning found WARN fake/warn',
      'calls/a.sip:3:10 info found NOTE fake/note',
      '',
      '<stdin>',
      '<stdin>:1:1 info found NOTE fake/note',
      '',
      '1 error, 1 warning, 2 infos in 3 files',
      '',
    ].join('\n'));
  });

  it('prints JSON with one entry per file', () => {
    const json = JSON.parse(formatJson(reports));
    assert.equal(json.length, 3);
    assert.deepEqual(json[0], {
      filePath: '/work/x/calls/a.sip',
      messages: [
        { ruleId: 'fake/bad', severity: 'error', message: 'found BAD', line: 1, column: 1, endLine: 1, endColumn: 4 },
        { ruleId: 'fake/warn', severity: 'warning', message: 'found WARN', line: 3, column: 3, endLine: 3, endColumn: 7 },
        { ruleId: 'fake/note', severity: 'info', message: 'found NOTE', line: 3, column: 10, endLine: 3, endColumn: 14 },
      ],
    });
    assert.deepEqual(json[1], { filePath: '/work/x/clean.sip', messages: [] });
    assert.equal(json[2].filePath, '<stdin>');
  });

  it('builds schema-valid SARIF with rules, levels, relative URIs and regions', () => {
    const log = buildSarif([...reports, { displayPath: '../out.sip', absolutePath: '/work/out side.sip', messages: reports[2].messages }], fakeRules, fakeTool, '/work/x');
    assert.deepEqual(sarifValidator()(log), []);
    const runOf = log.runs[0];
    assert.equal(runOf.columnKind, 'utf16CodeUnits');
    assert.deepEqual(runOf.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/x/' } });
    assert.deepEqual(runOf.tool.driver.rules?.[0], {
      id: 'fake/bad', shortDescription: { text: 'summary of fake/bad' }, fullDescription: { text: 'What fake/bad flags.' },
      helpUri: 'https://example.invalid/sipnat/docs/rules.md#fake-bad',
      help: { text: 'What fake/bad flags.\n\nWhy fake/bad matters.', markdown: 'What fake/bad flags.\n\nWhy fake/bad matters.' },
      defaultConfiguration: { level: 'error' },
    });
    const results = runOf.results ?? [];
    assert.deepEqual(results.map((r) => [r.ruleId, r.ruleIndex, r.level]), [
      ['fake/bad', 0, 'error'], ['fake/warn', 1, 'warning'], ['fake/note', 2, 'note'], ['fake/note', 2, 'note'], ['fake/note', 2, 'note'],
    ]);
    assert.deepEqual(results[1].locations?.[0].physicalLocation, {
      artifactLocation: { uri: 'calls/a.sip', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 7 },
    });
    assert.deepEqual(results[3].locations?.[0].physicalLocation?.artifactLocation, { uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(results[4].locations?.[0].physicalLocation?.artifactLocation, { uri: 'file:///work/out%20side.sip' });
  });

  it('links to the anchors that docs/rules.md declares', () => {
    assert.equal(ruleAnchor('nat/private-contact'), 'nat-private-contact');
    assert.equal(ruleAnchor('syntax/invalid-utf8'), 'syntax-invalid-utf8');
    const docs = fs.readFileSync(path.join(repoRoot(), 'docs', 'rules.md'), 'utf8');
    for (const id of ['syntax/malformed-start-line', 'message/content-length-mismatch', 'nat/private-contact']) {
      assert.ok(docs.includes(`<a id="${ruleAnchor(id)}"></a>`), id);
    }
  });
});

describe('runCli over a fake core', () => {
  it('exits 0 without errors, 1 with errors, and prints a summary', async () => {
    const dir = tempTree({ 'clean.sip': 'ok\nWARN\n', 'bad.sip': 'BAD\n' });
    try {
      const clean = await run(['clean.sip'], dir);
      assert.equal(clean.code, 0);
      assert.match(clean.stdout, /0 errors, 1 warning, 0 infos in 1 file\n$/);
      const bad = await run(['clean.sip', 'bad.sip'], dir);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /^bad\.sip:1:1 error found BAD fake\/bad$/m);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('applies --max-warnings, --quiet and --rule', async () => {
    const dir = tempTree({ 'w.sip': 'WARN\nWARN\nNOTE\n' });
    try {
      assert.equal((await run(['--max-warnings', '2', 'w.sip'], dir)).code, 0);
      const over = await run(['--max-warnings', '1', 'w.sip'], dir);
      assert.equal(over.code, 1);
      assert.match(over.stderr, /2 warnings, more than --max-warnings 1/);
      const quiet = await run(['-q', '--max-warnings', '1', 'w.sip'], dir);
      assert.equal(quiet.code, 1, 'warnings count against --max-warnings even when --quiet hides them');
      assert.equal(quiet.stdout, '0 errors, 0 warnings, 0 infos in 1 file\n');
      const promoted = await run(['--rule', 'fake/warn=error', 'w.sip'], dir);
      assert.equal(promoted.code, 1);
      assert.match(promoted.stdout, /^2 errors, 0 warnings, 1 info in 1 file$/m);
      const unknown = await run(['--rule', 'fake/nope=off', 'w.sip'], dir);
      assert.equal(unknown.code, 2);
      assert.equal(unknown.stderr, "sip-lint: unknown rule 'fake/nope' in --rule\n");
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('reads a config file, and exits 2 when it cannot', async () => {
    const dir = tempTree({ 'b.sip': 'BAD\n', 'cfg.json': '{ "sipnat.rules": { "fake/bad": "off", "fake/other": "off" } }', 'broken.json': '{' });
    try {
      const r = await run(['--config', 'cfg.json', 'b.sip'], dir);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /unknown rule 'fake\/other' ignored/);
      assert.equal((await run(['--config', 'none.json', 'b.sip'], dir)).stderr, 'sip-lint: cannot read none.json: ENOENT\n');
      const broken = await run(['--config', 'broken.json', 'b.sip'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /^sip-lint: broken\.json is not valid JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('exits 2 on a missing file but still reports the others', async () => {
    const dir = tempTree({ 'b.sip': 'BAD\n' });
    try {
      const r = await run(['--format', 'json', 'missing.sip', 'b.sip'], dir);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, 'sip-lint: cannot read missing.sip: ENOENT\n');
      assert.equal(JSON.parse(r.stdout).length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('reads standard input with - or when piped, and needs input otherwise', async () => {
    const dir = tempTree({});
    try {
      const piped = await run(['--format', 'json', '--stdin-filename', 'call.sip'], dir, 'x\nBAD\n');
      assert.equal(piped.code, 1);
      assert.deepEqual(JSON.parse(piped.stdout)[0].filePath, 'call.sip');
      assert.equal((await run(['-'], dir, 'ok\n')).code, 0);
      const none = await run([], dir);
      assert.equal(none.code, 2);
      assert.equal(none.stderr, 'sip-lint: no input files (see --help)\n');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('fixes in place only when the text changes, and unsafe fixes only when asked', async () => {
    const dir = tempTree({ 'f.sip': 'FIXME UNSAFE\n', 'clean.sip': 'ok\n' });
    try {
      const cleanBefore = fs.statSync(path.join(dir, 'clean.sip')).mtimeMs;
      await new Promise((resolve) => setTimeout(resolve, 20));
      assert.equal((await run(['--fix', 'f.sip', 'clean.sip'], dir)).code, 0);
      assert.equal(fs.readFileSync(path.join(dir, 'f.sip'), 'utf8'), 'FIXED UNSAFE\n');
      assert.equal(fs.statSync(path.join(dir, 'clean.sip')).mtimeMs, cleanBefore, 'an unchanged file is not written');
      await run(['--fix-unsafe', 'f.sip'], dir);
      assert.equal(fs.readFileSync(path.join(dir, 'f.sip'), 'utf8'), 'FIXED CHANGED\n');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('reports the text after fixing', async () => {
    const dir = tempTree({ 'f.sip': 'FIXME BAD\n' });
    try {
      const r = await run(['--fix', '--format', 'json', 'f.sip'], dir);
      assert.equal(JSON.parse(r.stdout)[0].messages[0].column, 7);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('never fixes a file that is not valid UTF-8', async () => {
    const bytes = Buffer.concat([Buffer.from('FIXME '), Buffer.from([0xff, 0xfe]), Buffer.from(' BAD\n')]);
    const dir = tempTree({ 'bin.sip': bytes });
    try {
      const r = await run(['--fix', 'bin.sip'], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, 'sip-lint: bin.sip is not valid UTF-8; not fixed\n');
      assert.deepEqual(fs.readFileSync(path.join(dir, 'bin.sip')), bytes);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('prints fixed standard input instead of a report', async () => {
    const dir = tempTree({ 'a.sip': '' });
    try {
      const r = await run(['--fix', '-'], dir, 'FIXME\n');
      assert.equal(r.stdout, 'FIXED\n');
      assert.equal(r.code, 0);
      assert.equal((await run(['--fix', '-', 'a.sip'], dir, 'x')).code, 2);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('prints the version and the help', async () => {
    assert.deepEqual(await run(['--version'], '/'), { code: 0, stdout: '9.8.7\n', stderr: '' });
    const help = await run(['--help'], '/');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: sip-lint/);
  });

  it('lints a file named twice once', async () => {
    const dir = tempTree({ 'b.sip': 'BAD\n' });
    try {
      fs.symlinkSync('b.sip', path.join(dir, 'link.sip'));
      const r = await run(['--format', 'json', 'b.sip', './b.sip', '*.sip', 'link.sip'], dir);
      assert.equal(JSON.parse(r.stdout).length, 1, 'a symbolic link to it is the same file');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
