/**
 * The language server's incremental analysis never drifts: after every edit of a long random
 * series (characters, whole lines, whole messages moved or dropped, Call-IDs, Via branches and
 * received/rport, trace metadata, line breaks), its findings and diagnostics are exactly what a
 * from-scratch lint of the same text gives, while most messages reuse their cached results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, LineIndex, lint, parseDocument } from '../../server/src/core/index';
import { DocumentAnalysis } from '../../server/src/lsp/analysis';
import { toDiagnostic } from '../../server/src/lsp/convert';

const root = join(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateTrace, prng } = require(join(root, 'scripts/bench/lib/traces.js')) as {
  generateTrace(count: number, seed: number): { text: string };
  prng(seed: number): () => number;
};

const fixture = (path: string) => readFileSync(join(root, 'test/fixtures/traces', path), 'utf8');

/** One random edit of `text`, of a kind that exercises one way the cache could go stale. */
function edit(text: string, random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const at = (n: number) => Math.floor(random() * n);
  const messages = parseDocument(text).messages;
  // Link changes are the likeliest way to go stale: they come up three times as often.
  const roll = at(11);
  const kind = roll >= 9 ? 2 : roll;
  if (kind === 0 && messages.length > 1) {
    // Drop a whole message (its transaction loses a request or a response).
    const m = pick(messages).range;
    return text.slice(0, m.start) + text.slice(m.end);
  }
  if (kind === 1 && messages.length > 1) {
    // Move a message to another place (same texts, another order).
    const m = pick(messages).range;
    const rest = text.slice(0, m.start) + text.slice(m.end);
    const target = pick(parseDocument(rest).messages).range.start;
    return rest.slice(0, target) + text.slice(m.start, m.end) + rest.slice(target);
  }
  if (kind === 2) {
    // Change a value other messages are linked by, or evidence they read.
    const marks = ['branch=', 'Call-ID: ', 'i: ', 'received=', 'rport=', ' -> ', 'c=IN IP4 ', 'Contact: <sip:'];
    const found: number[] = [];
    for (const mark of marks) for (let i = text.indexOf(mark); i !== -1; i = text.indexOf(mark, i + 1)) found.push(i + mark.length);
    if (found.length) {
      const i = pick(found);
      return text.slice(0, i) + pick(['1', '9', 'x', '', '10.0.0.']) + text.slice(i + 1);
    }
  }
  const lines = text.split('\n');
  const line = at(lines.length);
  if (kind === 3) {
    lines.splice(line, 1);
    return lines.join('\n');
  }
  if (kind === 4) {
    // A line break: every message after it moves down a line.
    lines.splice(line, 0, '');
    return lines.join('\n');
  }
  if (kind === 5) {
    lines.splice(line, 0, lines[at(lines.length)]);
    return lines.join('\n');
  }
  const i = text.length ? at(text.length) : 0;
  return text.slice(0, i) + pick(['a', '0', ':', ';', ' ', '\r\n', '\n', '.', '<', 'é']) + text.slice(i + 1);
}

/** Findings and diagnostics as a fresh lint of `text` gives them. */
function fromScratch(text: string) {
  const findings = lint(text, defaultSettings).findings;
  const lines = new LineIndex(text);
  return { findings, diagnostics: findings.map((f) => toDiagnostic(lines, f)) };
}

/** `cached`: the trace has many calls, so that most messages must keep their results. */
const cases: { name: string; text: string; edits: number; cached?: boolean }[] = [
  { name: 'generated trace (registrations, calls, options)', text: generateTrace(120, 7).text, edits: 120, cached: true },
  { name: 'sngrep trace (packet metadata)', text: fixture('sngrep/nat-pbx.txt'), edits: 80 },
  { name: 'SIPp -trace_msg log', text: fixture('sipp/nat-phone-call.log'), edits: 80 },
  { name: 'ngrep trace', text: fixture('ngrep/nat-pbx.txt'), edits: 60 },
  { name: 'plain LF trace', text: fixture('plain/nat-pbx-lf.txt'), edits: 60 },
  // Messages read from several TCP segments, whose ranges span the trace's lines between them.
  { name: 'tcpdump -A of a call over TCP, messages in two segments', text: fixture('tcpdump/nat-tcp-A.txt'), edits: 60 },
  { name: 'tshark follow of a call over TCP, messages in two segments', text: fixture('tshark/nat-tcp-follow.txt'), edits: 60 },
  { name: 'ngrep of an INVITE in three segments and an OPTIONS', text: fixture('ngrep/loopback-tcp-split-body-q.txt'), edits: 60 },
];

for (const { name, text: initial, edits, cached } of cases) {
  test(`incremental analysis equals a fresh lint after each edit: ${name}`, () => {
    const random = prng(name.length * 7919);
    const analysis = new DocumentAnalysis(defaultSettings);
    let text = initial;
    let linted = 0;
    let messages = 0;
    for (let version = 1; version <= edits; version++) {
      if (version > 1) text = edit(text, random);
      const result = analysis.analyse(text, version);
      const expected = fromScratch(text);
      assert.deepEqual(result.findings, expected.findings, `findings after edit ${version}`);
      assert.deepEqual(result.diagnostics, expected.diagnostics, `diagnostics after edit ${version}`);
      if (version > 1) {
        linted += result.linted;
        messages += result.document.messages.length;
      }
    }
    // The cache did the work: most messages kept their results.
    if (cached) assert.ok(linted < messages / 4, `${linted} of ${messages} messages linted anew`);
  });
}

test('a fresh analysis equals lint() on every recorded trace', () => {
  for (const path of ['sngrep/loopback.txt', 'sipdump/nat-pbx.data', 'tshark/nat-pbx-follow.txt', 'plain/nat-pbx-crlf.txt', 'ngrep/loopback-t.txt', 'tcpdump/nat-tcp-A.txt', 'tshark/nat-tcp-follow.txt']) {
    const text = fixture(path);
    const result = new DocumentAnalysis(defaultSettings).analyse(text, 1);
    assert.deepEqual(result.findings, fromScratch(text).findings, path);
    assert.deepEqual(result.diagnostics, fromScratch(text).diagnostics, path);
  }
});
