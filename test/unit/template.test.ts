/**
 * The template linter: SIPp scenarios and `.sip` templates with SIPp keywords. SIPp's own
 * scenarios lint without errors; our fixtures with known defects give the expected
 * `[ruleId, line, column]` list in the file's own coordinates; fixes edit the template; the
 * linter never throws on mutated scenarios.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { LineIndex } from '../../server/src/core/text';
import { applyEdits } from '../../server/src/core/fix/apply';
import { lintTemplate, templateKind, templateFixFor, fixAllTemplate, keywordCompletions, keywordHover, templateRules } from '../../server/src/core/template/index';
import { normalizeSettings } from '../../server/src/core/settings';
import type { Finding } from '../../server/src/core/types';

type Expected = readonly [ruleId: string, line: number, column: number];

/** A fixture folder, from the compiled test (`out/test/unit`), the sources, or the working directory. */
function fixtureFolder(name: string): string {
  const candidates = [path.join(__dirname, '..', 'fixtures', name), path.join(__dirname, '..', '..', '..', 'test', 'fixtures', name), path.join(process.cwd(), 'test', 'fixtures', name)];
  const found = candidates.find((dir) => fs.existsSync(dir));
  if (found === undefined) throw new Error(`test/fixtures/${name} not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

const sippDir = fixtureFolder('sipp-scenarios');
const fixtureDir = fixtureFolder('templates');
const read = (dir: string, name: string) => fs.readFileSync(path.join(dir, name), 'utf8');

function located(text: string, findings: readonly Finding[]): Expected[] {
  const lines = new LineIndex(text);
  return findings.map((f) => {
    const p = lines.positionAt(f.range.start);
    return [f.ruleId, p.line + 1, p.character + 1] as const;
  });
}

function lintList(text: string, settings?: unknown): Expected[] {
  const result = lintTemplate(text, settings === undefined ? undefined : normalizeSettings(settings));
  assert.ok(result, 'recognised as a scenario or template');
  return located(text, result.findings);
}

describe('SIPp built-in scenarios', () => {
  const files = fs.readdirSync(sippDir).filter((f) => f.endsWith('.xml'));
  it('are all there', () => assert.equal(files.length, 12));
  for (const file of files) {
    it(`${file} lints without errors`, () => {
      const text = read(sippDir, file);
      const result = lintTemplate(text);
      assert.equal(result?.kind, 'scenario');
      const errors = result.findings.filter((f) => f.severity === 'error');
      assert.deepEqual(located(text, errors), []);
    });
  }
});

const cases: readonly { file: string; expected: readonly Expected[] }[] = [
  {
    file: 'keywords.xml',
    expected: [
      ['template/unknown-keyword', 9, 32],
      ['template/literal-private-address', 14, 26],
      ['template/misplaced-keyword', 16, 17],
      ['template/misplaced-keyword', 17, 16],
      ['template/misplaced-keyword', 18, 7],
      ['template/misplaced-keyword', 45, 7],
      ['template/misplaced-keyword', 57, 7],
      ['template/unknown-keyword', 64, 15],
      ['template/unknown-keyword', 64, 24],
    ],
  },
  {
    file: 'structure.xml',
    expected: [
      ['template/invalid-recv', 5, 18],
      ['template/unexpected-response', 22, 19],
      ['template/undefined-label', 23, 45],
      ['template/optional-recv-before-send', 25, 4],
      ['template/invalid-recv', 40, 19],
      ['template/invalid-recv', 40, 34],
      ['template/invalid-recv', 41, 18],
      ['template/undefined-label', 43, 14],
      ['template/malformed-scenario', 44, 4],
      // A core finding, mapped back from the substituted message to the XML file.
      ['message/missing-mandatory-header', 45, 7],
    ],
  },
  {
    file: 'framing.xml',
    expected: [
      ['template/ipv6-address-form', 14, 26],
      ['template/len-without-empty-line', 18, 7],
      ['template/ipv6-address-form', 19, 36],
      ['template/routes-after-content-length', 42, 7],
      ['template/ipv6-address-form', 45, 22],
      ['template/extra-empty-line-before-body', 68, 1],
    ],
  },
  {
    file: 'register.sip',
    expected: [
      ['template/literal-private-address', 2, 26],
      ['template/unknown-keyword', 8, 24],
      ['template/misplaced-keyword', 9, 10],
    ],
  },
];

describe('template fixtures with known defects', () => {
  for (const { file, expected } of cases) {
    it(file, () => assert.deepEqual(lintList(read(fixtureDir, file)), expected));
  }

  it('honours per-rule severities, including off', () => {
    const text = read(fixtureDir, 'register.sip');
    const result = lintTemplate(text, normalizeSettings({ rules: { 'template/unknown-keyword': 'off', 'template/misplaced-keyword': 'error' } }));
    assert.deepEqual(result?.findings.map((f) => [f.ruleId, f.severity]), [
      ['template/literal-private-address', 'warning'],
      ['template/misplaced-keyword', 'error'],
    ]);
  });
});

describe('recognition', () => {
  const data: readonly [name: string, text: string, kind: ReturnType<typeof templateKind>][] = [
    ['a scenario', read(sippDir, 'uac.xml'), 'scenario'],
    ['XML with another root', read(fixtureDir, 'not-a-scenario.xml'), undefined],
    ['a template', read(fixtureDir, 'register.sip'), 'template'],
    ['plain SIP', 'OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1\r\n\r\n', undefined],
    ['empty text', '', undefined],
  ];
  for (const [name, text, kind] of data) it(name, () => assert.equal(templateKind(text), kind));

  it('leaves XML that is not a scenario alone', () => assert.equal(lintTemplate(read(fixtureDir, 'not-a-scenario.xml')), undefined));

  it('reads IPv6 references in a template as addresses, not keywords', () => {
    const text = 'OPTIONS sip:[remote_ip] SIP/2.0\r\nVia: SIP/2.0/UDP [2001:db8::1]:5060;branch=[branch]\r\nMax-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\nCall-ID: [call_id]\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    assert.deepEqual(lintList(text), []);
  });

  it('reports a bracketed address in a scenario, where SIPp reads it as a keyword', () => {
    const text = '<scenario>\n<send><![CDATA[\nOPTIONS sip:[::1] SIP/2.0\nVia: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]\nMax-Forwards: 70\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: [call_id]\nCSeq: 1 OPTIONS\nContent-Length: 0\n]]></send>\n</scenario>\n';
    const result = lintTemplate(text);
    assert.deepEqual(result?.findings.map((f) => [f.ruleId, f.severity, text.slice(f.range.start, f.range.end)]), [['template/unknown-keyword', 'error', '[::1]']]);
  });
});

describe('SIPp cleaning and substitution', () => {
  it('does not report LF line endings, indentation or the empty line SIPp adds', () => {
    const text = '<scenario>\n  <send>\n    <![CDATA[\n\n      OPTIONS sip:[service]@[remote_ip] SIP/2.0\n      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n      Max-Forwards: 70\n      From: <sip:a@[local_ip]>;tag=[pid]\n      To: <sip:[service]@[remote_ip]>\n      Call-ID: [call_id]\n      CSeq: [cseq] OPTIONS\n      Content-Length: [len]\n    ]]>\n  </send>\n  <recv response="200"/>\n</scenario>\n';
    assert.deepEqual(lintList(text), []);
  });

  it('maps a core finding inside a message to its place in the XML file', () => {
    const text = '<scenario>\n  <send>\n    <![CDATA[\n      OPTIONS sip:[remote_ip] SIP/2.0\n      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n      From: <sip:a@[local_ip]>;tag=1\n      To: <sip:b@[remote_ip]>\n      Call-ID: [call_id]\n      CSeq: 1 INVITE\n      Max-Forwards: 70\n      Content-Length: 0\n    ]]>\n  </send>\n</scenario>\n';
    const result = lintTemplate(text)!;
    const cseq = result.findings.find((f) => f.ruleId === 'message/cseq-method-mismatch');
    assert.ok(cseq, 'CSeq method mismatch found');
    const p = new LineIndex(text).positionAt(cseq.range.start);
    assert.deepEqual([p.line + 1, p.character + 1], [9, 15]);
  });
});

describe('template fixes', () => {
  const fixOf = (text: string, ruleId: string) => {
    const finding = lintTemplate(text)!.findings.find((f) => f.ruleId === ruleId);
    assert.ok(finding, `${ruleId} reported`);
    const fix = templateFixFor(JSON.parse(JSON.stringify(finding)) as Finding);
    assert.ok(fix, `${ruleId} has a fix`);
    return applyEdits(text, fix.edits);
  };

  it('replaces a literal private address by [local_ip]', () => {
    const fixed = fixOf(read(fixtureDir, 'register.sip'), 'template/literal-private-address');
    assert.match(fixed, /^Via: SIP\/2\.0\/\[transport\] \[local_ip\]:\[local_port\];branch=\[branch\];rport\r$/m);
  });

  it('replaces a misspelt keyword by the one it meant', () => {
    const fixed = fixOf(read(fixtureDir, 'register.sip'), 'template/unknown-keyword');
    assert.match(fixed, /^Contact: <sip:\[field0\]@\[local_ip\]:\[local_port\]>\r$/m);
  });

  it('adds the missing empty line and removes the extra ones', () => {
    let text = read(fixtureDir, 'framing.xml');
    text = fixOf(text, 'template/len-without-empty-line');
    text = fixOf(text, 'template/extra-empty-line-before-body');
    const rules = lintTemplate(text)!.findings.map((f) => f.ruleId);
    assert.ok(!rules.includes('template/len-without-empty-line'));
    assert.ok(!rules.includes('template/extra-empty-line-before-body'));
  });

  it('fixes everything safe in one call, unsafe fixes only when asked', () => {
    const text = read(fixtureDir, 'register.sip');
    assert.equal(fixAllTemplate(text, normalizeSettings({}), { unsafe: false }).text, text);
    const all = fixAllTemplate(text, normalizeSettings({}), { unsafe: true });
    assert.equal(all.fixed, 2);
    // With the keyword in place, its Via's rport marks the template as meant for NAT.
    assert.deepEqual(lintList(all.text), [['template/local-ip-behind-nat', 8, 24], ['template/misplaced-keyword', 9, 10]]);
  });
});

describe('completion and hover', () => {
  it('proposes keywords after [', () => {
    const text = 'Via: SIP/2.0/UDP [loc';
    const items = keywordCompletions(text, text.length);
    assert.ok(items?.some((i) => i.label === 'local_ip' && i.insertText === 'local_ip]'));
    assert.deepEqual(items?.[0].replace, { start: 18, end: 21 });
    assert.equal(keywordCompletions('Via: SIP/2.0/UDP host', 21), undefined);
  });

  it('explains the keyword under the cursor', () => {
    const text = 'm=audio [media_port+2] RTP/AVP 0';
    const hover = keywordHover(text, 12);
    assert.deepEqual(hover?.range, { start: 8, end: 22 });
    assert.match(hover!.markdown, /media_port.*offset \+2/s);
    assert.equal(keywordHover(text, 2), undefined);
    assert.match(keywordHover('[last_Via:]', 3)!.markdown, /Via/);
  });

  it('documents every rule', () => {
    for (const rule of templateRules) {
      assert.match(rule.id, /^template\/[a-z0-9-]+$/);
      assert.ok(rule.docs.what && rule.docs.why && rule.docs.example && rule.docs.references.length > 0, rule.id);
    }
  });
});

describe('robustness', () => {
  const seeds = [read(sippDir, 'uac.xml'), read(sippDir, 'uas.xml'), read(fixtureDir, 'framing.xml'), read(fixtureDir, 'register.sip')];
  const pieces = ['[', ']', '<', '>', '<![CDATA[', ']]>', '\n', '\r\n', '[len]', '[last_Via:]', '[routes]', '"', '</send>', '<send>', '&amp;', '\\x5b', 'v=0\n', ' '];

  it('never throws and keeps ranges inside the text on mutated scenarios', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 }))), { maxLength: 8 }),
        (seed, edits) => {
          let text = seed;
          for (const [at, cut, insert] of edits) {
            const start = at % (text.length + 1);
            text = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + cut));
          }
          const result = lintTemplate(text, undefined, text.trimStart().startsWith('<') ? 'scenario' : 'template');
          assert.ok(result);
          for (const f of result.findings) {
            assert.notEqual(f.ruleId, 'internal/rule-failed', f.message);
            assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.ruleId} ${JSON.stringify(f.range)}`);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
