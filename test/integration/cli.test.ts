/**
 * End-to-end tests of `sip-lint`: the built CLI (`node bin/sip-lint.js`, over `out/`, so run
 * `npm run build` first) as a child process over the fixtures in test/fixtures/cli/, with the
 * real core. They check exit codes, the three output formats (SARIF against the official
 * 2.1.0 schema), standard input, globs, `--fix` byte for byte, and awkward inputs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

/** The repository root: the first directory above this file, or else the working directory, with bin/sip-lint.js. */
function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'bin', 'sip-lint.js')) && fs.existsSync(path.join(dir, 'test', 'fixtures', 'cli'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('repository root not found');
}

const root = repoRoot();
const bin = path.join(root, 'bin', 'sip-lint.js');
const fixtures = path.join(root, 'test', 'fixtures', 'cli');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/sip-lint.js args` in `cwd`; `stdin` is piped when given, else /dev/null. */
function sipLint(args: readonly string[], options: { cwd?: string; stdin?: string | Buffer } = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? fixtures,
    input: options.stdin,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A validator for the SARIF 2.1.0 schema vendored in test/fixtures/sarif (see its README). */
function sarifValidator(): (log: unknown) => string[] {
  const schema = JSON.parse(fs.readFileSync(path.join(root, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
}

interface JsonEntry {
  filePath: string;
  messages: { ruleId: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

/** Copies fixtures into a fresh temporary directory, for tests that write. */
function tempCopy(names: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-it-'));
  for (const name of names) fs.copyFileSync(path.join(fixtures, name), path.join(dir, name));
  return dir;
}

describe('sip-lint (built CLI)', () => {
  before(() => {
    assert.ok(fs.existsSync(path.join(root, 'out', 'server', 'src', 'cli', 'main.js')) || fs.existsSync(path.join(root, 'dist', 'sip-lint.js')),
      'the CLI is not built: run `npm run build` first');
  });

  describe('exit codes', () => {
    const cases: [string, string[], number][] = [
      ['a clean message', ['clean.sip'], 0],
      ['an empty file', ['empty.sip'], 0],
      ['warnings only', ['nat-register.sip'], 0],
      ['an error', ['content-length.sip'], 1],
      ['warnings past --max-warnings', ['--max-warnings', '1', 'nat-register.sip'], 1],
      ['warnings within --max-warnings', ['--max-warnings', '2', 'nat-register.sip'], 0],
      ['a rule promoted with --rule', ['--rule', 'nat/private-contact=error', 'nat-register.sip'], 1],
      ['a rule promoted by --config', ['--config', 'config.json', 'nat-register.sip'], 1],
      ['an error silenced with --rule', ['--rule', 'message/content-length-mismatch=off', 'content-length.sip'], 0],
      ['a missing file', ['no-such-file.sip'], 2],
      ['a missing file next to a clean one', ['clean.sip', 'no-such-file.sip'], 2],
      ['an unknown option', ['--no-such-option', 'clean.sip'], 2],
      ['a bad format', ['--format', 'xml', 'clean.sip'], 2],
      ['an unknown rule', ['--rule', 'no/such-rule=off', 'clean.sip'], 2],
      ['a missing config file', ['--config', 'no-such.json', 'clean.sip'], 2],
      ['no input at all', [], 2],
      ['a glob that matches nothing', ['*.nothing'], 2],
    ];
    for (const [name, args, code] of cases) {
      it(`${code} for ${name}`, () => assert.equal(sipLint(args).code, code));
    }

    it('says what went wrong in one line', () => {
      assert.equal(sipLint(['no-such-file.sip']).stderr, 'sip-lint: cannot read no-such-file.sip: ENOENT\n');
      assert.equal(sipLint(['--no-such-option']).stderr, "sip-lint: unknown option '--no-such-option' (see --help)\n");
      assert.equal(sipLint([]).stderr, 'sip-lint: no input files (see --help)\n');
    });

    it('lets --internal-network (or the config file) silence the NAT warnings for a routed network', () => {
      const flag = sipLint(['--max-warnings', '0', '--internal-network', '100.64.0.0/24', 'nat-register.sip']);
      assert.equal(flag.code, 0, flag.stdout);
      assert.equal(sipLint(['--max-warnings', '0', '--config', 'internal-config.json', 'nat-register.sip']).code, 0);
    });
  });

  describe('formats', () => {
    it('prints text grouped per file, with 1-based positions and a summary', () => {
      const r = sipLint(['clean.sip', 'content-length.sip', 'nat-register.sip']);
      const lines = r.stdout.split('\n');
      assert.equal(lines[0], 'content-length.sip');
      assert.match(lines[1], /^content-length\.sip:11:17 error Content-Length .* message\/content-length-mismatch$/);
      assert.match(r.stdout, /^nat-register\.sip$/m);
      assert.match(r.stdout, /^nat-register\.sip:8:\d+ warning .* nat\/private-contact$/m);
      assert.match(r.stdout, /\n1 error, 2 warnings, 0 infos in 3 files\n$/);
    });

    it('prints JSON: one entry per file, the documented fields only', () => {
      const r = sipLint(['--format', 'json', 'clean.sip', 'content-length.sip']);
      const json = JSON.parse(r.stdout) as JsonEntry[];
      assert.deepEqual(json.map((e) => e.filePath), [path.join(fixtures, 'clean.sip'), path.join(fixtures, 'content-length.sip')]);
      assert.deepEqual(json[0].messages, []);
      const [m] = json[1].messages;
      assert.deepEqual(Object.keys(m), ['ruleId', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn']);
      assert.deepEqual([m.ruleId, m.severity, m.line, m.column, m.endLine, m.endColumn], ['message/content-length-mismatch', 'error', 11, 17, 11, 19]);
    });

    it('prints SARIF 2.1.0 that the official schema accepts', () => {
      const r = sipLint(['--format', 'sarif', 'clean.sip', 'content-length.sip', 'nat-register.sip', 'invalid-utf8.sip']);
      const log = JSON.parse(r.stdout);
      assert.deepEqual(sarifValidator()(log), []);
      const run = log.runs[0];
      assert.equal(run.tool.driver.name, 'sip-lint');
      assert.equal(run.columnKind, 'utf16CodeUnits');
      const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[];
      assert.ok(rules.length > 10, 'every rule is described');
      const mismatch = rules.findIndex((rule) => rule.id === 'message/content-length-mismatch');
      assert.match(rules[mismatch].helpUri, /\/docs\/rules\.md#message-content-length-mismatch$/);
      // Every rule's link lands on an anchor that the rule documentation declares.
      const docs = fs.readFileSync(path.join(root, 'docs', 'rules.md'), 'utf8');
      for (const rule of rules) assert.ok(docs.includes(`<a id="${rule.helpUri.slice(rule.helpUri.indexOf('#') + 1)}"></a>`), rule.id);
      assert.equal(rules[mismatch].defaultConfiguration.level, 'error');
      const result = run.results.find((res: { ruleId: string; ruleIndex: number }) => res.ruleId === 'message/content-length-mismatch' && res.ruleIndex === mismatch);
      assert.ok(result);
      assert.deepEqual(result.locations[0].physicalLocation, {
        artifactLocation: { uri: 'content-length.sip', uriBaseId: '%SRCROOT%' },
        region: { startLine: 11, startColumn: 17, endLine: 11, endColumn: 19 },
      });
      assert.ok(run.results.some((res: { level: string }) => res.level === 'warning'));
    });

    it('--quiet prints errors only', () => {
      const r = sipLint(['--quiet', '--format', 'json', 'nat-register.sip', 'content-length.sip']);
      const json = JSON.parse(r.stdout) as JsonEntry[];
      assert.deepEqual(json.flatMap((e) => e.messages.map((m) => m.severity)), ['error']);
    });
  });

  describe('inputs', () => {
    it('reads piped standard input, with or without -', () => {
      const text = fs.readFileSync(path.join(fixtures, 'content-length.sip'));
      for (const args of [['--format', 'json'], ['--format', 'json', '-']]) {
        const r = sipLint(args, { stdin: text });
        assert.equal(r.code, 1);
        const json = JSON.parse(r.stdout) as JsonEntry[];
        assert.equal(json[0].filePath, '<stdin>');
        assert.deepEqual(json[0].messages.map((m) => m.ruleId), ['message/content-length-mismatch']);
      }
      assert.equal(sipLint(['--stdin-filename', 'call.sip'], { stdin: text }).stdout.split('\n')[0], 'call.sip');
    });

    it('expands globs and directories, skipping node_modules', () => {
      const files = (args: string[]): string[] => (JSON.parse(sipLint(['--format', 'json', ...args]).stdout) as JsonEntry[])
        .map((e) => path.relative(fixtures, e.filePath));
      assert.deepEqual(files(['glob/**/*.sip']), ['glob/a.sip', 'glob/sub/b.sip']);
      assert.deepEqual(files(['glob/*/?.log']), ['glob/sub/c.log']);
      assert.deepEqual(files(['glob']), ['glob/a.sip', 'glob/sub/b.sip', 'glob/sub/c.log']);
      assert.deepEqual(files(['--ext', '.log', 'glob']), ['glob/sub/c.log']);
      assert.deepEqual(files(['glob/node_modules/pkg/d.sip']), ['glob/node_modules/pkg/d.sip'], 'a file named outright is linted');
    });

    it('lints a file that is not valid UTF-8, and reports the bad bytes', () => {
      const r = sipLint(['--format', 'json', 'invalid-utf8.sip']);
      const json = JSON.parse(r.stdout) as JsonEntry[];
      assert.ok(json[0].messages.some((m) => m.ruleId === 'syntax/invalid-utf8' && m.line === 5));
    });

    it('lints a 100 MB trace', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-big-'));
      try {
        const size = 100 * 1024 * 1024;
        const head = ['MESSAGE sip:bob@biloxi.example.com SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bKbig;rport',
          'Max-Forwards: 70', 'To: <sip:bob@biloxi.example.com>', 'From: <sip:alice@atlanta.example.com>;tag=1',
          'Call-ID: big@atlanta.example.com', 'CSeq: 1 MESSAGE', 'Content-Type: text/plain', `Content-Length: ${size}`, '', ''].join('\r\n');
        const file = path.join(dir, 'big.sip');
        fs.writeFileSync(file, Buffer.concat([Buffer.from(head), Buffer.alloc(size, 'All work and no play.\r\n')]));
        const r = sipLint(['big.sip'], { cwd: dir });
        assert.equal(r.stderr, '');
        assert.equal(r.code, 0, r.stdout);
        assert.equal(r.stdout, '0 errors, 0 warnings, 0 infos in 1 file\n');
      } finally {
        fs.rmSync(dir, { recursive: true });
      }
    });
  });

  describe('--fix', () => {
    let dir = '';
    before(() => {
      dir = tempCopy(['content-length.sip', 'invalid-utf8.sip', 'clean.sip']);
    });
    after(() => fs.rmSync(dir, { recursive: true }));

    it('recounts Content-Length and changes no other byte', () => {
      const file = path.join(dir, 'content-length.sip');
      const before = fs.readFileSync(file);
      const separator = before.indexOf('\r\n\r\n');
      const bodyOctets = before.length - separator - 4;
      // What the fix must produce, computed here without the core: the digits replaced, all else equal.
      const field = Buffer.from('Content-Length: 10\r\n');
      const at = before.indexOf(field);
      assert.ok(at > 0 && at < separator);
      const expected = Buffer.concat([before.subarray(0, at), Buffer.from(`Content-Length: ${bodyOctets}\r\n`), before.subarray(at + field.length)]);
      const r = sipLint(['--fix', 'content-length.sip'], { cwd: dir });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(fs.readFileSync(file), expected);
      // A second run finds nothing to fix and leaves the file as it is.
      const mtime = fs.statSync(file).mtimeMs;
      assert.equal(sipLint(['--fix', 'content-length.sip'], { cwd: dir }).code, 0);
      assert.equal(fs.statSync(file).mtimeMs, mtime);
    });

    it('never rewrites a file that is not valid UTF-8, and says so', () => {
      const file = path.join(dir, 'invalid-utf8.sip');
      const before = fs.readFileSync(file);
      const r = sipLint(['--fix', 'invalid-utf8.sip'], { cwd: dir });
      assert.equal(r.stderr, 'sip-lint: invalid-utf8.sip is not valid UTF-8; not fixed\n');
      assert.equal(r.code, 1, 'the Content-Length error stays');
      assert.deepEqual(fs.readFileSync(file), before);
    });

    it('prints fixed standard input', () => {
      const text = fs.readFileSync(path.join(fixtures, 'content-length.sip'), 'utf8');
      const r = sipLint(['--fix', '-'], { stdin: text });
      assert.equal(r.code, 0);
      assert.equal(r.stdout, text.replace('Content-Length: 10\r\n', `Content-Length: ${Buffer.byteLength(text.slice(text.indexOf('\r\n\r\n') + 4))}\r\n`));
    });

    it('with fixed standard input, says on standard error what is left', () => {
      const text = 'OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK-1;rport\r\nContent-Length: 5\r\n\r\n';
      const r = sipLint(['--fix', '-'], { stdin: text });
      assert.equal(r.code, 1, 'the missing headers stay');
      assert.equal(r.stdout, text.replace('Content-Length: 5', 'Content-Length: 0'));
      assert.match(r.stderr, /<stdin>:1:1 error Missing mandatory headers: .* message\/missing-mandatory-header/);
    });
  });

  it('says which directory it cannot read, and exits 2, instead of skipping it in silence', (t) => {
    // Root reads every directory: the run drops to the nobody user, as the unreadable case needs.
    if (process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0) {
      t.skip('needs root and setpriv to run as another user');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-eacces-'));
    try {
      fs.chmodSync(dir, 0o755);
      fs.mkdirSync(path.join(dir, 'private'));
      fs.copyFileSync(path.join(fixtures, 'content-length.sip'), path.join(dir, 'private', 'bad.sip'));
      fs.copyFileSync(path.join(fixtures, 'content-length.sip'), path.join(dir, 'ok.sip'));
      fs.chmodSync(path.join(dir, 'private'), 0o000);
      for (const arg of ['.', '**/*.sip']) {
        const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, bin, arg], { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 2, arg);
        assert.match(r.stderr, /sip-lint: cannot read private: EACCES/, arg);
        assert.match(r.stdout, /ok\.sip/, `${arg}: the readable file is still linted`);
      }
    } finally {
      fs.chmodSync(path.join(dir, 'private'), 0o755);
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('stops quietly when the reader of its output goes away', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-pipe-'));
    try {
      // Enough findings to overflow the pipe after `head` has gone.
      fs.writeFileSync(path.join(dir, 'many.sip'), Buffer.concat(Array(3000).fill(fs.readFileSync(path.join(fixtures, 'nat-register.sip')))));
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${bin}" many.sip | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`],
        { cwd: dir, encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, '0\n', 'warnings only: the exit status is still 0');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('prints a report of several megabytes through a pipe in full, the same as its JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sip-lint-long-'));
    try {
      // 20,000 registrations with two warnings each: about 5 MB of text, written in pieces.
      fs.writeFileSync(path.join(dir, 'many.sip'), Buffer.concat(Array(20_000).fill(fs.readFileSync(path.join(fixtures, 'nat-register.sip')))));
      const text = sipLint(['many.sip'], { cwd: dir });
      const json = JSON.parse(sipLint(['--format', 'json', 'many.sip'], { cwd: dir }).stdout) as JsonEntry[];
      assert.equal(text.code, 0, text.stderr);
      assert.ok(text.stdout.length > 4_000_000, `${text.stdout.length} characters`);
      const messages = json[0].messages;
      assert.equal(messages.length, 40_000);
      const expected = ['many.sip', ...messages.map((m) => `many.sip:${m.line}:${m.column} ${m.severity} ${m.message} ${m.ruleId}`), '', '0 errors, 40000 warnings, 0 infos in 1 file', ''];
      assert.equal(text.stdout, expected.join('\n'));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(sipLint(['--version']).stdout, `${pkg.version}\n`);
    assert.match(sipLint(['--help']).stdout, /^Usage: sip-lint/);
  });
});
