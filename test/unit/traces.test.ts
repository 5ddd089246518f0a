/**
 * Real traces, in every format, against the independent oracle. The files under
 * `test/fixtures/traces/<format>/` were written by SIPp, ngrep, sngrep, Kamailio and tshark through a
 * real NAT; `expected.json` was derived from them by `derive-expected.js`, a plain regex
 * reader that shares no code with the product. For every file this test lints the text with
 * the core `lint()` and checks that:
 *
 * - the messages found start on the oracle's lines, no more and no fewer;
 * - each non-public address the oracle lists is reported exactly once, at its line, by the
 *   rule for its location, with the address and port in the finding data; and no NAT address
 *   finding exists that the oracle does not list;
 * - these valid traces raise no error-level finding, and no line of the tools' framing is
 *   taken for stray text;
 * - the detected format is the folder's format, and each message carries the packet metadata
 *   the format writes (time, transport, direction, source, destination) exactly as written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, lint, type Finding, type PacketMeta, type SipDocument } from '../../server/src/core/index';

/** The traces folder, whether the test runs from source, from `out/`, or bundled elsewhere. */
function tracesDir(): string {
  const candidates = [join(__dirname, '..', 'fixtures', 'traces'), join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces'), join(process.cwd(), 'test', 'fixtures', 'traces')];
  const found = candidates.find((dir) => existsSync(join(dir, 'expected.json')));
  if (found === undefined) throw new Error(`test/fixtures/traces not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

interface OracleEndpoint {
  readonly address: string;
  readonly port: number | null;
}

interface OracleMeta {
  readonly time?: string;
  readonly transport?: string;
  readonly direction?: 'sent' | 'received';
  readonly source?: OracleEndpoint;
  readonly destination?: OracleEndpoint;
}

type Location = 'contact' | 'via' | 'sdp-c' | 'sdp-o' | 'sdp-rtcp';

interface OracleFinding {
  readonly line: number;
  readonly location: Location;
  readonly address: string;
  readonly port: number | null;
}

interface OracleMessage {
  readonly line: number;
  readonly startLine: string;
  readonly meta?: OracleMeta;
  readonly findings: readonly OracleFinding[];
}

interface OracleFile {
  readonly format: SipDocument['format'];
  readonly messages: readonly OracleMessage[];
}

/** The rule that owns each location the oracle names. */
const ruleFor: Record<Location, string> = {
  contact: 'nat/private-contact',
  via: 'nat/private-via',
  'sdp-c': 'nat/private-sdp-connection',
  'sdp-o': 'nat/private-sdp-origin',
  'sdp-rtcp': 'nat/private-rtcp',
};

/**
 * Rules that report a non-public address. The oracle lists none for ICE candidates (the
 * traces have none), so any `nat/private-candidate` finding here is unexpected too.
 */
const addressRules = new Set([...Object.values(ruleFor), 'nat/private-candidate']);

/** Formats whose records carry packet metadata, and those that name the packet's source. */
const formatsWithMeta = new Set(['sipp', 'ngrep', 'sngrep', 'sipdump', 'tshark', 'asterisk', 'freeswitch', 'tcpdump', 'wireshark']);
const formatsWithSource = new Set(['ngrep', 'sngrep', 'sipdump', 'tshark', 'tcpdump', 'wireshark']);

const dir = tracesDir();
const oracle = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<string, OracleFile>;

/** A finding as the test compares it: 1-based line plus what the NAT data says. */
interface Seen {
  readonly ruleId: string;
  readonly severity: Finding['severity'];
  readonly line: number;
  readonly address: unknown;
  readonly port: unknown;
  readonly location: unknown;
  readonly message: string;
}

function locate(text: string, findings: readonly Finding[]): Seen[] {
  const lines = new LineIndex(text);
  return findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    line: lines.positionAt(f.range.start).line + 1,
    address: f.data?.address,
    port: f.data?.port,
    location: f.data?.location,
    message: f.message,
  }));
}

/** `rule@line address:port`, how both sides of the NAT comparison are written. */
function key(ruleId: string, line: number, address: unknown, port: unknown): string {
  return `${ruleId}@${line} ${String(address)}:${String(port)}`;
}

/** The endpoint as the oracle writes it, from the product's metadata. */
function endpointOf(endpoint: PacketMeta['source']): OracleEndpoint | undefined {
  return endpoint === undefined ? undefined : { address: endpoint.host, port: endpoint.port ?? null };
}

test('expected.json is what derive-expected.js writes from the traces', () => {
  const run = spawnSync(process.execPath, [join(dir, 'derive-expected.js'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});

test('the oracle covers every format', () => {
  const formats = new Set(Object.values(oracle).map((f) => f.format));
  assert.deepEqual([...formats].sort(), ['asterisk', 'freeswitch', 'ngrep', 'plain', 'sipdump', 'sipp', 'sngrep', 'tcpdump', 'tshark', 'wireshark']);
  // A NAT trace in every format, with findings: the comparisons below have something to compare.
  for (const format of formats) {
    const count = Object.entries(oracle)
      .filter(([file, f]) => f.format === format && file.includes('/nat-'))
      .reduce((sum, [, f]) => sum + f.messages.reduce((s, m) => s + m.findings.length, 0), 0);
    assert.ok(count > 0, `no NAT findings in the ${format} traces`);
  }
});

for (const [file, expected] of Object.entries(oracle)) {
  const text = readFileSync(join(dir, file), 'utf8');
  const result = lint(text);
  const { document } = result;
  const lines = new LineIndex(text);
  const seen = locate(text, result.findings);

  test(`${file}: messages start on the oracle's lines`, () => {
    const got = document.messages.map((m) => lines.positionAt(m.range.start).line + 1);
    assert.deepEqual(got, expected.messages.map((m) => m.line), `${got.length} messages found, ${expected.messages.length} expected`);
  });

  test(`${file}: the format is detected as ${expected.format}`, () => {
    assert.equal(document.format, expected.format);
  });

  test(`${file}: every non-public address is reported once, by its rule, and nothing else`, () => {
    const want = expected.messages.flatMap((m) => m.findings.map((f) => key(ruleFor[f.location], f.line, f.address, f.port)));
    const got = seen.filter((f) => addressRules.has(f.ruleId)).map((f) => key(f.ruleId, f.line, f.address, f.port));
    const missing = want.filter((k) => !got.includes(k));
    const extra = got.filter((k) => !want.includes(k));
    const twice = got.filter((k, i) => got.indexOf(k) !== i);
    assert.deepEqual(
      { missing, extra, twice },
      { missing: [], extra: [], twice: [] },
      `${want.length} expected, ${got.length} reported`,
    );
    // The finding data names the same location as the rule (the fix reads it).
    for (const f of seen.filter((s) => addressRules.has(s.ruleId) && s.ruleId !== 'nat/private-candidate')) {
      assert.equal(ruleFor[f.location as Location], f.ruleId, `line ${f.line}: data.location ${String(f.location)} under ${f.ruleId}`);
    }
  });

  test(`${file}: no error-level finding on a valid trace`, () => {
    const errors = seen.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}@${f.line}: ${f.message}`);
    assert.deepEqual(errors, []);
  });

  test(`${file}: every line outside the messages is read as the format's own metadata`, () => {
    // A tool's framing (separators, packet lines, trailers such as ngrep's "N received, M
    // matched") is never text the linter does not understand.
    const unread = seen.filter((f) => f.ruleId === 'syntax/stray-text' || f.ruleId === 'syntax/no-sip-message').map((f) => `${f.ruleId}@${f.line}: ${JSON.stringify(text.split('\n')[f.line - 1])}`);
    assert.deepEqual(unread, []);
  });

  test(`${file}: each message's start line and packet metadata are as written`, () => {
    const count = Math.min(document.messages.length, expected.messages.length);
    assert.equal(document.messages.length, expected.messages.length);
    for (let i = 0; i < count; i++) {
      const message = document.messages[i];
      const want = expected.messages[i];
      const where = `message ${i + 1} (line ${want.line})`;
      const startLine = text.slice(message.startLine.range.start, message.startLine.range.end);
      assert.equal(startLine, want.startLine, `${where}: start line`);
      if (!formatsWithMeta.has(expected.format)) {
        assert.equal(message.meta, undefined, `${where}: a plain file has no metadata`);
        continue;
      }
      const meta = message.meta;
      assert.ok(meta !== undefined, `${where}: no packet metadata`);
      assert.equal(meta.format, expected.format, `${where}: metadata format`);
      assert.ok(want.meta !== undefined, `${where}: the oracle has no metadata`);
      if (formatsWithSource.has(expected.format)) assert.ok(want.meta.source !== undefined, `${where}: the oracle has no source`);
      assert.deepEqual(
        {
          time: meta.time,
          transport: meta.transport,
          direction: meta.direction,
          source: endpointOf(meta.source),
          destination: endpointOf(meta.destination),
        },
        {
          time: want.meta.time,
          transport: want.meta.transport,
          direction: want.meta.direction,
          source: want.meta.source,
          destination: want.meta.destination,
        },
        `${where}: metadata`,
      );
      // The endpoint ranges point at the text they were read from.
      for (const endpoint of [meta.source, meta.destination]) {
        // The range covers the address as written, in brackets where the format writes them.
        const written = endpoint === undefined ? '' : text.slice(endpoint.range.start, endpoint.range.end);
        if (endpoint !== undefined) assert.ok(written.startsWith(endpoint.host) || written.startsWith(`[${endpoint.host}]`), `${where}: endpoint range`);
      }
    }
  });
}

/**
 * Each finding of a document as `rule severity message data`, grouped by the message it belongs
 * to: the last message whose record (metadata lines included) starts at or before it.
 */
function findingsPerMessage(text: string, left: ReadonlySet<string> = new Set()): string[][] {
  const { document, findings } = lint(text);
  const starts = document.messages.map((m) => m.meta?.range.start ?? m.range.start);
  const groups: string[][] = document.messages.map(() => []);
  for (const finding of findings) {
    if (left.has(finding.ruleId)) continue;
    let owner = -1;
    while (owner + 1 < starts.length && starts[owner + 1] <= finding.range.start) owner++;
    assert.ok(owner >= 0, `a finding before the first message: ${finding.ruleId}`);
    groups[owner].push(`${finding.ruleId} ${finding.severity} ${finding.message} ${JSON.stringify(finding.data ?? null)}`);
  }
  return groups;
}

for (const file of ['asterisk/nat-pbx-pjsip.txt', 'asterisk/nat-pbx-chan-sip.txt', 'freeswitch/nat-pbx-siptrace.txt', 'freeswitch/nat-pbx-siptrace-indented.txt']) {
  test(`${file}: every message gets the findings it gets in the sipdump it was framed from`, () => {
    // make-pbx-logs.js frames the messages of sipdump/nat-pbx.data as Asterisk and FreeSWITCH
    // print them: the same messages, the same peers, so every rule (not only the NAT rules) must
    // say the same.
    const framed = findingsPerMessage(readFileSync(join(dir, file), 'utf8'));
    const source = findingsPerMessage(readFileSync(join(dir, 'sipdump', 'nat-pbx.data'), 'utf8'));
    assert.equal(framed.length, source.length);
    assert.ok(source.flat().length > 40, 'the source trace has findings to compare');
    for (let i = 0; i < source.length; i++) assert.deepEqual(framed[i], source[i], `message ${i + 1}`);
  });
}

test('the older FreeSWITCH log: the SDP of a multipart body (SIP-I, SDP and ISUP) is found and checked as in the message sent', () => {
  const sdp = ['v=0', 'o=- 1 1 IN IP4 100.64.0.10', 's=-', 'c=IN IP4 100.64.0.10', 't=0 0', 'm=audio 4000 RTP/AVP 0', 'a=rtcp:4001 IN IP4 100.64.0.10', ''].join('\r\n');
  const body = ['--unique-boundary-1', 'Content-Type: application/sdp', '', sdp + '--unique-boundary-1', 'Content-Type: application/isup;version=itu-t92+', 'Content-Disposition: signal;handling=optional', '', 'isup-octets', '--unique-boundary-1--', ''].join('\r\n');
  const message = [
    'INVITE sip:bob@203.0.113.5 SIP/2.0',
    'Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-sipi',
    'Max-Forwards: 70',
    'From: <sip:alice@203.0.113.9>;tag=1',
    'To: <sip:bob@203.0.113.5>',
    'Call-ID: sipi@203.0.113.9',
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@203.0.113.9:5060>',
    'Content-Type: multipart/mixed;boundary=unique-boundary-1',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
  const dashes = '-'.repeat(72);
  const log = [`   ${dashes}`, `recv ${Buffer.byteLength(message)} bytes from udp/[203.0.113.9]:5060 at 01:45:34.806372:`, `   ${dashes}`,
    ...message.replace(/\r\n$/, '').split('\r\n').map((line) => `   ${line}`), `   ${dashes}`, ''].join('\n');
  const sdpFindings = (text: string): string[] => lint(text).findings
    .filter((f) => f.ruleId.startsWith('nat/private-sdp') || f.ruleId === 'nat/private-rtcp' || f.ruleId.startsWith('sdp/'))
    .map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`);
  const sent = sdpFindings(message);
  assert.equal(sent.length, 3, 'o=, c= and a=rtcp name the private address');
  assert.deepEqual(sdpFindings(log), sent);
  assert.deepEqual(lint(log).findings.filter((f) => f.severity === 'error'), []);
});

for (const file of Object.keys(oracle)) {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!text.includes('\r\n')) continue;
  test(`${file}: copied from a terminal (CRs lost), the same bodies are framed and no error is raised`, () => {
    // Content-Length counts the CRLFs sent; the LF-only copy has one octet less per line. The
    // count as written then ends a body late, on an empty or a closing line of the format
    // (Asterisk's `<------------>`): the wire count must win there.
    const lf = text.replace(/\r\n/g, '\n');
    const bodies = (source: string): string[] => lint(source).document.messages.map((m) => (m.body ? source.slice(m.body.start, m.body.end).replace(/\r\n/g, '\n') : ''));
    assert.deepEqual(bodies(lf), bodies(text));
    const errors = lint(lf).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
    assert.deepEqual(errors, []);
  });
}

/**
 * The findings of each message of a document, keyed by the message's start line and header
 * lines as sent (one per line, no line ends): the same packet shown in two formats has the same
 * key. Rules that read what only one format shows (packet metadata, body octets, line endings)
 * are left out.
 */
function findingsByPacket(text: string, left: ReadonlySet<string>): Map<string, string[]> {
  const { document } = lint(text);
  const groups = findingsPerMessage(text, left);
  const byPacket = new Map<string, string[]>();
  document.messages.forEach((message, i) => {
    const lines = [text.slice(message.startLine.range.start, message.startLine.range.end), ...message.headers.map((h) => text.slice(h.range.start, h.range.end))];
    byPacket.set(lines.join('\n'), groups[i]);
  });
  return byPacket;
}

/** Rules whose findings depend on what a format shows besides the message itself. */
const formatDependent = new Set(['nat/source-differs-from-via', 'message/content-length-mismatch', 'syntax/lf-line-endings']);

for (const [shownAs, follow] of [
  ['wireshark/nat-pbx-V.txt', 'tshark/nat-pbx-follow.txt'],
  ['wireshark/loopback-V.txt', 'tshark/loopback-follow.txt'],
  ['wireshark/loopback-tcp-V.txt', 'tshark/loopback-follow-tcp.txt'],
  ['wireshark/loopback-v4-v6-V.txt', 'tshark/loopback-follow-v4-v6.txt'],
  ['tcpdump/nat-pbx-A.txt', 'tshark/nat-pbx-follow.txt'],
  ['tcpdump/nat-pbx-A-tttt.txt', 'tshark/nat-pbx-follow.txt'],
  ['tcpdump/loopback-A.txt', 'tshark/loopback-follow.txt'],
  ['tcpdump/loopback-tcp-A.txt', 'tshark/loopback-follow-tcp.txt'],
  ['tcpdump/loopback-v4-v6-A.txt', 'tshark/loopback-follow-v4-v6.txt'],
]) {
  test(`${shownAs}: each packet gets the findings its payload gets in ${follow}`, () => {
    // Both were printed from the same capture: Wireshark's dissection shows each packet's SIP
    // as a protocol tree, tcpdump -A as characters after its headers, the follow output as the
    // payload that was sent.
    const shown = findingsByPacket(readFileSync(join(dir, shownAs), 'utf8'), formatDependent);
    const sent = findingsByPacket(readFileSync(join(dir, follow), 'utf8'), formatDependent);
    assert.deepEqual([...shown.keys()].sort(), [...sent.keys()].sort());
    assert.ok([...sent.values()].flat().length > 0, 'the follow output has findings to compare');
    for (const [packet, findings] of sent) assert.deepEqual(shown.get(packet), findings, packet.split('\n')[0]);
  });
}

for (const file of ['baresip/loopback-call.txt', 'baresip/loopback-call-copied.txt']) {
  test(`${file}: the trace records of baresip -s are read, its own console lines are text outside any message`, () => {
    // A real baresip console: the SIP trace comes between baresip's start-up, call progress and
    // audio lines, which no reader can know, so they are reported as text outside any message.
    const text = readFileSync(join(dir, file), 'utf8');
    const { document, findings } = lint(text);
    const lines = new LineIndex(text);
    assert.equal(document.format, 'baresip');
    assert.deepEqual(
      document.messages.map((m) => [text.slice(m.startLine.range.start, m.startLine.range.end), endpointOf(m.meta?.source), endpointOf(m.meta?.destination), m.meta?.transport]),
      [
        ['INVITE sip:service@127.0.0.1:5060;transport=udp SIP/2.0', { address: '127.0.0.1', port: 5062 }, { address: '127.0.0.1', port: 5060 }, 'udp'],
        ['SIP/2.0 180 Ringing', { address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5062 }, 'udp'],
        ['SIP/2.0 200 OK', { address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5062 }, 'udp'],
        ['ACK sip:127.0.0.1:5060;transport=UDP SIP/2.0', { address: '127.0.0.1', port: 5062 }, { address: '127.0.0.1', port: 5060 }, 'udp'],
        ['BYE sip:127.0.0.1:5060;transport=UDP SIP/2.0', { address: '127.0.0.1', port: 5062 }, { address: '127.0.0.1', port: 5060 }, 'udp'],
        ['SIP/2.0 200 OK', { address: '127.0.0.1', port: 5060 }, { address: '127.0.0.1', port: 5062 }, 'udp'],
      ],
    );
    assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), []);
    // Start-up (line 1 on), call progress (63), audio set-up (84 on), call established (107 on).
    assert.deepEqual(findings.filter((f) => f.ruleId === 'syntax/stray-text').map((f) => lines.positionAt(f.range.start).line + 1), [1, 63, 84, 107]);
    // The answer's SDP (SIPp's, 127.0.0.1) is reported; baresip's offer names 192.0.2.2, a
    // documentation block counted as public.
    const sdp = findings.filter((f) => f.ruleId === 'nat/private-sdp-connection' || f.ruleId === 'nat/private-sdp-origin');
    assert.deepEqual(sdp.map((f) => text.slice(f.range.start, f.range.end)), ['127.0.0.1', '127.0.0.1']);
  });
}
