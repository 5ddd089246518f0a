/**
 * The RFC 4475 and RFC 5118 torture messages, walked from the corpus's own index.json:
 * every message must lint without throwing; messages the RFCs call valid must have no
 * error-level finding; every invalid one must get its error at the right place (the table
 * below: rule and line); warn-level entries must get their warning.
 *
 * Each file is one datagram. Findings past the first message are the trailing octets that
 * RFC 3261 18.3 says to ignore (RFC 4475 3.1.1.8, dblreq), so only the first message counts.
 * RFC 5118 files are stored with bare LF, some without the empty line after the headers and
 * with a Content-Length that does not match; as the corpus README says, they are turned into
 * wire form (CRLF, empty line added, Content-Length recounted) before linting, because the
 * RFC's verdicts are about IPv6 handling, not these archive artifacts. They are also linted
 * as stored, to prove that form never throws.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, LineIndex } from '../../server/src/core/index';
import { conformanceDir } from '../support';

const root = conformanceDir();

interface Entry {
  file: string;
  category: string;
  parser: string;
  lint: 'clean' | 'info' | 'warn' | 'error';
  expected_flags: string[];
}

/** Where each invalid or warn-level message must be flagged: `ruleId:line` (all must be present). */
const expectedAt: Record<string, string[]> = {
  'rfc4475/badinv01.dat': ['header/malformed-value:7', 'header/malformed-value:8'],
  'rfc4475/clerr.dat': ['message/content-length-mismatch:10'],
  'rfc4475/ncl.dat': ['header/malformed-value:10'],
  'rfc4475/scalar02.dat': ['header/scalar-out-of-range:5', 'header/scalar-out-of-range:7', 'header/scalar-out-of-range:8', 'header/scalar-out-of-range:10'],
  'rfc4475/scalarlg.dat': ['header/scalar-out-of-range:5'],
  'rfc4475/quotbal.dat': ['header/malformed-value:2'],
  'rfc4475/ltgtruri.dat': ['message/malformed-request-uri:1'],
  'rfc4475/lwsruri.dat': ['syntax/malformed-start-line:1'],
  'rfc4475/lwsstart.dat': ['syntax/malformed-start-line:1'],
  'rfc4475/trws.dat': ['syntax/malformed-start-line:1'],
  'rfc4475/escruri.dat': ['message/malformed-request-uri:1'],
  'rfc4475/baddate.dat': ['header/date-not-gmt:8'],
  'rfc4475/regbadct.dat': ['header/malformed-value:8'],
  'rfc4475/badaspec.dat': ['header/malformed-value:5'],
  'rfc4475/baddn.dat': ['header/malformed-value:4', 'header/malformed-value:5'],
  'rfc4475/badvers.dat': ['syntax/unsupported-sip-version:1'],
  'rfc4475/mismatch01.dat': ['message/cseq-method-mismatch:6'],
  'rfc4475/mismatch02.dat': ['message/cseq-method-mismatch:6'],
  'rfc4475/bigcode.dat': ['message/status-code-out-of-range:1'],
  'rfc4475/badbranch.dat': ['header/via-branch:5'],
  'rfc4475/insuf.dat': ['message/missing-mandatory-header:1'],
  'rfc4475/unkscm.dat': ['message/unusual-request-uri-scheme:1'],
  'rfc4475/novelsc.dat': ['message/unusual-request-uri-scheme:1'],
  'rfc4475/unksm2.dat': ['header/non-sip-uri:2', 'header/non-sip-uri:3', 'header/non-sip-uri:8'],
  'rfc4475/multi01.dat': ['header/duplicate-single-valued:7', 'header/duplicate-single-valued:8', 'header/duplicate-single-valued:11', 'header/duplicate-single-valued:12', 'header/duplicate-single-valued:16'],
  'rfc4475/mcl01.dat': ['header/duplicate-single-valued:9'],
  'rfc4475/bcast.dat': ['header/via-broadcast:3'],
  'rfc4475/sdp01.dat': ['message/accept-excludes-body-type:7'],
  'rfc4475/test.dat': ['syntax/malformed-start-line:1', 'syntax/header-without-colon:10'],
  'rfc5118/ipv6-bad.dat': ['message/malformed-request-uri:1'],
  'rfc5118/port-ambiguous.dat': ['header/suspicious-ipv6-reference:1'],
  'rfc5118/ipv6-bug-abnf-3-colons.dat': ['header/suspicious-ipv6-reference:1', 'header/suspicious-ipv6-reference:2'],
};

const severityRank = { info: 1, warning: 2, error: 3 } as const;
const lintRank = { clean: 0, info: 1, warn: 2, error: 3 } as const;

/** RFC 5118 archive form → wire form, as the corpus README describes. */
function wireForm(text: string): string {
  let crlf = text.replace(/\r?\n/g, '\r\n');
  let split = crlf.indexOf('\r\n\r\n');
  if (split === -1) {
    crlf = crlf.endsWith('\r\n') ? crlf + '\r\n' : crlf + '\r\n\r\n';
    split = crlf.indexOf('\r\n\r\n');
  }
  const body = crlf.slice(split + 4);
  return crlf.slice(0, split + 4).replace(/^(Content-Length|l)[ \t]*:[ \t]*\d+/im, (_m, name: string) => `${name}: ${Buffer.byteLength(body, 'utf8')}`) + body;
}

const index = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as { messages: Entry[] };

test('the corpus index lists 62 files', () => {
  assert.equal(index.messages.length, 62);
});

for (const entry of index.messages) {
  test(`${entry.file} [${entry.category}, ${entry.lint}]`, () => {
    const stored = readFileSync(join(root, entry.file)).toString('utf8');
    const text = entry.file.startsWith('rfc5118/') ? wireForm(stored) : stored;
    if (text !== stored) assert.doesNotThrow(() => lint(stored));
    const { document, findings } = lint(text);
    const first = document.messages[0];
    assert.ok(first, 'a message is found');
    const lines = new LineIndex(text);
    const inFirst = findings.filter((f) => f.range.start <= first.range.end);
    const located = inFirst.map((f) => `${f.ruleId}:${lines.positionAt(f.range.start).line + 1}`);
    const worst = Math.max(0, ...inFirst.map((f) => severityRank[f.severity]));
    const valid = entry.parser === 'accept';
    if (valid) {
      assert.deepEqual(inFirst.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}:${lines.positionAt(f.range.start).line + 1} ${f.message}`), [], 'a valid message has no error');
    }
    if (entry.lint === 'error' || entry.lint === 'warn') {
      assert.ok(worst >= lintRank[entry.lint], `expected a finding at level ${entry.lint}, got ${located.join(', ') || 'none'}`);
      const expected = expectedAt[entry.file];
      assert.ok(expected, `the table names where ${entry.file} is flagged`);
      for (const place of expected) assert.ok(located.includes(place), `expected ${place}; got ${located.join(', ')}`);
    }
  });
}
