/**
 * The SDP parser, the SDP finder and the attribute readers: data-driven cases (input text →
 * tree fields and errors), the RFC 4475 / RFC 5118 bodies, and properties over random text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { findSdpRanges, MAX_LINES, parseSdp, parseContentType } from '../../server/src/core/sdp/parse';
import { parseCandidateAttribute, parseRtcpAttribute, parseRtpmapAttribute, rtpmapPayloadType } from '../../server/src/core/sdp/attributes';
import type { SdpAttribute, SdpSession } from '../../server/src/core/sdp/model';
import type { Range } from '../../server/src/core/types';
import { conformanceDir } from '../support';

/**
 * Where the fixtures may be: beside the compiled test (`out/test/unit`), beside the source, or
 * from the repository root (a bundle run from /tmp).
 */
const FIXTURE_DIRS = [join(__dirname, '../../../test/fixtures/sdp'), join(__dirname, '../fixtures/sdp'), join(process.cwd(), 'test/fixtures/sdp')];

/** Reads `name` (as latin1: one character per octet) from the first of `dirs` that has it. */
function firstFile(dirs: readonly string[], name: string): string {
  for (const dir of dirs) {
    try {
      return readFileSync(join(dir, name), 'latin1');
    } catch {
      // Try the next place.
    }
  }
  throw new Error(`${name} not found in ${dirs.join(', ')}`);
}

const conformanceFile = (name: string): string => firstFile([conformanceDir()], name);
const fixture = (name: string): string => firstFile(FIXTURE_DIRS, name);

const whole = (text: string): Range => ({ start: 0, end: text.length });
const at = (text: string, r: Range | undefined): string | undefined => (r === undefined ? undefined : text.slice(r.start, r.end));

/** What a case expects of the tree; every field given is compared. */
interface Expected {
  readonly errors?: readonly string[];
  readonly lineTypes?: string;
  readonly sessionLineTypes?: string;
  readonly origin?: { username: string; sessionId: string; sessionVersion: string; addrType: string; address: string } | null;
  readonly connection?: { addrType: string; address: string; ttl?: number; addressCount?: number } | null;
  readonly media?: readonly {
    media: string;
    port: number;
    portCount?: number;
    proto: string;
    formats: string;
    connections?: readonly string[];
    attributes?: readonly string[];
    lineTypes?: string;
  }[];
  readonly sessionAttributes?: readonly string[];
}

/** Compares the parts of the tree that `expected` names; error texts are the text at each error's range. */
function check(text: string, expected: Expected, range: Range = whole(text)): void {
  const { value, errors } = parseSdp(text, range);
  assertInBounds(value, errors, range);
  if (expected.errors !== undefined) {
    assert.deepEqual(errors.map((e) => at(text, e.range)), expected.errors, 'error ranges');
  }
  if (expected.lineTypes !== undefined) assert.equal(value.lines.map((l) => l.type).join(''), expected.lineTypes);
  if (expected.sessionLineTypes !== undefined) {
    assert.equal(value.sessionLines.map((l) => l.type).join(''), expected.sessionLineTypes);
  }
  if (expected.origin !== undefined) {
    if (expected.origin === null) assert.equal(value.origin, undefined);
    else {
      const o = value.origin;
      assert.ok(o, 'origin');
      const { username, sessionId, sessionVersion, addrType, address } = o;
      assert.deepEqual({ username, sessionId, sessionVersion, addrType, address }, expected.origin);
      assert.equal(at(text, o.addressRange), o.address, 'origin address range');
    }
  }
  if (expected.connection !== undefined) {
    if (expected.connection === null) assert.equal(value.connection, undefined);
    else {
      const c = value.connection;
      assert.ok(c, 'connection');
      const got: { addrType: string; address: string; ttl?: number; addressCount?: number } = { addrType: c.addrType, address: c.address };
      if (c.ttl !== undefined) got.ttl = c.ttl;
      if (c.addressCount !== undefined) got.addressCount = c.addressCount;
      assert.deepEqual(got, expected.connection);
      assert.equal(at(text, c.addressRange), c.address, 'connection address range');
    }
  }
  if (expected.media !== undefined) {
    assert.equal(value.media.length, expected.media.length, 'media count');
    expected.media.forEach((m, i) => {
      const got = value.media[i];
      assert.ok(got);
      assert.equal(got.media, m.media);
      assert.equal(got.port, m.port);
      assert.equal(got.portCount, m.portCount);
      assert.equal(got.proto, m.proto);
      assert.equal(at(text, got.protoRange), m.proto);
      assert.equal(got.formats.map((f) => f.value).join(' '), m.formats);
      for (const f of got.formats) assert.equal(at(text, f.range), f.value);
      if (!Number.isNaN(got.port)) assert.equal(Number(at(text, got.portRange)), got.port);
      if (m.connections !== undefined) {
        assert.deepEqual(got.connections.map((c) => c.address), m.connections);
        assert.equal(got.connection, got.connections[0]);
        for (const c of got.connections) assert.equal(at(text, c.addressRange), c.address);
      }
      if (m.attributes !== undefined) assert.deepEqual(got.attributes.map((a) => at(text, a.line.range)), m.attributes);
      if (m.lineTypes !== undefined) assert.equal(got.lines.map((l) => l.type).join(''), m.lineTypes);
      assert.equal(got.range.start, got.line.range.start);
    });
  }
  if (expected.sessionAttributes !== undefined) {
    assert.deepEqual(value.attributes.map((a) => at(text, a.line.range)), expected.sessionAttributes);
  }
}

/** Every range in the tree and the errors lies inside `range`, and every line range holds its line. */
function assertInBounds(sdp: SdpSession, errors: readonly { range: Range }[], range: Range): void {
  const inside = (r: Range | undefined, what: string): void => {
    if (r === undefined) return;
    assert.ok(r.start >= range.start && r.start <= r.end && r.end <= range.end, `${what} ${r.start}-${r.end} outside ${range.start}-${range.end}`);
  };
  for (const e of errors) inside(e.range, 'error');
  for (const line of sdp.lines) {
    inside(line.range, 'line');
    inside(line.valueRange, 'line value');
  }
  inside(sdp.origin?.addressRange, 'origin address');
  inside(sdp.connection?.addressRange, 'connection address');
  for (const a of sdp.attributes) inside(a.valueRange, 'attribute value');
  for (const m of sdp.media) {
    inside(m.range, 'media');
    inside(m.portRange, 'port');
    inside(m.protoRange, 'proto');
    for (const f of m.formats) inside(f.range, 'format');
    for (const c of m.connections) inside(c.addressRange, 'media connection');
    for (const a of m.attributes) {
      inside(a.nameRange, 'attribute name');
      inside(a.valueRange, 'attribute value');
    }
  }
}

const BASIC = [
  'v=0',
  'o=alice 2890844526 2890844527 IN IP4 198.51.100.7',
  's=-',
  'c=IN IP4 198.51.100.7',
  't=0 0',
  'a=sendrecv',
  'm=audio 49170 RTP/AVP 0 8 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-15',
  'm=video 51372/2 RTP/AVPF 96',
  'c=IN IP4 203.0.113.9',
  'a=rtpmap:96 H264/90000',
];

interface Case {
  readonly name: string;
  readonly text: string;
  readonly expected: Expected;
}

const cases: Case[] = [
  {
    name: 'a full offer with CRLF line ends',
    text: `${BASIC.join('\r\n')}\r\n`,
    expected: {
      errors: [],
      lineTypes: 'vosctamaamca',
      sessionLineTypes: 'voscta',
      origin: { username: 'alice', sessionId: '2890844526', sessionVersion: '2890844527', addrType: 'IP4', address: '198.51.100.7' },
      connection: { addrType: 'IP4', address: '198.51.100.7' },
      sessionAttributes: ['a=sendrecv'],
      media: [
        {
          media: 'audio',
          port: 49170,
          proto: 'RTP/AVP',
          formats: '0 8 101',
          connections: [],
          attributes: ['a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-15'],
          lineTypes: 'maa',
        },
        { media: 'video', port: 51372, portCount: 2, proto: 'RTP/AVPF', formats: '96', connections: ['203.0.113.9'], lineTypes: 'mca' },
      ],
    },
  },
  {
    name: 'the same offer with bare LF line ends',
    text: `${BASIC.join('\n')}\n`,
    expected: { errors: [], lineTypes: 'vosctamaamca', connection: { addrType: 'IP4', address: '198.51.100.7' } },
  },
  {
    name: 'no final line break',
    text: 'v=0\r\ns=x\r\nm=audio 4000 RTP/AVP 0',
    expected: { errors: [], lineTypes: 'vsm', media: [{ media: 'audio', port: 4000, proto: 'RTP/AVP', formats: '0' }] },
  },
  {
    name: 'IPv4 multicast with TTL and address count',
    text: 'c=IN IP4 233.252.0.1/127/3\n',
    expected: { errors: [], connection: { addrType: 'IP4', address: '233.252.0.1', ttl: 127, addressCount: 3 } },
  },
  {
    name: 'IPv4 multicast with TTL only',
    text: 'c=IN IP4 233.252.0.1/64\n',
    expected: { errors: [], connection: { addrType: 'IP4', address: '233.252.0.1', ttl: 64 } },
  },
  {
    name: 'IPv6 with an address count',
    text: 'c=IN IP6 ff15::101/3\n',
    expected: { errors: [], connection: { addrType: 'IP6', address: 'ff15::101', addressCount: 3 } },
  },
  {
    name: 'IPv6 with two suffixes',
    text: 'c=IN IP6 ff15::101/3/2\n',
    expected: { errors: ['/3/2'], connection: { addrType: 'IP6', address: 'ff15::101', addressCount: 3 } },
  },
  {
    name: 'a suffix that is not a number',
    text: 'c=IN IP4 233.252.0.1/x\n',
    expected: { errors: ['/x'], connection: { addrType: 'IP4', address: '233.252.0.1' } },
  },
  {
    name: 'an IPv6 address in brackets is an error, the literal is kept',
    text: 'c=IN IP6 [2001:db8::1]\n',
    expected: { errors: ['[2001:db8::1]'], connection: { addrType: 'IP6', address: '2001:db8::1' } },
  },
  {
    name: 'an IPv6 address under IP4',
    text: 'o=- 1 1 IN IP4 2001:db8::5\nc=IN IP4 2001:db8::5\n',
    expected: {
      errors: ['2001:db8::5', '2001:db8::5'],
      origin: { username: '-', sessionId: '1', sessionVersion: '1', addrType: 'IP4', address: '2001:db8::5' },
      connection: { addrType: 'IP4', address: '2001:db8::5' },
    },
  },
  {
    name: 'an IPv4 address under IP6',
    text: 'c=IN IP6 192.0.2.1\n',
    expected: { errors: ['192.0.2.1'], connection: { addrType: 'IP6', address: '192.0.2.1' } },
  },
  {
    name: 'a host name in c= is fine',
    text: 'c=IN IP4 media.example.com\n',
    expected: { errors: [], connection: { addrType: 'IP4', address: 'media.example.com' } },
  },
  {
    name: 'c= with two fields',
    text: 'v=0\nc=IN 192.0.2.1\nt=0 0\n',
    expected: { errors: ['c=IN 192.0.2.1'], connection: null, lineTypes: 'vct' },
  },
  {
    name: 'o= with five fields',
    text: 'v=0\no=alice 1 IN IP4 192.0.2.1\ns=-\n',
    expected: { errors: ['o=alice 1 IN IP4 192.0.2.1'], origin: null, lineTypes: 'vos' },
  },
  {
    name: 'o= with a user name holding a space',
    text: 'o=John Doe 1 1 IN IP4 192.0.2.1\n',
    expected: { errors: ['o=John Doe 1 1 IN IP4 192.0.2.1'], origin: null },
  },
  {
    name: 'an IPv6 origin',
    text: 'o=- 5 6 IN IP6 2001:db8::20\n',
    expected: { errors: [], origin: { username: '-', sessionId: '5', sessionVersion: '6', addrType: 'IP6', address: '2001:db8::20' } },
  },
  {
    name: 'm= without formats still opens a media section',
    text: 'v=0\nm=audio 4000 RTP/AVP\na=sendonly\n',
    expected: {
      errors: ['m=audio 4000 RTP/AVP'],
      media: [{ media: 'audio', port: 4000, proto: 'RTP/AVP', formats: '', attributes: ['a=sendonly'] }],
    },
  },
  {
    name: 'm= with only a media type',
    text: 'm=audio\n',
    expected: { errors: ['m=audio'], media: [{ media: 'audio', port: NaN, proto: '', formats: '' }] },
  },
  {
    name: 'a port that is not a number is left to the rules',
    text: 'm=audio $PORT RTP/AVP 0\n',
    expected: { errors: [], media: [{ media: 'audio', port: NaN, proto: 'RTP/AVP', formats: '0' }] },
  },
  {
    name: 'a port count that is not a number',
    text: 'm=audio 4000/x RTP/AVP 0\n',
    expected: { errors: [], media: [{ media: 'audio', port: 4000, portCount: NaN, proto: 'RTP/AVP', formats: '0' }] },
  },
  {
    name: 'a line that is not x=...: error on that line, parsing goes on',
    text: 'v=0\r\nhello world\r\ns=-\r\n',
    expected: { errors: ['hello world'], lineTypes: 'vs' },
  },
  {
    name: 'spaces around =',
    text: 'v=0\nc = IN IP4 192.0.2.1\nt=0 0\n',
    expected: { errors: ['c = IN IP4 192.0.2.1'], lineTypes: 'vt', connection: null },
  },
  {
    name: 'a one-character line',
    text: 'v=0\nx\nt=0 0\n',
    expected: { errors: ['x'], lineTypes: 'vt' },
  },
  {
    name: 'an unknown type letter: error on "x=", the line is kept',
    text: 'v=0\nx=whatever\nV=0\n',
    expected: { errors: ['x=', 'V='], lineTypes: 'vxV' },
  },
  {
    name: 'an empty line between lines',
    text: 'v=0\r\n\r\ns=-\r\n',
    expected: { errors: [''], lineTypes: 'vs' },
  },
  {
    name: 'a blank line of spaces between lines',
    text: 'v=0\n  \ns=-\n',
    expected: { errors: ['  '], lineTypes: 'vs' },
  },
  {
    name: 'trailing empty lines are tolerated',
    text: 'v=0\r\ns=-\r\n\r\n\r\n',
    expected: { errors: [], lineTypes: 'vs' },
  },
  {
    name: 'attributes with and without values, and one without a name',
    text: 'a=recvonly\na=rtpmap:0 PCMU/8000\na=\na=:x\na=fmtp:96 a=b;c=d\n',
    expected: {
      errors: ['a=', 'a=:x'],
      sessionAttributes: ['a=recvonly', 'a=rtpmap:0 PCMU/8000', 'a=', 'a=:x', 'a=fmtp:96 a=b;c=d'],
    },
  },
  {
    name: 'a second c= at session level keeps the first',
    text: 'c=IN IP4 192.0.2.1\nc=IN IP4 192.0.2.2\n',
    expected: { errors: [], connection: { addrType: 'IP4', address: '192.0.2.1' } },
  },
  {
    name: 'layered multicast: several c= in one media section',
    text: 'm=video 51372 RTP/AVP 99\nc=IN IP6 ff15::101/3\nc=IN IP6 ff15::201\n',
    expected: {
      errors: [],
      connection: null,
      media: [{ media: 'video', port: 51372, proto: 'RTP/AVP', formats: '99', connections: ['ff15::101', 'ff15::201'] }],
    },
  },
  {
    name: 'o= inside a media section is not the origin',
    text: 'm=audio 0 RTP/AVP 0\no=- 1 1 IN IP4 192.0.2.1\n',
    expected: { errors: [], origin: null, sessionLineTypes: '', media: [{ media: 'audio', port: 0, proto: 'RTP/AVP', formats: '0', lineTypes: 'mo' }] },
  },
  {
    name: 'tabs and repeated spaces between fields',
    text: 'm=audio  4000\tRTP/AVP 0  8\n',
    expected: { errors: [], media: [{ media: 'audio', port: 4000, proto: 'RTP/AVP', formats: '0 8' }] },
  },
  {
    name: 'binary garbage',
    text: 'v=0\n\u0000\u0001\u00ff\r\n\r\r\n=\n',
    expected: { errors: ['\u0000\u0001\u00ff', '\r', '='], lineTypes: 'v' },
  },
  { name: 'empty text', text: '', expected: { errors: [], lineTypes: '', media: [] } },
];

describe('parseSdp', () => {
  for (const c of cases) {
    it(c.name, () => check(c.text, c.expected));
  }

  it('reads only the range it is given, with offsets into the whole text', () => {
    const sdp = 'v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\nc=IN IP4 192.0.2.8\r\nm=audio 4000 RTP/AVP 0\r\n';
    const text = `INVITE sip:a@b SIP/2.0\r\nContent-Type: application/sdp\r\n\r\n${sdp}NEXT MESSAGE garbage`;
    const start = text.indexOf('v=0');
    const range = { start, end: start + sdp.length };
    check(text, { errors: [], lineTypes: 'vocm', connection: { addrType: 'IP4', address: '192.0.2.8' } }, range);
    const { value } = parseSdp(text, range);
    assert.equal(value.connection?.addressRange.start, text.indexOf('192.0.2.8'));
    assert.equal(value.origin?.addressRange.start, text.indexOf('192.0.2.7'));
    assert.deepEqual(value.range, range);
    assert.equal(at(text, value.media[0]?.range), 'm=audio 4000 RTP/AVP 0');
  });

  it('the media range runs from the m= line to the end of its last line', () => {
    const text = `${BASIC.join('\r\n')}\r\n`;
    const { value } = parseSdp(text, whole(text));
    assert.equal(at(text, value.media[0]?.range), 'm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15');
    assert.equal(at(text, value.media[1]?.range), 'm=video 51372/2 RTP/AVPF 96\r\nc=IN IP4 203.0.113.9\r\na=rtpmap:96 H264/90000');
  });

  it('reads ngrep text, where each CR is shown as "."', () => {
    const text = 'v=0.\no=- 1 1 IN IP4 192.0.2.7.\ns=-.\nc=IN IP4 192.0.2.8.\nt=0 0.\nm=audio 4000 RTP/AVP 0.\n.\n';
    const { value, errors } = parseSdp(text, whole(text), { crShownAsDot: true });
    assert.deepEqual(errors, []);
    assert.equal(value.connection?.address, '192.0.2.8');
    assert.equal(value.lines[0]?.value, '0');
    assert.equal(value.media[0]?.formats.map((f) => f.value).join(' '), '0');
    // Without the option the dots are content.
    assert.equal(parseSdp(text, whole(text)).value.connection?.address, '192.0.2.8.');
  });

  it('never reports two errors at one offset', () => {
    const text = 'c=IN IP6 [2001:db8::1]/3/4\nm=\nx\n\n\na\n';
    const { errors } = parseSdp(text, whole(text));
    const starts = errors.map((e) => e.range.start);
    assert.equal(new Set(starts).size, starts.length, JSON.stringify(errors));
  });

  it('parses a large body in linear time', () => {
    const section = 'm=audio 4000 RTP/AVP 0 8 96\r\nc=IN IP4 192.0.2.1\r\na=rtpmap:96 opus/48000/2\r\n';
    const small = `v=0\r\n${section.repeat(160)}`;
    const large = `v=0\r\n${section.repeat(1_600)}`;
    // CPU time, not wall time, and the best of a few runs: the machine may be busy.
    const time = (text: string): number => {
      let best = Infinity;
      for (let i = 0; i < 4; i++) {
        const before = process.cpuUsage();
        parseSdp(text, whole(text));
        const used = process.cpuUsage(before);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      return best;
    };
    time(large);
    const ratio = time(large) / Math.max(time(small), 1);
    assert.equal(parseSdp(large, whole(large)).value.media.length, 1_600);
    assert.ok(ratio < 40, `10x the input took ${ratio.toFixed(1)}x the time`);
  });
});

/** A message from the corpus: its Content-Type header value (unfolded, trimmed) and body range. */
function splitMessage(text: string): { contentType: string | undefined; body: Range } {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const headerEnd = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf : lf;
  const bodyStart = headerEnd === crlf ? crlf + 4 : lf + 2;
  let contentType: string | undefined;
  for (const line of text.slice(0, headerEnd).split(/\r?\n/)) {
    const m = /^(content-type|c)\s*:\s*(.*)$/i.exec(line);
    if (m) contentType = m[2]?.trim();
  }
  return { contentType, body: { start: bodyStart, end: text.length } };
}

describe('the SDP bodies of RFC 4475 and RFC 5118', () => {
  it('sdp01 (RFC 4475 3.3.15): a valid two-stream offer', () => {
    const text = conformanceFile('rfc4475/sdp01.dat');
    const { contentType, body } = splitMessage(text);
    const ranges = findSdpRanges(text, contentType, body);
    assert.deepEqual(ranges, [body]);
    check(
      text,
      {
        errors: [],
        lineTypes: 'vosctmma',
        origin: { username: 'mhandley', sessionId: '29739', sessionVersion: '7272939', addrType: 'IP4', address: '192.0.2.5' },
        connection: { addrType: 'IP4', address: '192.0.2.5' },
        media: [
          { media: 'audio', port: 49217, proto: 'RTP/AVP', formats: '0 12', attributes: [] },
          { media: 'video', port: 3227, proto: 'RTP/AVP', formats: '31', attributes: ['a=rtpmap:31 LPC'] },
        ],
      },
      body,
    );
  });

  it('mpart01 (RFC 4475 3.1.1.11): a multipart body with a binary part and no SDP', () => {
    const text = conformanceFile('rfc4475/mpart01.dat');
    const { contentType, body } = splitMessage(text);
    assert.equal(contentType, 'multipart/mixed;boundary=7a9cbec02ceef655');
    assert.deepEqual(findSdpRanges(text, contentType, body), []);
  });

  it('mpart01 with its text part turned into SDP: the part is found, the binary part does not break the search', () => {
    const original = conformanceFile('rfc4475/mpart01.dat');
    const sdp = 'v=0\r\no=- 1 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0';
    const text = original.replace('Content-Type: text/plain\r\nContent-Transfer-Encoding: binary\r\n\r\nHello', `Content-Type: application/sdp\r\n\r\n${sdp}`);
    assert.notEqual(text, original);
    const { contentType, body } = splitMessage(text);
    const ranges = findSdpRanges(text, contentType, body);
    assert.deepEqual(ranges.map((r) => at(text, r)), [sdp]);
    const parsed = parseSdp(text, ranges[0] as Range);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.value.media.length, 1);
  });

  it('ipv6-in-sdp (RFC 5118 4.6): IP6 origin and connection, no brackets', () => {
    const text = conformanceFile('rfc5118/ipv6-in-sdp.dat');
    const { contentType, body } = splitMessage(text);
    assert.deepEqual(findSdpRanges(text, contentType, body), [body]);
    check(
      text,
      {
        errors: [],
        lineTypes: 'vosctmama',
        origin: { username: 'assistant', sessionId: '971731711378798081', sessionVersion: '0', addrType: 'IP6', address: '2001:db8::20' },
        connection: { addrType: 'IP6', address: '2001:db8::20' },
        media: [
          { media: 'audio', port: 6000, proto: 'RTP/AVP', formats: '2', attributes: ['a=rtpmap:2 G726-32/8000'] },
          { media: 'video', port: 6024, proto: 'RTP/AVP', formats: '107', attributes: ['a=rtpmap:107 H263-1998/90000'] },
        ],
      },
      body,
    );
  });

  it('mult-ip-in-sdp (RFC 5118 4.8): no session c=, one IPv4 and one IPv6 media address', () => {
    const text = conformanceFile('rfc5118/mult-ip-in-sdp.dat');
    const { contentType, body } = splitMessage(text);
    assert.deepEqual(findSdpRanges(text, contentType, body), [body]);
    check(
      text,
      {
        errors: [],
        lineTypes: 'vostmcmca',
        connection: null,
        origin: { username: 'bob', sessionId: '280744730', sessionVersion: '28977631', addrType: 'IP4', address: 'host.example.com' },
        media: [
          { media: 'audio', port: 22334, proto: 'RTP/AVP', formats: '0', connections: ['192.0.2.1'] },
          { media: 'video', port: 6024, proto: 'RTP/AVP', formats: '107', connections: ['2001:db8::1'] },
        ],
      },
      body,
    );
    const { value } = parseSdp(text, body);
    assert.equal(value.media[1]?.connection?.addrType, 'IP6');
    assert.equal(value.lines.find((l) => l.type === 's')?.value, '');
  });
});

describe('findSdpRanges', () => {
  const SDP = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0';
  const bodyOf = (text: string): Range => ({ start: text.indexOf('\r\n\r\n') + 4, end: text.length });

  const found = (contentType: string | undefined, body: string): string[] => {
    const text = `H: x\r\n\r\n${body}`;
    return findSdpRanges(text, contentType, bodyOf(text)).map((r) => text.slice(r.start, r.end));
  };

  const plainCases: [string, string | undefined, string, string[]][] = [
    ['application/sdp', 'application/sdp', SDP, [SDP]],
    ['upper case with parameters', 'Application/SDP ; charset=UTF-8', SDP, [SDP]],
    ['no Content-Type, body starts with v=', undefined, SDP, [SDP]],
    ['no Content-Type, other body', undefined, 'hello', []],
    ['no Content-Type, body "v"', undefined, 'v', []],
    ['another type', 'text/plain', SDP, []],
    ['application/sdp-like type', 'application/sdpx', SDP, []],
    ['multipart without a boundary', 'multipart/mixed', `--b\r\nContent-Type: application/sdp\r\n\r\n${SDP}\r\n--b--`, []],
  ];
  for (const [name, type, body, expected] of plainCases) {
    it(name, () => assert.deepEqual(found(type, body), expected));
  }

  const multipart = (boundary: string, parts: string[], preamble = ''): string =>
    `${preamble}${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\nepilogue`;

  it('multipart/mixed: the application/sdp part, not the others', () => {
    const body = multipart('unique-1', ['Content-Type: text/plain\r\n\r\nhi v=0', `Content-Type: application/sdp\r\n\r\n${SDP}`, 'Content-Type: application/isup\r\n\r\n\u0001\u0002']);
    assert.deepEqual(found('multipart/mixed;boundary=unique-1', body), [SDP]);
  });

  it('a quoted boundary with parameters around it, and a preamble', () => {
    const body = multipart('a b:c', [`content-type:APPLICATION/SDP;x=y\r\n\r\n${SDP}`], 'This is a preamble.\r\n');
    assert.deepEqual(found('Multipart/Mixed; charset=x; BOUNDARY="a b:c"; other=1', body), [SDP]);
  });

  it('two SDP parts, LF line ends', () => {
    const sdpLf = SDP.replace(/\r\n/g, '\n');
    const body = `--x\nContent-Type: application/sdp\n\n${sdpLf}\n--x\nContent-Type: application/sdp\n\n${sdpLf}2\n--x--\n`;
    assert.deepEqual(found('multipart/alternative; boundary=x', body), [sdpLf, `${sdpLf}2`]);
  });

  it('a part without Content-Type is text/plain', () => {
    assert.deepEqual(found('multipart/mixed; boundary=x', multipart('x', [`\r\n${SDP}`])), []);
  });

  it('a folded Content-Type in a part', () => {
    assert.deepEqual(found('multipart/mixed; boundary=x', multipart('x', [`Content-Type:\r\n application/sdp\r\n\r\n${SDP}`])), [SDP]);
  });

  it('nested multipart', () => {
    const inner = multipart('in', [`Content-Type: application/sdp\r\n\r\n${SDP}`]);
    const outer = multipart('out', [`Content-Type: multipart/alternative; boundary=in\r\n\r\n${inner}`, 'Content-Type: text/plain\r\n\r\nx']);
    assert.deepEqual(found('multipart/mixed; boundary=out', outer), [SDP]);
  });

  it('a boundary string in the middle of a line does not split a part', () => {
    const body = multipart('x', [`Content-Type: application/sdp\r\n\r\n${SDP}\r\na=tool:--x`]);
    assert.deepEqual(found('multipart/mixed; boundary=x', body), [`${SDP}\r\na=tool:--x`]);
  });

  it('no closing delimiter: the last part runs to the end of the body', () => {
    assert.deepEqual(found('multipart/mixed; boundary=x', `--x\r\nContent-Type: application/sdp\r\n\r\n${SDP}`), [SDP]);
  });

  it('stays inside the body: the next message is not searched', () => {
    const text = `H: x\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nhi`;
    const next = `\r\n--x\r\nContent-Type: application/sdp\r\n\r\n${SDP}`;
    const all = text + next;
    assert.deepEqual(findSdpRanges(all, 'multipart/mixed; boundary=x', bodyOf(text)), []);
  });

  it('ngrep text: the "." that stands for each CR', () => {
    const text = `H: x.\n.\n--x.\nContent-Type: application/sdp.\n.\nv=0.\ns=-.\n--x--.\n`;
    const body = { start: text.indexOf('--x'), end: text.length };
    const ranges = findSdpRanges(text, 'multipart/mixed; boundary=x', body, { crShownAsDot: true });
    assert.deepEqual(ranges.map((r) => at(text, r)), ['v=0.\ns=-']);
  });

  it('a fixture with an SDP part between an ISUP part and a text part', () => {
    const text = fixture('multipart-isup.sip');
    const { contentType, body } = splitMessage(text);
    const ranges = findSdpRanges(text, contentType, body);
    assert.equal(ranges.length, 1);
    const parsed = parseSdp(text, ranges[0] as Range);
    assert.deepEqual(parsed.errors, []);
    assert.equal(parsed.value.connection?.address, '203.0.113.50');
    assert.equal(parsed.value.media.length, 1);
  });
});

describe('a WebRTC offer (fixture webrtc-invite.sip)', () => {
  it('parses without errors and reads every candidate and the rtcp address', () => {
    const text = fixture('webrtc-invite.sip');
    const { contentType, body } = splitMessage(text);
    const [range] = findSdpRanges(text, contentType, body);
    assert.ok(range);
    const { value, errors } = parseSdp(text, range);
    assert.deepEqual(errors, []);
    assert.deepEqual(value.media.map((m) => [m.media, m.port, m.proto, m.formats.length]), [
      ['audio', 45664, 'UDP/TLS/RTP/SAVPF', 8],
      ['video', 0, 'UDP/TLS/RTP/SAVPF', 2],
    ]);
    const audio = value.media[0];
    assert.ok(audio);
    const candidates = audio.attributes.map(parseCandidateAttribute).filter((c) => c !== undefined);
    assert.deepEqual(
      candidates.map((c) => [c.candidateType, c.address, c.port, c.relatedAddress ?? null, c.transport]),
      [
        ['host', '100.64.0.10', 46243, null, 'udp'],
        ['srflx', '203.0.113.4', 45664, '100.64.0.10', 'tcp'],
        ['relay', '198.51.100.20', 61565, '203.0.113.4', 'udp'],
        ['host', '4f5a1c8e-7c5b-4f0e-9a0d-2f7e7b1f9b1e.local', 51397, null, 'udp'],
      ],
    );
    for (const c of candidates) {
      assert.equal(at(text, c.addressRange), c.address);
      assert.equal(at(text, c.portRange), String(c.port));
    }
    const rtcp = audio.attributes.map(parseRtcpAttribute).find((r) => r !== undefined);
    assert.equal(rtcp?.address, '0.0.0.0');
    assert.equal(rtcp?.port, 9);
    assert.equal(at(text, rtcp?.addressRange), '0.0.0.0');
    const rtpmaps = audio.attributes.map(parseRtpmapAttribute).filter((r) => r !== undefined);
    assert.deepEqual(rtpmaps.map((r) => r.payloadType), [111, 63, 9, 0, 8, 13, 110, 126]);
    assert.equal(value.attributes.find((a) => a.name === 'msid-semantic')?.value, ' WMS stream1');
  });
});

describe('parseContentType', () => {
  const cases: [string, string, string | undefined][] = [
    ['application/sdp', 'application/sdp', undefined],
    [' Multipart/Mixed ;boundary=abc', 'multipart/mixed', 'abc'],
    ['multipart/mixed; boundary="q\\"x;y"; a=b', 'multipart/mixed', 'q"x;y'],
    ['multipart/mixed; a="x;boundary=no"; boundary=yes', 'multipart/mixed', 'yes'],
    ['multipart/mixed; boundary', 'multipart/mixed', undefined],
  ];
  for (const [input, mediaType, boundary] of cases) {
    it(input, () => assert.deepEqual(parseContentType(input), { mediaType, boundary }));
  }
});

describe('attribute readers', () => {
  const attr = (line: string) => {
    const { value } = parseSdp(line, whole(line));
    const a = value.attributes[0];
    assert.ok(a);
    return a;
  };

  it('a=rtpmap', () => {
    const text = 'a=rtpmap:96 opus/48000/2';
    const r = parseRtpmapAttribute(attr(text));
    assert.equal(r?.payloadType, 96);
    assert.equal(at(text, r?.payloadTypeRange), '96');
    assert.equal(r?.encoding, 'opus');
    assert.equal(r?.clockRate, 48000);
    assert.equal(parseRtpmapAttribute(attr('a=fmtp:96 x')), undefined);
  });

  it('rtpmapPayloadType agrees with parseRtpmapAttribute on any line', () => {
    const field = fc.stringMatching(/^[0-9a-zA-Z \t/]{0,20}$/);
    fc.assert(
      fc.property(fc.constantFrom('rtpmap', 'RTPMAP', 'rtpMap', 'rtcp', 'fmtp'), field, (name, value) => {
        const a = attr(`a=${name}:${value}`);
        const full = parseRtpmapAttribute(a);
        const quick = rtpmapPayloadType(a);
        assert.deepEqual(quick, full?.payloadType);
      }),
      { numRuns: 500 },
    );
  });

  it('a=rtcp with an address', () => {
    const text = 'a=rtcp:53020 IN IP4 100.64.0.10';
    const r = parseRtcpAttribute(attr(text));
    assert.ok(r);
    assert.equal(r.port, 53020);
    assert.equal(at(text, r.portRange), '53020');
    assert.equal(r.address, '100.64.0.10');
    assert.equal(at(text, r.addressRange), '100.64.0.10');
    assert.equal(r.addrType, 'IP4');
  });

  it('a=rtcp with a port only, and with a TTL suffix', () => {
    assert.deepEqual(
      (({ port, address, addressRange }) => ({ port, address, addressRange }))(parseRtcpAttribute(attr('a=rtcp:53020'))!),
      { port: 53020, address: undefined, addressRange: undefined },
    );
    const text = 'a=rtcp:53020 IN IP4 233.252.0.1/127';
    assert.equal(at(text, parseRtcpAttribute(attr(text))?.addressRange), '233.252.0.1');
    assert.equal(parseRtcpAttribute(attr('a=rtcp')), undefined);
    assert.equal(parseRtcpAttribute(attr('a=rtcp-mux')), undefined);
  });

  it('a=candidate, host and srflx with related address', () => {
    const host = 'a=candidate:1 1 UDP 2130706431 100.64.0.10 8998 typ host';
    const h = parseCandidateAttribute(attr(host));
    assert.ok(h);
    assert.equal(h.foundation, '1');
    assert.equal(h.component, 1);
    assert.equal(h.transport, 'UDP');
    assert.equal(h.priority, 2130706431);
    assert.equal(at(host, h.addressRange), '100.64.0.10');
    assert.equal(h.port, 8998);
    assert.equal(at(host, h.portRange), '8998');
    assert.equal(h.candidateType, 'host');
    assert.equal(h.relatedAddress, undefined);

    const srflx = 'a=candidate:2 1 UDP 1694498815 203.0.113.4 45664 typ srflx raddr 100.64.0.10 rport 8998 generation 0';
    const s = parseCandidateAttribute(attr(srflx));
    assert.ok(s);
    assert.equal(s.candidateType, 'srflx');
    assert.equal(at(srflx, s.candidateTypeRange), 'srflx');
    assert.equal(s.relatedAddress, '100.64.0.10');
    assert.equal(at(srflx, s.relatedAddressRange), '100.64.0.10');
    assert.equal(s.relatedPort, 8998);
    assert.equal(at(srflx, s.relatedPortRange), '8998');
  });

  it('a=candidate too short, or another attribute', () => {
    assert.equal(parseCandidateAttribute(attr('a=candidate:1 1 UDP 2130706431 100.64.0.10')), undefined);
    assert.equal(parseCandidateAttribute(attr('a=end-of-candidates')), undefined);
  });
});

describe('properties', () => {
  /** Text made of SDP-ish pieces, so that random inputs reach the interesting branches. */
  const piece = fc.constantFrom(
    'v=0', 'o=- 1 1 IN IP4 192.0.2.1', 'c=IN IP4 ', 'c=IN IP6 [', ']', '/', 'm=audio ', ' RTP/AVP ', '96', '70000',
    'a=rtpmap:', 'a=candidate:1 1 UDP 1 ', ' typ ', 'a=rtcp:', '\r\n', '\n', '\r', '.', ' ', '\t', '=', ':', 'x', '--b', '\u0000', '\uD800',
  );
  const sdpish = fc.oneof(fc.array(piece, { maxLength: 60 }).map((a) => a.join('')), fc.string({ maxLength: 200, unit: 'binary' }));

  it('a type letter is known exactly when RFC 8866 lists it, whatever the character', () => {
    // Every Latin-1 character and some beyond: the parser tests a bit set, not a string.
    for (let code = 0; code < 0x300; code++) {
      if (code === 0x0a || code === 0x0d) continue;
      const type = String.fromCharCode(code);
      const { errors } = parseSdp(`${type}=x`, { start: 0, end: 3 });
      const unknown = errors.some((e) => e.message.startsWith(`Unknown SDP line type "${type}="`));
      assert.equal(unknown, !'vosiuepcbtrzkam'.includes(type), `type ${code}`);
    }
  });

  it('parseSdp never throws and keeps every range inside the one it was given', () => {
    fc.assert(
      fc.property(sdpish, fc.nat(20), fc.nat(20), fc.boolean(), (body, pre, post, dots) => {
        const text = `${'P'.repeat(pre)}${body}${'\n'.repeat(post)}`;
        const range = { start: pre, end: pre + body.length };
        const { value, errors } = parseSdp(text, range, { crShownAsDot: dots });
        assertInBounds(value, errors, range);
        for (const m of value.media) for (const a of m.attributes) {
          parseRtcpAttribute(a);
          parseRtpmapAttribute(a);
          const c = parseCandidateAttribute(a);
          if (c) assert.equal(at(text, c.addressRange), c.address);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('findSdpRanges never throws and returns ranges inside the body', () => {
    const type = fc.constantFrom(undefined, 'application/sdp', 'multipart/mixed; boundary=b', 'multipart/mixed; boundary="b"', 'multipart/x;boundary=', 'text/plain');
    const part = fc.array(fc.oneof(piece, fc.constantFrom('Content-Type: application/sdp', 'Content-Type: multipart/mixed;boundary=b', '--b--')), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(type, fc.oneof(part, fc.string({ maxLength: 100 })), fc.nat(5), fc.boolean(), (contentType, body, pre, dots) => {
        const text = `${'H'.repeat(pre)}${body}--b\r\nContent-Type: application/sdp\r\n\r\nv=0`;
        const range = { start: pre, end: pre + body.length };
        for (const r of findSdpRanges(text, contentType, range, { crShownAsDot: dots })) {
          assert.ok(r.start >= range.start && r.start <= r.end && r.end <= range.end, `${r.start}-${r.end}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a body longer than any real SDP', () => {
  it(`is read up to ${MAX_LINES} lines, and the rest is reported once where it starts`, () => {
    const head = 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n';
    const text = head + 'a=x\r\n'.repeat(MAX_LINES) + 'a=y\r\n';
    const { value, errors } = parseSdp(text, { start: 0, end: text.length });
    assert.equal(value.lines.length, MAX_LINES);
    assert.equal(errors.length, 1);
    assert.match(errors[0].message, /more than 5000 lines/);
    assert.equal(text.slice(errors[0].range.start, errors[0].range.end), 'a=x\r');
    assert.equal(errors[0].range.start, head.length + 'a=x\r\n'.length * (MAX_LINES - 5));
  });
});

/**
 * Wireshark's protocol tree as text (`tshark -V`, "Export Packet Dissections → As Plain Text"),
 * read with `{ dissection: true }`: the tree must be the one the lines themselves give, with
 * every range in the dissection.
 */
const TRACE_DIRS = [join(__dirname, '../../../test/fixtures/traces'), join(__dirname, '../fixtures/traces'), join(process.cwd(), 'test/fixtures/traces')];
const traceFile = (name: string): string => firstFile(TRACE_DIRS, name);
const DISSECTION = { dissection: true } as const;

/**
 * What a parse gives, with every range replaced by what it holds: a line's whole range by the
 * line's index, a range in a line's type (`x=` or `(x)`) by `line i type`, any other range by
 * its text. Two parses of one SDP written two ways then give equal shapes. A line with an empty
 * value is all type when written `x=`: there a range in the type counts as the whole line.
 */
function shapeOf(text: string, parsed: { value: SdpSession; errors: readonly { message: string; range: Range }[] }): unknown {
  const { value, errors } = parsed;
  const lineIndex = (line: { range: Range }): number => value.lines.findIndex((l) => l.range.start === line.range.start);
  const span = (r: Range | undefined): unknown => {
    if (r === undefined) return undefined;
    for (const [i, line] of value.lines.entries()) {
      const whole = line.range;
      if (r.start === whole.start && r.end === whole.end) return `line ${i}`;
      if (r.start >= whole.start && r.end <= line.valueRange.start) return line.value === '' ? `line ${i}` : `line ${i} type`;
    }
    return text.slice(r.start, r.end);
  };
  // Every field of an attribute reader's result, ranges as their texts, without the attribute.
  const spans = (read: object | undefined): unknown =>
    read === undefined
      ? undefined
      : Object.fromEntries(Object.entries(read).filter(([k]) => k !== 'attribute').map(([k, v]) => [k, k.endsWith('Range') ? span(v as Range | undefined) : v]));
  const connection = (c: SdpSession['connection']): unknown =>
    c && { line: lineIndex(c.line), netType: c.netType, addrType: c.addrType, address: c.address, addressRange: span(c.addressRange), ttl: c.ttl, addressCount: c.addressCount };
  const attribute = (a: SdpSession['attributes'][number]): unknown => ({
    line: lineIndex(a.line),
    name: a.name,
    nameRange: span(a.nameRange),
    value: a.value,
    valueRange: span(a.valueRange),
    rtpmap: spans(parseRtpmapAttribute(a)),
    rtpmapPayloadType: rtpmapPayloadType(a),
    rtcp: spans(parseRtcpAttribute(a)),
    candidate: spans(parseCandidateAttribute(a)),
  });
  const o = value.origin;
  return {
    lines: value.lines.map((l) => ({ type: l.type, value: l.value, valueRange: span(l.valueRange) })),
    sessionLines: value.sessionLines.map(lineIndex),
    origin: o && {
      line: lineIndex(o.line),
      username: o.username,
      sessionId: o.sessionId,
      sessionVersion: o.sessionVersion,
      netType: o.netType,
      addrType: o.addrType,
      address: o.address,
      addressRange: span(o.addressRange),
    },
    connection: connection(value.connection),
    attributes: value.attributes.map(attribute),
    media: value.media.map((m) => ({
      line: lineIndex(m.line),
      media: m.media,
      port: m.port,
      portRange: span(m.portRange),
      portCount: m.portCount,
      proto: m.proto,
      protoRange: span(m.protoRange),
      formats: m.formats.map((f) => ({ value: f.value, range: span(f.range), payloadType: f.payloadType })),
      connections: m.connections.map(connection),
      attributes: m.attributes.map(attribute),
      lines: m.lines.map(lineIndex),
      // The section runs from its m= line to the end of its last line.
      range: [value.lines.findIndex((l) => l.range.start === m.range.start), value.lines.findIndex((l) => l.range.end === m.range.end)],
    })),
    errors: errors.map((e) => ({ message: e.message, range: span(e.range) })),
  };
}

/** One SDP block of a dissection: its range (from the first item to the end of its last line) and the Call-ID Wireshark generated. */
interface DissectedBlock {
  readonly range: Range;
  readonly callId: string;
}

/**
 * The SDP blocks of a `-V` text, found without the parser: the lines after a
 * `Session Description Protocol` line that are indented at least as deep as the first of them.
 */
function dissectedBlocks(text: string): DissectedBlock[] {
  const blocks: DissectedBlock[] = [];
  for (const heading of text.matchAll(/^ *Session Description Protocol\n/gm)) {
    const start = heading.index + heading[0].length;
    const indent = /^ */.exec(text.slice(start))?.[0].length ?? 0;
    let end = start;
    let callId = '';
    for (let pos = start; pos < text.length; ) {
      const lineEnd = text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos);
      const line = text.slice(pos, lineEnd);
      if (line.length - line.trimStart().length < indent || line.trim() === '') break;
      callId = /^ *\[Generated Call-ID: (.*)\]$/.exec(line)?.[1] ?? callId;
      end = lineEnd;
      pos = lineEnd + 1;
    }
    blocks.push({ range: { start, end }, callId });
  }
  return blocks;
}

/**
 * The SDP bodies of a follow text, found without the parser: from a `v=` line after an empty
 * line, the `<type>=<value>` lines (each ending CRLF, as sent) and their line breaks, keyed by
 * the Call-ID of the message they end.
 */
function followBodies(text: string): { range: Range; callId: string }[] {
  const bodies: { range: Range; callId: string }[] = [];
  let callId = '';
  let body: Range | undefined;
  let previous = '';
  for (let pos = 0; pos < text.length; ) {
    const lineEnd = text.indexOf('\n', pos) === -1 ? text.length : text.indexOf('\n', pos);
    const line = text.slice(pos, lineEnd);
    callId = /^Call-ID: (.*)\r$/.exec(line)?.[1] ?? callId;
    if (body === undefined && previous === '\r' && line.startsWith('v=')) body = { start: pos, end: pos };
    if (body !== undefined) {
      if (/^[a-z]=.*\r$/.test(line)) body = { start: body.start, end: lineEnd + 1 };
      else {
        bodies.push({ range: body, callId });
        body = undefined;
      }
    }
    previous = line;
    pos = lineEnd + 1;
  }
  return bodies;
}

describe("parseSdp with { dissection: true }: Wireshark's protocol tree as text", () => {
  const traces: [string, string][] = [
    ['nat-pbx', 'nat-pbx-follow.txt'],
    ['loopback', 'loopback-follow.txt'],
    ['loopback-tcp', 'loopback-follow-tcp.txt'],
    ['loopback-v4-v6', 'loopback-follow-v4-v6.txt'],
  ];
  for (const [pcap, followName] of traces) {
    it(`${pcap}.pcap: every SDP block of -V is the body of the follow output`, () => {
      const dissected = traceFile(`wireshark/${pcap}-V.txt`);
      const follow = traceFile(`tshark/${followName}`);
      const blocks = dissectedBlocks(dissected);
      const bodies = followBodies(follow);
      assert.ok(blocks.length >= 2 && blocks.length === bodies.length, `${blocks.length} blocks, ${bodies.length} bodies`);
      // The follow output may list the streams in another order: the n-th block of a call is the
      // n-th body of that call.
      const seen = new Map<string, number>();
      for (const block of blocks) {
        const nth = seen.get(block.callId) ?? 0;
        seen.set(block.callId, nth + 1);
        const body = bodies.filter((b) => b.callId === block.callId)[nth];
        assert.ok(body, `a body for ${block.callId} #${nth}`);
        const fromTree = parseSdp(dissected, block.range, DISSECTION);
        const fromLines = parseSdp(follow, body.range);
        assertInBounds(fromTree.value, fromTree.errors, block.range);
        assert.deepEqual(shapeOf(dissected, fromTree), shapeOf(follow, fromLines), `${block.callId} #${nth}`);
        // The values are the lines as sent: written back as lines, they are the body.
        assert.equal(fromTree.value.lines.map((l) => `${l.type}=${l.value}\r\n`).join(''), at(follow, body.range));
        // A line's range is its item, from the label to the end of the value.
        for (const line of fromTree.value.lines) {
          const item = at(dissected, line.range) ?? '';
          assert.ok(item.endsWith(` (${line.type}): ${line.value}`), item);
          assert.match(dissected.slice(line.range.start - 1, line.range.start + 1), /^ [^ ]$/);
          assert.equal(dissected[line.range.end], '\n');
        }
      }
      assert.equal([...seen.values()].reduce((a, b) => a + b, 0), bodies.length);
    });
  }

  it('the IPv6 call of loopback-v4-v6 has the bracket error at the o= address in the tree', () => {
    const dissected = traceFile('wireshark/loopback-v4-v6-V.txt');
    const block = dissectedBlocks(dissected).find((b) => b.callId.endsWith('@::1'));
    assert.ok(block);
    const { value, errors } = parseSdp(dissected, block.range, DISSECTION);
    assert.deepEqual(errors.map((e) => [e.message, at(dissected, e.range)]), [['SDP writes IPv6 addresses without "[" and "]".', '[::1]']]);
    assert.equal(value.origin?.address, '::1');
    assert.equal(dissected.slice(value.origin.line.range.start, value.origin.addressRange.end), 'Owner/Creator, Session Id (o): user1 53655765 2353687637 IN IP6 [::1');
  });

  /** A small tree: the SDP items at `indent` spaces, their breakdown deeper. */
  const tree = (indent: number, items: readonly string[]): string => items.map((item) => `${' '.repeat(indent)}${item}\n`).join('');
  const TREE = tree(12, [
    'Session Description Protocol Version (v): 0',
    'Owner/Creator, Session Id (o): - 1 1 IN IP4 192.0.2.7',
    '    Owner Username: -',
    '    Owner Address: 192.0.2.7',
    'Session Name (s): ',
    'Session Information (i): a value (x): with an item in it',
    'Connection Information (c): IN IP4 192.0.2.8',
    '    Connection Address: 192.0.2.8',
    '    [Expert Info (Note/Malformed): something]',
    '        [Severity level: Note]',
    '',
    'Media Description, name and address (m): audio 4000 RTP/AVP 0',
    'Media Attribute (a): rtcp:4001 IN IP4 192.0.2.9',
    '[Generated Call-ID: 1@192.0.2.7]',
  ]);

  it('skips deeper lines, lines in brackets and empty lines, and reads the rest as lines', () => {
    const text = `    Message Body\n        Session Description Protocol\n${TREE}\n    Next item\n`;
    const start = text.indexOf('            Session Description Protocol Version');
    const range = { start, end: text.indexOf('\n\n    Next item') };
    const { value, errors } = parseSdp(text, range, DISSECTION);
    assert.deepEqual(errors, []);
    assertInBounds(value, errors, range);
    assert.deepEqual(value.lines.map((l) => [l.type, l.value]), [
      ['v', '0'],
      ['o', '- 1 1 IN IP4 192.0.2.7'],
      ['s', ''],
      ['i', 'a value (x): with an item in it'],
      ['c', 'IN IP4 192.0.2.8'],
      ['m', 'audio 4000 RTP/AVP 0'],
      ['a', 'rtcp:4001 IN IP4 192.0.2.9'],
    ]);
    assert.deepEqual(value.range, range);
    assert.equal(at(text, value.lines[2]?.range), 'Session Name (s): ');
    assert.equal(value.connection?.addressRange.start, text.indexOf('192.0.2.8'));
    assert.equal(value.origin?.addressRange.start, text.indexOf('192.0.2.7'));
    assert.equal(at(text, value.media[0]?.range), text.slice(text.indexOf('Media Description'), text.indexOf('\n            [Generated')));
    const rtcp = parseRtcpAttribute(value.media[0]?.attributes[0] as SdpAttribute);
    assert.equal(at(text, rtcp?.portRange), '4001');
    assert.equal(at(text, rtcp?.addressRange), '192.0.2.9');
    // The same SDP as lines gives the same tree.
    const lines = 'v=0\r\no=- 1 1 IN IP4 192.0.2.7\r\ns=\r\ni=a value (x): with an item in it\r\nc=IN IP4 192.0.2.8\r\nm=audio 4000 RTP/AVP 0\r\na=rtcp:4001 IN IP4 192.0.2.9\r\n';
    assert.deepEqual(shapeOf(text, { value, errors }), shapeOf(lines, parseSdp(lines, whole(lines))));
  });

  it('reports a line at the items\' indentation that is not an item once, at that line, and goes on', () => {
    const text = tree(4, [
      'Session Description Protocol Version (v): 0',
      'Unknown: x=whatever',
      'Invalid line: hello world',
      '    [Expert Info (Note/Malformed): Invalid SDP line (no \'=\' delimiter)]',
      'Session Name (V): upper case is no type',
      'Session Name (s):',
      'Session Name (s): -',
    ]);
    const { value, errors } = parseSdp(text, whole(text), DISSECTION);
    assert.deepEqual(errors.map((e) => at(text, e.range)), ['Unknown: x=whatever', 'Invalid line: hello world', 'Session Name (V): upper case is no type', 'Session Name (s):']);
    for (const e of errors) assert.match(e.message, /^Not an SDP item of Wireshark's dissection: expected <label> \(<type>\): <value>/);
    assert.equal(errors[1]?.message.includes('found "Invalid line: hello world"'), true);
    assert.deepEqual(value.lines.map((l) => l.type).join(''), 'vs');
  });

  it('an unknown type letter: error at "(x)", the line is kept, as for "x="', () => {
    const text = '  Version (v): 0\n  Something (x): whatever\n';
    const { value, errors } = parseSdp(text, whole(text), DISSECTION);
    assert.deepEqual(errors.map((e) => at(text, e.range)), ['(x)']);
    assert.equal(errors[0]?.message, parseSdp('x=whatever', whole('x=whatever')).errors[0]?.message);
    assert.deepEqual(value.lines.map((l) => [l.type, l.value]), [['v', '0'], ['x', 'whatever']]);
  });

  it('a line less indented than the items is read like an item; CRLF line ends are fine', () => {
    const text = '      Version (v): 0\r\n    Session Name (s): -\r\n          Sub: x\r\n      Time (t): 0 0\r\n';
    const { value, errors } = parseSdp(text, { start: 0, end: text.length - 2 }, DISSECTION);
    assert.deepEqual(errors, []);
    assert.deepEqual(value.lines.map((l) => `${l.type}=${l.value}`), ['v=0', 's=-', 't=0 0']);
  });

  it('reads as many items as lines, and reports the rest once at the first item past the bound', () => {
    const item = '    Media Attribute (a): x\n        Media Attribute Fieldname: x\n';
    const text = `    Version (v): 0\n${item.repeat(MAX_LINES)}`;
    const { value, errors } = parseSdp(text, whole(text), DISSECTION);
    assert.equal(value.lines.length, MAX_LINES);
    assert.deepEqual(errors.map((e) => at(text, e.range)), ['Media Attribute (a): x']);
    assert.match(errors[0]?.message ?? '', /more than 5000 lines/);
  });

  it('any SDP lines written as a tree give the tree of the lines, with sub-items and brackets between them', () => {
    const value = fc.stringMatching(/^[^\r\n]*$/);
    const sdpLine = fc.tuple(fc.constantFrom(...'vosiuepcbtrzkamxy'), fc.oneof(value, fc.constantFrom('IN IP4 192.0.2.1', 'IN IP6 [::1]', '- 1 1 IN IP4 10.0.0.1', 'audio 4000/2 RTP/AVP 0 96', 'rtpmap:96 opus/48000/2', 'rtcp:9 IN IP4 0.0.0.0', 'candidate:1 1 UDP 1 192.0.2.1 9 typ host', ':x', '')));
    const noise = fc.constantFrom('', '    Sub Item: x', '        Deeper: (v): 0', '[Generated Call-ID: x]', '  [x]');
    fc.assert(
      fc.property(fc.array(fc.tuple(sdpLine, noise), { maxLength: 25 }), fc.nat(8), (items, indent) => {
        const pad = ' '.repeat(indent);
        const lines = items.map(([[type, v]]) => `${type}=${v}\r\n`).join('');
        const text = `${items.map(([[type, v], extra]) => `${pad}A label (${type}): ${v}\n${extra === '' ? '' : `${extra.startsWith('[') ? pad : pad + pad + ' '}${extra}\n`}`).join('')}`;
        const fromTree = parseSdp(text, whole(text), DISSECTION);
        assertInBounds(fromTree.value, fromTree.errors, whole(text));
        assert.deepEqual(shapeOf(text, fromTree), shapeOf(lines, parseSdp(lines, whole(lines))));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws and keeps every range inside the one it was given', () => {
    const piece = fc.constantFrom('Version (v): 0', 'Origin (o): - 1 1 IN IP4 192.0.2.1', ' (c): IN IP6 [', ']', ' (m): audio ', ' (a): rtpmap:', '    ', '  ', '[', '\r\n', '\n', '\r', ' (', '): ', '(x)', 'v', ' ', '\t', ':', '\u0000');
    const body = fc.oneof(fc.array(piece, { maxLength: 60 }).map((a) => a.join('')), fc.string({ maxLength: 200, unit: 'binary' }));
    fc.assert(
      fc.property(body, fc.nat(20), fc.nat(20), (sdp, pre, post) => {
        const text = `${'P'.repeat(pre)}${sdp}${'\n'.repeat(post)}`;
        const range = { start: pre, end: pre + sdp.length };
        const { value, errors } = parseSdp(text, range, DISSECTION);
        assertInBounds(value, errors, range);
        const starts = errors.map((e) => e.range.start);
        assert.equal(new Set(starts).size, starts.length, JSON.stringify(errors));
      }),
      { numRuns: 2000 },
    );
  });
});
