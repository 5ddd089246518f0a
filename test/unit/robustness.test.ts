/**
 * Bad input never throws and never hangs. Binary data, NUL bytes, invalid UTF-8, megabyte
 * lines, an empty file, a real message cut at every offset, a 100 MB trace; then fast-check
 * properties over arbitrary strings and over mutations of real traces: `lint()` never throws,
 * no rule fails inside it, every range lies within the text, and the time grows linearly
 * with the input (four times the input costs at most eight times the time, best of several
 * runs: a quadratic cost shows as sixteen, while a collection of the engine's heap that falls
 * in one run and not the other, or a loaded machine, stays well under eight).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { LineIndex, lint, parseDocument, type LintResult, type SipMessage } from '../../server/src/core/index';
import { fixAll } from '../../server/src/core/fix/apply';
import { defaultSettings } from '../../server/src/core/settings';

/** The traces folder, whether the test runs from source, from `out/`, or bundled elsewhere. */
function tracesDir(): string {
  const candidates = [join(__dirname, '..', 'fixtures', 'traces'), join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces'), join(process.cwd(), 'test', 'fixtures', 'traces')];
  const found = candidates.find((dir) => existsSync(join(dir, 'expected.json')));
  if (found === undefined) throw new Error(`test/fixtures/traces not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

const traces = tracesDir();
const readTrace = (file: string): string => readFileSync(join(traces, file), 'utf8');

/** Real traces the mutations start from: one of each format. */
const seeds = ['sipp/nat-phone-call.log', 'ngrep/loopback-default.txt', 'sngrep/loopback.txt', 'sipdump/loopback.data', 'plain/loopback-lf.txt', 'plain/nat-pbx-crlf.txt', 'tshark/nat-pbx-follow.txt', 'asterisk/nat-pbx-chan-sip.txt', 'wireshark/nat-pbx-all-layers-V.txt', 'freeswitch/nat-pbx-siptrace.txt', 'freeswitch/nat-pbx-siptrace-indented.txt',
  'tshark/loopback-follow-tcp-split-body.txt', 'tcpdump/loopback-tcp-split-body-A.txt', 'ngrep/loopback-tcp-split-body-q.txt'].map(readTrace);

/** The first message of a real trace that has a body: an INVITE with SDP, as Kamailio logged it. */
const realInvite = ((): string => {
  const text = readTrace('plain/nat-pbx-crlf.txt');
  const message = parseDocument(text).messages.find((m) => m.body !== undefined && m.startLine.kind === 'request');
  assert.ok(message, 'no request with a body in plain/nat-pbx-crlf.txt');
  return text.slice(message.range.start, message.range.end);
})();

/**
 * Lints and checks what must hold on any input: no rule failed, every finding and every
 * message range lies within the text, in order, and a message overlaps one before it only
 * inside one of that message's gaps (a message read from TCP segments spans the messages of
 * other flows printed between them). Returns the result for further checks.
 */
function lintSafely(text: string): LintResult {
  const result = lint(text);
  const failed = result.findings.filter((f) => f.ruleId === 'internal/rule-failed').map((f) => f.message);
  assert.deepEqual(failed, [], 'a rule threw');
  for (const f of result.findings) {
    assert.ok(Number.isInteger(f.range.start) && Number.isInteger(f.range.end), `${f.ruleId}: range not integer`);
    assert.ok(f.range.start >= 0 && f.range.start <= f.range.end && f.range.end <= text.length, `${f.ruleId}: range ${f.range.start}-${f.range.end} outside 0-${text.length}`);
  }
  // The messages before the current one whose range reaches past its start.
  let reaching: SipMessage[] = [];
  let previousStart = 0;
  for (const m of result.document.messages) {
    assert.ok(m.range.start >= previousStart && m.range.start <= m.range.end && m.range.end <= text.length, `message ${m.index}: range ${m.range.start}-${m.range.end}`);
    for (const h of m.headers) assert.ok(h.range.start >= m.range.start && h.range.end <= m.range.end && h.valueRange.start <= h.valueRange.end, `message ${m.index}: header ${h.name} outside it`);
    reaching = reaching.filter((e) => e.range.end > m.range.start);
    for (const e of reaching) assert.ok(e.gaps?.some((g) => g.start <= m.range.start && m.range.end <= g.end), `message ${m.index} overlaps message ${e.index} outside its gaps`);
    reaching.push(m);
    previousStart = m.range.start;
  }
  return result;
}

/** A small seeded generator, so that the "random" inputs are the same on every run. */
function seededBytes(seed: number, length: number): Uint8Array {
  let state = seed >>> 0 || 1;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

const lineOf = (text: string, offset: number): number => new LineIndex(text).positionAt(offset).line + 1;

test('random bytes decoded as UTF-8 never throw', () => {
  for (let seed = 1; seed <= 20; seed++) {
    const text = Buffer.from(seededBytes(seed, 64 * 1024)).toString('utf8');
    lintSafely(text);
    // The same bytes with real messages around them: the messages are still found.
    const mixed = `${realInvite}\r\n${text}\r\n\r\n${realInvite}`;
    const { document } = lintSafely(mixed);
    assert.ok(document.messages.length >= 2, `seed ${seed}: ${document.messages.length} messages found around binary data`);
  }
});

test('NUL bytes anywhere never throw', () => {
  lintSafely('\0'.repeat(10000));
  for (let at = 0; at < realInvite.length; at += 7) {
    lintSafely(realInvite.slice(0, at) + '\0' + realInvite.slice(at));
  }
  const { findings } = lintSafely('\0'.repeat(100));
  assert.ok(findings.some((f) => f.ruleId === 'syntax/no-sip-message'), 'NUL bytes alone are not a SIP message');
});

test('invalid UTF-8 (U+FFFD after decoding) is reported as syntax/invalid-utf8 where it is', () => {
  const bytes = Buffer.concat([
    Buffer.from('OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-u8\r\nFrom: "J'),
    Buffer.from([0xf6]), // Latin-1 "ö", not UTF-8.
    Buffer.from('rg" <sip:j@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: u8@x\r\nCSeq: 1 OPTIONS\r\nSubject: '),
    Buffer.from([0xc3, 0x28, 0xff, 0xfe]), // A broken two-octet sequence, then octets UTF-8 never uses.
    Buffer.from('\r\nMax-Forwards: 70\r\nContent-Type: application/octet-stream\r\nContent-Length: 4\r\n\r\n'),
    Buffer.from([0x80, 0x81, 0x82, 0x83]), // A binary body: legal, not reported.
  ]);
  const text = bytes.toString('utf8');
  assert.ok(text.includes('\uFFFD'));
  const { findings } = lintSafely(text);
  const lines = findings.filter((f) => f.ruleId === 'syntax/invalid-utf8').map((f) => lineOf(text, f.range.start));
  assert.deepEqual(lines, [3, 7]);
  for (const f of findings.filter((x) => x.ruleId === 'syntax/invalid-utf8')) assert.match(text.slice(f.range.start, f.range.end), /^\uFFFD+$/);
});

test('a 1 MB header line is read as one header, quickly', { timeout: 120_000 }, () => {
  const value = 'x'.repeat(1024 * 1024);
  const text = `OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-big\r\nSubject: ${value}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
  const started = performance.now();
  const { document } = lintSafely(text);
  const ms = performance.now() - started;
  assert.equal(document.messages.length, 1);
  const subject = document.messages[0].headers.find((h) => h.name === 'subject');
  assert.ok(subject);
  assert.equal(subject.valueRange.end - subject.valueRange.start, value.length);
  console.log(`# 1 MB header line: ${ms.toFixed(0)} ms`);
});

test('a 1 MB line of garbage is stray text, never a hang', { timeout: 120_000 }, () => {
  const garbage = Buffer.from(seededBytes(7, 1024 * 1024).map((b) => 0x21 + (b % 94))).toString('latin1');
  const { document, findings } = lintSafely(garbage);
  assert.equal(document.messages.length, 0);
  assert.ok(findings.some((f) => f.ruleId === 'syntax/no-sip-message'));
  // The same line between two real messages: both are found.
  const around = lintSafely(`${realInvite}\r\n${garbage}\r\n\r\n${realInvite}`);
  assert.equal(around.document.messages.length, 2);
});

test('an empty file, and files of only blank lines, have no message and no finding', () => {
  for (const text of ['', '\n', '\r\n\r\n', '   \t  \n\n']) {
    const { document, findings } = lintSafely(text);
    assert.equal(document.messages.length, 0, JSON.stringify(text));
    assert.deepEqual(findings, [], JSON.stringify(text));
  }
});

test('a real message cut at every offset: never throws, and a Content-Length past the cut is reported', () => {
  const clHeader = /\r\nContent-Length: *(\d+)\r\n/i.exec(realInvite);
  assert.ok(clHeader, 'the real INVITE has a Content-Length');
  const declared = Number(clHeader[1]);
  assert.ok(declared > 0);
  // From the end of the Content-Length value on, the text holds fewer octets than declared.
  const valueEnd = clHeader.index + clHeader[0].length - 2;
  let reported = 0;
  for (let cut = 0; cut <= realInvite.length; cut++) {
    const text = realInvite.slice(0, cut);
    const { findings } = lintSafely(text);
    if (cut >= valueEnd && cut < realInvite.length) {
      const at = findings.filter((f) => f.ruleId === 'message/content-length-mismatch' && text.slice(f.range.start, f.range.end) === String(declared));
      assert.equal(at.length, 1, `cut at ${cut}: Content-Length ${declared} with ${Buffer.byteLength(text.slice(realInvite.indexOf('\r\n\r\n') + 4))} octets left is not reported`);
      reported++;
    }
  }
  assert.equal(lintSafely(realInvite).findings.filter((f) => f.ruleId === 'message/content-length-mismatch').length, 0, 'the whole message is consistent');
  assert.ok(reported > 100);
});

test('a 100 MB trace parses completely, message count right', { timeout: 600_000 }, () => {
  // Unique Call-ID and branches per copy, so the trace looks like 100k real calls.
  const pieces = realInvite.split(/(branch=z9hG4bK[^;,\s]*|\r\nCall-ID: *[^\r\n]*)/i);
  assert.ok(pieces.length >= 5, 'the template has a Call-ID and a branch');
  const separator = '\r\n';
  const target = 100 * 1024 * 1024;
  const parts: string[] = [];
  let size = 0;
  let count = 0;
  while (size < target) {
    const suffix = `-${count}`;
    let copy = '';
    for (let k = 0; k < pieces.length; k++) copy += k % 2 === 1 ? pieces[k] + suffix : pieces[k];
    parts.push(copy, separator);
    size += copy.length + separator.length;
    count++;
  }
  const text = parts.join('');
  parts.length = 0;
  const started = performance.now();
  const document = parseDocument(text);
  const ms = performance.now() - started;
  assert.equal(document.messages.length, count);
  assert.equal(document.problems.length, 0);
  const last = document.messages[count - 1];
  assert.ok(last.body !== undefined && last.range.end === text.length - separator.length, 'the last message ends where it was written');
  console.log(`# 100 MB trace: ${count} messages, ${(text.length / 1048576).toFixed(1)} MiB parsed in ${ms.toFixed(0)} ms (${(text.length / 1048576 / (ms / 1000)).toFixed(0)} MiB/s)`);
});

// ---------------------------------------------------------------------------------------------
// Properties.

/** Pieces that steer random text towards what the parser branches on. */
const sipPieces = [
  'INVITE sip:bob@10.0.0.1 SIP/2.0', 'SIP/2.0 200 OK', 'SIP/2.0 ', 'REGISTER ', 'sip:', ' SIP/2.0', '\r\n', '\n', '\r', '\r\n\r\n', ' ', '\t', ':', ';', ',', '"', '<', '>', '@', '[', ']', '.',
  'Via: SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK1;rport', 'v: ', 'Contact: <sip:a@100.64.0.10:5060>', 'm: *', 'CSeq: 1 INVITE', 'CSeq: 2 REGISTER', 'Call-ID: x', 'From: <sip:a@b>;tag=1', 'To: <sip:b@c>',
  'Content-Length: ', 'l: ', '0', '10', '99999999999', '-1', 'Content-Type: application/sdp', 'Content-Type: multipart/mixed;boundary=b', '--b', '--b--',
  'v=0', 'o=- 1 1 IN IP4 10.0.0.1', 'c=IN IP4 172.16.0.1', 'c=IN IP6 fe80::1', 'm=audio 0 RTP/AVP 0', 'a=rtcp:5001 IN IP4 10.1.1.1', 'a=candidate:1 1 UDP 1 192.168.0.1 5000 typ host',
  '----------------------------------------------- 2026-11-24 01:23:56.622799', 'UDP message sent (506 bytes):', 'UDP message received [305] bytes :',
  'U 203.0.113.1:47322 -> 203.0.113.5:5060 #1', 'T 1.2.3.4:5 -> [::1]:6 [AP] #2', '#', 'exit', 'interface: any',
  '2026/11/24 01:23:56.622773 127.0.0.1:5061 -> 127.0.0.1:5070', '====================', 'tag: rcv', 'srcip: 10.0.0.1', 'srcport: 99999', '~~~~~~~~~~~~~~~~~~~~', '||||||||||||||||||||',
  '='.repeat(67), 'Follow: udp,ascii', 'Filter: udp.stream eq 0', 'Node 0: 203.0.113.1:46508', 'Node 1: [::1]:5060', '525', '\t319',
  '\uFFFD', '\0', '\uD800', '\uDC00', '😀', 'é', '[2001:db8::1]', '::ffff:10.0.0.1', '%', '%zz', '=',
];

const sipish = fc.array(fc.oneof(fc.constantFrom(...sipPieces), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 120 }).map((a) => a.join(''));

/** Any UTF-16 code units, lone surrogates included (what a decoder may hand over). */
const codeUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 400 }).map((units) => String.fromCharCode(...units));

interface Mutation {
  readonly kind: 'delete' | 'insert' | 'replace' | 'duplicate' | 'swap';
  readonly at: number;
  readonly length: number;
  readonly text: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'replace', 'duplicate', 'swap'),
  at: fc.nat(),
  length: fc.nat({ max: 200 }),
  text: fc.oneof(fc.constantFrom(...sipPieces), fc.string({ unit: 'binary', maxLength: 12 })),
}) as fc.Arbitrary<Mutation>;

/** Applies mutations in order; positions wrap around the current length. */
function mutate(source: string, mutations: readonly Mutation[]): string {
  let text = source;
  for (const m of mutations) {
    const at = text.length === 0 ? 0 : m.at % (text.length + 1);
    const end = Math.min(text.length, at + m.length);
    switch (m.kind) {
      case 'delete':
        text = text.slice(0, at) + text.slice(end);
        break;
      case 'insert':
        text = text.slice(0, at) + m.text + text.slice(at);
        break;
      case 'replace':
        text = text.slice(0, at) + m.text + text.slice(end);
        break;
      case 'duplicate':
        text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
        break;
      case 'swap': {
        // Moves a span to the front: reorders lines, metadata and messages.
        text = text.slice(at, end) + text.slice(0, at) + text.slice(end);
        break;
      }
    }
  }
  return text;
}

const mutatedTrace = fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 12 })).map(([i, ms]) => mutate(seeds[i], ms));

test('property: lint() never throws and keeps every range in the text, on arbitrary strings', { timeout: 300_000 }, () => {
  fc.assert(fc.property(fc.oneof(sipish, codeUnits, fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
    lintSafely(text);
  }), { numRuns: 1500 });
});

test('property: lint() never throws and keeps every range in the text, on mutated real traces', { timeout: 300_000 }, () => {
  fc.assert(fc.property(mutatedTrace, (text) => {
    lintSafely(text);
  }), { numRuns: 400 });
});

// ---------------------------------------------------------------------------------------------
// Linear time.

/** The time of one `run(text)`, in ms. */
function timeOf(run: (text: string) => unknown, text: string): number {
  const started = performance.now();
  run(text);
  return performance.now() - started;
}

/** `unit` repeated until the text is at least `size` characters long. */
function grow(unit: string, size: number): string {
  const safeUnit = unit.length === 0 ? ' ' : unit;
  return safeUnit.repeat(Math.ceil(size / safeUnit.length));
}

/**
 * Asserts that the time of `run` (by default the whole `lint()`) at twice the input is at
 * most three times the time at the input. The two sizes are timed alternately, `runs` times
 * each, and the best of each is kept, so that a change of machine load hits both alike; on a
 * miss the measurement is repeated (up to three times), since a loaded machine can slow any
 * one run, while a quadratic cost misses every time.
 */
function assertLinear(name: string, small: string, large: string, run: (text: string) => unknown = lint, runs = 5): void {
  run(small); // Warm up the JIT on this shape.
  run(large);
  const ratios: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    let t1 = Infinity;
    let t2 = Infinity;
    for (let r = 0; r < runs; r++) {
      t1 = Math.min(t1, timeOf(run, small));
      t2 = Math.min(t2, timeOf(run, large));
    }
    // Below some two milliseconds timer noise dominates: a floor keeps the ratio meaningful.
    const ratio = Math.max(t2, 2) / Math.max(t1, 2);
    ratios.push(`${t1.toFixed(1)} ms → ${t2.toFixed(1)} ms (×${ratio.toFixed(2)})`);
    if (ratio <= 8) {
      console.log(`# ${name}: ${(small.length / 1024).toFixed(0)} KiB ${ratios[ratios.length - 1]}`);
      return;
    }
  }
  assert.fail(`${name}: four times the input (${small.length} → ${large.length} chars) cost more than 8×: ${ratios.join('; ')}`);
}

test('time grows linearly on mutated real traces', { timeout: 600_000 }, () => {
  const samples = fc.sample(mutatedTrace, { numRuns: 4, seed: 20261124 });
  samples.forEach((unit, i) => {
    const size = 512 * 1024;
    assertLinear(`mutated trace ${i + 1}`, grow(unit, size / 2), grow(unit, 2 * size));
  });
});

/** The header tshark writes above the payloads of `-z follow,udp,ascii`. */
const tsharkHeader = `${'='.repeat(67)}\nFollow: udp,ascii\nFilter: udp.stream eq 0\nNode 0: 203.0.113.1:46508\nNode 1: 203.0.113.5:5060\n`;
/** A tshark follow of a TCP stream whose first payload is `payload`, sent by node 0. */
const tcpFollow = (payload: string): string => `${tsharkHeader.replace(/udp/g, 'tcp')}${payload.length}\n${payload}\n`;
/** An INVITE whose header section its TCP segment cut, and a reply of the other node. */
const cutInvite = 'INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKx\r\n';
const trying = 'SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n';

/**
 * Shapes that would make a careless parser or rule quadratic: one huge header, one huge body,
 * many problems, many messages of one transaction. Each is built at n and 2n.
 */
const adversarial: { readonly name: string; readonly build: (n: number) => string; readonly n: number; readonly runs?: number }[] = [
  { name: 'one Via header with n values', n: 8000, build: (n) => `INVITE sip:b@example.com SIP/2.0\r\nVia: ${Array.from({ length: n }, (_, i) => `SIP/2.0/UDP 10.0.${i % 250}.1;branch=z9hG4bK${i}`).join(', ')}\r\nCSeq: 1 INVITE\r\n\r\n` },
  { name: 'one Contact header with n values', n: 8000, build: (n) => `REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nContact: ${Array.from({ length: n }, (_, i) => `<sip:u${i}@192.168.${i % 250}.2>`).join(', ')}\r\nCSeq: 1 REGISTER\r\n\r\n` },
  { name: 'a header folded over n lines', n: 80000, build: (n) => `OPTIONS sip:b@example.com SIP/2.0\r\nSubject: a${'\r\n  more words'.repeat(n)}\r\nCSeq: 1 OPTIONS\r\n\r\n` },
  { name: 'n lines without a colon in one header section', n: 160000, build: (n) => `OPTIONS sip:b@example.com SIP/2.0\r\n${'no colon here\r\n'.repeat(n)}CSeq: 1 OPTIONS\r\n\r\n` },
  { name: 'a body without Content-Length of n lines', n: 40000, build: (n) => `MESSAGE sip:b@example.com SIP/2.0\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n\r\n${'line of text\r\n'.repeat(n)}` },
  { name: 'an SDP body of n lines', n: 2400, build: (n) => { const body = `v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n${'m=audio 5004 RTP/AVP 0\r\na=rtcp:5005 IN IP4 10.0.0.1\r\n'.repeat(n / 2)}`; return `INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`; } },
  { name: 'n start lines with no empty line between them', n: 20000, build: (n) => 'SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n'.repeat(n) },
  { name: 'n lines of stray text between two messages', n: 40000, build: (n) => `${realInvite}\r\n${'some words here\r\n'.repeat(n)}\r\n${realInvite}` },
  { name: 'n invalid UTF-8 characters on separate lines', n: 20000, build: (n) => `OPTIONS sip:b@example.com SIP/2.0\r\n${'X-Bad: \uFFFD\uFFFD\r\n'.repeat(n)}\r\n` },
  { name: 'n tshark follow payloads in one stream', n: 2000, build: (n) => `${tsharkHeader}${`525\n${realInvite}\n\t319\nSIP/2.0 180 Ringing\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n\n`.repeat(n)}${'='.repeat(67)}\n` },
  { name: 'n tshark count lines with no message below them', n: 80000, build: (n) => `${tsharkHeader}${'\t123\n'.repeat(n)}` },
  // A message whose header section a TCP segment cut, then n one-octet segments of its flow,
  // and the same with a message of the other node between each two: the rest is read up to a
  // bound of pieces, and the problems and headers moved per piece stay bounded.
  { name: 'a cut message then n one-octet TCP segments of its flow', n: 40000, build: (n) => `${tcpFollow(cutInvite + 'X')}${'1\nx\n'.repeat(n)}` },
  { name: 'a cut message then n segments, each after a message of the other node', n: 8000, build: (n) => `${tcpFollow(cutInvite)}${`\t${trying.length}\n${trying}\n12\nX-H: value\r\n\n`.repeat(n)}` },
  { name: 'a body of n lines that each look like a tshark count line', n: 40000, build: (n) => `MESSAGE sip:b@example.com SIP/2.0\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n\r\n${'\t42\r\n'.repeat(n)}` },
  { name: 'n tcpdump packets without SIP, then one response', n: 16000, build: (n) => `${'08:22:58.232747 IP 10.0.0.1.40000 > 10.0.0.2.8000: UDP, length 160\nE.....@.@.......xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n'.repeat(n)}SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n` },
  { name: 'n Wireshark frames, each with a collapsed SIP tree', n: 16000, build: (n) => 'Frame 1: 60 bytes on wire (480 bits)\nInternet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2\n    Arrival Time: Nov 24, 2026 04:21:29.359770632 UTC\nSession Initiation Protocol (INVITE)\n\n'.repeat(n) },
  { name: 'a Wireshark SIP tree of n header items', n: 40000, build: (n) => `Frame 1: 60 bytes on wire (480 bits)\nSession Initiation Protocol (OPTIONS)\n    Request-Line: OPTIONS sip:b@example.com SIP/2.0\n    Message Header\n${'        X-Item: value\n            Item part: value\n'.repeat(n)}` },
  { name: 'n blank lines after a body without Content-Length', n: 320000, build: (n) => `MESSAGE sip:b@example.com SIP/2.0\r\nCSeq: 1 MESSAGE\r\n\r\nhello\r\n${'\r\n'.repeat(n)}` },
  {
    // Requests that share one branch (retransmissions, or a UA that never changes its branch),
    // then responses of that branch stamped with received/rport: a mapping search per request
    // must not walk every response. Slow while it does, so timed twice per size, not five times.
    name: 'n retransmitted requests then n responses of one transaction',
    n: 2000,
    runs: 2,
    build: (n) =>
      `${'INVITE sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-same;rport\r\nContact: <sip:a@10.0.0.1>\r\nCSeq: 1 INVITE\r\nCall-ID: same\r\nContent-Length: 0\r\n\r\n'.repeat(n)}` +
      `${'SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-same;received=203.0.113.1;rport=4000\r\nCSeq: 1 INVITE\r\nCall-ID: same\r\nContent-Length: 0\r\n\r\n'.repeat(n)}`,
  },
];

for (const shape of adversarial) {
  test(`time grows linearly: ${shape.name}`, { timeout: 300_000 }, () => {
    const small = shape.build(shape.n / 2);
    const large = shape.build(2 * shape.n);
    lintSafely(small);
    // The parser alone first: in lint() the rules' share can hide a quadratic parse.
    assertLinear(`${shape.name} (parse)`, small, large, parseDocument, shape.runs);
    assertLinear(shape.name, small, large, lint, shape.runs);
  });
}

test('fix-all time grows linearly: an LF-only trace whose every message gets fixes', { timeout: 300_000 }, () => {
  // The bundled plain trace with LF line endings, repeated: every message gets the line-ending
  // fix and some a Content-Length fix, thousands of edits in all. Splicing each edit into the
  // whole text, or searching the messages from the start for each finding, made this quadratic
  // (a 500 KB file took 26 s).
  const unit = readFileSync(join(__dirname, '..', '..', '..', 'examples', 'plain-pbx.sip'), 'utf8').replace(/\r\n/g, '\n');
  const build = (copies: number): string => `${unit}\n`.repeat(copies);
  const run = (text: string): unknown => fixAll(text, defaultSettings, { unsafe: false });
  const fixed = fixAll(build(2), defaultSettings, { unsafe: false });
  assert.ok(fixed.fixed > 0, 'the trace gets fixes');
  assert.deepEqual(lint(fixed.text).findings.filter((f) => f.ruleId === 'syntax/lf-line-endings'), [], 'every message gets CRLF');
  assertLinear('fix-all of an LF-only trace', build(16), build(64), run, 2);
});

test('fix-all of a message of 130,000 LF-only lines: no stack overflow, every line gets CRLF', () => {
  // The line-ending fix has an edit per line: more than a call takes as spread arguments.
  const lines = Array.from({ length: 130_000 }, (_, i) => `X-Line-${i}: ${i}`);
  const text = `OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 198.51.100.7;branch=z9hG4bK-l1;rport\n${lines.join('\n')}\nContent-Length: 0\n\n`;
  const fixed = fixAll(text, defaultSettings, { unsafe: false });
  assert.ok(fixed.fixed > 0);
  assert.equal(fixed.text, text.replace(/\n/g, '\r\n'));
});
