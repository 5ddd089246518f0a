/**
 * `substituteMapping`: each case parses a document, substitutes in one message, applies the
 * edits and compares the whole resulting text, so that a change anywhere else (another
 * message, a host candidate, a lower Via) fails the test. Content-Length is checked as part
 * of that text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../server/src/core/sip/parse';
import { DocumentIndex } from '../../server/src/core/rules/context';
import { applyEdits } from '../../server/src/core/fix/apply';
import { substituteMapping, type AddressPort, type SubstituteOptions } from '../../server/src/core/fix/substitute';
import type { TextEdit } from '../../server/src/core/types';
import { lint } from '../../server/src/core/lint';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support';

/** Joins lines with CRLF (or `eol`) and ends the last one too. */
function lines(list: readonly string[], eol = '\r\n'): string {
  return list.map((l) => l + eol).join('');
}

interface Case {
  readonly name: string;
  readonly input: string;
  /** Which message of the document to rewrite; 0 unless told. */
  readonly message?: number;
  readonly from: AddressPort;
  readonly to: AddressPort;
  readonly options?: SubstituteOptions;
  readonly expected: string;
}

function substitute(c: Case): { text: string; edits: TextEdit[] } {
  const document = parseDocument(c.input);
  const message = document.messages[c.message ?? 0];
  assert.ok(message, 'the message exists');
  const values = new DocumentIndex(document).values(message);
  const edits = substituteMapping(c.input, message, values, c.from, c.to, c.options);
  return { text: applyEdits(c.input, edits), edits };
}

const inviteBody = [
  'v=0',
  'o=alice 1 1 IN IP4 10.0.0.7',
  's=-',
  'c=IN IP4 10.0.0.7',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'c=IN IP4 10.0.0.7',
  'a=rtcp:40001 IN IP4 10.0.0.7',
  'a=candidate:1 1 UDP 2130706431 10.0.0.7 40000 typ host',
];
const inviteBodyText = lines(inviteBody); // 184 octets

const invite = lines([
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1',
  'Via: SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-0',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.com>',
  'Call-ID: c1@10.0.0.7',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@10.0.0.7:5060;transport=udp>',
  'Record-Route: <sip:10.0.0.7;lr>',
  'Max-Forwards: 70',
  'Content-Type: application/sdp',
  `Content-Length: ${inviteBodyText.length}`,
  '',
]) + inviteBodyText;

/** The INVITE above with 10.0.0.7:5060 mapped to 198.51.100.200:41234. */
const inviteMapped = lines([
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 198.51.100.200:41234;branch=z9hG4bK-1;rport',
  'Via: SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-0',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.com>',
  'Call-ID: c1@10.0.0.7',
  'CSeq: 1 INVITE',
  'Contact: <sip:alice@198.51.100.200:41234;transport=udp>',
  'Record-Route: <sip:10.0.0.7;lr>',
  'Max-Forwards: 70',
  'Content-Type: application/sdp',
  `Content-Length: ${inviteBodyText.length + 4 * 6}`,
  '',
  'v=0',
  'o=alice 1 1 IN IP4 198.51.100.200',
  's=-',
  'c=IN IP4 198.51.100.200',
  't=0 0',
  'm=audio 40000 RTP/AVP 0',
  'c=IN IP4 198.51.100.200',
  'a=rtcp:40001 IN IP4 198.51.100.200',
  'a=candidate:1 1 UDP 2130706431 10.0.0.7 40000 typ host',
]);

const cases: readonly Case[] = [
  {
    name: 'a full INVITE: Contact, top Via (+rport), o=, both c=, a=rtcp, Content-Length',
    input: invite,
    from: { address: '10.0.0.7', port: 5060 },
    to: { address: '198.51.100.200', port: 41234 },
    expected: inviteMapped,
  },
  {
    name: 'media ports change only when mapped',
    input: invite,
    from: { address: '10.0.0.7', port: 5060 },
    to: { address: '203.0.113.1', port: 5410 },
    options: { mediaPorts: { 40000: 50000, 40001: 50001 } },
    expected: lines([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 203.0.113.1:5410;branch=z9hG4bK-1;rport',
      'Via: SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-0',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>',
      'Call-ID: c1@10.0.0.7',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@203.0.113.1:5410;transport=udp>',
      'Record-Route: <sip:10.0.0.7;lr>',
      'Max-Forwards: 70',
      'Content-Type: application/sdp',
      `Content-Length: ${inviteBodyText.length + 4 * 3}`,
      '',
      'v=0',
      'o=alice 1 1 IN IP4 203.0.113.1',
      's=-',
      'c=IN IP4 203.0.113.1',
      't=0 0',
      'm=audio 50000 RTP/AVP 0',
      'c=IN IP4 203.0.113.1',
      'a=rtcp:50001 IN IP4 203.0.113.1',
      'a=candidate:1 1 UDP 2130706431 10.0.0.7 40000 typ host',
    ]),
  },
  {
    name: 'a mapping to IPv6: brackets in SIP, IP6 in SDP',
    input: invite,
    from: { address: '10.0.0.7' },
    to: { address: '2001:db8::9' },
    expected: lines([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bK-1;rport',
      'Via: SIP/2.0/UDP 10.0.0.7:5070;branch=z9hG4bK-0',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:bob@example.com>',
      'Call-ID: c1@10.0.0.7',
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@[2001:db8::9]:5060;transport=udp>',
      'Record-Route: <sip:10.0.0.7;lr>',
      'Max-Forwards: 70',
      'Content-Type: application/sdp',
      `Content-Length: ${inviteBodyText.length + 4 * 3}`,
      '',
      'v=0',
      'o=alice 1 1 IN IP6 2001:db8::9',
      's=-',
      'c=IN IP6 2001:db8::9',
      't=0 0',
      'm=audio 40000 RTP/AVP 0',
      'c=IN IP6 2001:db8::9',
      'a=rtcp:40001 IN IP6 2001:db8::9',
      'a=candidate:1 1 UDP 2130706431 10.0.0.7 40000 typ host',
    ]),
  },
  {
    name: 'ports: a missing port gets the mapped one, another port is kept',
    input: lines([
      'REGISTER sip:example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.168.1.20;rport;branch=z9hG4bK-r',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:alice@example.com>',
      'Call-ID: r1',
      'CSeq: 1 REGISTER',
      'Contact: <sip:alice@192.168.1.20>, <sip:alice@192.168.1.20:7000>, <sip:alice@192.168.1.21:5060>',
      'Content-Length: 0',
      '',
    ]),
    from: { address: '192.168.1.20', port: 5060 },
    to: { address: '203.0.113.1', port: 5410 },
    expected: lines([
      'REGISTER sip:example.com SIP/2.0',
      'Via: SIP/2.0/UDP 203.0.113.1:5410;rport;branch=z9hG4bK-r',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:alice@example.com>',
      'Call-ID: r1',
      'CSeq: 1 REGISTER',
      'Contact: <sip:alice@203.0.113.1:5410>, <sip:alice@203.0.113.1:7000>, <sip:alice@192.168.1.21:5060>',
      'Content-Length: 0',
      '',
    ]),
  },
  {
    name: 'a response: its Vias are the request path, only Contact and SDP change',
    input:
      lines([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1',
        'From: <sip:alice@example.com>;tag=a1',
        'To: <sip:bob@example.com>;tag=b1',
        'Call-ID: c1',
        'CSeq: 1 INVITE',
        'Contact: <sip:bob@10.0.0.7>',
        'Content-Type: application/sdp',
        'Content-Length: 19',
        '',
      ]) + lines(['c=IN IP4 10.0.0.7']),
    from: { address: '10.0.0.7' },
    to: { address: '203.0.113.77' },
    expected:
      lines([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-1',
        'From: <sip:alice@example.com>;tag=a1',
        'To: <sip:bob@example.com>;tag=b1',
        'Call-ID: c1',
        'CSeq: 1 INVITE',
        'Contact: <sip:bob@203.0.113.77>',
        'Content-Type: application/sdp',
        'Content-Length: 23',
        '',
      ]) + lines(['c=IN IP4 203.0.113.77']),
  },
  {
    name: 'no Content-Length: one is added before the empty line',
    input:
      lines(['MESSAGE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.7;rport;branch=z9hG4bK-m', 'Content-Type: application/sdp', '']) +
      lines(['v=0', 'c=IN IP4 10.0.0.7']),
    from: { address: '10.0.0.7' },
    to: { address: '203.0.113.1' },
    expected:
      lines([
        'MESSAGE sip:bob@example.com SIP/2.0',
        'Via: SIP/2.0/UDP 203.0.113.1;rport;branch=z9hG4bK-m',
        'Content-Type: application/sdp',
        'Content-Length: 27',
        '',
      ]) + lines(['v=0', 'c=IN IP4 203.0.113.1']),
  },
  {
    name: 'LF-only message: the body is counted as written, one octet per line break',
    input:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 10.0.0.7;rport;branch=z9hG4bK-l', 'Content-Type: application/sdp', 'Content-Length: 22', ''], '\n') +
      lines(['v=0', 'c=IN IP4 10.0.0.7'], '\n'),
    from: { address: '10.0.0.7' },
    to: { address: '203.0.113.1' },
    expected:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.1;rport;branch=z9hG4bK-l', 'Content-Type: application/sdp', 'Content-Length: 25', ''], '\n') +
      lines(['v=0', 'c=IN IP4 203.0.113.1'], '\n'),
  },
  {
    name: 'UTF-8 body and compact l: header: Content-Length counts octets',
    input:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'v: SIP/2.0/UDP 10.0.0.7;rport;branch=z9hG4bK-u', 'c: application/sdp', 'l: 32', '']) +
      lines(['s=Café ☎', 'c=IN IP4 10.0.0.7']),
    from: { address: '10.0.0.7' },
    to: { address: '203.0.113.1' },
    expected:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'v: SIP/2.0/UDP 203.0.113.1;rport;branch=z9hG4bK-u', 'c: application/sdp', 'l: 35', '']) +
      lines(['s=Café ☎', 'c=IN IP4 203.0.113.1']),
  },
  {
    name: 'same-length address: Content-Length is left alone',
    input:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 100.64.0.10;rport;branch=z9hG4bK-s', 'Content-Type: application/sdp', 'Content-Length: 22', '']) +
      lines(['c=IN IP4 100.64.0.10']),
    from: { address: '100.64.0.10' },
    to: { address: '203.0.113.1' },
    expected:
      lines(['INVITE sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.1;rport;branch=z9hG4bK-s', 'Content-Type: application/sdp', 'Content-Length: 22', '']) +
      lines(['c=IN IP4 203.0.113.1']),
  },
  {
    name: 'only the chosen message of a trace changes',
    input: invite + invite,
    message: 1,
    from: { address: '10.0.0.7', port: 5060 },
    to: { address: '198.51.100.200', port: 41234 },
    expected: invite + inviteMapped,
  },
];

describe('substituteMapping', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { text, edits } = substitute(c);
      assert.equal(text, c.expected);
      for (let i = 1; i < edits.length; i++) {
        const previous = edits[i - 1] as TextEdit;
        const edit = edits[i] as TextEdit;
        assert.ok(previous.range.end <= edit.range.start, `edits ${i - 1} and ${i} do not overlap`);
      }
    });
  }

  it('returns no edit when the address does not appear', () => {
    const { edits } = substitute({ name: '', input: invite, from: { address: '10.9.9.9' }, to: { address: '203.0.113.1' }, expected: invite });
    assert.deepEqual(edits, []);
  });

  it('returns no edit when the mapping is the address already written', () => {
    const { edits } = substitute({ name: '', input: invite, from: { address: '10.0.0.7' }, to: { address: '10.0.0.7' }, expected: invite });
    assert.deepEqual(edits, []);
  });

  it('matches the address by value (IPv6 written differently)', () => {
    const input = lines(['OPTIONS sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP [fd00:0:0::5]:5060;rport;branch=z9hG4bK-6', 'Contact: <sip:a@[FD00::5]>', 'Content-Length: 0', '']);
    const { text } = substitute({ name: '', input, from: { address: 'fd00::5' }, to: { address: '203.0.113.1', port: 5410 }, expected: '' });
    assert.equal(
      text,
      lines(['OPTIONS sip:bob@example.com SIP/2.0', 'Via: SIP/2.0/UDP 203.0.113.1:5410;rport;branch=z9hG4bK-6', 'Contact: <sip:a@203.0.113.1:5410>', 'Content-Length: 0', '']),
    );
  });
});

describe('substituteMapping: Content-Length in records that do not show the octets sent', () => {
  // Each file holds a real INVITE whose SDP names 100.64.0.10; the mapping written is 3
  // characters longer, so the count must grow by 3 per address replaced in the body.
  const files = [
    ['a SIPp log (CRLF as sent)', 'sipp/nat-phone-call.log'],
    ['a FreeSWITCH siptrace (its CRs left out)', 'freeswitch/nat-pbx-siptrace.txt'],
    ['a tcpdump -A dump (its CRs left out)', 'tcpdump/nat-pbx-A-tttt.txt'],
    ['a Wireshark dissection (the body as items)', 'wireshark/nat-pbx-V.txt'],
  ] as const;
  for (const [name, file] of files) {
    it(`${name}: the declared count moves by the size of the body edits, and the rule agrees`, () => {
      const input = readFileSync(join(repoRoot(), 'test', 'fixtures', 'traces', file), 'latin1');
      const document = parseDocument(input);
      const index = new DocumentIndex(document);
      const message = document.messages.find((m) => m.startLine.kind === 'request' && m.startLine.method === 'INVITE' && m.body !== undefined && input.slice(m.body.start, m.body.end).includes('100.64.0.10'));
      assert.ok(message, 'an INVITE with the private address in its SDP');
      const values = index.values(message);
      const declared = values.contentLength();
      assert.ok(declared !== undefined);
      const edits = substituteMapping(input, message, values, { address: '100.64.0.10' }, { address: '198.51.100.200' });
      const bodyEdits = edits.filter((e) => e.range.start >= message.body!.start && e.range.end <= message.body!.end);
      assert.ok(bodyEdits.length >= 2, 'the SDP addresses are rewritten');
      const length = edits.find((e) => e.range.start === values.header('content-length')!.valueRange.start);
      assert.equal(length?.newText, String(declared + 3 * bodyEdits.length));
      // The fixed message passes the Content-Length rule (a dissection is not checked by it).
      const fixed = lint(applyEdits(input, edits));
      const at = fixed.document.messages[message.index];
      assert.deepEqual(fixed.findings.filter((f) => f.ruleId === 'message/content-length-mismatch' && f.range.start >= at.range.start && f.range.end <= at.range.end), []);
    });
  }
});

describe('substituteMapping: a message a trace prints in TCP segments', () => {
  // The INVITE of make-tcp-split.sh, cut inside Contact and at its c= line: its SDP is read
  // from the second and third segments, so the mapping is written there, and the count (in the
  // second segment) moves by the size of the edits; the trace's lines between are not touched.
  for (const file of ['tshark/loopback-follow-tcp-split.txt', 'tcpdump/loopback-tcp-split-A.txt', 'ngrep/loopback-tcp-split-q.txt']) {
    it(`${file}: the SDP of every segment is rewritten, Content-Length moves by the edits, nothing in the gaps changes`, () => {
      const input = readFileSync(join(repoRoot(), 'test', 'fixtures', 'traces', file), 'latin1');
      const document = parseDocument(input);
      const [message] = document.messages;
      assert.ok(message.gaps !== undefined && message.gaps.length === 2);
      const values = new DocumentIndex(document).values(message);
      const declared = values.contentLength();
      assert.equal(declared, 157);
      const edits = substituteMapping(input, message, values, { address: '100.64.0.10' }, { address: '198.51.100.200' });
      // Via (the top one of a request) and the SDP's o=, c= and a=rtcp; the cut Contact is not read.
      assert.equal(edits.filter((e) => e.newText === '198.51.100.200' || e.newText.startsWith('198.51.100.200:')).length, 4);
      for (const edit of edits) {
        for (const gap of message.gaps) assert.ok(edit.range.end <= gap.start || edit.range.start >= gap.end, `edit at ${edit.range.start} inside a gap`);
      }
      const length = edits.find((e) => e.range.start === values.header('content-length')!.valueRange.start);
      assert.equal(length?.newText, String(declared + 3 * 3));
      // Only the message changes: the print's own byte counts (tshark's count lines, tcpdump's
      // `length`) stay as captured, so a print is not linted again after the fix here.
      assert.deepEqual(edits.map((e) => applyEdits(input, [e]).length - input.length).filter((d) => d !== 3 && d !== 0), []);
    });
  }
});
