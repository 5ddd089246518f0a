/**
 * The `sdp/*` rules through the core's `lint()` entry: each case is a message and the
 * `[ruleId, line]` list of SDP findings it must give (1-based lines of the whole message).
 * Findings of other groups are left out: they are other tests' business.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintLocated } from './check';
import { sdpRules } from '../../server/src/core/rules/sdp/index';
import { rules } from '../../server/src/core/index';
import { conformanceDir } from '../support';

/** The SIP lines before the body in {@link invite}: start line, 9 headers, empty line. */
const HEAD_LINES = 11;

/** A well-formed INVITE carrying `sdp` (joined with CRLF, ended with CRLF) as its body. */
function invite(sdp: readonly string[], contentType = 'application/sdp'): string {
  const body = `${sdp.join('\r\n')}\r\n`;
  return [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-sdp-1',
    'Max-Forwards: 70',
    'From: <sip:alice@example.com>;tag=a1',
    'To: <sip:bob@example.com>',
    'Call-ID: sdp-rules-1@198.51.100.7',
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@198.51.100.7:5060>',
    `Content-Type: ${contentType}`,
    `Content-Length: ${Buffer.byteLength(body, 'utf8')}`,
    '',
    body,
  ].join('\r\n');
}

/** The SDP findings of `text` as `[ruleId, line]` pairs, in document order. */
function sdpFindings(text: string): [string, number][] {
  return lintLocated(text)
    .filter((f) => f.ruleId.startsWith('sdp/'))
    .map((f): [string, number] => [f.ruleId, f.line]);
}

const head = ['v=0', 'o=alice 2890844526 2890844526 IN IP4 198.51.100.7', 's=-'];
const clean = [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0 8 101', 'a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15', 'a=sendrecv'];

interface Case {
  readonly name: string;
  readonly sdp: readonly string[];
  /** `[ruleId, n]`: n is the 1-based line of the SDP body; the test adds the SIP head. */
  readonly expected: readonly [string, number][];
}

const cases: Case[] = [
  { name: 'a clean offer', sdp: clean, expected: [] },
  {
    name: 'a clean offer with two streams, c= per stream, video on port 0',
    sdp: [...head, 't=0 0', 'm=audio 49170 RTP/AVP 0', 'c=IN IP4 198.51.100.7', 'm=video 0 RTP/AVP 96'],
    expected: [],
  },

  // sdp/malformed-line
  {
    name: 'a line that is not <type>=<value>',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 'hello', 't=0 0'],
    expected: [['sdp/malformed-line', 5]],
  },
  {
    name: 'an unknown type letter, and an o= with five fields',
    sdp: ['v=0', 'o=alice 1 IN IP4 198.51.100.7', 's=-', 'x=1', 'c=IN IP4 198.51.100.7', 't=0 0'],
    expected: [['sdp/malformed-line', 2], ['sdp/malformed-line', 4]],
  },
  {
    name: 'an empty line inside the body',
    sdp: [...head, '', 'c=IN IP4 198.51.100.7', 't=0 0'],
    expected: [['sdp/malformed-line', 4]],
  },
  {
    name: 'a bracketed IPv6 address in c=',
    sdp: [...head, 'c=IN IP6 [2001:db8::1]', 't=0 0'],
    expected: [['sdp/malformed-line', 4]],
  },
  {
    name: 'a c= line with spaces around "=" does not count as a connection',
    sdp: [...head, 'c = IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/malformed-line', 4], ['sdp/missing-connection', 6]],
  },

  // sdp/missing-required-line
  {
    name: 'no t= line',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/missing-required-line', 1]],
  },
  {
    name: 'no v=, o=, s=: one finding on the first line',
    sdp: ['c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/missing-required-line', 1]],
  },

  {
    // lint() keeps one error per offset, the first rule in registry order: the malformed line.
    name: 'a body with no SDP line at all: the malformed lines speak for the first line',
    sdp: ['hello', 'world'],
    expected: [['sdp/malformed-line', 1], ['sdp/malformed-line', 2]],
  },

  // sdp/malformed-line: t= and b= fields
  {
    name: 't= with one field, b= without its bandwidth',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 'b=AS', 't=0', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/malformed-line', 5], ['sdp/malformed-line', 6]],
  },
  {
    name: 't= bounds and b= bandwidths as written by real stacks are fine',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 'b=AS:64', 'b=TIAS:64000', 't=3034423619 3042462419', 'm=audio 49170 RTP/AVP 0', 'b=RR:0'],
    expected: [],
  },

  // sdp/bad-version
  { name: 'v=1', sdp: ['v=1', ...head.slice(1), 'c=IN IP4 198.51.100.7', 't=0 0'], expected: [['sdp/bad-version', 1]] },
  { name: 'v= 0 with a space', sdp: ['v= 0', ...head.slice(1), 'c=IN IP4 198.51.100.7', 't=0 0'], expected: [['sdp/bad-version', 1]] },

  // sdp/line-order
  {
    name: 'c= after t=',
    sdp: [...head, 't=0 0', 'c=IN IP4 198.51.100.7', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/line-order', 5]],
  },
  {
    name: 'a session a= before t=, then t=: only the misplaced t= is flagged',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 'a=sendrecv', 't=0 0'],
    expected: [['sdp/line-order', 6]],
  },
  {
    name: 'o= before v=',
    sdp: ['o=alice 1 1 IN IP4 198.51.100.7', 'v=0', 's=-', 'c=IN IP4 198.51.100.7', 't=0 0'],
    expected: [['sdp/line-order', 2]],
  },
  {
    name: 'repeated time descriptions with r= and z= are in order',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=3034423619 3042462419', 'r=604800 3600 0 90000', 't=3034423620 3042462420', 'z=2882844526 -1h', 'a=recvonly'],
    expected: [],
  },
  {
    name: 'r= and z= of the first time description, then t= r= of the next: in order',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=3034423619 3042462419', 'r=604800 3600 0 90000', 'z=2882844526 -1h', 't=3034423620 3042462420', 'r=604800 3600 0 90000', 'z=2882844526 -1h'],
    expected: [],
  },
  {
    name: 'a second z= in one time description',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'z=2882844526 -1h', 'z=2898848070 0'],
    expected: [['sdp/line-order', 7]],
  },
  {
    name: 'a second o= and a second session c=',
    sdp: [...head, 'o=bob 1 1 IN IP4 198.51.100.8', 'c=IN IP4 198.51.100.7', 'c=IN IP4 198.51.100.9', 't=0 0'],
    expected: [['sdp/line-order', 4], ['sdp/line-order', 6]],
  },
  {
    name: 'media lines out of order, and a session-only line in a media section',
    sdp: [...head, 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=sendrecv', 'c=IN IP4 198.51.100.7', 's=late', 'b=AS:64'],
    expected: [['sdp/line-order', 7], ['sdp/line-order', 8], ['sdp/line-order', 9]],
  },
  {
    name: 'several c= in one media section are allowed',
    sdp: [...head, 't=0 0', 'm=video 51372 RTP/AVP 31', 'c=IN IP6 ff15::101/3', 'c=IN IP6 ff15::201'],
    expected: [],
  },

  // sdp/missing-connection
  {
    name: 'no c= anywhere',
    sdp: [...head, 't=0 0', 'm=audio 49170 RTP/AVP 0', 'm=video 51372 RTP/AVP 31', 'c=IN IP4 198.51.100.7'],
    expected: [['sdp/missing-connection', 5]],
  },
  {
    name: 'no c= anywhere, but the stream is disabled (port 0)',
    sdp: [...head, 't=0 0', 'm=audio 0 RTP/AVP 0'],
    expected: [],
  },
  {
    name: 'a malformed session c= still counts (reported once, as malformed)',
    sdp: [...head, 'c=IN IP4', 't=0 0', 'm=audio 49170 RTP/AVP 0'],
    expected: [['sdp/malformed-line', 4]],
  },

  // sdp/invalid-port
  {
    name: 'a port above 65535',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 70000 RTP/AVP 0'],
    expected: [['sdp/invalid-port', 6]],
  },
  {
    name: 'a template placeholder as port',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio $PORT RTP/AVP 0'],
    expected: [['sdp/invalid-port', 6]],
  },
  {
    name: 'a port count of zero',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170/0 RTP/AVP 0'],
    expected: [['sdp/invalid-port', 6]],
  },
  {
    name: 'ports 0 and 65535 and a port count are fine',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 65535 RTP/AVP 0', 'm=video 0 RTP/AVP 31', 'm=audio 49170/2 RTP/AVP 8'],
    expected: [],
  },

  // sdp/invalid-format
  {
    name: 'a codec name where a payload type belongs, and a payload type above 127',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP PCMU 8 128'],
    expected: [['sdp/invalid-format', 6], ['sdp/invalid-format', 6]],
  },
  {
    name: 'RTP/SAVPF and UDP/TLS/RTP/SAVPF are RTP profiles too',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/SAVPF opus', 'm=video 9 UDP/TLS/RTP/SAVPF -1'],
    expected: [['sdp/invalid-format', 6], ['sdp/invalid-format', 7]],
  },
  {
    name: 'non-RTP protocols keep their own formats',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=image 49172 udptl t38', 'm=message 7394 TCP/MSRP *', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel'],
    expected: [],
  },

  // sdp/missing-rtpmap
  {
    name: 'a dynamic payload type without a=rtpmap',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0 101', 'a=rtpmap:0 PCMU/8000'],
    expected: [['sdp/missing-rtpmap', 6]],
  },
  {
    name: 'an a=rtpmap in another media section does not count',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 96', 'm=video 51372 RTP/AVP 97', 'a=rtpmap:96 H264/90000', 'a=rtpmap:97 H264/90000'],
    expected: [['sdp/missing-rtpmap', 6]],
  },
  {
    name: 'a session-level a=rtpmap does not count',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'a=rtpmap:96 opus/48000/2', 'm=audio 49170 RTP/AVP 96'],
    expected: [['sdp/missing-rtpmap', 7]],
  },
  {
    name: 'static payload types need no a=rtpmap; 95 is not dynamic',
    sdp: [...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 49170 RTP/AVP 0 8 18 95'],
    expected: [],
  },
];

describe('sdp rules through lint()', () => {
  for (const c of cases) {
    it(c.name, () => {
      const expected = c.expected.map(([id, n]): [string, number] => [id, HEAD_LINES + n]);
      assert.deepEqual(sdpFindings(invite(c.sdp)), expected);
    });
  }

  it('default severities: errors, and warnings for line order and rtpmap', () => {
    const text = invite(['v=1', 'o=a 1 1 IN IP4 198.51.100.7', 's=-', 't=0 0', 'c=IN IP4 198.51.100.7', 'm=audio 70000 RTP/AVP X 96']);
    const severities = Object.fromEntries(lintLocated(text).filter((f) => f.ruleId.startsWith('sdp/')).map((f) => [f.ruleId, f.severity]));
    assert.deepEqual(severities, {
      'sdp/bad-version': 'error',
      'sdp/line-order': 'warning',
      'sdp/invalid-port': 'error',
      'sdp/invalid-format': 'error',
      'sdp/missing-rtpmap': 'warning',
    });
  });

  it('a finding sits on the offending token', () => {
    const text = invite([...head, 'c=IN IP4 198.51.100.7', 't=0 0', 'm=audio 70000 RTP/AVP PCMU 101']);
    const located = lintLocated(text).filter((f) => f.ruleId.startsWith('sdp/'));
    const line = text.split('\r\n')[HEAD_LINES + 5] as string;
    assert.deepEqual(
      located.map((f) => [f.ruleId, line.slice(f.column - 1).split(' ')[0]]),
      [
        ['sdp/invalid-port', '70000'],
        ['sdp/invalid-format', 'PCMU'],
        ['sdp/missing-rtpmap', '101'],
      ],
    );
  });

  it('a body that is not SDP is not checked', () => {
    assert.deepEqual(sdpFindings(invite(['v=1', 'hello'], 'text/plain')), []);
  });

  it('the SDP part of a multipart body is checked at its own lines', () => {
    const sdp = ['v=0', 'o=gw 1 1 IN IP4 203.0.113.50', 's=-', 't=0 0', 'm=audio 20000 RTP/AVP 96'];
    const body = [
      '--b1',
      'Content-Type: application/isup; version=itu-t92+',
      '',
      '\u0001\u0000`\u0000',
      '--b1',
      'Content-Type: application/sdp',
      '',
      ...sdp,
      '--b1--',
      '',
    ].join('\r\n');
    const text = invite([]).replace('application/sdp', 'multipart/mixed; boundary="b1"').replace(/Content-Length: \d+\r\n\r\n\r\n$/, `Content-Length: ${Buffer.byteLength(body, 'latin1')}\r\n\r\n${body}`);
    assert.ok(text.endsWith(body), 'the message was built');
    // The SDP part starts after the 11 head lines and 7 multipart lines.
    assert.deepEqual(sdpFindings(text), [
      ['sdp/missing-connection', HEAD_LINES + 7 + 5],
      ['sdp/missing-rtpmap', HEAD_LINES + 7 + 5],
    ]);
  });

  it('two messages in one trace: each message is checked on its own', () => {
    const bad = invite([...head, 't=0 0', 'm=audio 49170 RTP/AVP 0']);
    const good = invite(clean);
    const text = `${good}${bad}`;
    const firstLines = good.split('\n').length - 1;
    assert.deepEqual(sdpFindings(text), [['sdp/missing-connection', firstLines + HEAD_LINES + 5]]);
  });
});

/** Reads `name` from the first of `bases` that has it: tests run from the tree or from a bundle in /tmp. */
function firstFile(bases: readonly string[], name: string): string {
  for (const base of bases) {
    try {
      return readFileSync(join(base, name), 'latin1');
    } catch {
      // Try the next place.
    }
  }
  throw new Error(`${name} not found in ${bases.join(', ')}`);
}

function conformanceFile(name: string): string {
  return firstFile([conformanceDir()], name);
}

describe('sdp rules on the RFC 4475 / RFC 5118 corpus', () => {
  // Each of these is valid in its RFC's eyes; none has an SDP problem.
  for (const file of ['rfc4475/sdp01.dat', 'rfc4475/mpart01.dat', 'rfc5118/ipv6-in-sdp.dat', 'rfc5118/mult-ip-in-sdp.dat']) {
    it(`${file}: no SDP finding`, () => {
      const text = conformanceFile(file);
      assert.ok(lintLocated(text).length >= 0);
      assert.deepEqual(sdpFindings(text), []);
    });
  }
});

describe('sdp rules on real-world offers', () => {
  it('a WebRTC offer (BUNDLE, ICE candidates, a bundle-only stream on port 0): no SDP finding', () => {
    const dirs = [join(__dirname, '../../../test/fixtures/sdp'), join(__dirname, '../fixtures/sdp'), join(process.cwd(), 'test/fixtures/sdp')];
    assert.deepEqual(sdpFindings(firstFile(dirs, 'webrtc-invite.sip')), []);
  });
});

describe('sdp rule definitions', () => {
  it('the eight rules, with their stable ids, all registered', () => {
    assert.deepEqual(
      sdpRules.map((r) => r.id).sort(),
      [
        'sdp/bad-version',
        'sdp/invalid-format',
        'sdp/invalid-port',
        'sdp/line-order',
        'sdp/malformed-line',
        'sdp/missing-connection',
        'sdp/missing-required-line',
        'sdp/missing-rtpmap',
      ],
    );
    for (const rule of sdpRules) assert.ok(rules.includes(rule), `${rule.id} is in the registry`);
  });

  for (const rule of sdpRules) {
    it(`${rule.id} is documented`, () => {
      assert.ok(rule.summary.length > 10);
      assert.ok(rule.docs.what.length > 20);
      assert.ok(rule.docs.why.length > 20);
      assert.ok(rule.docs.example.length > 5);
      assert.ok(rule.docs.references.length > 0);
      assert.ok(rule.docs.references.every((r) => /^RFC \d+( [\d.]+)?$/.test(r)), rule.docs.references.join(', '));
      assert.ok(rule.checkMessage, 'checks messages');
    });
  }
});
