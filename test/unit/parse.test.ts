/**
 * The document parser, case by case through one `check(input, expected)`: framing (CRLF, LF,
 * Content-Length counted as written and as on the wire, no empty line, no Content-Length,
 * messages back to back, stray text), header forms (compact, folded, multi-valued), the trace
 * formats' metadata, and exact ranges. Each expected header is `[canonical name, the field as
 * written, its value as written]`; `check` finds them in the input in order and compares the
 * offsets, so a range that is one character off fails. Problems are `code@line:column`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex, parseDocument, type PacketMeta, type SipDocument, type SipMessage, type TraceFormat } from '../../server/src/core/index';
import { headerValueText } from '../../server/src/core/sip/parse';
import { DocumentIndex } from '../../server/src/core/rules/context';
import { bytesHeldAfter } from './check';

type HeaderSpec = readonly [name: string, written: string, value: string];

interface MetaSpec {
  readonly format: TraceFormat;
  readonly time?: string;
  readonly transport?: string;
  readonly direction?: 'sent' | 'received';
  /** `host:port` as the trace writes it, or the host alone when it gives no port. */
  readonly source?: string;
  readonly destination?: string;
}

interface MessageSpec {
  /** The start line as written (without its line break, without ngrep's `.`). */
  readonly start: string;
  readonly method?: string;
  readonly uri?: string;
  readonly version?: string;
  readonly status?: number;
  readonly reason?: string;
  /** Every header, in order. */
  readonly headers?: readonly HeaderSpec[];
  /** Unfolded values (`headerValueText`) of the first header of each name. */
  readonly unfolded?: Readonly<Record<string, string>>;
  readonly vias?: number;
  readonly contacts?: number;
  /** The body as written; null when there is none. */
  readonly body?: string | null;
  /** The whole message, from its start line to its last character. */
  readonly text?: string;
  readonly lineEnding?: SipMessage['lineEnding'];
  readonly crShownAsDot?: boolean;
  /** The packet metadata; null when there is none. */
  readonly meta?: MetaSpec | null;
}

interface Expected {
  readonly format: TraceFormat;
  readonly messages: readonly MessageSpec[];
  /** Every parse problem, in order, as `code@line:column` (1-based). */
  readonly problems: readonly string[];
}

/** Joins lines with CRLF, as SIP is written on the wire. */
function wire(...lines: string[]): string {
  return lines.join('\r\n');
}

/** Joins lines with LF only, as pasted traces often are. */
function lf(...lines: string[]): string {
  return lines.join('\n');
}

/** UTF-8 octets of a string, to write a Content-Length that is right by construction. */
function octets(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function endpointText(endpoint: PacketMeta['source']): string | undefined {
  if (endpoint === undefined) return undefined;
  return endpoint.port === undefined ? endpoint.host : `${endpoint.host}:${endpoint.port}`;
}

/** Parses `input` and compares the document with `expected`; checks every range it touches. */
function check(input: string, expected: Expected): SipDocument {
  const document = parseDocument(input);
  const lines = new LineIndex(input);
  const at = (offset: number): string => {
    const p = lines.positionAt(offset);
    return `${p.line + 1}:${p.character + 1}`;
  };
  const slice = (r: { start: number; end: number }): string => input.slice(r.start, r.end);

  assert.equal(document.text, input);
  assert.equal(document.format, expected.format, 'format');
  assert.deepEqual(document.problems.map((p) => `${p.code}@${at(p.range.start)}`), expected.problems, 'problems');
  for (const problem of document.problems) {
    assert.ok(problem.range.start >= 0 && problem.range.start <= problem.range.end && problem.range.end <= input.length, `problem range ${problem.code}`);
  }
  assert.equal(document.messages.length, expected.messages.length, 'message count');
  const index = new DocumentIndex(document);

  let previousEnd = 0;
  document.messages.forEach((message, i) => {
    const want = expected.messages[i];
    const where = `message ${i + 1}`;
    assert.equal(message.index, i, `${where}: index`);
    assert.ok(message.range.start >= previousEnd && message.range.end <= input.length && message.range.start <= message.range.end, `${where}: range in order`);
    previousEnd = message.range.end;
    assert.equal(message.range.start, message.startLine.range.start, `${where}: starts with its start line`);
    assert.equal(slice(message.startLine.range), want.start, `${where}: start line`);

    const line = message.startLine;
    if (want.status !== undefined || want.reason !== undefined) {
      assert.equal(line.kind, 'response', `${where}: kind`);
      if (line.kind === 'response') {
        if (want.status !== undefined) assert.equal(line.status, want.status, `${where}: status`);
        if (want.reason !== undefined) assert.equal(line.reason, want.reason, `${where}: reason`);
        assert.equal(slice(line.reasonRange), line.reason, `${where}: reason range`);
        assert.equal(slice(line.versionRange), line.version, `${where}: version range`);
        assert.equal(String(line.status), slice(line.statusRange), `${where}: status range`);
      }
    }
    if (want.method !== undefined || want.uri !== undefined) {
      assert.equal(line.kind, 'request', `${where}: kind`);
      if (line.kind === 'request') {
        if (want.method !== undefined) assert.equal(line.method, want.method, `${where}: method`);
        if (want.uri !== undefined) assert.equal(slice(line.uriRange), want.uri, `${where}: Request-URI`);
        assert.equal(slice(line.methodRange), line.method, `${where}: method range`);
        assert.equal(slice(line.versionRange), line.version, `${where}: version range`);
      }
    }
    if (want.version !== undefined) assert.equal(line.version, want.version, `${where}: version`);

    if (want.headers !== undefined) {
      assert.deepEqual(message.headers.map((h) => h.name), want.headers.map((h) => h[0]), `${where}: header names`);
      let cursor = message.startLine.range.end;
      message.headers.forEach((header, k) => {
        const [name, written, value] = want.headers![k];
        const start = input.indexOf(written, cursor);
        assert.ok(start !== -1, `${where}: ${written} not in the input`);
        const hw = `${where}, header ${k + 1} (${name})`;
        assert.deepEqual(header.range, { start, end: start + written.length }, `${hw}: range`);
        const writtenName = written.slice(0, written.indexOf(':')).replace(/[ \t]+$/, '');
        assert.deepEqual(header.nameRange, { start, end: start + writtenName.length }, `${hw}: name range`);
        assert.equal(header.compact, writtenName.length === 1, `${hw}: compact`);
        const valueStart = start + written.indexOf(value, writtenName.length + 1);
        assert.deepEqual(header.valueRange, { start: valueStart, end: valueStart + value.length }, `${hw}: value range`);
        cursor = header.range.end;
      });
    }
    if (want.unfolded !== undefined) {
      for (const [name, value] of Object.entries(want.unfolded)) {
        const header = message.headers.find((h) => h.name === name);
        assert.ok(header, `${where}: no ${name}`);
        assert.equal(headerValueText(input, header), value, `${where}: ${name} unfolded`);
      }
    }
    const values = index.values(message);
    if (want.vias !== undefined) assert.equal(values.vias().length, want.vias, `${where}: Via values`);
    if (want.contacts !== undefined) assert.equal(values.contacts().length, want.contacts, `${where}: Contact values`);
    if (want.body !== undefined) {
      assert.equal(message.body === undefined ? null : slice(message.body), want.body, `${where}: body`);
    }
    if (message.body !== undefined) {
      assert.ok(message.body.start >= message.headerEnd && message.body.end === message.range.end, `${where}: the body ends the message`);
    }
    assert.ok(message.headerEnd >= message.startLine.range.end && message.headerEnd <= message.range.end, `${where}: header end inside the message`);
    if (want.text !== undefined) assert.equal(slice(message.range), want.text, `${where}: message text`);
    if (want.lineEnding !== undefined) assert.equal(message.lineEnding, want.lineEnding, `${where}: line endings`);
    assert.equal(message.crShownAsDot, want.crShownAsDot ?? false, `${where}: crShownAsDot`);
    if (want.meta !== undefined) {
      if (want.meta === null) assert.equal(message.meta, undefined, `${where}: no metadata`);
      else {
        const meta = message.meta;
        assert.ok(meta, `${where}: metadata`);
        assert.deepEqual(
          { format: meta.format, time: meta.time, transport: meta.transport, direction: meta.direction, source: endpointText(meta.source), destination: endpointText(meta.destination) },
          { format: want.meta.format, time: want.meta.time, transport: want.meta.transport, direction: want.meta.direction, source: want.meta.source, destination: want.meta.destination },
          `${where}: metadata`,
        );
        assert.ok(meta.range.end <= message.range.start, `${where}: metadata before the message`);
        for (const endpoint of [meta.source, meta.destination]) {
          // The range covers the address as written: an IPv6 host may be in brackets there.
          if (endpoint) assert.ok(slice(endpoint.range).startsWith(endpoint.host) || slice(endpoint.range).startsWith(`[${endpoint.host}]`), `${where}: endpoint range ${slice(endpoint.range)}`);
        }
      }
    }
  });
  return document;
}

// Messages reused below.
const sdp = wire('v=0', 'o=alice 2890844526 2890844526 IN IP4 203.0.113.1', 's=-', 'c=IN IP4 203.0.113.1', 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', '');
const sdpLf = sdp.replace(/\r\n/g, '\n');

const options = wire(
  'OPTIONS sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-o1',
  'Max-Forwards: 70',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.com>',
  'Call-ID: o1@203.0.113.1',
  'CSeq: 1 OPTIONS',
  'Content-Length: 0',
  '',
  '',
);
const optionsHeaders: HeaderSpec[] = [
  ['via', 'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-o1', 'SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-o1'],
  ['max-forwards', 'Max-Forwards: 70', '70'],
  ['from', 'From: <sip:alice@example.com>;tag=a1', '<sip:alice@example.com>;tag=a1'],
  ['to', 'To: <sip:bob@example.com>', '<sip:bob@example.com>'],
  ['call-id', 'Call-ID: o1@203.0.113.1', 'o1@203.0.113.1'],
  ['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'],
  ['content-length', 'Content-Length: 0', '0'],
];

const ok200 = wire(
  'SIP/2.0 200 OK',
  'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-o1;received=203.0.113.1',
  'From: <sip:alice@example.com>;tag=a1',
  'To: <sip:bob@example.com>;tag=b1',
  'Call-ID: o1@203.0.113.1',
  'CSeq: 1 OPTIONS',
  'Content-Length: 0',
  '',
  '',
);

/** An INVITE with `sdp` as its body, written with `join` and the given Content-Length. */
function invite(join: (...lines: string[]) => string, body: string, contentLength: number | undefined): string {
  const headers = [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-i1',
    'To: <sip:bob@example.com>',
    'From: <sip:alice@example.com>;tag=a2',
    'Call-ID: i1@203.0.113.1',
    'CSeq: 1 INVITE',
    'Content-Type: application/sdp',
  ];
  if (contentLength !== undefined) headers.push(`Content-Length: ${contentLength}`);
  return join(...headers, '', '') + body;
}

interface Case {
  readonly name: string;
  readonly input: string;
  readonly expected: Expected;
}

const cases: Case[] = [
  {
    name: 'one CRLF request: every header and value range exact',
    input: options,
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', method: 'OPTIONS', uri: 'sip:bob@example.com', version: 'SIP/2.0', headers: optionsHeaders, body: null, text: options, lineEnding: 'crlf', meta: null }],
    },
  },
  {
    name: 'white space around the colon and after the value is not part of name or value',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'Max-Forwards \t:   70  \t', 'Subject:', 'CSeq:1 OPTIONS', '', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [['max-forwards', 'Max-Forwards \t:   70  \t', '70'], ['subject', 'Subject:', ''], ['cseq', 'CSeq:1 OPTIONS', '1 OPTIONS']],
      }],
    },
  },
  {
    name: 'a status line: version, code and reason with their ranges',
    input: ok200,
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'SIP/2.0 200 OK', status: 200, reason: 'OK', version: 'SIP/2.0', body: null, text: ok200, lineEnding: 'crlf' }],
    },
  },
  {
    name: 'a reason phrase with spaces, and none at all',
    input: wire('SIP/2.0 100 trying -- your call is important to us', 'CSeq: 1 INVITE', 'Content-Length: 0', '', '') + wire('SIP/2.0 183', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [
        { start: 'SIP/2.0 100 trying -- your call is important to us', status: 100, reason: 'trying -- your call is important to us' },
        { start: 'SIP/2.0 183', status: 183, reason: '' },
      ],
    },
  },
  {
    name: 'compact forms are expanded to their long names',
    input: wire(
      'INVITE sip:bob@example.com SIP/2.0',
      'v: SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-c1',
      'f: <sip:alice@example.com>;tag=c1',
      't: <sip:bob@example.com>',
      'i: c1@example.com',
      'm: <sip:alice@203.0.113.1>',
      'k: 100rel',
      's: lunch',
      'e: gzip',
      'o: presence',
      'CSeq: 1 INVITE',
      'c: application/sdp',
      'l: ' + octets(sdp),
      '',
      '',
    ) + sdp,
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'INVITE sip:bob@example.com SIP/2.0',
        headers: [
          ['via', 'v: SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-c1', 'SIP/2.0/UDP 203.0.113.1;branch=z9hG4bK-c1'],
          ['from', 'f: <sip:alice@example.com>;tag=c1', '<sip:alice@example.com>;tag=c1'],
          ['to', 't: <sip:bob@example.com>', '<sip:bob@example.com>'],
          ['call-id', 'i: c1@example.com', 'c1@example.com'],
          ['contact', 'm: <sip:alice@203.0.113.1>', '<sip:alice@203.0.113.1>'],
          ['supported', 'k: 100rel', '100rel'],
          ['subject', 's: lunch', 'lunch'],
          ['content-encoding', 'e: gzip', 'gzip'],
          ['event', 'o: presence', 'presence'],
          ['cseq', 'CSeq: 1 INVITE', '1 INVITE'],
          ['content-type', 'c: application/sdp', 'application/sdp'],
          ['content-length', `l: ${octets(sdp)}`, String(octets(sdp))],
        ],
        vias: 1,
        contacts: 1,
        body: sdp,
      }],
    },
  },
  {
    name: 'upper-case compact forms and header names in any case',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'V: SIP/2.0/UDP h.example.com;branch=z9hG4bK-u1', 'cOnTeNt-LeNgTh: 0', '', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [['via', 'V: SIP/2.0/UDP h.example.com;branch=z9hG4bK-u1', 'SIP/2.0/UDP h.example.com;branch=z9hG4bK-u1'], ['content-length', 'cOnTeNt-LeNgTh: 0', '0']],
        vias: 1,
        body: null,
      }],
    },
  },
  {
    name: 'folded headers: the value spans the continuation lines and unfolds to one space',
    input: wire(
      'OPTIONS sip:bob@example.com SIP/2.0',
      'Subject: I know you are there,',
      '   pick up the phone',
      '\tand talk to me!',
      'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK-f1,',
      ' SIP/2.0/UDP b.example.com;branch=z9hG4bK-f2',
      'CSeq: 1 OPTIONS',
      '',
      '',
    ),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [
          ['subject', 'Subject: I know you are there,\r\n   pick up the phone\r\n\tand talk to me!', 'I know you are there,\r\n   pick up the phone\r\n\tand talk to me!'],
          ['via', 'Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK-f1,\r\n SIP/2.0/UDP b.example.com;branch=z9hG4bK-f2', 'SIP/2.0/UDP a.example.com;branch=z9hG4bK-f1,\r\n SIP/2.0/UDP b.example.com;branch=z9hG4bK-f2'],
          ['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'],
        ],
        unfolded: { subject: 'I know you are there, pick up the phone and talk to me!', via: 'SIP/2.0/UDP a.example.com;branch=z9hG4bK-f1, SIP/2.0/UDP b.example.com;branch=z9hG4bK-f2' },
        vias: 2,
      }],
    },
  },
  {
    name: 'a value that starts on a continuation line: its range starts at its first character',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'Subject:', '  late value', 'CSeq: 1 OPTIONS', '', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [['subject', 'Subject:\r\n  late value', 'late value'], ['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS']],
        unfolded: { subject: 'late value' },
      }],
    },
  },
  {
    name: 'multi-value headers: comma lists and repeated headers, commas in quotes kept',
    input: wire(
      'SIP/2.0 200 OK',
      'Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK-m1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK-m2',
      'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-m3',
      'Contact: <sip:a@203.0.113.1>;expires=60, "Smith, Bob" <sip:b@203.0.113.2>;q=0.5',
      'Contact: sip:c@203.0.113.3',
      'CSeq: 2 REGISTER',
      'Content-Length: 0',
      '',
      '',
    ),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{
        start: 'SIP/2.0 200 OK',
        headers: [
          ['via', 'Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK-m1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK-m2', 'SIP/2.0/UDP p1.example.com;branch=z9hG4bK-m1, SIP/2.0/UDP p2.example.com;branch=z9hG4bK-m2'],
          ['via', 'Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-m3', 'SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-m3'],
          ['contact', 'Contact: <sip:a@203.0.113.1>;expires=60, "Smith, Bob" <sip:b@203.0.113.2>;q=0.5', '<sip:a@203.0.113.1>;expires=60, "Smith, Bob" <sip:b@203.0.113.2>;q=0.5'],
          ['contact', 'Contact: sip:c@203.0.113.3', 'sip:c@203.0.113.3'],
          ['cseq', 'CSeq: 2 REGISTER', '2 REGISTER'],
          ['content-length', 'Content-Length: 0', '0'],
        ],
        vias: 3,
        contacts: 3,
      }],
    },
  },
  {
    name: 'CRLF: Content-Length frames the body exactly, the next message follows',
    input: invite(wire, sdp, octets(sdp)) + options,
    expected: {
      format: 'plain',
      problems: [],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, text: invite(wire, sdp, octets(sdp)), lineEnding: 'crlf' },
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, body: null, text: options },
      ],
    },
  },
  {
    name: 'LF only, Content-Length counted as written (one octet per LF)',
    input: invite(lf, sdpLf, octets(sdpLf)) + '\n' + options.replace(/\r\n/g, '\n'),
    expected: {
      format: 'plain',
      problems: ['syntax/lf-line-endings@1:1', 'syntax/lf-line-endings@18:1'],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdpLf, text: invite(lf, sdpLf, octets(sdpLf)), lineEnding: 'lf' },
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, lineEnding: 'lf' },
      ],
    },
  },
  {
    name: 'LF only, Content-Length counted as on the wire (CRLF, two octets per line break)',
    input: invite(lf, sdpLf, octets(sdp)) + '\n' + options.replace(/\r\n/g, '\n'),
    expected: {
      format: 'plain',
      problems: ['syntax/lf-line-endings@1:1', 'syntax/lf-line-endings@18:1'],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdpLf, text: invite(lf, sdpLf, octets(sdp)), lineEnding: 'lf' },
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, lineEnding: 'lf' },
      ],
    },
  },
  {
    name: 'LF only, wire-counted Content-Length with the next message right after the body',
    input: invite(lf, sdpLf, octets(sdp)) + options.replace(/\r\n/g, '\n'),
    expected: {
      format: 'plain',
      problems: ['syntax/lf-line-endings@1:1', 'syntax/lf-line-endings@17:1'],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdpLf, lineEnding: 'lf' },
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, lineEnding: 'lf' },
      ],
    },
  },
  {
    name: 'mixed line endings are reported once, on the start line',
    input: 'OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK-x1\nCSeq: 1 OPTIONS\r\n\r\n',
    expected: {
      format: 'plain',
      problems: ['syntax/lf-line-endings@1:1'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', lineEnding: 'mixed', body: null }],
    },
  },
  {
    name: 'no empty line after the headers at the end of the text',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', 'Content-Length: 0'),
    expected: {
      format: 'plain',
      problems: ['syntax/missing-empty-line@3:18'],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'], ['content-length', 'Content-Length: 0', '0']],
        body: null,
        text: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', 'Content-Length: 0'),
      }],
    },
  },
  {
    name: 'no empty line after the headers, the last line ended by CRLF',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', 'Content-Length: 0', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/missing-empty-line@3:18'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, headers: [['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'], ['content-length', 'Content-Length: 0', '0']] }],
    },
  },
  {
    name: 'no empty line after the headers, the next start line follows at once',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', '') + ok200,
    expected: {
      format: 'plain',
      problems: ['syntax/missing-empty-line@3:1'],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: [['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS']], body: null },
        { start: 'SIP/2.0 200 OK', text: ok200, body: null },
      ],
    },
  },
  {
    name: 'a body without Content-Length runs to the next message, blank lines left out',
    input: invite(wire, sdp, undefined) + '\r\n\r\n' + options,
    expected: {
      format: 'plain',
      problems: [],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, text: invite(wire, sdp, undefined) },
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, text: options },
      ],
    },
  },
  {
    name: 'a body without Content-Length runs to the end of the text',
    input: invite(wire, sdp, undefined),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, text: invite(wire, sdp, undefined) }],
    },
  },
  {
    name: 'a Content-Length larger than the rest: the body runs to the end of the text',
    input: invite(wire, sdp, octets(sdp) + 40),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp }],
    },
  },
  {
    name: 'two messages back to back, no blank line between them',
    input: options + ok200,
    expected: {
      format: 'plain',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null, text: options },
        { start: 'SIP/2.0 200 OK', body: null, text: ok200 },
      ],
    },
  },
  {
    name: 'stray text before, between and after messages is reported, messages still found',
    input: 'captured on the PBX\r\n\r\n' + options + 'here comes the answer:\r\nsee below\r\n\r\n' + ok200 + 'end of capture\r\n',
    expected: {
      format: 'plain',
      problems: ['syntax/stray-text@1:1', 'syntax/stray-text@12:1', 'syntax/stray-text@23:1'],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options },
        { start: 'SIP/2.0 200 OK', text: ok200 },
      ],
    },
  },
  {
    // A Content-Length that ends mid-line is no boundary: the body runs on to the line end,
    // and message/content-length-mismatch reports the count (the parser reports nothing).
    name: 'a Content-Length that ends mid-line: the body runs to the end of the line',
    input: wire('MESSAGE sip:bob@example.com SIP/2.0', 'CSeq: 1 MESSAGE', 'Content-Length: 5', '', 'hello and more'),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'MESSAGE sip:bob@example.com SIP/2.0', body: 'hello and more' }],
    },
  },
  {
    // Content-Length: 0 under a Content-Type, before lines that are not a next message: the count
    // is wrong, and the lines are the body it leaves out (not stray text).
    name: 'Content-Length: 0 under a Content-Type before body lines: the body is those lines',
    input: wire('MESSAGE sip:bob@example.com SIP/2.0', 'CSeq: 1 MESSAGE', 'Content-Type: text/plain', 'Content-Length: 0', '', 'hello', 'again', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'MESSAGE sip:bob@example.com SIP/2.0', body: 'hello\r\nagain\r\n' }],
    },
  },
  {
    // Editors on Windows save UTF-8 with a byte order mark: it must not hide the first message.
    name: 'a UTF-8 byte order mark before the first message is skipped',
    input: '\ufeff' + options + ok200,
    expected: {
      format: 'plain',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options },
        { start: 'SIP/2.0 200 OK', text: ok200 },
      ],
    },
  },
  {
    // Without a Content-Type no body was meant: what follows a zero count is text outside.
    name: 'Content-Length: 0 without a Content-Type: the lines after it are stray text',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', 'Content-Length: 0', '', 'a note', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/stray-text@5:1'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', body: null }],
    },
  },
  {
    // A count that stops just before a line break is a boundary only when a message may follow
    // that line; more body lines there show the count is short.
    name: 'a Content-Length that stops before a line break with more body lines after it: the body runs on',
    input: wire('MESSAGE sip:bob@example.com SIP/2.0', 'CSeq: 1 MESSAGE', 'Content-Type: text/plain', 'Content-Length: 5', '', 'hello', 'again', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'MESSAGE sip:bob@example.com SIP/2.0', body: 'hello\r\nagain\r\n' }],
    },
  },
  {
    // A start line right after the empty line of a message that declares no body (no
    // Content-Length, no Content-Type) begins the next message: it must not vanish into a body.
    name: 'no Content-Length nor Content-Type: a start line right after the empty line is the next message',
    input: wire('SIP/2.0 100 Trying', 'CSeq: 1 INVITE', '', '') + ok200,
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'SIP/2.0 100 Trying', body: null }, { start: 'SIP/2.0 200 OK', text: ok200, body: null }],
    },
  },
  {
    name: 'a message/sipfrag body without Content-Length is a body, though it looks like a status line',
    input: wire('NOTIFY sip:alice@203.0.113.1 SIP/2.0', 'CSeq: 2 NOTIFY', 'Event: refer', 'Content-Type: message/sipfrag', '', 'SIP/2.0 200 OK', ''),
    expected: {
      format: 'plain',
      problems: [],
      messages: [{ start: 'NOTIFY sip:alice@203.0.113.1 SIP/2.0', body: 'SIP/2.0 200 OK\r\n' }],
    },
  },
  {
    name: 'a request line without SIP version is a message, reported at the line end',
    input: wire('INVITE sip:bob@example.com', 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/malformed-start-line@1:27'],
      messages: [{ start: 'INVITE sip:bob@example.com', method: 'INVITE', uri: 'sip:bob@example.com', version: '', headers: [['cseq', 'CSeq: 1 INVITE', '1 INVITE'], ['content-length', 'Content-Length: 0', '0']], body: null }],
    },
  },
  {
    name: 'a wrong SIP version is read and reported on the version',
    input: wire('INVITE sip:bob@example.com SIP/7.0', 'CSeq: 1 INVITE', '', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/unsupported-sip-version@1:28'],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/7.0', version: 'SIP/7.0', uri: 'sip:bob@example.com' }],
    },
  },
  {
    name: 'a header line without a colon is reported and the next header is still read',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 1 OPTIONS', 'this is not a header', 'Call-ID: x@y', '', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/header-without-colon@3:1'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: [['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'], ['call-id', 'Call-ID: x@y', 'x@y']] }],
    },
  },
  {
    name: 'a header name with a character outside token',
    input: wire('OPTIONS sip:bob@example.com SIP/2.0', 'X Bad[1]: v', 'CSeq: 1 OPTIONS', '', ''),
    expected: {
      format: 'plain',
      problems: ['syntax/invalid-header-name@2:1'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: [['x bad[1]', 'X Bad[1]: v', 'v'], ['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS']] }],
    },
  },
  {
    name: 'text with no SIP message at all',
    input: 'hello\r\nworld\r\n',
    expected: { format: 'plain', problems: ['syntax/stray-text@1:1', 'syntax/no-sip-message@1:1'], messages: [] },
  },
  {
    name: 'an empty document',
    input: '',
    expected: { format: 'plain', problems: [], messages: [] },
  },
  {
    name: 'ngrep byline: "." stands for CR, metadata from the packet line, body framed by Content-Length',
    input: lf(
      'interface: any',
      'filter: ( udp port 5060 ) and (ip || ip6)',
      '#',
      'U 203.0.113.1:47322 -> 203.0.113.5:5060 #1',
      'INVITE sip:bob@example.com SIP/2.0.',
      'Via: SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-n1;rport.',
      'CSeq: 1 INVITE.',
      'Content-Type: application/sdp.',
      `Content-Length: ${octets(sdp)}.`,
      '.',
      ...sdp.split('\r\n').slice(0, -1).map((l) => `${l}.`),
      '',
      '#',
      'U 203.0.113.5:5060 -> 203.0.113.1:47322 #2',
      'SIP/2.0 100 Trying.',
      'CSeq: 1 INVITE.',
      'Content-Length: 0.',
      '.',
      '',
      'exit',
      '2 received, 2 matched',
      '',
    ),
    expected: {
      format: 'ngrep',
      problems: [],
      messages: [
        {
          start: 'INVITE sip:bob@example.com SIP/2.0',
          headers: [
            ['via', 'Via: SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-n1;rport', 'SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-n1;rport'],
            ['cseq', 'CSeq: 1 INVITE', '1 INVITE'],
            ['content-type', 'Content-Type: application/sdp', 'application/sdp'],
            ['content-length', `Content-Length: ${octets(sdp)}`, String(octets(sdp))],
          ],
          vias: 1,
          body: sdp.replace(/\r\n/g, '.\n'),
          // Each `.` before LF is a CR that ngrep could not print: the message had CRLF.
          lineEnding: 'crlf',
          crShownAsDot: true,
          meta: { format: 'ngrep', transport: 'udp', source: '203.0.113.1:47322', destination: '203.0.113.5:5060' },
        },
        {
          start: 'SIP/2.0 100 Trying',
          status: 100,
          reason: 'Trying',
          headers: [['cseq', 'CSeq: 1 INVITE', '1 INVITE'], ['content-length', 'Content-Length: 0', '0']],
          body: null,
          crShownAsDot: true,
          meta: { format: 'ngrep', transport: 'udp', source: '203.0.113.5:5060', destination: '203.0.113.1:47322' },
        },
      ],
    },
  },
  {
    name: 'ngrep -t: the time before the source',
    input: lf('U 2026/11/24 01:45:33.010211 203.0.113.1:47322 -> 203.0.113.5:5060 #1', 'OPTIONS sip:bob@example.com SIP/2.0.', 'CSeq: 1 OPTIONS.', 'Content-Length: 0.', '.', '', ''),
    expected: {
      format: 'ngrep',
      problems: [],
      messages: [{
        start: 'OPTIONS sip:bob@example.com SIP/2.0',
        headers: [['cseq', 'CSeq: 1 OPTIONS', '1 OPTIONS'], ['content-length', 'Content-Length: 0', '0']],
        crShownAsDot: true,
        meta: { format: 'ngrep', time: '2026/11/24 01:45:33.010211', transport: 'udp', source: '203.0.113.1:47322', destination: '203.0.113.5:5060' },
      }],
    },
  },
  {
    name: 'sngrep .txt: time, source and destination; CRLF kept in the message',
    input: '2026/11/24 01:45:33.010210 203.0.113.1:47322 -> 203.0.113.5:5060\n' + options + '\n\n' + '2026/11/24 01:45:33.010800 203.0.113.5:5060 -> 203.0.113.1:47322\n' + ok200 + '\n\n',
    expected: {
      format: 'sngrep',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, text: options, lineEnding: 'crlf', meta: { format: 'sngrep', time: '2026/11/24 01:45:33.010210', source: '203.0.113.1:47322', destination: '203.0.113.5:5060' } },
        { start: 'SIP/2.0 200 OK', text: ok200, meta: { format: 'sngrep', time: '2026/11/24 01:45:33.010800', source: '203.0.113.5:5060', destination: '203.0.113.1:47322' } },
      ],
    },
  },
  {
    name: 'SIPp -trace_msg: separator time, transport and direction of each record',
    input:
      '----------------------------------------------- 2026-11-24 01:45:33.028767\nUDP message sent (' + octets(options) + ' bytes):\n\n' + options + '\n' +
      '----------------------------------------------- 2026-11-24 01:45:33.029001\nUDP message received [' + octets(ok200) + '] bytes :\n\n' + ok200 + '\n',
    expected: {
      format: 'sipp',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, text: options, meta: { format: 'sipp', time: '2026-11-24 01:45:33.028767', transport: 'udp', direction: 'sent' } },
        { start: 'SIP/2.0 200 OK', text: ok200, meta: { format: 'sipp', time: '2026-11-24 01:45:33.029001', transport: 'udp', direction: 'received' } },
      ],
    },
  },
  {
    name: 'Kamailio sipdump: tag, time, proto and addresses of each record; a body framed before the |||| line',
    input:
      ['====================', 'tag: rcv', 'pid: 31914', 'process: 1', 'time: 1795484733.050086', 'date: Tue Nov 24 01:45:33 2026', 'proto: udp ipv4', 'srcip: 203.0.113.1', 'srcport: 47322', 'dstip: 203.0.113.5', 'dstport: 5060', '~~~~~~~~~~~~~~~~~~~~', ''].join('\n') +
      invite(wire, sdp, octets(sdp)) + '||||||||||||||||||||\n' +
      ['====================', 'tag: snd', 'pid: 31914', 'process: 1', 'time: 1795484733.050300', 'date: Tue Nov 24 01:45:33 2026', 'proto: udp ipv4', 'srcip: 203.0.113.5', 'srcport: 5060', 'dstip: 203.0.113.1', 'dstport: 47322', '~~~~~~~~~~~~~~~~~~~~', ''].join('\n') +
      ok200 + '||||||||||||||||||||\n',
    expected: {
      format: 'sipdump',
      problems: [],
      messages: [
        { start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, text: invite(wire, sdp, octets(sdp)), meta: { format: 'sipdump', time: '1795484733.050086', transport: 'udp', direction: 'received', source: '203.0.113.1:47322', destination: '203.0.113.5:5060' } },
        { start: 'SIP/2.0 200 OK', text: ok200, body: null, meta: { format: 'sipdump', time: '1795484733.050300', transport: 'udp', direction: 'sent', source: '203.0.113.5:5060', destination: '203.0.113.1:47322' } },
      ],
    },
  },
  {
    name: 'sipdump: a body without Content-Length stops at the |||| line',
    input: ['====================', 'tag: rcv', 'srcip: 203.0.113.1', 'srcport: 5060', '~~~~~~~~~~~~~~~~~~~~', ''].join('\n') + invite(wire, sdp, undefined) + '||||||||||||||||||||\n',
    expected: {
      format: 'sipdump',
      problems: [],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, meta: { format: 'sipdump', direction: 'received', source: '203.0.113.1:5060' } }],
    },
  },
  {
    name: 'Asterisk pjsip logger: direction, transport and peer of each record; an IPv6 peer in brackets',
    input:
      `<--- Received SIP request (${octets(options)} bytes) from UDP:203.0.113.1:47322 --->\n` + options + '\n' +
      `<--- Transmitting SIP response (${octets(ok200)} bytes) to TCP:[2001:db8::7]:5070 --->\n` + ok200 + '\n',
    expected: {
      format: 'asterisk',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, text: options, meta: { format: 'asterisk', transport: 'udp', direction: 'received', source: '203.0.113.1:47322' } },
        { start: 'SIP/2.0 200 OK', text: ok200, meta: { format: 'asterisk', transport: 'tcp', direction: 'sent', destination: '2001:db8::7:5070' } },
      ],
    },
  },
  {
    name: 'Asterisk log file: the logger prefix before a heading; PJSIP\'s UDP6 is UDP',
    input:
      `[2026-11-24 04:21:29] VERBOSE[31914][C-00000001] res_pjsip_logger.c: <--- Received SIP request (${octets(options)} bytes) from UDP6:[fd00::10]:5060 --->\n` +
      options + '\n',
    expected: {
      format: 'asterisk',
      problems: [],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options, meta: { format: 'asterisk', transport: 'udp', direction: 'received', source: 'fd00::10:5060' } }],
    },
  },
  {
    name: 'Asterisk chan_sip debug: read and transmit headings, closing lines and the header summary are framing',
    input:
      '\n<--- SIP read from UDP:203.0.113.1:47322 --->\n' + options + '\n<------------->\n--- (3 headers 0 lines) ---\n' +
      '\n<--- Reliably Transmitting (NAT) to 203.0.113.1:47322 --->\n' + ok200 + '\n<------------>\n' +
      '--- (0 headers 0 lines) Nat keepalive ---\n',
    expected: {
      format: 'asterisk',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options, meta: { format: 'asterisk', transport: 'udp', direction: 'received', source: '203.0.113.1:47322' } },
        { start: 'SIP/2.0 200 OK', text: ok200, meta: { format: 'asterisk', direction: 'sent', destination: '203.0.113.1:47322' } },
      ],
    },
  },
  {
    name: 'Asterisk chan_sip: a body without Content-Length stops at the closing line',
    input: '<--- SIP read from UDP:203.0.113.1:5060 --->\n' + invite(wire, sdp, undefined) + '\n<------------->\n',
    expected: {
      format: 'asterisk',
      problems: [],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp, meta: { format: 'asterisk', transport: 'udp', direction: 'received', source: '203.0.113.1:5060' } }],
    },
  },
  {
    name: 'FreeSWITCH siptrace: direction, transport, peer in brackets and time of each record; its log lines are framing',
    input:
      `recv ${octets(options)} bytes from udp/[203.0.113.1]:47322 at 20:07:57.811303:\n${'-'.repeat(72)}\n` + options.replace(/\r\n/g, '\n') +
      '2026-11-24 20:07:57.808015 [NOTICE] switch_channel.c:1118 New Channel sofia/internal/1000@203.0.113.5\n' +
      `send ${octets(ok200)} bytes to tcp/[2001:db8::7]:5070/12;comp=sigcomp at 20:07:57.814089:\n${'-'.repeat(72)}\n` + ok200.replace(/\r\n/g, '\n'),
    expected: {
      format: 'freeswitch',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, text: options.replace(/\r\n/g, '\n'), lineEnding: 'lf', meta: { format: 'freeswitch', time: '20:07:57.811303', transport: 'udp', direction: 'received', source: '203.0.113.1:47322' } },
        { start: 'SIP/2.0 200 OK', text: ok200.replace(/\r\n/g, '\n'), meta: { format: 'freeswitch', time: '20:07:57.814089', transport: 'tcp', direction: 'sent', destination: '2001:db8::7:5070' } },
      ],
    },
  },
  {
    name: 'FreeSWITCH: a body framed by its CRLF count though the log shows LF, up to a log line right after it',
    input:
      `recv 1 bytes from udp/[203.0.113.1]:5060 at 20:07:57.811303:\n${'-'.repeat(72)}\n` + invite(wire, sdp, octets(sdp)).replace(/\r\n/g, '\n') +
      '2026-11-24 20:07:57.808015 95.50% [NOTICE] switch_channel.c:1118 New Channel sofia/internal/1000@203.0.113.5\n',
    expected: {
      format: 'freeswitch',
      problems: [],
      messages: [{ start: 'INVITE sip:bob@example.com SIP/2.0', body: sdp.replace(/\r\n/g, '\n'), meta: { format: 'freeswitch', time: '20:07:57.811303', transport: 'udp', direction: 'received', source: '203.0.113.1:5060' } }],
    },
  },
  {
    name: 'tcpdump -A: the start line at the end of a dump line, after a header byte printed as a letter; dump lines of a packet without a message are framing',
    input:
      '2026-11-24 08:22:58.232747 lo    In  IP6 2001:db8::7.5061 > 2001:db8::1.5060: Flags [.], ack 1, win 65495, length 0\n' +
      '`......@...................\n' +
      'J..!....\n' +
      '2026-11-24 08:22:58.334891 lo    In  IP6 2001:db8::7.5061 > 2001:db8::1.5060: Flags [P.], seq 1:510, ack 1, win 65495, length 509: SIP: OPTIONS sip:bob@example.com SIP/2.0\n' +
      '`......@.......................\n' +
      'J.......POPTIONS sip:bob@example.com SIP/2.0\n' + options.replace(/\r\n/g, '\n').slice(options.indexOf('\r\n') + 1) + '\n',
    expected: {
      format: 'tcpdump',
      problems: [],
      messages: [
        { start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, lineEnding: 'lf', meta: { format: 'tcpdump', time: '2026-11-24 08:22:58.334891', transport: 'tcp', source: '2001:db8::7:5061', destination: '2001:db8::1:5060' } },
      ],
    },
  },
  {
    name: 'a line like an Asterisk heading with anything more is text, not framing',
    input: '<--- SIP read from UDP:203.0.113.1:5060 ---> and then some\n\n' + options,
    expected: {
      format: 'plain',
      problems: ['syntax/stray-text@1:1'],
      messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options }],
    },
  },
];

for (const { name, input, expected } of cases) {
  test(name, () => {
    check(input, expected);
  });
}

test('Unicode before a message shifts nothing: ranges are UTF-16 offsets', () => {
  const prefix = 'Notes — ünïcödé 😀\r\n\r\n';
  const document = check(prefix + options, {
    format: 'plain',
    problems: ['syntax/stray-text@1:1'],
    messages: [{ start: 'OPTIONS sip:bob@example.com SIP/2.0', headers: optionsHeaders, text: options }],
  });
  assert.equal(document.messages[0].range.start, prefix.length);
});

test('a UTF-8 body is framed by its octet count, not its UTF-16 length', () => {
  const body = 'grüße, 😀 ok\r\n';
  const text = wire('MESSAGE sip:bob@example.com SIP/2.0', 'CSeq: 1 MESSAGE', 'Content-Type: text/plain', `Content-Length: ${octets(body)}`, '', '') + body;
  check(text + options, {
    format: 'plain',
    problems: [],
    messages: [{ start: 'MESSAGE sip:bob@example.com SIP/2.0', body, text }, { start: 'OPTIONS sip:bob@example.com SIP/2.0', text: options }],
  });
});

test('header names too long or too many for the packed store keep their name and ranges', () => {
  // A 40,000-character name and 40,000 distinct names do not fit the store's packed name slot.
  const longName = `X-${'a'.repeat(40000)}`;
  const many = Array.from({ length: 40000 }, (_, i) => `X-H${i}: v${i}\r\n`).join('');
  const text = `OPTIONS sip:b@example.com SIP/2.0\r\n${many}${longName}: long\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`;
  const document = parseDocument(text);
  const [message] = document.messages;
  const headers = message.headers;
  assert.equal(headers.length, 40003);
  const last = headers[39999];
  assert.equal(last.name, 'x-h39999');
  assert.equal(text.slice(last.nameRange.start, last.nameRange.end), 'X-H39999');
  assert.equal(headerValueText(text, last), 'v39999');
  const long = headers[40000];
  assert.equal(long.name, longName.toLowerCase());
  assert.equal(long.nameRange.end - long.nameRange.start, longName.length);
  assert.equal(headerValueText(text, long), 'long');
  assert.equal(headers[40001].name, 'cseq');
  assert.equal(new DocumentIndex(document).values(message).has('content-length'), true);
});

test('a header name is reported when a character is not a token character, however often the name recurs in any case', () => {
  // The parser reads a name's characters once per distinct name (compared without regard to
  // ASCII case): every header must still be reported as if it were read on its own.
  const tokenChars = new Set('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`\'~');
  const nameChar = fc.constantFrom(...'aAbBvV-.!%*_+`\'~09', '@', '"', '(', '/', '[', '\u00e9', '\u00c9', '\u{1F600}', '\u0000');
  const name = fc.array(nameChar, { minLength: 1, maxLength: 4 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(name, { minLength: 1, maxLength: 12 }), (names) => {
      const text = `OPTIONS sip:b@example.com SIP/2.0\r\n${names.map((n) => `${n}: x\r\n`).join('')}Content-Length: 0\r\n\r\n`;
      const reported = parseDocument(text).problems.filter((p) => p.code === 'syntax/invalid-header-name').map((p) => text.slice(p.range.start, p.range.end));
      const expected = names.filter((n) => [...n].some((c) => c.length > 1 || !tokenChars.has(c)));
      assert.deepEqual(reported, expected);
    }),
    { numRuns: 500 },
  );
});

test('a body is framed by its octet count whatever its characters (ASCII bodies are counted without the per-character loop)', () => {
  const unit = fc.constantFrom('a', 'v=0', '\r\n', '\n', ' ', '.', '\u00e9', '\u20ac', '\u{1F600}', '\u007f', '\u0080', 'INVITE ');
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 30 }).map((a) => a.join('')), fc.boolean(), (body, lfOnly) => {
      const eol = lfOnly ? '\n' : '\r\n';
      const head = ['MESSAGE sip:bob@example.com SIP/2.0', 'CSeq: 1 MESSAGE', 'Content-Type: text/plain', `Content-Length: ${Buffer.byteLength(body + eol)}`, '', ''].join(eol);
      const next = ['OPTIONS sip:bob@example.com SIP/2.0', 'CSeq: 2 OPTIONS', 'Content-Length: 0', '', ''].join(eol);
      // The body ends with a line break, so that the next message starts a line.
      const text = head + body + eol + next;
      const messages = parseDocument(text).messages;
      assert.equal(messages.length, 2);
      const framed = messages[0].body;
      const got = framed ? text.slice(framed.start, framed.end) : '';
      // An LF-only message may also have been sent with CRLF, each bare LF then two octets;
      // when that count ends the body at a line start with only empty lines after it, the
      // empty lines are left out of the body (frameBody). Nothing else may differ.
      if (lfOnly && got !== body + eol) {
        const rest = (body + eol).slice(got.length);
        assert.ok((body + eol).startsWith(got) && (got === '' || got.endsWith('\n')) && /^(?:[ \t]*\r?\n)+$/.test(rest), `framed ${JSON.stringify(got)}`);
      } else {
        assert.equal(got, body + eol);
      }
    }),
    { numRuns: 1000 },
  );
});

void test('the header name caches keep no document alive', () => {
  // Long names as written (a view on the text when cut from it), in both cases, and one the
  // parser has never seen: each cache must keep a copy of its own.
  const kept = bytesHeldAfter(() => {
    const text =
      'OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK-1\r\n' +
      'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: 1\r\nCSeq: 1 OPTIONS\r\n' +
      'Max-Forwards: 70\r\nX-Never-Seen-Before-Name: 1\r\ncontent-length: 0\r\nACCEPT-LANGUAGE-SOMETHING: en\r\n\r\n' +
      `${'x'.repeat(32 << 20)}`;
    const document = parseDocument(text);
    assert.ok(document.messages.length >= 1);
  });
  assert.ok(kept < 8 << 20, `${kept} bytes still held after the document is gone`);
});

/** `message` as sofia-sip's older log writes it: each line after 3 spaces, CRs left out. */
function sofiaIndented(message: string): string {
  return message.replace(/\r\n/g, '\n').replace(/^/gm, '   ').replace(/ {3}$/, '');
}

test("sofia-sip's older log (3-space indent, closing separator): each message read where it stands, its SDP read past the indent", () => {
  const separator = `   ${'-'.repeat(72)}\n`;
  const text =
    `recv ${octets(options)} bytes from udp/[203.0.113.1]:47322 at 20:07:57.811303:\n${separator}${sofiaIndented(options)}${separator}` +
    '2026-11-24 20:07:57.808015 [NOTICE] switch_channel.c:1118 New Channel sofia/internal/1000@203.0.113.5\n' +
    `send 1 bytes to udp/[203.0.113.1]:47322 at 20:07:57.814089:\n${separator}${sofiaIndented(invite(wire, sdp, 9999))}${separator}`;
  const document = parseDocument(text);
  assert.equal(document.format, 'freeswitch');
  assert.deepEqual(document.problems, []);
  assert.deepEqual(document.messages.map((m) => [text.slice(m.startLine.range.start, m.startLine.range.end), m.indent, m.meta?.direction]), [
    ['OPTIONS sip:bob@example.com SIP/2.0', 3, 'received'],
    ['INVITE sip:bob@example.com SIP/2.0', 3, 'sent'],
  ]);
  // Header names and values stand 3 columns in, as written.
  const [first, second] = document.messages;
  assert.deepEqual(first.headers.map((h) => text.slice(h.range.start, h.range.end)), options.split('\r\n').slice(1, -2));
  // The body runs to the separator: Content-Length (9999 here) frames nothing in a log.
  assert.equal(text.slice(second.body!.start, second.body!.end), sofiaIndented(sdp).slice(0, -1));
  const index = new DocumentIndex(document);
  const session = index.values(second).sdp()[0];
  assert.deepEqual(session.errors, []);
  assert.equal(text.slice(session.value.connection!.addressRange.start, session.value.connection!.addressRange.end), '203.0.113.1');
  assert.deepEqual(session.value.lines.map((l) => text.slice(l.range.start, l.range.end)), sdp.split('\r\n').slice(0, -1));
});

test("sofia-sip's older log: a folded header, empty lines an editor trimmed, a lost closing separator and sofia-sip's truncation note", () => {
  const separator = `   ${'-'.repeat(72)}\n`;
  const folded = options.replace('Max-Forwards: 70\r\n', 'Max-Forwards:\r\n 70\r\n');
  const trimmed = sofiaIndented(folded).replace(/^ {3}$/gm, '');
  const text =
    `recv 1 bytes from udp/[203.0.113.1]:47322 at 20:07:57.811303:\n${separator}${trimmed}` +
    `recv 1 bytes from udp/[203.0.113.1]:47322 at 20:07:58.000000:\n${separator}${sofiaIndented(options)}${separator}   *** message truncated at 2047 ***\n`;
  const document = parseDocument(text);
  assert.equal(document.messages.length, 2);
  const [first] = document.messages;
  const maxForwards = first.headers.find((h) => h.name === 'max-forwards')!;
  assert.equal(headerValueText(text, maxForwards), '70');
  assert.deepEqual(document.problems.map((p) => [p.code, text.slice(p.range.start, p.range.end)]), [['syntax/stray-text', '*** message truncated at 2047 ***']]);
  assert.match(document.problems[0].message, /first 2047 octets of this message only/);
});
