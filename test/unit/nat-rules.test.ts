/**
 * The NAT rules through the core `lint()`: each case is an input (a SIP message or a small
 * trace) and the NAT findings it must produce as `[ruleId, line, column]`, one-based, in
 * document order. Findings of other rule groups are ignored here; they have their own tests.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lint } from '../../server/src/core/lint';
import { fixFor } from '../../server/src/core/fix/apply';
import { bytesHeldAfter, lintLocated } from './check';
import { natRules } from '../../server/src/core/rules/nat';
import { normalizeSettings } from '../../server/src/core/settings';
import type { Finding } from '../../server/src/core/types';

type Expected = readonly [ruleId: string, line: number, column: number];

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly Expected[];
  /** Raw settings, as a user writes them (normalized by the lint helper). */
  readonly settings?: unknown;
}

/** A message from its lines (CRLF), with an SDP body when given and a correct Content-Length. */
function sip(head: readonly string[], body?: readonly string[]): string {
  const bodyText = body === undefined ? '' : `${body.join('\r\n')}\r\n`;
  const headers = [...head];
  if (body !== undefined) headers.push('Content-Type: application/sdp');
  headers.push(`Content-Length: ${Buffer.byteLength(bodyText, 'utf8')}`);
  return `${headers.join('\r\n')}\r\n\r\n${bodyText}`;
}

const dialog = ['From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>', 'Call-ID: c1@example.com'];

/** The NAT findings of `text` as `[ruleId, line, column]`, one-based, in document order. */
function natList(text: string, settings?: unknown): Expected[] {
  return lintLocated(text, settings)
    .filter((f) => f.ruleId.startsWith('nat/'))
    .map((f): Expected => [f.ruleId, f.line, f.column]);
}

/** The NAT findings themselves, for their ranges, messages and data. */
function natFindings(text: string, settings?: unknown): { document: ReturnType<typeof lint>['document']; findings: Finding[] } {
  const { document, findings } = lint(text, settings === undefined ? undefined : normalizeSettings(settings));
  return { document, findings: findings.filter((f) => f.ruleId.startsWith('nat/')) };
}

const fixtures = path.join(__dirname, '..', 'fixtures', 'nat');
function fixture(name: string): string {
  // Bundled tests run from /tmp: fall back to the working directory's tree.
  for (const dir of [fixtures, path.join(process.cwd(), 'test', 'fixtures', 'nat')]) {
    const file = path.join(dir, name);
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
  }
  throw new Error(`fixture ${name} not found`);
}

const cases: readonly Case[] = [
  {
    name: 'REGISTER from a CGNAT address without rport',
    text: sip([
      'REGISTER sip:example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-r1',
      ...dialog,
      'CSeq: 1 REGISTER',
      'Contact: <sip:alice@100.64.0.10:8214>;expires=3600',
      'Max-Forwards: 70',
    ]),
    expected: [
      ['nat/via-missing-rport', 2, 6],
      ['nat/private-via', 2, 18],
      ['nat/private-contact', 7, 21],
    ],
  },
  {
    name: 'rport present: no via-missing-rport',
    text: sip([
      'OPTIONS sip:example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.168.1.20:5060;rport;branch=z9hG4bK-o1',
      ...dialog,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
    ]),
    expected: [['nat/private-via', 2, 18]],
  },
  {
    name: 'TCP: rport does not matter',
    text: sip([
      'OPTIONS sip:example.com SIP/2.0',
      'Via: SIP/2.0/TCP 10.0.0.7:5060;branch=z9hG4bK-t1',
      ...dialog,
      'CSeq: 1 OPTIONS',
      'Max-Forwards: 70',
    ]),
    expected: [['nat/private-via', 2, 18]],
  },
  {
    name: 'lower Vias are other hops: not flagged',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-p1',
      'Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK-u1, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bK-u0',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@198.51.100.9>',
      'Max-Forwards: 69',
    ]),
    expected: [],
  },
  {
    name: 'compact headers and IPv6 ULA Contact',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'v: SIP/2.0/UDP [fd00::5]:5060;rport;branch=z9hG4bK-6',
      'f: <sip:alice@example.com>;tag=a1',
      't: <sip:bob@example.com>',
      'i: c6@example.com',
      'CSeq: 1 INVITE',
      'm: <sip:alice@[fd00::5]:5060>',
      'Max-Forwards: 70',
    ]),
    expected: [
      ['nat/private-via', 2, 16],
      ['nat/private-contact', 7, 15],
    ],
  },
  {
    name: 'domains, public and documentation addresses: nothing',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK-d1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@pc33.example.com>, <sip:alice@203.0.113.1:5060>, <sip:alice@[2001:db8::1]>',
      'Max-Forwards: 70',
    ], [
      'v=0',
      'o=alice 1 1 IN IP4 198.51.100.7',
      's=-',
      'c=IN IP4 192.0.2.10',
      't=0 0',
      'm=audio 40000 RTP/AVP 0',
      'a=rtcp:40001 IN IP4 8.8.8.8',
    ]),
    expected: [],
  },
  {
    name: 'SDP: media c=, o=, rtcp; hold and host candidates are fine; a session c= every media c= overrides is not flagged',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK-s1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@pc33.example.com>',
      'Max-Forwards: 70',
    ], [
      'v=0', // line 12
      'o=alice 1 1 IN IP4 192.168.1.20',
      's=-',
      'c=IN IP4 192.168.1.20',
      't=0 0',
      'm=audio 40000 RTP/AVP 0', // line 17
      'c=IN IP4 172.16.5.5',
      'a=rtcp:40001 IN IP4 169.254.3.3',
      'a=candidate:1 1 UDP 2130706431 192.168.1.20 40000 typ host',
      'a=candidate:2 1 UDP 1694498815 100.64.7.7 40000 typ srflx raddr 192.168.1.20 rport 40000',
      'a=candidate:3 1 UDP 16777215 10.9.9.9 50000 typ relay raddr 100.64.7.7 rport 40000',
      'a=candidate:4 1 UDP 1694498815 203.0.113.4 40000 typ srflx raddr 192.168.1.20 rport 40000',
      'm=video 0 RTP/AVP 96', // line 24
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9',
    ]),
    expected: [
      ['nat/private-sdp-origin', 13, 20],
      ['nat/private-sdp-connection', 18, 10],
      ['nat/private-rtcp', 19, 21],
      ['nat/private-candidate', 21, 32],
      ['nat/private-candidate', 22, 30],
    ],
  },
  {
    name: 'SDP: a media section with port 0 (rejected, or bundle-only) carries no media: its addresses are not checked',
    text: sip([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-z1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:bob@198.51.100.5>',
    ], [
      'v=0', // line 11
      'o=bob 1 1 IN IP4 198.51.100.5',
      's=-',
      't=0 0',
      'm=audio 40000 RTP/AVP 0', // line 15
      'c=IN IP4 10.1.1.1',
      'm=video 0 RTP/AVP 96', // line 17
      'c=IN IP4 10.1.1.2',
      'a=rtcp:9 IN IP4 10.1.1.2',
      'a=candidate:2 1 UDP 1694498815 100.64.7.7 40000 typ srflx raddr 10.1.1.2 rport 40000',
      'm=audio 0 UDP/TLS/RTP/SAVPF 111', // line 21
      'c=IN IP4 10.1.1.3',
      'a=bundle-only',
      'a=rtcp:40001 IN IP4 10.1.1.3',
    ]),
    expected: [['nat/private-sdp-connection', 16, 10]],
  },
  {
    name: 'IPv6 SDP with loopback and link-local, hold with ::',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK-s6',
      ...dialog,
      'CSeq: 1 INVITE',
      'Max-Forwards: 70',
    ], [
      'v=0', // line 11
      'o=alice 1 1 IN IP6 ::1',
      's=-',
      'c=IN IP6 fe80::1',
      't=0 0',
      'm=audio 40000 RTP/AVP 0',
      'c=IN IP6 ::',
      'm=video 40002 RTP/AVP 96', // no c= of its own: sent to the session c=
    ]),
    expected: [
      ['nat/private-sdp-origin', 12, 20],
      ['nat/private-sdp-connection', 14, 10],
    ],
  },
  {
    name: 'response: a private Via is the request\'s echo, the mapping is reported as info',
    text: sip([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;received=203.0.113.1;rport=5410',
      ...dialog.slice(0, 1),
      'To: <sip:bob@example.com>;tag=b1',
      dialog[2] as string,
      'CSeq: 1 INVITE',
      'Contact: <sip:bob@10.1.1.1:5060>',
    ]),
    expected: [
      ['nat/public-mapping-known', 2, 52],
      ['nat/private-contact', 7, 19],
    ],
  },
  {
    name: 'response: rport only, or a private received, shows no public mapping',
    text: sip([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;rport=8214',
      'Via: SIP/2.0/UDP 100.64.0.11:8214;branch=z9hG4bK-2;received=100.64.0.200;rport=1',
      ...dialog,
      'CSeq: 1 OPTIONS',
    ]),
    expected: [],
  },
  {
    // The registrar echoes the binding it stored; the REGISTER that carried it was reported.
    name: 'REGISTER response listing a private binding: reported on its REGISTER only, whether or not the trace holds it',
    text:
      sip([
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-r2;rport',
        ...dialog,
        'CSeq: 2 REGISTER',
        'Contact: <sip:alice@192.168.1.20:5060>;expires=3600',
        'Max-Forwards: 70',
      ]) +
      sip([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-r2',
        ...dialog,
        'CSeq: 2 REGISTER',
        'Contact: <sip:alice@192.168.1.20:5060>;expires=3600',
      ]) +
      sip([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-r3',
        ...dialog,
        'CSeq: 3 REGISTER',
        'Contact: <sip:alice@192.168.1.20:5060>;expires=3600',
      ]),
    expected: [['nat/private-contact', 7, 21]],
  },
  {
    name: 'a Contact a REGISTER removes (expires=0, or Expires: 0) names the binding as registered: not flagged',
    text:
      sip([
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-d1;rport',
        ...dialog,
        'CSeq: 4 REGISTER',
        'Contact: <sip:alice@192.168.1.20:5060>;expires=0, <sip:alice@192.168.1.21>;expires=60',
        'Max-Forwards: 70',
      ]) +
      sip([
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-d2;rport',
        ...dialog,
        'CSeq: 5 REGISTER',
        'Contact: <sip:alice@192.168.1.20:5060>',
        'Expires: 0',
        'Max-Forwards: 70',
      ]),
    expected: [['nat/private-contact', 7, 62]],
  },
  {
    name: 'a malformed Via or Contact is header/malformed-value\'s alone: no NAT finding, no rport fix into broken text',
    text: sip([
      'OPTIONS sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-c1 (phone)',
      ...dialog,
      'CSeq: 1 OPTIONS',
      'Contact: <sip:alice@[fe80::1%25eth0]>',
      'Max-Forwards: 70',
    ]),
    expected: [],
  },
  {
    name: 'a received that is a host name or a multicast address is malformed, never a public mapping',
    text:
      sip([
        'OPTIONS sip:bob@example.com SIP/2.0',
        'Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-rh1;rport',
        ...dialog,
        'CSeq: 1 OPTIONS',
        'Max-Forwards: 70',
      ]) +
      sip([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-rh1;received=pbx-nat.example.com;rport=5410',
        ...dialog,
        'CSeq: 1 OPTIONS',
      ]) +
      sip([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 192.168.1.20:5062;branch=z9hG4bK-rh1;received=224.1.2.3;rport=5410',
        ...dialog,
        'CSeq: 1 OPTIONS',
      ]),
    expected: [['nat/private-via', 2, 18]],
  },
  {
    name: 'maddr overrides the host: a private maddr in the request Via and Contact, beside public hosts',
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-md1;rport;maddr=10.0.0.1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@203.0.113.5;maddr=[fd00::20]>, <sip:alice@203.0.113.5;maddr=sbc.example.com>',
      'Contact: <sip:alice@203.0.113.5;transport=udp;maddr=198.51.100.7>',
      'Max-Forwards: 70',
    ]),
    expected: [
      ['nat/private-maddr', 2, 66],
      ['nat/private-maddr', 7, 39],
    ],
  },
  {
    name: 'maddr of a response Via and of a registrar\'s binding list (its REGISTER in the trace): not flagged',
    text:
      sip([
        'REGISTER sip:example.com SIP/2.0',
        'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-md2;rport',
        ...dialog,
        'CSeq: 3 REGISTER',
        'Contact: <sip:alice@203.0.113.5;maddr=192.168.1.20>;expires=60',
        'Max-Forwards: 70',
      ]) +
      sip([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-md2;maddr=10.0.0.1',
        ...dialog,
        'CSeq: 3 REGISTER',
        'Contact: <sip:alice@203.0.113.5;maddr=192.168.1.20>;expires=60',
      ]),
    expected: [['nat/private-maddr', 7, 39]],
  },
  {
    name: 'internalNetworks exempt the user\'s own blocks',
    settings: { internalNetworks: ['100.64.0.0/10', 'fd00::/8'] },
    text: sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-i1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@[fd00::1]>, <sip:alice@10.0.0.1>',
      'Max-Forwards: 70',
    ]),
    expected: [['nat/private-contact', 7, 44]],
  },
  {
    name: 'severity off silences a rule',
    settings: { rules: { 'nat/private-via': 'off', 'nat/via-missing-rport': 'off' } },
    text: sip([
      'MESSAGE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK-m1',
      ...dialog,
      'CSeq: 1 MESSAGE',
      'Contact: <sip:alice@127.0.0.1>',
      'Max-Forwards: 70',
    ]),
    expected: [['nat/private-contact', 7, 21]],
  },
  {
    name: 'sngrep trace: a NAT between phone and server',
    text: fixture('cgnat-sngrep.txt'),
    expected: [
      ['nat/source-differs-from-via', 1, 28],
      ['nat/via-missing-rport', 3, 6],
      ['nat/private-via', 3, 18],
      ['nat/private-contact', 8, 21],
      ['nat/private-sdp-origin', 14, 20],
      ['nat/private-sdp-connection', 16, 10],
      ['nat/public-mapping-known', 24, 52],
    ],
  },
];

describe('NAT rules through lint()', () => {
  for (const c of cases) {
    it(c.name, () => {
      assert.deepEqual(natList(c.text, c.settings), c.expected);
    });
  }

  it('never reports two findings at one range, across every case', () => {
    for (const c of cases) {
      const { findings } = natFindings(c.text, c.settings);
      const keys = findings.map((f) => `${f.range.start}:${f.range.end}`);
      assert.equal(new Set(keys).size, keys.length, c.name);
    }
  });
});

describe('NAT finding messages and data', () => {
  const register = cases[0] as Case;

  it('names the address, its class and its RFC', () => {
    const { findings } = natFindings(register.text);
    const contact = findings.find((f) => f.ruleId === 'nat/private-contact');
    assert.equal(
      contact?.message,
      'Contact carries 100.64.0.10:8214, an RFC 6598 shared address (CGNAT): not routable on the Internet.',
    );
    assert.deepEqual(contact?.data, { address: '100.64.0.10', port: 8214, location: 'contact' });
    assert.equal(contact?.severity, 'warning');
    const via = findings.find((f) => f.ruleId === 'nat/private-via');
    assert.deepEqual(via?.data, { address: '100.64.0.10', port: 8214, location: 'via' });
  });

  it('carries the mapping a later response shows, and the fix uses it', () => {
    const invite = sip([
      'INVITE sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;rport;branch=z9hG4bK-1',
      ...dialog,
      'CSeq: 1 INVITE',
      'Contact: <sip:alice@100.64.0.10:8214>',
      'Max-Forwards: 70',
    ]);
    const ok = sip([
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;rport=5410;branch=z9hG4bK-1;received=203.0.113.1',
      dialog[0] as string,
      'To: <sip:bob@example.com>;tag=b1',
      dialog[2] as string,
      'CSeq: 1 INVITE',
    ]);
    const text = invite + ok;
    const { document, findings } = lint(text);
    const contact = findings.find((f) => f.ruleId === 'nat/private-contact');
    assert.deepEqual(contact?.data?.mapping, { address: '203.0.113.1', port: 5410, privatePort: 8214, source: 'Via received/rport of the 200 OK' });
    assert.match(contact?.message ?? '', /the trace shows its public mapping 203\.0\.113\.1:5410\.$/);
    const fix = fixFor(document, contact as Finding);
    assert.equal(fix?.title, 'Use public mapping 203.0.113.1:5410 (from Via received/rport of the 200 OK)');
    assert.equal(fix?.safety, 'unsafe');
    // Via sent-by and Contact of the INVITE; the request already has rport.
    assert.deepEqual(fix?.edits.map((e) => [text.slice(e.range.start, e.range.end), e.newText]), [
      ['100.64.0.10:8214', '203.0.113.1:5410'],
      ['100.64.0.10:8214', '203.0.113.1:5410'],
    ]);
    assert.ok((fix?.edits ?? []).every((e) => e.range.end <= invite.length), 'only the INVITE is edited');

    const known = findings.find((f) => f.ruleId === 'nat/public-mapping-known');
    assert.equal(known?.severity, 'info');
    assert.equal(known?.message, 'Public mapping of 100.64.0.10:8214 is 203.0.113.1:5410 (from Via received/rport): a ready value for Contact, Via and SDP.');
    const knownFix = fixFor(document, known as Finding);
    assert.equal(knownFix?.title, 'Use public mapping 203.0.113.1:5410 (from Via received/rport of the 200 OK) in the INVITE');
    assert.deepEqual(knownFix?.edits, fix?.edits);
  });

  it('takes the mapping from the packet source of a received request', () => {
    const { findings } = natFindings(fixture('cgnat-sngrep.txt'));
    const source = findings.find((f) => f.ruleId === 'nat/source-differs-from-via');
    assert.equal(source?.message, 'Request came from 203.0.113.1:5410 but its top Via says 100.64.0.10:8214: the sender is behind a NAT.');
    // The 200 OK in the trace also shows it; the request's own Vias and responses come first.
    const contact = findings.find((f) => f.ruleId === 'nat/private-contact');
    assert.equal((contact?.data?.mapping as { source?: string } | undefined)?.source, 'Via received/rport of the 200 OK');
    // SDP findings name the public address only: the signaling port is not a media port.
    const c = findings.find((f) => f.ruleId === 'nat/private-sdp-connection');
    assert.equal(
      c?.message,
      'c= carries 100.64.0.10, an RFC 6598 shared address (CGNAT): the peer cannot send media there; the trace shows its public address 203.0.113.1.',
    );
  });

  it('uses the packet source when no response shows the mapping', () => {
    const text = fixture('cgnat-sngrep.txt');
    const onlyInvite = text.slice(0, text.indexOf('\n\n\n') + 3);
    const { findings } = natFindings(onlyInvite);
    const contact = findings.find((f) => f.ruleId === 'nat/private-contact');
    assert.deepEqual(contact?.data?.mapping, { address: '203.0.113.1', port: 5410, privatePort: 8214, source: 'packet source in the trace' });
  });

  it('offers ;rport for via-missing-rport', () => {
    const { document, findings } = lint(register.text);
    const finding = findings.find((f) => f.ruleId === 'nat/via-missing-rport') as Finding;
    const fix = fixFor(document, finding);
    const at = register.text.indexOf('branch=z9hG4bK-r1') + 'branch=z9hG4bK-r1'.length;
    assert.deepEqual(fix?.edits, [{ range: { start: at, end: at }, newText: ';rport' }]);
  });

  it('has no fix for a mapping whose request is not in the document', () => {
    const response = cases.find((c) => c.name.startsWith('response: a private Via')) as Case;
    const { document, findings } = lint(response.text);
    const known = findings.find((f) => f.ruleId === 'nat/public-mapping-known') as Finding;
    assert.ok(known);
    assert.equal(fixFor(document, known), undefined);
  });

  it('has no fix without a known mapping', () => {
    const { document, findings } = lint(register.text);
    const contact = findings.find((f) => f.ruleId === 'nat/private-contact') as Finding;
    assert.equal(fixFor(document, contact), undefined);
  });
});

describe('NAT rule declarations', () => {
  it('are documented and uniquely named', () => {
    const ids = new Set<string>();
    for (const rule of natRules) {
      assert.match(rule.id, /^nat\/[a-z0-9-]+$/);
      assert.ok(!ids.has(rule.id), rule.id);
      ids.add(rule.id);
      assert.ok(rule.docs.what.length > 40 && rule.docs.why.length > 40, rule.id);
      assert.ok(rule.docs.example.startsWith('```'), rule.id);
      assert.ok(rule.docs.references.some((r) => r.startsWith('RFC ')), rule.id);
      if (rule.fixable !== undefined || rule.fix !== undefined) assert.ok(rule.docs.fix, `${rule.id} documents its fix`);
    }
    assert.equal(ids.size, 10);
  });
});

describe('NAT rules and memory', () => {
  it('keep no document alive once its lint run is over', () => {
    // The mapping search remembers addresses cut from the document: they must not outlive the
    // run. Header names stay short here: the parser's name cache is not under test.
    const kept = bytesHeldAfter(() => {
      const text =
        'INVITE sip:bob@example.com SIP/2.0\r\n' +
        'Via: SIP/2.0/UDP 192.168.100.200:5060;received=203.0.113.100;rport=5070;branch=z9hG4bK-1\r\n' +
        `Subject: ${'x'.repeat(32 << 20)}\r\n` +
        'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n' +
        'Contact: <sip:a@192.168.100.200:5060>\r\nl: 0\r\n\r\n';
      const { findings } = lint(text);
      assert.ok(findings.some((f) => f.ruleId === 'nat/private-contact' && f.data?.mapping !== undefined));
    });
    assert.ok(kept < 8 << 20, `${kept} bytes still held after the document is gone`);
  });
});
