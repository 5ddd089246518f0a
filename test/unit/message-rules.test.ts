/**
 * The header and message rules through the core `lint()`, on messages real stacks send: each
 * case is an input and the `header/` and `message/` findings it must produce as
 * `[ruleId, line, column]`, one-based, in document order. The torture messages of RFC 4475 and
 * RFC 5118 are walked in `conformance.test.ts`; these are the cases around them.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lintLocated } from './check';

type Expected = readonly [ruleId: string, line: number, column: number];

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly Expected[];
  /** A part of the finding's message that must be there, for the first expected finding. */
  readonly says?: string;
}

/** A message from its lines (CRLF), with a body when given and a correct Content-Length. */
function sip(head: readonly string[], body?: string): string {
  const bodyText = body ?? '';
  return `${[...head, `Content-Length: ${Buffer.byteLength(bodyText, 'utf8')}`].join('\r\n')}\r\n\r\n${bodyText}`;
}

const sdp = ['v=0', 'o=alice 1 1 IN IP4 198.51.100.7', 's=-', 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0', ''].join('\r\n');

function request(method: string, extra: readonly string[]): string[] {
  return [
    `${method} sip:bob@example.com SIP/2.0`,
    'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-m1;rport',
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    'Call-ID: c1@example.com',
    `CSeq: 1 ${method}`,
    ...extra,
  ];
}

const cases: readonly Case[] = [
  {
    name: 'accept-excludes-body-type: an INVITE whose SDP offer is refused by its own Accept',
    text: sip(request('INVITE', ['Contact: <sip:alice@198.51.100.7>', 'Accept: text/plain', 'Content-Type: application/sdp']), sdp),
    expected: [['message/accept-excludes-body-type', 9, 9]],
    says: 'Accept does not list application/sdp',
  },
  {
    name: 'accept-excludes-body-type: SDP in a multipart body (SIP-I) with SDP accepted is fine',
    text: sip(
      request('INVITE', ['Contact: <sip:alice@198.51.100.7>', 'Accept: application/sdp, application/isup', 'Content-Type: multipart/mixed;boundary=b1']),
      `--b1\r\nContent-Type: application/sdp\r\n\r\n${sdp}--b1\r\nContent-Type: application/isup;version=itu-t92+\r\n\r\n0123\r\n--b1--\r\n`,
    ),
    expected: [],
  },
  {
    name: 'accept-excludes-body-type: an INFO body is not an offer; Accept speaks of responses',
    text: sip(request('INFO', ['Contact: <sip:alice@198.51.100.7>', 'Accept: application/sdp', 'Content-Type: application/dtmf-relay']), 'Signal=5\r\nDuration=160\r\n'),
    expected: [],
  },
  {
    name: 'suspicious-ipv6-reference: ordinary addresses whose last group is decimal are fine',
    text: sip(request('OPTIONS', ['Contact: <sip:alice@[2001:db8::1234]>, <sip:alice@[2a00:1450:4001:81c::2004]>, <sip:alice@[2001:db8:85a3::8a2e:370:7334]>'])),
    expected: [],
  },
  {
    name: 'suspicious-ipv6-reference: a SIP port typed inside the brackets is still flagged',
    text: sip(request('OPTIONS', ['Contact: <sip:alice@[2001:db8::10:5070]>'])),
    expected: [['header/suspicious-ipv6-reference', 8, 22]],
    says: 'write "[2001:db8::10]:5070"',
  },
  {
    name: 'malformed-value: a From tag given twice, a To tag without a value',
    text: sip([
      'OPTIONS sip:bob@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-m3;rport',
      'Max-Forwards: 70',
      'From: Alice <sip:alice@example.com>;tag=1928301774;tag=55',
      'To: <sip:bob@example.com>;tag',
      'Call-ID: c3@example.com',
      'CSeq: 1 OPTIONS',
    ]),
    expected: [
      ['header/malformed-value', 4, 52],
      ['header/malformed-value', 5, 27],
    ],
    says: "the 'tag' parameter appears more than once",
  },
  {
    name: 'dialog-without-contact: an INVITE without Contact, a SUBSCRIBE with two, a REFER with a tel URI',
    text:
      sip(request('INVITE', [])) +
      sip(request('SUBSCRIBE', ['Event: presence', 'Contact: <sip:alice@198.51.100.7>, <sip:alice@198.51.100.8>'])) +
      sip(request('REFER', ['Refer-To: <sip:carol@example.com>', 'Contact: <tel:+15551234567>'])),
    expected: [
      ['message/dialog-without-contact', 1, 1],
      ['message/dialog-without-contact', 18, 36],
      ['message/dialog-without-contact', 29, 11],
    ],
    says: 'An INVITE must carry a Contact',
  },
  {
    name: 'dialog-without-contact: a 200 and a 180 with a To tag to INVITE without Contact; a 100, a 200 to BYE and an OPTIONS without are fine',
    text:
      sip(['SIP/2.0 100 Trying', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-d1;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>', 'Call-ID: d1@example.com', 'CSeq: 1 INVITE']) +
      sip(['SIP/2.0 180 Ringing', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-d1;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>;tag=b1', 'Call-ID: d1@example.com', 'CSeq: 1 INVITE']) +
      sip(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-d1;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>;tag=b1', 'Call-ID: d1@example.com', 'CSeq: 1 INVITE']) +
      sip(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-d2;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>;tag=b1', 'Call-ID: d1@example.com', 'CSeq: 2 BYE']) +
      sip(request('OPTIONS', [])),
    expected: [
      ['message/dialog-without-contact', 9, 1],
      ['message/dialog-without-contact', 17, 1],
    ],
    says: 'A 180 to INVITE sets up a dialog',
  },
  {
    name: 'malformed-value: Call-ID with a space, Content-Type without a subtype, Retry-After and RSeq not numbers',
    text: sip(
      [
        'SIP/2.0 503 Service Unavailable',
        'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-m4;rport',
        'From: <sip:alice@example.com>;tag=a1',
        'To: <sip:bob@example.com>;tag=b4',
        'Call-ID: abc def@example.com',
        'CSeq: 1 MESSAGE',
        'Retry-After: soon',
        'RSeq: x',
        'Content-Type: text',
      ],
      'busy\r\n',
    ),
    expected: [
      ['header/malformed-value', 5, 10],
      ['header/malformed-value', 7, 14],
      ['header/malformed-value', 8, 7],
      ['header/malformed-value', 9, 15],
    ],
    says: 'Call-ID must be one word',
  },
  {
    name: 'malformed-value: Retry-After with a comment and duration, Session-Expires with refresher, Min-SE are fine',
    text: sip(request('UPDATE', ['Contact: <sip:alice@198.51.100.7>', 'Retry-After: 18000 (I\'m in a meeting);duration=3600', 'Session-Expires: 1800;refresher=uac', 'Min-SE: 90'])),
    expected: [],
  },
  {
    name: 'to-missing-tag: a 200 without a To tag; a 100 without one is fine',
    text:
      sip(['SIP/2.0 100 Trying', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-t1;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: <sip:bob@example.com>', 'Call-ID: t1@example.com', 'CSeq: 1 OPTIONS']) +
      sip(['SIP/2.0 200 OK', 'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-t1;rport', 'From: <sip:alice@example.com>;tag=a1', 'To: Bob <sip:bob@example.com>', 'Call-ID: t1@example.com', 'CSeq: 1 OPTIONS']),
    expected: [['header/to-missing-tag', 12, 1]],
    says: 'The To header of a 200 response has no tag',
  },
  {
    name: 'response-missing-required-header: 423 names Min-Expires and RFC 3261 21.4.17',
    text: sip([
      'SIP/2.0 423 Interval Too Brief',
      'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-m2;rport',
      'From: <sip:alice@example.com>;tag=a1',
      'To: <sip:alice@example.com>;tag=r1',
      'Call-ID: c2@example.com',
      'CSeq: 1 REGISTER',
    ]),
    expected: [['message/response-missing-required-header', 1, 9]],
    says: 'RFC 3261 21.4.17',
  },
];

describe('header and message rules through lint()', () => {
  for (const c of cases) {
    it(c.name, () => {
      const found = lintLocated(c.text).filter((f) => f.ruleId.startsWith('header/') || f.ruleId.startsWith('message/'));
      assert.deepEqual(
        found.map((f): Expected => [f.ruleId, f.line, f.column]),
        c.expected,
      );
      if (c.says !== undefined) assert.ok(found[0].message.includes(c.says), found[0].message);
    });
  }
});
