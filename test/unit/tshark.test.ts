/**
 * tshark `-q -z follow,udp,ascii,<stream>` output, as recorded in test/fixtures/traces/tshark/
 * (see the README there for the command lines): recognised with no setting, every payload a
 * message, each carrying the transport of the `Follow:` line and the addresses of the `Node`
 * lines (the count line is indented when node 1 sent the payload), and findings on the exact
 * characters of the pasted text, also when the paste lost its CRs or its tabs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint, parseDocument, type Finding, type SipDocument } from '../../server/src/core/index';
import { messageHolding } from '../../server/src/core/sip/parse';
import { ruleById } from '../../server/src/core/rules/registry';

/** The tshark fixtures, whether the test runs from source or from `out/`. */
function fixturesDir(): string {
  const candidates = [join(__dirname, '..', 'fixtures', 'traces', 'tshark'), join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces', 'tshark'), join(process.cwd(), 'test', 'fixtures', 'traces', 'tshark')];
  const found = candidates.find((dir) => existsSync(join(dir, 'nat-pbx-follow.txt')));
  if (found === undefined) throw new Error(`test/fixtures/traces/tshark not found from ${__dirname} or ${process.cwd()}`);
  return found;
}

const dir = fixturesDir();
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

/** One call as SIPp's built-in uac and uas exchange it. */
const callStartLines = (uri: string): string[] => [`INVITE ${uri} SIP/2.0`, 'SIP/2.0 180 Ringing', 'SIP/2.0 200 OK', `ACK ${uri} SIP/2.0`, `BYE ${uri} SIP/2.0`, 'SIP/2.0 200 OK'];

/** Who sent each message of such a call: the caller (node 0) sends INVITE, ACK and BYE. */
const callSenders = [0, 1, 1, 0, 0, 1];

/** Start line and packet metadata of every message, as written in the text. */
function summary(document: SipDocument): { start: string; format?: string; transport?: string; time?: string; source?: string; destination?: string }[] {
  const { text } = document;
  const slice = (r: { start: number; end: number } | undefined): string | undefined => (r === undefined ? undefined : text.slice(r.start, r.end));
  return document.messages.map((m) => ({
    start: text.slice(m.startLine.range.start, m.startLine.range.end),
    format: m.meta?.format,
    transport: m.meta?.transport,
    time: m.meta?.time,
    source: slice(m.meta?.source?.range),
    destination: slice(m.meta?.destination?.range),
  }));
}

/** The expected summary of one call between two nodes. */
function call(uri: string, node0: string, node1: string): ReturnType<typeof summary> {
  const nodes = [node0, node1];
  return callStartLines(uri).map((start, i) => ({
    start,
    format: 'tshark',
    transport: 'udp',
    time: undefined,
    source: nodes[callSenders[i]],
    destination: nodes[1 - callSenders[i]],
  }));
}

/** The text of each finding of `ruleId`, in order. */
function textsOf(text: string, findings: readonly Finding[], ruleId: string): string[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => text.slice(f.range.start, f.range.end));
}

/** The 1-based line of each finding of `ruleId`, in order. */
function linesOf(text: string, findings: readonly Finding[], ruleId: string): number[] {
  return findings.filter((f) => f.ruleId === ruleId).map((f) => text.slice(0, f.range.start).split('\n').length);
}

test('follow,udp,ascii of one stream: every payload is a message with its direction and nodes', () => {
  const document = parseDocument(read('loopback-follow.txt'));
  assert.equal(document.format, 'tshark');
  const uri = 'sip:service@127.0.0.1:5060';
  assert.deepEqual(summary(document), [...call(uri, '127.0.0.1:5061', '127.0.0.1:5060'), ...call(uri, '127.0.0.1:5061', '127.0.0.1:5060')]);
  // The addresses are read, not only located: the NAT rules compare them with Via.
  const source = document.messages[1].meta?.source;
  assert.deepEqual({ host: source?.host, port: source?.port }, { host: '127.0.0.1', port: 5060 });
  // The framing lines are the format's own: nothing is stray text, nothing is missing.
  assert.deepEqual(document.problems.map((p) => p.code), []);
});

test('follow,tcp,ascii: the transport comes from the Follow line', () => {
  const document = parseDocument(read('loopback-follow-tcp.txt'));
  assert.equal(document.format, 'tshark');
  const expected = call('sip:service@127.0.0.1:5060', '127.0.0.1:5061', '127.0.0.1:5060').map((m) => ({ ...m, transport: 'tcp' }));
  assert.deepEqual(summary(document), expected);
  assert.deepEqual(document.problems.map((p) => p.code), []);
});

test('follow,udp,ascii of two streams: each stream has its own nodes, IPv6 ones in brackets', () => {
  const document = parseDocument(read('loopback-follow-v4-v6.txt'));
  assert.equal(document.format, 'tshark');
  assert.deepEqual(summary(document), [
    ...call('sip:service@[::1]:5060', '[::1]:5061', '[::1]:5060'),
    ...call('sip:service@127.0.0.1:5060', '127.0.0.1:5061', '127.0.0.1:5060'),
  ]);
  const source = document.messages[0].meta?.source;
  assert.deepEqual({ host: source?.host, port: source?.port }, { host: '::1', port: 5061 });
  assert.deepEqual(document.problems.map((p) => p.code), []);
});

test('a call through a NAT: findings land on the private addresses and on the packet source', () => {
  const text = read('nat-pbx-follow.txt');
  const { document, findings } = lint(text);
  assert.equal(document.messages.length, 6);
  // SIPp's uac writes its private address in Via, Contact and SDP of INVITE, ACK and BYE.
  assert.deepEqual(textsOf(text, findings, 'nat/private-contact'), ['100.64.0.10:5060', '100.64.0.10:5060', '100.64.0.10:5060']);
  assert.deepEqual(linesOf(text, findings, 'nat/private-contact'), [14, 65, 78]);
  assert.deepEqual(textsOf(text, findings, 'nat/private-via'), ['100.64.0.10:5060', '100.64.0.10:5060', '100.64.0.10:5060']);
  assert.deepEqual(textsOf(text, findings, 'nat/private-sdp-connection'), ['100.64.0.10']);
  assert.deepEqual(linesOf(text, findings, 'nat/private-sdp-connection'), [23]);
  // The INVITE arrived from the NAT's public side, which the Node 0 line names.
  assert.deepEqual(textsOf(text, findings, 'nat/source-differs-from-via'), ['203.0.113.1:46508']);
  assert.deepEqual(linesOf(text, findings, 'nat/source-differs-from-via'), [5]);
  assert.deepEqual(findings.filter((f) => f.severity === 'error').map((f) => f.ruleId), []);
});

test('a paste that lost its CRs (copied from a terminal) frames and locates the same', () => {
  const crlf = read('nat-pbx-follow.txt');
  const lf = crlf.replace(/\r\n/g, '\n');
  const before = parseDocument(crlf);
  const after = parseDocument(lf);
  assert.deepEqual(summary(after), summary(before));
  // Bodies still end where Content-Length says, counting each LF as the CRLF that was sent.
  assert.deepEqual(after.messages.map((m) => m.body !== undefined), before.messages.map((m) => m.body !== undefined));
  const { findings } = lint(lf);
  assert.deepEqual(textsOf(lf, findings, 'nat/private-contact'), ['100.64.0.10:5060', '100.64.0.10:5060', '100.64.0.10:5060']);
  assert.deepEqual(linesOf(lf, findings, 'nat/private-contact'), [14, 65, 78]);
  assert.deepEqual(textsOf(lf, findings, 'nat/source-differs-from-via'), ['203.0.113.1:46508']);
});

test('a paste whose tabs became spaces still tells node 1 from node 0', () => {
  const spaced = read('loopback-follow.txt').replace(/^\t/gm, '    ');
  const document = parseDocument(spaced);
  const uri = 'sip:service@127.0.0.1:5060';
  assert.deepEqual(summary(document).slice(0, 6), call(uri, '127.0.0.1:5061', '127.0.0.1:5060'));
});

test('a number alone on a line is a count line only above a start line', () => {
  const message = 'OPTIONS sip:b@example.com SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
  // Above a message: tshark's byte count, no stray text (no Follow header: no addresses).
  const counted = parseDocument(`77\n${message}`);
  assert.deepEqual({ format: counted.format, meta: counted.messages[0].meta?.format, problems: counted.problems.map((p) => p.code) }, { format: 'tshark', meta: 'tshark', problems: [] });
  // Elsewhere it stays what it was: stray text in a plain paste, a body line in a body.
  const stray = parseDocument(`${message}42\n\nnot sip\n`);
  assert.deepEqual({ format: stray.format, problems: stray.problems.map((p) => p.code) }, { format: 'plain', problems: ['syntax/stray-text'] });
  const text = `MESSAGE sip:b@example.com SIP/2.0\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\n\r\nhello\r\n\r\n\t42\r\nbye\r\n`;
  const body = parseDocument(text).messages[0].body;
  assert.equal(body === undefined ? undefined : text.slice(body.start, body.end), 'hello\r\n\r\n\t42\r\nbye\r\n');
});

test('a sipdump separator is still sipdump: only 67 `=` make a tshark one', () => {
  const message = 'OPTIONS sip:b@example.com SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
  const sipdump = parseDocument(`${'='.repeat(20)}\ntag: rcv\n${'~'.repeat(20)}\n${message}${'|'.repeat(20)}\n`);
  assert.equal(sipdump.format, 'sipdump');
  const tshark = parseDocument(`${'='.repeat(67)}\nFollow: tcp,ascii\nFilter: tcp.stream eq 3\nNode 0: 10.0.0.1:5060\nNode 1: 10.0.0.2:5060\n\t77\n${message}\n${'='.repeat(67)}\n`);
  assert.deepEqual(
    { format: tshark.format, transport: tshark.messages[0].meta?.transport, source: tshark.messages[0].meta?.source?.host, problems: tshark.problems.map((p) => p.code) },
    { format: 'tshark', transport: 'tcp', source: '10.0.0.2', problems: [] },
  );
});

test('a TCP segment holding two messages gives both the same packet metadata', () => {
  const options = (cseq: number): string => `OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK${cseq}\r\nCSeq: ${cseq} OPTIONS\r\nContent-Length: 0\r\n\r\n`;
  const ok = 'SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
  const header = `${'='.repeat(67)}\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 10.0.0.1:5060\nNode 1: 10.0.0.2:5060\n`;
  const text = `${header}${options(1).length * 2}\n${options(1)}${options(2)}\n\t${ok.length}\n${ok}\n${'='.repeat(67)}\n`;
  const document = parseDocument(text);
  assert.deepEqual(summary(document), [
    { start: 'OPTIONS sip:b@example.com SIP/2.0', format: 'tshark', transport: 'tcp', time: undefined, source: '10.0.0.1:5060', destination: '10.0.0.2:5060' },
    { start: 'OPTIONS sip:b@example.com SIP/2.0', format: 'tshark', transport: 'tcp', time: undefined, source: '10.0.0.1:5060', destination: '10.0.0.2:5060' },
    { start: 'SIP/2.0 200 OK', format: 'tshark', transport: 'tcp', time: undefined, source: '10.0.0.2:5060', destination: '10.0.0.1:5060' },
  ]);
  assert.deepEqual(document.problems.map((p) => p.code), []);
});

/** The text of `range` in `text`. */
function slice(text: string, range: { start: number; end: number }): string {
  return text.slice(range.start, range.end);
}

test('a pasted protocol tree (tshark -O sip -V) is read: the start line after its label, header lines, the packet ends', () => {
  // The start of what `tshark -r loopback.pcap -Y sip -O sip -V` prints for the first INVITE.
  const tree = [
    'Frame 1: 551 bytes on wire (4408 bits), 551 bytes captured (4408 bits) on interface lo, id 0',
    'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
    'User Datagram Protocol, Src Port: 5061, Dst Port: 5060',
    'Session Initiation Protocol (INVITE)',
    '    Request-Line: INVITE sip:service@127.0.0.1:5060 SIP/2.0',
    '        Method: INVITE',
    '        [Resent Packet: False]',
    '    Message Header',
    '        Contact: sip:sipp@127.0.0.1:5061',
    '            Contact URI: sip:sipp@127.0.0.1:5061',
    '        [Generated Call-ID: 1-1@127.0.0.1]',
    '        CSeq: 1 INVITE',
    '',
  ].join('\n');
  const document = parseDocument(tree);
  assert.equal(document.format, 'wireshark');
  assert.deepEqual(document.problems, []);
  assert.equal(document.messages.length, 1);
  const [message] = document.messages;
  assert.equal(slice(tree, message.startLine.range), 'INVITE sip:service@127.0.0.1:5060 SIP/2.0');
  assert.deepEqual(message.headers.map((h) => [h.name, slice(tree, h.range), slice(tree, h.valueRange)]), [
    ['contact', 'Contact: sip:sipp@127.0.0.1:5061', 'sip:sipp@127.0.0.1:5061'],
    ['cseq', 'CSeq: 1 INVITE', '1 INVITE'],
  ]);
  assert.equal(message.body, undefined);
  assert.deepEqual({ transport: message.meta?.transport, source: message.meta?.source?.host, port: message.meta?.source?.port, to: message.meta?.destination?.port }, { transport: 'udp', source: '127.0.0.1', port: 5061, to: 5060 });
});

test('two SIP trees in one TCP frame are two messages with the frame\'s ends; a tree without a start line is no message', () => {
  const tree = [
    'Frame 7: 900 bytes on wire (7200 bits), 900 bytes captured (7200 bits) on interface lo, id 0',
    'Internet Protocol Version 6, Src: ::1, Dst: ::1',
    'Transmission Control Protocol, Src Port: 5060, Dst Port: 5061, Seq: 1, Ack: 1, Len: 846',
    'Session Initiation Protocol (100)',
    '    Status-Line: SIP/2.0 100 Trying',
    '    Message Header',
    '        CSeq: 1 INVITE',
    'Session Initiation Protocol (180)',
    '    Status-Line: SIP/2.0 180 Ringing',
    '    Message Header',
    '        CSeq: 1 INVITE',
    'Session Initiation Protocol (Continuation)',
    '    Continuation data: 0d0a',
    '',
  ].join('\n');
  const document = parseDocument(tree);
  assert.deepEqual(document.problems, []);
  assert.deepEqual(document.messages.map((m) => [slice(tree, m.startLine.range), m.meta?.transport, m.meta?.source?.host, m.meta?.source?.port]), [
    ['SIP/2.0 100 Trying', 'tcp', '::1', 5060],
    ['SIP/2.0 180 Ringing', 'tcp', '::1', 5060],
  ]);
});

test('a dissection with its SIP trees collapsed has no message, and the finding says how to export it', () => {
  const tree = [
    'Frame 1: 551 bytes on wire (4408 bits), 551 bytes captured (4408 bits) on interface lo, id 0',
    'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
    'User Datagram Protocol, Src Port: 5061, Dst Port: 5060',
    'Session Initiation Protocol (INVITE)',
    '',
  ].join('\n');
  const document = parseDocument(tree);
  assert.equal(document.messages.length, 0);
  const noMessage = document.problems.filter((p) => p.code === 'syntax/no-sip-message');
  assert.equal(noMessage.length, 1);
  assert.match(noMessage[0].message, /-O sip -V/);
});

test('a message right after a dissection\'s layer lines is still a message', () => {
  // A start line at the left margin cannot be a line of Wireshark's tree: the record ends there.
  const text = 'Frame 1: 60 bytes on wire (480 bits), 60 bytes captured (480 bits)\nOPTIONS sip:bob@example.com SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
  const document = parseDocument(text);
  assert.deepEqual(document.messages.map((m) => slice(text, m.startLine.range)), ['OPTIONS sip:bob@example.com SIP/2.0']);
  assert.deepEqual(document.problems, []);
});

test('an SDP item Wireshark cut at 240 characters is said to be cut and not checked, where before it was a false SDP error', () => {
  // As TShark 4.0.17 prints an INVITE sent on loopback whose a=fingerprint is 322 characters long.
  const fingerprint = `sha-256 ${Array(100).fill('AB').join(':')}`;
  const shown = `fingerprint:${fingerprint}`.slice(0, 228);
  const dissection = [
    'Frame 1: 830 bytes on wire (6640 bits), 830 bytes captured (6640 bits) on interface lo, id 0',
    'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
    'User Datagram Protocol, Src Port: 51172, Dst Port: 5099',
    'Session Initiation Protocol (INVITE)',
    '    Request-Line: INVITE sip:bob@127.0.0.1:5099 SIP/2.0',
    '    Message Header',
    '        Via: SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-long;rport',
    '        Max-Forwards: 70',
    '        From: <sip:alice@example.com>;tag=1',
    '        To: <sip:bob@example.com>',
    '        Call-ID: long-sdp@test',
    '        CSeq: 1 INVITE',
    '        Contact: <sip:alice@100.64.0.10:5060>',
    '        Content-Type: application/sdp',
    '        Content-Length: 464',
    '    Message Body',
    '        Session Description Protocol',
    '            Session Description Protocol Version (v): 0',
    '            Owner/Creator, Session Id (o): - 1 1 IN IP4 100.64.0.10',
    '            Session Name (s): -',
    '            Connection Information (c): IN IP4 100.64.0.10',
    '            Time Description, active time (t): 0 0',
    '            Media Description, name and address (m): audio 4000 RTP/AVP 0',
    '            Media Attribute (a): rtpmap:0 PCMU/8000',
    `            Media Attribute (a) [truncated]: ${shown}`,
    '                Media Attribute Fieldname: fingerprint',
    `                Media Attribute Value [truncated]: ${fingerprint.slice(0, 220)}`,
    '            Media Attribute (a): sendrecv',
    '            [Generated Call-ID: long-sdp@test]',
    '',
  ].join('\n');
  const result = lint(dissection);
  assert.deepEqual(result.findings.filter((f) => f.severity === 'error'), []);
  const cut = result.findings.filter((f) => f.ruleId === 'syntax/stray-text');
  assert.deepEqual(cut.map((f) => slice(dissection, f.range)), [`Media Attribute (a) [truncated]: ${shown}`]);
  assert.match(cut[0].message, /cut this SDP line at 240 characters: it is not checked/);
  // The lines around it are read: the session's c= and the media's attributes.
  assert.deepEqual(result.findings.filter((f) => f.ruleId === 'nat/private-sdp-connection').map((f) => slice(dissection, f.range)), ['100.64.0.10']);
});

test('an item Wireshark cut at 240 characters: a header is read as far as shown and said to be cut; a cut start line is no message', () => {
  // As TShark 4.0.17 prints a packet whose Via, then one whose Request-URI, is over 240 characters.
  const via = `SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-${'a'.repeat(203)}`;
  const cutHeader = [
    'Frame 1: 681 bytes on wire (5448 bits), 681 bytes captured (5448 bits) on interface lo, id 0',
    'Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1',
    'User Datagram Protocol, Src Port: 36805, Dst Port: 5099',
    'Session Initiation Protocol (OPTIONS)',
    '    Request-Line: OPTIONS sip:u@203.0.113.5 SIP/2.0',
    '    Message Header',
    `         [truncated]Via: ${via}`,
    '            Transport: UDP',
    '        CSeq: 1 OPTIONS',
    '',
  ].join('\n');
  const document = parseDocument(cutHeader);
  assert.equal(document.messages.length, 1);
  assert.deepEqual(document.messages[0].headers.map((h) => [h.name, slice(cutHeader, h.valueRange)]), [['via', via], ['cseq', '1 OPTIONS']]);
  assert.deepEqual(document.problems.map((p) => [p.code, slice(cutHeader, p.range)]), [['syntax/stray-text', ' [truncated]']]);
  assert.match(document.problems[0].message, /cut this header line at 240 characters/);

  const cutStartLine = [
    'Frame 1: 789 bytes on wire (6312 bits), 789 bytes captured (6312 bits) on interface lo, id 0',
    'Session Initiation Protocol (OPTIONS)',
    `    Request-Line [truncated]: OPTIONS sip:${'u'.repeat(200)}`,
    '        Method: OPTIONS',
    '    Message Header',
    '        CSeq: 1 OPTIONS',
    '',
  ].join('\n');
  const cut = parseDocument(cutStartLine);
  assert.equal(cut.messages.length, 0);
  assert.deepEqual(cut.problems.map((p) => p.code).sort(), ['syntax/no-sip-message', 'syntax/stray-text']);
  assert.match(cut.problems.find((p) => p.code === 'syntax/stray-text')!.message, /cut this start line/);
});

const traces = join(fixturesDir(), '..');

/** The NAT findings of each message of `text` (by its start line), rule and address, sorted. */
function natFindings(text: string): string[][] {
  const result = lint(text);
  return result.document.messages.map((m) => result.findings
    .filter((f) => f.ruleId.startsWith('nat/') && f.ruleId !== 'nat/source-differs-from-via' && f.range.start >= m.range.start && f.range.end <= m.range.end)
    .map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`)
    .sort());
}

const splitPrints = (name: string, follow: string): string[] =>
  [`tshark/${follow}`, `tcpdump/${name}-A.txt`, `ngrep/${name}.txt`, `ngrep/${name}-q.txt`];

test('an INVITE sent over TCP in three segments (cut in Contact, then at the c= line): tcpdump -A, tshark follow and ngrep print each segment; the later ones are read into it, with no error', () => {
  // make-tcp-split.sh recorded it on loopback; Wireshark's dissection reassembles the segments.
  const read = (file: string): string => readFileSync(join(traces, file), 'utf8');
  const dissected = read('wireshark/loopback-tcp-split-V.txt');
  const whole = lint(dissected);
  assert.deepEqual(whole.findings.filter((f) => f.severity === 'error'), []);
  // What the segments show is what the dissection shows, the Contact the first segment cut included.
  const expected = natFindings(dissected)[0];
  assert.equal(expected.length, 5);
  for (const file of splitPrints('loopback-tcp-split', 'loopback-follow-tcp-split.txt')) {
    const text = read(file);
    const result = lint(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    assert.equal(result.document.messages.length, 1, file);
    const [invite] = result.document.messages;
    assert.equal(invite.meta?.continued, true, file);
    // The Contact line the first segment cut is no header of the message (its pieces lie apart,
    // with the trace's lines between them); the headers before and after it are, and its value
    // is checked across the pieces (the finding runs from the first to the last).
    assert.deepEqual(invite.cuts?.map((pieces) => pieces.map((p) => text.slice(p.start, p.end).replace(/[\r\n.]+$/, '')).join('')), ['Contact: <sip:alice@100.64.0.10:5060;transport=tcp>'], file);
    assert.deepEqual(invite.headers.map((h) => h.name), ['via', 'max-forwards', 'from', 'to', 'call-id', 'cseq', 'content-type', 'content-length'], file);
    assert.deepEqual(natFindings(text), [expected], file);
    assert.equal(invite.gaps?.length, 2, file);
    const rests = result.findings.filter((f) => f.ruleId === 'syntax/stray-text');
    assert.deepEqual(rests.map((f) => f.message.slice(0, f.message.indexOf('. '))), [
      'The rest of the INVITE above, in a TCP segment of its own, is read as part of it, with the line cut between the segments',
      'The rest of the INVITE above, in a TCP segment of its own, is read as part of it',
    ], file);
  }
});

test('an INVITE cut inside its o= and a=rtcp lines, its last segment holding an OPTIONS too: the SDP is read with the two cut lines, and the OPTIONS is a message of its own', () => {
  const read = (file: string): string => readFileSync(join(traces, file), 'utf8');
  const dissected = read('wireshark/loopback-tcp-split-body-V.txt');
  const [invite, options] = natFindings(dissected);
  const expected = [invite, options];
  assert.deepEqual(expected.map((m) => m.length), [5, 2]);
  for (const file of splitPrints('loopback-tcp-split-body', 'loopback-follow-tcp-split-body.txt')) {
    const text = read(file);
    const result = lint(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    assert.deepEqual(result.document.messages.map((m) => m.startLine.kind === 'request' && m.startLine.method), ['INVITE', 'OPTIONS'], file);
    assert.deepEqual(result.document.messages.map((m) => m.meta?.continued === true), [true, false], file);
    assert.equal(result.document.messages[1].meta?.source?.port, result.document.messages[0].meta?.source?.port, `${file}: the OPTIONS keeps its packet's metadata`);
    assert.deepEqual(natFindings(text), expected, file);
  }
});

const readTrace = (file: string): string => readFileSync(join(traces, file), 'utf8');

/**
 * The NAT findings of a trace, rule, place and text, sorted. The packet source is kept once per
 * follow stream and once per packet elsewhere: only the findings about the messages' own
 * addresses are compared.
 */
const natOfTrace = (text: string): string[] => lint(text).findings
  .filter((f) => f.ruleId.startsWith('nat/') && f.ruleId !== 'nat/source-differs-from-via')
  .map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)} ${f.message}`).sort();

test('a call over TCP through a real NAT, on links whose MTU makes TCP cut the INVITE, 200 OK, ACK and BYE in two segments each: every print finds what the reassembled dissection finds, with no error', () => {
  // make-nat-tcp.sh: SIPp over TCP in network namespaces, MTU 400, no offloads, masquerade.
  const dissected = readTrace('wireshark/nat-tcp-V.txt');
  const expected = natOfTrace(dissected);
  assert.equal(expected.length, 8, 'Via and Contact of INVITE, ACK and BYE, and the INVITE\'s o= and c=');
  assert.ok(expected.every((f) => f.includes('the trace shows its public')), 'each names the mapping the 200 OK shows in a later segment');
  for (const file of ['tshark/nat-tcp-follow.txt', 'tcpdump/nat-tcp-A.txt', 'ngrep/nat-tcp-q.txt']) {
    const text = readTrace(file);
    const result = lint(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    assert.deepEqual(result.document.messages.map((m) => m.startLine.kind === 'request' ? m.startLine.method : m.startLine.status), ['INVITE', 180, 200, 'ACK', 'BYE', 200], file);
    assert.deepEqual(result.document.messages.map((m) => m.meta?.continued === true), [true, false, true, true, true, false], file);
    assert.deepEqual(natOfTrace(text), expected, file);
  }
  // sngrep reassembles the segments itself: its saved .txt holds whole messages, with the same findings.
  const sngrep = readTrace('sngrep/nat-tcp.txt');
  assert.deepEqual(lint(sngrep).findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(natOfTrace(sngrep), expected);
});

test('a call over UDP through a real NAT, on links whose MTU makes IP fragment the INVITE and the 200 OK: tcpdump -A and ngrep, which print each fragment, find what the dissection finds, with no error', () => {
  // make-nat-tcp.sh udp: the same lab over UDP; tcpdump writes a later fragment as `ip-proto-17`
  // (no ports, no length), ngrep as `+id@offset:length`.
  const dissected = readTrace('wireshark/nat-frag-V.txt');
  const expected = natOfTrace(dissected);
  assert.equal(expected.length, 11);
  for (const file of ['tcpdump/nat-frag-A.txt', 'ngrep/nat-frag-q.txt', 'tshark/nat-frag-follow.txt']) {
    const text = readTrace(file);
    const result = lint(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    assert.deepEqual(result.document.messages.map((m) => m.startLine.kind === 'request' ? m.startLine.method : m.startLine.status), ['INVITE', 180, 200, 'ACK', 'BYE', 200], file);
    // tshark's follow shows each datagram reassembled; the other two show its fragments.
    const joined = file.startsWith('tshark/') ? [false, false, false, false, false, false] : [true, false, true, false, false, false];
    assert.deepEqual(result.document.messages.map((m) => m.meta?.continued === true), joined, file);
    assert.deepEqual(natOfTrace(text), expected, file);
  }
  const rest = lint(readTrace('tcpdump/nat-frag-A.txt')).findings.find((f) => f.ruleId === 'syntax/stray-text');
  assert.match(rest!.message, /^The rest of the INVITE above, in an IP fragment of its own, is read as part of it, with the line cut between the fragments\./);
});

test('an INVITE over UDP on IPv6 that IPv6 fragments in two: tcpdump (`frag (offset|length)`) and ngrep (`id@offset:length`) find what the dissection finds', () => {
  // make-v6-frag.sh: a loopback with IPv6's minimum MTU in a network namespace.
  const expected = natOfTrace(readTrace('wireshark/loopback-v6-frag-V.txt'));
  assert.equal(expected.length, 4, 'Via, Contact, o= and c= name a ULA');
  for (const file of ['tcpdump/loopback-v6-frag-A.txt', 'ngrep/loopback-v6-frag-q.txt', 'tshark/loopback-follow-v6-frag.txt']) {
    const text = readTrace(file);
    const result = lint(text);
    assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    assert.equal(result.document.messages.length, 1, file);
    assert.equal(result.document.messages[0].meta?.continued === true, !file.startsWith('tshark/'), file);
    assert.deepEqual(natOfTrace(text), expected, file);
  }
});

test('SIP over TLS, decrypted by tshark: an INVITE in two TLS records is read whole from `follow,tls`, whose `Node 1: :0` names no source', () => {
  // make-tls-split.sh: Node's TLS on loopback, its session keys kept for tshark.
  const dissected = readTrace('wireshark/loopback-tls-split-V.txt');
  const expected = natOfTrace(dissected);
  assert.equal(expected.length, 4, 'Via, Contact, o= and c=');
  const text = readTrace('tshark/loopback-follow-tls-split.txt');
  const result = lint(text);
  assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), []);
  const [invite] = result.document.messages;
  assert.equal(result.document.messages.length, 1);
  assert.equal(invite.meta?.transport, 'tls');
  assert.equal(invite.meta?.continued, true);
  assert.equal(invite.meta?.source, undefined, 'tshark writes the client as `:0`');
  assert.equal(invite.meta?.destination?.port, 5096);
  assert.deepEqual(natOfTrace(text), expected);
  assert.match(result.findings.find((f) => f.ruleId === 'syntax/stray-text')!.message, /^The rest of the INVITE above, in a TLS record of its own, is read as part of it\./);
});

test('a message of the other node between two segments does not stop the rest from being read: both messages keep their findings', () => {
  const follow = readFileSync(join(traces, 'tshark/loopback-follow-tcp-split.txt'), 'utf8');
  // A reply of the other node between the first and the second segment.
  const reply = 'SIP/2.0 100 Trying\r\nVia: SIP/2.0/TCP 100.64.0.10:5060;branch=z9hG4bK-split;rport\r\nFrom: <sip:alice@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: split@100.64.0.10\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
  const text = follow.replace('\n125\n', `\n\t${Buffer.byteLength(reply)}\n${reply}\n125\n`);
  assert.notEqual(text, follow);
  const result = lint(text);
  assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), []);
  const [invite, trying] = result.document.messages;
  assert.equal(result.document.messages.length, 2);
  assert.equal(trying.startLine.kind, 'response');
  assert.equal(invite.gaps?.length, 2);
  assert.deepEqual(invite.headers.map((h) => h.name), ['via', 'max-forwards', 'from', 'to', 'call-id', 'cseq', 'content-type', 'content-length']);
  assert.deepEqual(trying.headers.map((h) => h.name), ['via', 'from', 'to', 'call-id', 'cseq', 'content-length']);
  // The INVITE's findings are those it gets alone; the reply, inside the INVITE's range, keeps its own.
  const outside = (f: Finding): boolean => f.range.start < trying.range.start || f.range.start >= trying.range.end;
  const alone = lint(follow).findings.map((f) => `${f.ruleId} ${follow.slice(f.range.start, f.range.end)}`);
  assert.deepEqual(result.findings.filter(outside).map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`), alone);
  // Which message holds a place (for hover, completion and the STUN fix): the reply inside the
  // INVITE's range, the INVITE's later segments after it, and none on a count line between.
  const document = result.document;
  assert.equal(messageHolding(document, text.indexOf('100 Trying')), trying);
  assert.equal(messageHolding(document, text.indexOf('c=IN IP4')), invite);
  assert.equal(messageHolding(document, text.indexOf('Content-Type: application/sdp')), invite);
  assert.equal(messageHolding(document, text.indexOf('\n125\n') + 1), undefined);
});

test('a message a TCP segment cut with no later segment of its flow keeps its errors, and one of another flow does not continue it', () => {
  const follow = readFileSync(join(traces, 'tshark/loopback-follow-tcp-split.txt'), 'utf8');
  // Only the first segment: nothing continues the INVITE, so its cut header section is reported.
  const first = follow.slice(0, follow.indexOf('\n125\n') + 1) + '===================================================================\n';
  const alone = lint(first);
  assert.equal(alone.document.messages[0].meta?.continued, undefined);
  assert.ok(alone.findings.some((f) => f.ruleId === 'syntax/missing-empty-line'));
  // The later segments printed as sent by the other node: not the same flow, not a continuation.
  const other = follow.replace('\n125\n', '\n\t125\n').replace('\n119\n', '\n\t119\n');
  assert.equal(lint(other).document.messages[0].meta?.continued, undefined);
});

test('ngrep: a TCP record ends where the segment ends, so a cut header line and a short body are seen as cut; another flow does not continue it', () => {
  const text = readFileSync(join(traces, 'ngrep/loopback-tcp-split-q.txt'), 'utf8');
  const second = text.indexOf('\nT ', text.indexOf('\nT ') + 1) + 1;
  // Only the first segment, as ngrep ends its output after it (without the LF it writes before
  // a next heading): its header section has no empty line, and its cut Contact no CR.
  const alone = lint(text.slice(0, second - 1));
  assert.equal(alone.document.messages[0].meta?.continued, undefined);
  assert.ok(alone.findings.some((f) => f.ruleId === 'syntax/missing-empty-line'), 'the cut header section is said');
  assert.ok(!alone.findings.some((f) => f.ruleId === 'syntax/lf-line-endings'), 'the LF ngrep writes after a cut line is not the message\'s');
  // The later segments from the other side: a different flow, so no continuation.
  const swapped = text.replace(/^T 127\.0\.0\.1:(\d+) -> 127\.0\.0\.1:5098 \[AP\] #([68])$/gm, 'T 127.0.0.1:5098 -> 127.0.0.1:$1 [AP] #$2');
  assert.notEqual(swapped, text);
  const other = lint(swapped);
  assert.equal(other.document.messages[0].meta?.continued, undefined);
  assert.ok(other.findings.some((f) => f.ruleId === 'syntax/stray-text' && f.message === 'Text outside any SIP message is ignored.'));
  // A UDP record is not framed by the segment: the same text as UDP reads as before.
  const udp = lint(text.replace(/^T /gm, 'U '));
  assert.equal(udp.document.messages[0].meta?.continued, undefined);
});

// A real INVITE with SDP (from the NAT lab) cut into TCP segments at random places and printed
// the way each tool prints segments: whatever the cuts, no error, one message, and every NAT
// finding of the message whole, the cut lines' too, and no other.

const labInvite = ((): string => {
  const text = readFileSync(join(traces, 'plain/nat-pbx-crlf.txt'), 'utf8');
  const message = parseDocument(text).messages.find((m) => m.body !== undefined && m.startLine.kind === 'request' && m.startLine.method === 'INVITE');
  assert.ok(message);
  return text.slice(message.range.start, message.range.end);
})();

/** A whole message of another node, printed between the segments when `interleave` is set. */
const otherMessage = 'OPTIONS sip:203.0.113.5 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-other\r\nMax-Forwards: 70\r\nFrom: <sip:probe@198.51.100.7>;tag=7\r\nTo: <sip:203.0.113.5>\r\nCall-ID: other@198.51.100.7\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';

/**
 * Prints `pieces` (the segments, in order) as one of the tools does; with `interleave`, a whole
 * message of another node (the other node of the stream, for tshark's follow) after each piece
 * but the last.
 */
function printSegments(tool: 'follow' | 'ngrep' | 'tcpdump' | 'ngrep-udp' | 'tcpdump-udp' | 'tcpdump-udp6', pieces: readonly string[], interleave = false): string {
  const other = (i: number): string => {
    if (!interleave || i === pieces.length - 1) return '';
    const m = otherMessage;
    if (tool === 'follow') return `\t${Buffer.byteLength(m)}\n${m}\n`;
    if (tool.startsWith('ngrep')) return `\nU 198.51.100.7:5060 -> 203.0.113.5:5060 #${i + 100}\n${m.replace(/\r/g, '.')}\n`;
    return `12:00:0${i}.500000 IP 198.51.100.7.5060 > 203.0.113.5.5060: SIP: OPTIONS sip:203.0.113.5 SIP/2.0\nE....N@.@.\`.................${m.replace(/\r\n/g, '\n')}\n`;
  };
  if (tool === 'follow') {
    const head = '\n===================================================================\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 203.0.113.1:5060\nNode 1: 203.0.113.5:5060\n';
    return head + pieces.map((p, i) => `${Buffer.byteLength(p)}\n${p}\n${other(i)}`).join('') + '===================================================================\n';
  }
  const preamble = 'input: lab.pcap\nfilter: ((ip || ip6) || (vlan && (ip || ip6)))\n';
  if (tool === 'ngrep') {
    return preamble + pieces.map((p, i) => `\nT 203.0.113.1:5060 -> 203.0.113.5:5060 [AP] #${i + 1}\n${p.replace(/\r/g, '.')}\n${other(i)}`).join('');
  }
  if (tool === 'ngrep-udp') {
    // A UDP datagram in IP fragments: the first with the ports, the later ones `+id@offset:length`.
    let offset = 0;
    return preamble + pieces.map((p, i) => {
      const heading = i === 0 ? 'U 203.0.113.1:5060 -> 203.0.113.5:5060 #1' : `U 203.0.113.1 -> 203.0.113.5 +4242@${offset}:${Buffer.byteLength(p)} #${i + 1}`;
      offset += Buffer.byteLength(p);
      return `\n${heading}\n${p.replace(/\r/g, '.')}\n${other(i)}`;
    }).join('');
  }
  // tcpdump -A: the IP and TCP (or UDP) headers as characters, then the payload; a CR before an
  // LF is left out, another one printed as `.`. A later IP fragment is `ip-proto-17`, its data
  // after the IP header alone.
  const payload = (p: string): string => p.replace(/\r\n/g, '\n').replace(/\r/g, '.');
  if (tool === 'tcpdump-udp6') {
    // IPv6: each fragment is `frag (offset|length)`, the first with its UDP ports.
    let offset = 0;
    return pieces.map((p, i) => {
      const length = Buffer.byteLength(p) + (i === 0 ? 8 : 0);
      const heading = `12:00:00.00000${i} IP6 2001:db8::1 > 2001:db8::2: frag (${offset}|${length})${i === 0 ? ` 5060 > 5060: SIP: ${labInvite.slice(0, labInvite.indexOf('\r'))}` : ''}`;
      offset += length;
      return `${heading}\n\`.....,@....................................N(........${payload(p)}\n${other(i)}`;
    }).join('');
  }
  if (tool === 'tcpdump-udp') {
    return pieces.map((p, i) => (i === 0
      ? `12:00:00.000000 IP 203.0.113.1.5060 > 203.0.113.5.5060: SIP: ${labInvite.slice(0, labInvite.indexOf('\r'))}\nE....N .?..Y..q...q..'.....u`
      : `12:00:00.00000${i} IP 203.0.113.1 > 203.0.113.5: ip-proto-17\nE....../?..=..q...q.`) + `${payload(p)}\n${other(i)}`).join('');
  }
  return pieces.map((p, i) => `12:00:0${i}.000000 IP 203.0.113.1.5060 > 203.0.113.5.5060: Flags [P.], seq ${i}, ack 1, win 64, length ${Buffer.byteLength(p)}\nE..4..@.@.P........q....P.....@.(...........${payload(p)}\n${other(i)}`).join('');
}

test('property: a message cut into TCP segments anywhere is read without error, with every NAT finding of the message whole, those on the cut lines too', { timeout: 120_000 }, () => {
  const whole = lint(labInvite);
  const firstLineEnd = labInvite.indexOf('\r\n');
  const nat = (f: Finding): boolean => f.ruleId.startsWith('nat/') && f.ruleId !== 'nat/source-differs-from-via';
  // A print names the packet's source, whose address the findings then give as the mapping.
  const said = (f: Finding): string => `${f.ruleId} ${f.message.split('; the trace shows')[0].replace(/\.$/, '')}`;
  const expected = whole.findings.filter(nat).map(said).sort();
  const placeOf = new Map(whole.findings.filter(nat).map((f) => [said(f), labInvite.slice(f.range.start, f.range.end)]));
  fc.assert(fc.property(
    fc.uniqueArray(fc.integer({ min: firstLineEnd + 2, max: labInvite.length - 1 }), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('follow' as const, 'ngrep' as const, 'tcpdump' as const, 'ngrep-udp' as const, 'tcpdump-udp' as const, 'tcpdump-udp6' as const),
    fc.boolean(),
    (cuts, tool, interleave) => {
      cuts.sort((a, b) => a - b);
      const pieces = [0, ...cuts].map((at, i) => labInvite.slice(at, i < cuts.length ? cuts[i] : labInvite.length));
      const text = printSegments(tool, pieces, interleave);
      const result = lint(text);
      assert.deepEqual(result.findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), []);
      // The other node's messages are read too, inside the INVITE's range; only the INVITE's findings are compared.
      const [, ...others] = result.document.messages;
      assert.deepEqual(others.map((m) => m.startLine.kind === 'request' && m.startLine.method), interleave ? pieces.slice(1).map(() => 'OPTIONS') : []);
      const findings = result.findings.filter((f) => !others.some((m) => f.range.start >= m.range.start && f.range.start < m.range.end));
      const label = `${tool} ${cuts} ${interleave}`;
      assert.deepEqual(findings.filter(nat).map(said).sort(), expected, label);
      // Each stands on its address: the text it spans is the address, or, on a cut line, starts
      // with the address's first piece and ends with its last (the print's lines between).
      for (const f of findings.filter(nat)) {
        const spanned = text.slice(f.range.start, f.range.end);
        const address = placeOf.get(said(f))!;
        if (!spanned.includes('\n')) {
          assert.equal(spanned, address, `${label}: ${f.ruleId}`);
          continue;
        }
        // Its first piece ends the first line; the others follow the print's lines between (a
        // later packet's headers in tcpdump start the line its payload is on).
        const first = spanned.slice(0, spanned.indexOf('\n')).replace(/\r$/, '');
        let k = 0;
        for (let i = 0; i < spanned.length && k < address.length; i++) if (spanned[i] === address[k]) k++;
        assert.ok(first.length > 0 && address.startsWith(first) && k === address.length && spanned.endsWith(address[address.length - 1]), `${label}: ${f.ruleId} spans ${JSON.stringify(spanned)}`);
      }
      // No other rule speaks than those that speak on the message whole, besides the notes on
      // the segments and the packet source, which only a trace shows.
      const rules = new Set(whole.findings.map((f) => f.ruleId));
      for (const f of findings) {
        if (f.ruleId !== 'syntax/stray-text' && f.ruleId !== 'nat/source-differs-from-via') assert.ok(rules.has(f.ruleId), `${label}: ${f.ruleId}: ${f.message}`);
      }
    },
  ), { numRuns: 1500 });
});

test('a line a segment cut is read across its pieces: its finding stands on the pieces and offers no fix, and a cut Content-Type no longer hides the SDP', () => {
  const nat = (text: string, findings: readonly Finding[]): string[] => findings.filter((f) => f.ruleId.startsWith('nat/') && f.ruleId !== 'nat/source-differs-from-via')
    .map((f) => `${f.ruleId} ${text.slice(f.range.start, f.range.end)}`);
  const whole = nat(labInvite, lint(labInvite).findings);
  assert.equal(whole.length, 6, 'Via, Contact, o=, two c= and a=rtcp');
  // Cut inside the Contact address: the finding runs from its first piece to its last.
  const inAddress = labInvite.indexOf('100.64.0.10', labInvite.indexOf('\r\nContact:')) + 4;
  const text = printSegments('follow', [labInvite.slice(0, inAddress), labInvite.slice(inAddress)]);
  const result = lint(text);
  const [message] = result.document.messages;
  const contact = result.findings.find((f) => f.ruleId === 'nat/private-contact')!;
  assert.ok(contact !== undefined);
  const spanned = text.slice(contact.range.start, contact.range.end);
  assert.ok(spanned.startsWith('100.') && spanned.endsWith('\n64.0.10:5060'), spanned);
  assert.ok(message.gaps!.some((g) => g.start <= contact.range.start && contact.range.end <= g.end), 'the pieces lie in a gap');
  assert.equal(contact.data, undefined);
  assert.equal(ruleById('nat/private-contact')!.fix!({ document: result.document, message, finding: contact, values: undefined }), undefined);
  // The Content-Type line cut: its SDP was not read before (a body is SDP by its Content-Type).
  const inType = labInvite.indexOf('Content-Type:') + 6;
  const typeCut = printSegments('ngrep', [labInvite.slice(0, inType), labInvite.slice(inType)]);
  const typed = lint(typeCut);
  assert.deepEqual(typed.findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(nat(typeCut, typed.findings).sort(), [...whole].sort());
});

test('the CRLF fix of a message sent with bare LFs and printed in TCP segments leaves the trace\'s lines between the segments alone', () => {
  const lfInvite = labInvite.replace(/\r\n/g, '\n');
  const cut = lfInvite.indexOf('Contact:') + 5;
  for (const tool of ['follow', 'ngrep'] as const) {
    const text = printSegments(tool, [lfInvite.slice(0, cut), lfInvite.slice(cut)]);
    const result = lint(text);
    const [message] = result.document.messages;
    assert.ok(message.gaps !== undefined && message.gaps.length === 1, tool);
    const finding = result.findings.find((f) => f.ruleId === 'syntax/lf-line-endings');
    assert.ok(finding, tool);
    const fix = ruleById('syntax/lf-line-endings')!.fix!({ document: result.document, message, finding, values: undefined });
    assert.ok(fix !== undefined && fix.edits.length > 10, tool);
    const [gap] = message.gaps;
    assert.deepEqual(fix.edits.filter((e) => e.range.start >= gap.start && e.range.start < gap.end), [], `${tool}: no edit between the segments`);
    assert.equal(fix.edits.length, lfInvite.split('\n').length - 1 - 1, `${tool}: every line of the message but the one the cut split`);
  }
});

test('keep-alives (RFC 5626: CRLF CRLF, answered CRLF) between messages are no stray text in tshark follow and ngrep prints', () => {
  const options = 'OPTIONS sip:203.0.113.5 SIP/2.0\r\nVia: SIP/2.0/TCP 203.0.113.1:5060;branch=z9hG4bK-ka\r\nMax-Forwards: 70\r\nFrom: <sip:a@203.0.113.1>;tag=1\r\nTo: <sip:203.0.113.5>\r\nCall-ID: ka@203.0.113.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
  const follow = '\n===================================================================\nFollow: tcp,ascii\nFilter: tcp.stream eq 0\nNode 0: 203.0.113.1:5060\nNode 1: 203.0.113.5:5060\n'
    + `4\n\r\n\r\n\n\t2\n\r\n\n${Buffer.byteLength(options)}\n${options}\n4\n\r\n\r\n\n===================================================================\n`;
  const ngrep = 'input: lab.pcap\nfilter: ((ip || ip6) || (vlan && (ip || ip6)))\n'
    + '\nT 203.0.113.1:5060 -> 203.0.113.5:5060 [AP] #1\n.\n.\n\n\nT 203.0.113.5:5060 -> 203.0.113.1:5060 [AP] #2\n.\n\n'
    + `\nT 203.0.113.1:5060 -> 203.0.113.5:5060 [AP] #3\n${options.replace(/\r/g, '.')}\n\nU 203.0.113.1:5060 -> 203.0.113.5:5060 #4\n.\n.\n\n`;
  for (const text of [follow, ngrep]) {
    const result = lint(text);
    assert.equal(result.document.messages.length, 1);
    assert.deepEqual(result.findings.map((f) => `${f.ruleId}: ${f.message}`), []);
  }
  // A count line whose payload is not line breaks only is still reported.
  const other = lint(follow.replace('4\n\r\n\r\n\n\t2', '4\nabcd\n\n\t2'));
  assert.ok(other.findings.some((f) => f.ruleId === 'syntax/stray-text'));
});

test('a terminal paste of a TCP follow print, which lost every CR, is read as the print: no error, the same NAT findings', () => {
  // The counts still count the CRs: each LF stands for CR LF, and a segment that ended between
  // a CR and its LF lost its last octet.
  for (const file of ['tshark/nat-tcp-follow.txt', 'tshark/loopback-follow-tcp-split.txt', 'tshark/loopback-follow-tcp-split-body.txt', 'tshark/loopback-follow-tls-split.txt']) {
    const crlf = readTrace(file);
    const lf = crlf.replace(/\r\n/g, '\n');
    assert.notEqual(lf, crlf);
    assert.deepEqual(lint(lf).findings.filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`), [], file);
    const strip = (list: string[]): string[] => list.map((f) => f.replace(/\r/g, ''));
    assert.deepEqual(strip(natOfTrace(lf)), strip(natOfTrace(crlf)), file);
    assert.equal(parseDocument(lf).messages.length, parseDocument(crlf).messages.length, file);
  }
});
