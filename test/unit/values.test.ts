/**
 * Header value parsing (Via, Contact, From/To, Route lists, CSeq, comma lists), data-driven.
 * Each case is an input, the fields expected in the result (a subset of it), and the text each
 * expected error covers. Then: the RFC 4475 / RFC 5118 torture corpus, a file of well-formed
 * real-world header lines, a fast-check property (never throws, ranges stay in bounds and
 * match their fields), and 1 MB inputs that must parse in linear time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRangesConsistent, assertSubset, shiftRanges } from './check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parseUri, parseHostPort } from '../../server/src/core/sip/uri';
import {
  MAX_LIST_VALUES,
  parseCSeq,
  parseContactList,
  parseNameAddr,
  parseNameAddrList,
  parseVia,
  Plain,
  plainNameAddr,
  splitCommaList,
} from '../../server/src/core/sip/values';
import type { Range, ValueError } from '../../server/src/core/types';
import { conformanceDir } from '../support';

type Parser = (text: string, range: Range) => { value: unknown; errors: readonly ValueError[] };

/** One case: `errors` lists the text each error's range covers, in order. */
interface Case {
  readonly input: string;
  readonly expect?: unknown;
  readonly errors?: readonly string[];
  /** Part of an error message, when the wording matters (one per error, in order). */
  readonly messages?: readonly string[];
}

const viaCases: readonly Case[] = [
  {
    input: 'SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1;rport',
    expect: [{
      protocol: 'SIP/2.0/UDP', protocolName: 'SIP', version: '2.0', transport: 'UDP',
      sentBy: { host: '100.64.0.10', hostKind: 'ipv4', port: 8214 },
      branch: { value: 'z9hG4bK-1' }, rport: { name: 'rport', value: undefined }, received: undefined, maddr: undefined,
      params: [{ name: 'branch' }, { name: 'rport' }],
    }],
  },
  {
    input: 'SIP/2.0/UDP 100.64.0.10:8214;rport=5410;received=203.0.113.7;branch=z9hG4bKx',
    expect: [{ rport: { value: '5410' }, received: { value: '203.0.113.7' }, sentBy: { port: 8214 } }],
  },
  { input: 'sip/2.0/tcp h', expect: [{ protocol: 'sip/2.0/tcp', transport: 'TCP' }] },
  // Folding and LWS around '/', ':', ';' and '=' (RFC 4475 3.1.1.1).
  {
    input: 'SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw',
    expect: [{ protocol: 'SIP/2.0/UDP', protocolRange: { start: 0, end: 19 }, sentBy: { host: '192.0.2.2' }, branch: { value: '390skdjuw' } }],
  },
  {
    input: 'SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239',
    expect: [
      { transport: 'TCP', sentBy: { host: 'spindle.example.com' }, branch: { value: 'z9hG4bK9ikj8' } },
      { transport: 'UDP', sentBy: { host: '192.168.255.111' }, branch: { value: 'z9hG4bK30239' } },
    ],
  },
  { input: 'SIP/2.0/UDP host : 5060 ; rport', expect: [{ sentBy: { host: 'host', port: 5060 }, rport: { value: undefined } }] },
  { input: 'SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK1, SIP/2.0/TCP [2001:db8::9:1]:6050;branch=z9hG4bK2', expect: [{ sentBy: { port: 5060 } }, { transport: 'TCP', sentBy: { host: '2001:db8::9:1', hostKind: 'ipv6', bracketed: true, port: 6050 } }] },
  // received with IPv6, with and without brackets (RFC 5118 4.5); IPv4 received on an IPv6 Via.
  { input: 'SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111', expect: [{ received: { value: '[2001:db8::9:255]' }, branch: { value: 'z9hG4bKas3-111' } }] },
  { input: 'SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3', expect: [{ received: { value: '2001:db8::9:255' }, branch: { value: 'z9hG4bKas3' } }] },
  { input: 'SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200', expect: [{ received: { value: '192.0.2.200' } }] },
  { input: 'SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19', expect: [{ sentBy: { host: '::ffff:192.0.2.10', port: 19823 } }] },
  { input: 'SIP/2.0/UDP h;maddr=239.255.255.1;ttl=16', expect: [{ maddr: { value: '239.255.255.1' } }] },
  { input: 'SIP/2.0/UDP h;maddr=[2001:db8::1]', expect: [{ maddr: { value: '[2001:db8::1]' } }] },
  { input: 'SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf', expect: [{ transport: 'SCTP' }] },
  { input: 'SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en', expect: [{ transport: 'UNKNOWN' }] },
  { input: 'SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw', expect: [{ version: '7.0' }] },
  { input: 'SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`\'~', expect: [{ branch: { value: "z9hG4bK-.!%66*_+`'~" } }] },
  { input: 'SIP/2.0/UDP h;x="a;b,c"', expect: [{ params: [{ name: 'x', value: '"a;b,c"' }] }] },
  { input: 'SIP/2.0/UDP h;BRANCH=z9hG4bK1', expect: [{ branch: { name: 'branch', value: 'z9hG4bK1' } }] },
  // Broken values.
  { input: 'SIP/2.0/UDP 192.0.2.15;;,;,,', expect: [{ sentBy: { host: '192.0.2.15' }, params: [] }], errors: [';;', ';', ','] },
  { input: '', expect: [], errors: [''], messages: ['no value'] },
  { input: 'SIP/2.0/UDP', expect: [{ transport: 'UDP' }], errors: [''], messages: ['sent-by'] },
  { input: 'SIP/2.0 h', expect: [], errors: ['h'], messages: ["'/'"] },
  // LWS may follow a '/', so 'h' is the transport here and the sent-by is missing.
  { input: 'SIP/2.0/ h', expect: [{ transport: 'H' }], errors: [''], messages: ['sent-by'] },
  { input: 'SIP/2.0/', expect: [], errors: [''], messages: ['transport'] },
  { input: 'SIP//UDP h', expect: [], errors: ['/'], messages: ['version'] },
  { input: 'SIP/2.0/UDP;branch=z9hG4bK1', errors: [';'], messages: ['white space'] },
  { input: 'SIP/2.0/UDP h:99999;branch=z9hG4bK1', expect: [{ sentBy: { port: undefined } }], errors: ['99999'] },
  { input: 'SIP/2.0/UDP 2001:db8::1;branch=z9hG4bK1', expect: [{ sentBy: { hostKind: 'ipv6', bracketed: false } }], errors: ['2001:db8::1'], messages: ['enclosed'] },
  { input: 'SIP/2.0/UDP h;branch', errors: ['branch'], messages: ['branch'] },
  { input: 'SIP/2.0/UDP h;branch=', errors: ['='], messages: ['no value'] },
  { input: 'SIP/2.0/UDP h;received=example.com', errors: ['example.com'], messages: ['IP address'] },
  { input: 'SIP/2.0/UDP h;received', errors: ['received'] },
  { input: 'SIP/2.0/UDP h;received=[192.0.2.1]', errors: ['[192.0.2.1]'] },
  { input: 'SIP/2.0/UDP h;rport=70000', errors: ['70000'], messages: ['rport'] },
  { input: 'SIP/2.0/UDP h;rport=x', errors: ['x'] },
  { input: 'SIP/2.0/UDP h;maddr=h:5060', errors: ['h:5060'], messages: ['maddr'] },
  { input: 'SIP/2.0/UDP h;ttl=256', errors: ['ttl=256'] },
  { input: 'SIP/2.0/UDP h x', errors: ['x'], messages: ['after the Via sent-by'] },
  { input: 'SIP/2.0/UDP h;a b;c', expect: [{ params: [{ name: 'a' }, { name: 'c' }] }], errors: ['b'] },
  { input: 'SIP/2.0/UDP h;x="abc', errors: ['"abc'], messages: ['closing quote'] },
  { input: 'SIP/2.0/UDP h;=1', errors: ['='] },
];

const contactCases: readonly Case[] = [
  { input: '*', expect: [{ star: true, range: { start: 0, end: 1 } }] },
  { input: '  *  ', expect: [{ star: true, range: { start: 2, end: 3 } }] },
  {
    input: '<sip:alice@100.64.0.10:8214;transport=udp;ob>;expires=3600;+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";reg-id=1',
    expect: [{
      bracketed: true, displayName: undefined,
      uri: { user: 'alice', host: { host: '100.64.0.10', port: 8214 }, params: [{ name: 'transport', value: 'udp' }, { name: 'ob' }] },
      params: [{ name: 'expires', value: '3600' }, { name: '+sip.instance', value: '"<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"' }, { name: 'reg-id', value: '1' }],
    }],
  },
  // RFC 4475 3.1.1.1: quoted display name with escaped quotes, LWS around ';' and '='.
  {
    input: '"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =\r\n      newvalue ;\r\n  secondparam ; q = 0.33',
    expect: [{ displayName: 'Quoted string ""', displayNameRange: { start: 0, end: 20 }, uri: { user: 'jdrosen' }, params: [{ name: 'newparam', value: 'newvalue' }, { name: 'secondparam', value: undefined }, { name: 'q', value: '0.33' }] }],
  },
  // addr-spec form: the parameters belong to the header field (RFC 3261 20.10, RFC 4475 3.3.14).
  { input: 'sip:+19725552222@gw1.example.net;unknownparam', expect: [{ bracketed: false, uri: { user: '+19725552222', params: [] }, params: [{ name: 'unknownparam' }] }] },
  { input: '<sip:+19725552222@gw1.example.net;unknownparam>', expect: [{ uri: { params: [{ name: 'unknownparam' }] }, params: [] }] },
  { input: '<sip:user@example.com?Route=%3Csip:sip.example.com%3E>', expect: [{ uri: { headers: [{ name: 'route', value: '%3Csip:sip.example.com%3E' }] } }] },
  { input: '<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>', expect: [{ uri: { user: 'cal%6Cer', params: [{ name: '%6c%72' }, { name: 'n%61me' }] } }] },
  { input: 'sip:a@h;expires=0, <sip:b@h2>;q=0.1 , "C, D" <sip:c@h3>', expect: [{ uri: { user: 'a' }, params: [{ name: 'expires' }] }, { uri: { user: 'b' } }, { displayName: 'C, D', uri: { user: 'c' } }] },
  { input: '<sip:a@h;x=1,2>', expect: [{ uri: { params: [{ name: 'x' }] } }], errors: [','] },
  { input: '<name:John_Smith>', expect: [{ uri: { scheme: 'name', host: undefined } }] },
  { input: '<sip:caller@[2001:db8::1]>', expect: [{ uri: { host: { host: '2001:db8::1', hostKind: 'ipv6', bracketed: true } } }] },
  { input: '"T. desk phone" <sip:ted@[::ffff:192.0.2.2]>', expect: [{ displayName: 'T. desk phone', uri: { host: { host: '::ffff:192.0.2.2' } } }] },
  { input: '<sip:user@host129.example.com>\r\n  ;expires=280297596632815', expect: [{ params: [{ name: 'expires', value: '280297596632815' }] }] },
  // Broken values.
  { input: '"Joe" <sip:joe@example.org>;;;;', expect: [{ displayName: 'Joe', params: [] }], errors: [';;;;'], messages: ['empty parameter'] },
  { input: 'sip:user@example.com?Route=%3Csip:sip.example.com%3E', expect: [{ uri: { headers: [{ name: 'route' }] } }], errors: ['?'], messages: ['enclosed'] },
  { input: '*, <sip:a@h>', expect: [{ star: true }, { uri: { user: 'a' } }], errors: ['*'], messages: ['only'] },
  { input: '<sip:a@h>,,<sip:b@h>', expect: [{}, {}], errors: [','] },
  { input: '<sip:a@h>,,,,<sip:b@h>', expect: [{}, {}], errors: [','] },
  { input: ',<sip:b@h>', expect: [{}], errors: [','] },
  { input: '', expect: [], errors: [''] },
  { input: '<sip:a@h', expect: [{ uri: { host: { host: 'h' } } }], errors: ['<sip:a@h'], messages: ["no matching '>'"] },
  { input: '<sip:a@h>x', errors: ['x'] },
  { input: '<sip:a@h> ; tag', expect: [{ params: [{ name: 'tag', value: undefined }] }] },
  { input: '"unterminated <sip:a@h>', expect: [{ displayName: 'unterminated', uri: { user: 'a' } }], errors: ['"unterminated <sip:a@h>'] },
  { input: '"no angle" sip:a@h', expect: [{ displayName: 'no angle' }], errors: ['s'], messages: ["'<'"] },
];

const nameAddrCases: readonly Case[] = [
  { input: 'sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n', expect: { bracketed: false, uri: { host: { host: 'chair-dnrc.example.com' } }, params: [{ name: 'tag', value: '1918181833n' }] } },
  { input: '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8', expect: { displayName: 'J Rosenberg \\"', params: [{ name: 'tag', value: '98asjd8' }] } },
  { input: 'caller<sip:caller@example.com>;tag=323', expect: { displayName: 'caller', uri: { user: 'caller' }, params: [{ name: 'tag', value: '323' }] } },
  { input: "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"\u0440\u0430\u0431\u043e\u0442\u0430\u044e\u0449\u0438\u0439\";tag=_token~1'+`*%!-.", expect: { displayName: "token1~` token2'+_ token3*%!.-", params: [{ name: "fromparam''~+*_!.-%" }, { name: 'tag', value: "_token~1'+`*%!-." }] } },
  { input: '"BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:1_unusual.URI~(to-be!sure)&isn\'t+it$/crazy?,/;;*@example.com>', expect: { displayName: 'BEL:\x07 NUL:\x00 DEL:\x7f', uri: { user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*" } } },
  { input: 'sip:null-%00-null@example.com;tag=839923423', expect: { uri: { user: 'null-%00-null' }, params: [{ name: 'tag' }] } },
  { input: '"%Z%45" <sip:resource@example.com>', expect: { displayName: '%Z%45' } },
  { input: 'A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe', expect: { displayName: 'A. Bell' } },
  { input: '<http://www.example.com>;tag=3234233', expect: { uri: { scheme: 'http', host: undefined }, params: [{ name: 'tag' }] } },
  { input: 'isbn:2983792873', expect: { uri: { scheme: 'isbn' } } },
  { input: 'tel:+1-212-555-0101;tag=x', expect: { uri: { scheme: 'tel', user: '+1-212-555-0101', params: [] }, params: [{ name: 'tag' }] } },
  { input: 'sip:user@[2001:db8:::192.0.2.1]', expect: { uri: { host: { host: '2001:db8:::192.0.2.1' } } } },
  // Broken values (RFC 4475 3.1.2.7, 3.1.2.10, 3.1.2.11, test.dat).
  { input: '"Mr. J. User <sip:j.user@example.com>', expect: { displayName: 'Mr. J. User', uri: { user: 'j.user' } }, errors: ['"Mr. J. User <sip:j.user@example.com>'], messages: ['closing quote'] },
  { input: '"Watson, Thomas" < sip:t.watson@example.org >', expect: { uri: { user: 't.watson', host: { host: 'example.org' } } }, errors: [' '], messages: ['white space'] },
  { input: 'Bell, Alexander <sip:a.g.bell@example.com>;tag=43', expect: { displayName: 'Bell, Alexander', params: [{ name: 'tag' }] }, errors: [','], messages: ['quoted'] },
  { input: 'alan@jasomi.com', errors: ['alan'], messages: ['scheme'] },
  { input: '', expect: { uri: { scheme: '' } }, errors: [''] },
  { input: '   ', errors: ['   '] },
  { input: 'sip:a@h;tag=1 x', errors: ['x'] },
  { input: 'Foo "bar" <sip:a@h>', expect: { uri: { user: 'a' } }, errors: ['"'] },
  { input: '<sip:a@h>;tag="x', errors: ['"x'] },
];

const nameAddrListCases: readonly Case[] = [
  { input: '<sip:services.example.com;lr;unknownwith=value;unknown-no-value>', expect: [{ uri: { params: [{ name: 'lr' }, { name: 'unknownwith', value: 'value' }, { name: 'unknown-no-value' }] } }] },
  { input: '<sip:203.0.113.1;lr>, <sip:198.51.100.20;transport=tcp;lr>', expect: [{ uri: { host: { host: '203.0.113.1' } } }, { uri: { host: { host: '198.51.100.20' } } }] },
  { input: '<sip:UserB@example.com;maddr=ss1.example.com>', expect: [{ uri: { params: [{ name: 'maddr', value: 'ss1.example.com' }] } }] },
  { input: '<sip:a;lr>,', expect: [{}], errors: [','] },
  { input: '', expect: [], errors: [''] },
];

const cseqCases: readonly Case[] = [
  { input: '314159 INVITE', expect: { number: 314159, method: 'INVITE', numberRange: { start: 0, end: 6 }, methodRange: { start: 7, end: 13 } } },
  { input: '0009\r\n  INVITE', expect: { number: 9, method: 'INVITE' } },
  { input: '4294967295 REGISTER', expect: { number: 4294967295 } },
  { input: '36893488147419103232 REGISTER', expect: { number: 36893488147419103232 } },
  { input: "139122385 !interesting-Method0123456789_*+`.%indeed'~", expect: { method: "!interesting-Method0123456789_*+`.%indeed'~" } },
  { input: '29344 RE%47IST%45R', expect: { method: 'RE%47IST%45R' } },
  { input: '12a INVITE', expect: { number: NaN, method: 'INVITE' }, errors: ['12a'], messages: ['digits'] },
  { input: '-1 INVITE', expect: { number: NaN }, errors: ['-1'] },
  { input: 'INVITE', expect: { number: NaN, method: '' }, errors: ['INVITE'] },
  { input: '1', expect: { number: 1, method: '' }, errors: ['1'], messages: ['no method'] },
  { input: '', expect: { number: NaN }, errors: [''] },
  { input: '1 INVITE x', expect: { method: 'INVITE' }, errors: [' x'] },
  { input: '1 INV@TE', errors: ['@TE'] },
];

const splitCases: readonly { input: string; parts: readonly string[] }[] = [
  { input: 'a, b ,c', parts: ['a', 'b', 'c'] },
  { input: '"x, y" <sip:a@h;p=1,2>, z', parts: ['"x, y" <sip:a@h;p=1,2>', 'z'] },
  { input: '"a \\", b" c, d', parts: ['"a \\", b" c', 'd'] },
  { input: 'a,,b', parts: ['a', '', 'b'] },
  { input: ' , ', parts: ['', ''] },
  { input: '   ', parts: [] },
  { input: '', parts: [] },
  { input: '"open, quote', parts: ['"open, quote'] },
  { input: '<open, angle', parts: ['<open, angle'] },
  { input: 'a,\r\n b', parts: ['a', 'b'] },
  { input: ';;,,;;,;', parts: [';;', '', ';;', ';'] },
];

/** Fails when two errors start at one offset: a parser reports once per place. */
function assertOneErrorPerOffset(errors: readonly ValueError[]): void {
  const starts = errors.map((e) => e.range.start);
  assert.equal(new Set(starts).size, starts.length, `two errors at one offset: ${JSON.stringify(errors)}`);
}

/** Runs one case through `parse` with the input placed inside other text, to test the offsets. */
function check(parse: Parser, c: Case): void {
  const prefix = 'Header: ';
  const text = `${prefix}${c.input}\r\nNext: <sip:x@y>, "q"`;
  const range = { start: prefix.length, end: prefix.length + c.input.length };
  const result = parse(text, range);
  if (c.expect !== undefined) assertSubset(shiftRanges(result.value, -prefix.length), c.expect, 'value');
  const errorTexts = result.errors.map((e) => text.slice(e.range.start, e.range.end));
  assert.deepEqual(errorTexts, c.errors ?? [], `errors: ${JSON.stringify(result.errors.map((e) => e.message))}`);
  (c.messages ?? []).forEach((m, i) => assert.ok(result.errors[i]?.message.includes(m), `error ${i} "${result.errors[i]?.message}" lacks "${m}"`));
  assertRangesConsistent(text, result.value, range);
  for (const e of result.errors) assertRangesConsistent(text, e.range, range);
  assertOneErrorPerOffset(result.errors);
}

for (const c of viaCases) void test(`parseVia ${JSON.stringify(c.input)}`, () => check(parseVia, c));
for (const c of contactCases) void test(`parseContactList ${JSON.stringify(c.input)}`, () => check(parseContactList, c));
for (const c of nameAddrCases) void test(`parseNameAddr ${JSON.stringify(c.input)}`, () => check(parseNameAddr, c));
for (const c of nameAddrListCases) void test(`parseNameAddrList ${JSON.stringify(c.input)}`, () => check(parseNameAddrList, c));
for (const c of cseqCases) void test(`parseCSeq ${JSON.stringify(c.input)}`, () => check(parseCSeq, c));
for (const c of splitCases) {
  void test(`splitCommaList ${JSON.stringify(c.input)}`, () => {
    const prefix = 'X: ';
    const text = `${prefix}${c.input}, tail`;
    const ranges = splitCommaList(text, { start: prefix.length, end: prefix.length + c.input.length });
    assert.deepEqual(ranges.map((r) => text.slice(r.start, r.end)), c.parts);
    for (const r of ranges) assert.ok(r.start >= prefix.length && r.end <= prefix.length + c.input.length);
  });
}

// ---------------------------------------------------------------------------------------------
// The torture corpus: every URI, Via, Contact, From, To, Route, Record-Route and CSeq.
// ---------------------------------------------------------------------------------------------

/** A file under `test/fixtures`, found from the repository root or from this file's folder. */
function fixturePath(...parts: string[]): string {
  const candidates = [
    resolve(process.cwd(), 'test', 'fixtures', ...parts),
    resolve(__dirname, '..', 'fixtures', ...parts),
    resolve(__dirname, '..', '..', '..', 'test', 'fixtures', ...parts),
  ];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`fixture not found: ${candidates.join(', ')}`);
  return found;
}

interface CorpusEntry {
  readonly file: string;
  readonly name: string;
  readonly category: string;
  readonly well_formed_syntax: boolean;
}

/** A header field found by the local splitter: its lower-case name and its value's range. */
interface SplitHeader {
  readonly name: string;
  readonly value: Range;
}

/**
 * A small splitter for the corpus, independent of the product's message parser: the start line,
 * then header fields up to the first empty line, continuation lines (starting with SP or HT)
 * joined to the field before them.
 */
function splitMessage(text: string): { requestUri: Range | undefined; headers: SplitHeader[] } {
  const lines: Range[] = [];
  let p = 0;
  while (p < text.length) {
    let e = text.indexOf('\n', p);
    if (e < 0) e = text.length;
    const end = e > p && text[e - 1] === '\r' ? e - 1 : e;
    if (end === p && lines.length > 0) break;
    lines.push({ start: p, end });
    p = e + 1;
  }
  let requestUri: Range | undefined;
  const start = lines[0];
  if (start !== undefined && !text.startsWith('SIP/', start.start)) {
    // Method SP Request-URI SP SIP-Version: the URI lies between the first and the last space.
    const line = text.slice(start.start, start.end).trim();
    const parts = line.split(/ +/);
    if (parts.length >= 3) {
      // Extra spaces around the URI (RFC 4475 3.1.2.8, 3.1.2.9) are the start line's business.
      let uriStart = start.start + text.slice(start.start, start.end).indexOf(' ') + 1;
      let uriEnd = start.start + text.slice(start.start, start.end).trimEnd().lastIndexOf(' ');
      while (text[uriStart] === ' ') uriStart++;
      while (uriEnd > uriStart && text[uriEnd - 1] === ' ') uriEnd--;
      requestUri = { start: uriStart, end: uriEnd };
    }
  }
  const headers: { name: string; value: { start: number; end: number } }[] = [];
  for (const line of lines.slice(1)) {
    const first = text.charCodeAt(line.start);
    const last = headers[headers.length - 1];
    if ((first === 32 || first === 9) && last !== undefined) {
      last.value.end = line.end;
      continue;
    }
    const colon = text.indexOf(':', line.start);
    if (colon < 0 || colon >= line.end) continue;
    let valueStart = colon + 1;
    while (valueStart < line.end && (text[valueStart] === ' ' || text[valueStart] === '\t')) valueStart++;
    headers.push({ name: text.slice(line.start, colon).trim().toLowerCase(), value: { start: valueStart, end: line.end } });
  }
  return { requestUri, headers };
}

const corpusParsers: { readonly [name: string]: Parser } = {
  via: parseVia, v: parseVia,
  contact: parseContactList, m: parseContactList,
  from: parseNameAddr, f: parseNameAddr,
  to: parseNameAddr, t: parseNameAddr,
  route: parseNameAddrList, 'record-route': parseNameAddrList,
  cseq: parseCSeq,
};

/** What one corpus message gives: every parsed value, and the errors keyed by field. */
function parseCorpusMessage(text: string): { values: Map<string, unknown[]>; errors: Map<string, string[]> } {
  const { requestUri, headers } = splitMessage(text);
  const values = new Map<string, unknown[]>();
  const errors = new Map<string, string[]>();
  const record = (name: string, bounds: Range, result: { value: unknown; errors: readonly ValueError[] }): void => {
    assertRangesConsistent(text, result.value, bounds, name);
    assertOneErrorPerOffset(result.errors);
    values.set(name, [...(values.get(name) ?? []), result.value]);
    if (result.errors.length > 0) {
      errors.set(name, [...(errors.get(name) ?? []), ...result.errors.map((e) => `${e.message} [${text.slice(e.range.start, e.range.end)}]`)]);
    }
  };
  if (requestUri !== undefined) record('request-uri', requestUri, parseUri(text, requestUri));
  for (const h of headers) {
    const parse = corpusParsers[h.name];
    if (parse === undefined) continue;
    const name = h.name.length === 1 ? { v: 'via', m: 'contact', f: 'from', t: 'to' }[h.name] ?? h.name : h.name;
    record(name, h.value, parse(text, h.value));
  }
  return { values, errors };
}

/**
 * The fields in which each message of the corpus has errors, with a piece of each message; any
 * field not listed must parse with no error. The faults come from the RFC text (index.json).
 */
const expectedCorpusErrors: { readonly [file: string]: { readonly [field: string]: readonly string[] } } = {
  // Stray ';' and ',' in Via, empty ';' parameters in Contact.
  'rfc4475/badinv01.dat': { via: ['empty parameter', "expected 'SIP/2.0/<transport>'", 'empty Via value'], contact: ['empty parameter'] },
  'rfc4475/quotbal.dat': { to: ['no closing quote'] },
  'rfc4475/ltgtruri.dat': { 'request-uri': ["found '<'"] },
  'rfc4475/lwsruri.dat': { 'request-uri': ['white space'] },
  'rfc4475/regbadct.dat': { contact: ["must be enclosed in '<' '>'"] },
  'rfc4475/badaspec.dat': { to: ["white space is not allowed inside '<' '>'"] },
  'rfc4475/baddn.dat': { from: ['quoted'], to: ['quoted'] },
  // Not an RFC message: To and From have no URI scheme.
  'rfc4475/test.dat': { to: ['scheme'], from: ['scheme'] },
  'rfc5118/ipv6-bad.dat': { 'request-uri': ["enclosed in '[' ']'"] },
};

const corpusRoot = conformanceDir();
const corpus = (JSON.parse(readFileSync(join(corpusRoot, 'index.json'), 'utf8')) as { messages: CorpusEntry[] }).messages;

void test('the corpus index lists the 62 torture messages', () => {
  assert.equal(corpus.length, 62);
});

for (const entry of corpus) {
  void test(`corpus ${entry.file} (${entry.category})`, () => {
    const text = readFileSync(join(corpusRoot, entry.file), 'utf8');
    const { errors } = parseCorpusMessage(text);
    const expected = expectedCorpusErrors[entry.file] ?? {};
    if (entry.well_formed_syntax) assert.deepEqual(Object.keys(expected), [], 'a well-formed message must expect no error');
    const fields = new Set([...Object.keys(expected), ...errors.keys()]);
    for (const field of fields) {
      const got = errors.get(field) ?? [];
      const want = expected[field] ?? [];
      assert.equal(got.length, want.length, `${field}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
      want.forEach((piece, i) => assert.ok(got[i]?.includes(piece), `${field}: "${got[i]}" lacks "${piece}"`));
    }
  });
}

/** The values of one field of a corpus message. */
function corpusValues(file: string, field: string): unknown[] {
  return parseCorpusMessage(readFileSync(join(corpusRoot, file), 'utf8')).values.get(field) ?? [];
}

/** What the RFCs say a parser reads from some corpus messages, field by field. */
const corpusFacts: readonly { file: string; field: string; expect: unknown }[] = [
  { file: 'rfc4475/semiuri.dat', field: 'request-uri', expect: [{ user: 'user;par=u%40example.net', host: { host: 'example.com' }, params: [] }] },
  { file: 'rfc4475/esc01.dat', field: 'request-uri', expect: [{ user: 'sips%3Auser%40example.com', host: { host: 'example.net' } }] },
  { file: 'rfc4475/escruri.dat', field: 'request-uri', expect: [{ headers: [{ name: 'route', value: '%3Csip:example.com%3E' }] }] },
  { file: 'rfc4475/unkscm.dat', field: 'request-uri', expect: [{ scheme: 'nobodyknowsthisscheme', host: undefined }] },
  { file: 'rfc4475/novelsc.dat', field: 'request-uri', expect: [{ scheme: 'soap.beep', host: undefined }] },
  { file: 'rfc4475/transports.dat', field: 'via', expect: ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'].map((transport) => [{ transport }]) },
  { file: 'rfc4475/wsinv.dat', field: 'via', expect: [[{ protocol: 'SIP/2.0/UDP', sentBy: { host: '192.0.2.2' }, branch: { value: '390skdjuw' } }], [{ transport: 'TCP', branch: { value: 'z9hG4bK9ikj8' } }, { sentBy: { host: '192.168.255.111' }, branch: { value: 'z9hG4bK30239' } }]] },
  { file: 'rfc4475/wsinv.dat', field: 'contact', expect: [[{ displayName: 'Quoted string ""', params: [{ name: 'newparam', value: 'newvalue' }, { name: 'secondparam' }, { name: 'q', value: '0.33' }] }]] },
  { file: 'rfc4475/wsinv.dat', field: 'cseq', expect: [{ number: 9, method: 'INVITE' }] },
  { file: 'rfc4475/esc02.dat', field: 'contact', expect: [[{ uri: { host: { host: 'host1.example.com' } } }], [{ uri: { host: { host: 'host3.example.com' } } }]] },
  { file: 'rfc4475/escnull.dat', field: 'contact', expect: [[{ uri: { user: '%00' } }], [{ uri: { user: '%00%00' } }]] },
  { file: 'rfc4475/cparam01.dat', field: 'contact', expect: [[{ bracketed: false, uri: { params: [] }, params: [{ name: 'unknownparam' }] }]] },
  { file: 'rfc4475/cparam02.dat', field: 'contact', expect: [[{ bracketed: true, uri: { params: [{ name: 'unknownparam' }] }, params: [] }]] },
  { file: 'rfc4475/regescrt.dat', field: 'contact', expect: [[{ uri: { headers: [{ name: 'route', value: '%3Csip:sip.example.com%3E' }] } }]] },
  { file: 'rfc4475/unksm2.dat', field: 'to', expect: [{ uri: { scheme: 'isbn' } }] },
  { file: 'rfc4475/unksm2.dat', field: 'contact', expect: [[{ uri: { scheme: 'name' } }]] },
  { file: 'rfc4475/scalar02.dat', field: 'cseq', expect: [{ number: 36893488147419103232, method: 'REGISTER' }] },
  { file: 'rfc4475/scalar02.dat', field: 'contact', expect: [[{ params: [{ name: 'expires', value: '280297596632815' }] }]] },
  { file: 'rfc4475/badvers.dat', field: 'via', expect: [[{ version: '7.0' }]] },
  { file: 'rfc4475/bcast.dat', field: 'via', expect: [[{ sentBy: { host: '192.0.2.198' } }], [{ sentBy: { host: '255.255.255.255', hostKind: 'ipv4' } }]] },
  { file: 'rfc4475/inv2543.dat', field: 'via', expect: [[{ branch: undefined, sentBy: { host: 'iftgw.example.com' } }]] },
  { file: 'rfc4475/quotbal.dat', field: 'to', expect: [{ uri: { user: 'j.user', host: { host: 'example.com' } } }] },
  { file: 'rfc5118/ipv6-bad.dat', field: 'request-uri', expect: [{ host: { host: '2001:db8::10', hostKind: 'ipv6', bracketed: false } }] },
  { file: 'rfc5118/ipv6-good.dat', field: 'request-uri', expect: [{ host: { host: '2001:db8::10', bracketed: true } }] },
  { file: 'rfc5118/port-ambiguous.dat', field: 'request-uri', expect: [{ host: { host: '2001:db8::10:5070', port: undefined } }] },
  { file: 'rfc5118/port-unambiguous.dat', field: 'request-uri', expect: [{ host: { host: '2001:db8::10', port: 5070 } }] },
  { file: 'rfc5118/via-received-param-with-delim.dat', field: 'via', expect: [[{ received: { value: '[2001:db8::9:255]' }, branch: { value: 'z9hG4bKas3-111' } }]] },
  { file: 'rfc5118/via-received-param-no-delim.dat', field: 'via', expect: [[{ received: { value: '2001:db8::9:255' }, branch: { value: 'z9hG4bKas3' } }]] },
  { file: 'rfc5118/mult-ip-in-header.dat', field: 'via', expect: [[{ sentBy: { host: '2001:db8::9:1', port: 6050 } }], [{ sentBy: { hostKind: 'ipv4' } }], [{ received: { value: '192.0.2.200' } }]] },
  { file: 'rfc5118/ipv4-mapped-ipv6.dat', field: 'contact', expect: [[{ uri: { host: { host: '::ffff:192.0.2.2', hostKind: 'ipv6' } } }]] },
  { file: 'rfc5118/ipv6-bug-abnf-3-colons.dat', field: 'request-uri', expect: [{ host: { host: '2001:db8:::192.0.2.1', hostKind: 'ipv6' } }] },
];

for (const fact of corpusFacts) {
  void test(`corpus ${fact.file}: ${fact.field}`, () => assertSubset(corpusValues(fact.file, fact.field), fact.expect, fact.field));
}

void test('longreq: every one of its Via values parses', () => {
  const vias = corpusValues('rfc4475/longreq.dat', 'via') as { sentBy: { host: string } }[][];
  assert.equal(vias.length, 34);
  assert.deepEqual(vias.slice(0, 33).map((v) => v[0]?.sentBy.host), Array.from({ length: 33 }, (_, i) => `sip${33 - i}.example.com`));
});

void test('well-formed real-world header lines parse with no error', () => {
  const text = readFileSync(fixturePath('values', 'well-formed-headers.txt'), 'utf8');
  let count = 0;
  let p = 0;
  for (const line of text.split('\n')) {
    const lineStart = p;
    p += line.length + 1;
    if (line.startsWith('#') || line.trim() === '') continue;
    const colon = line.indexOf(':');
    const parse = corpusParsers[line.slice(0, colon).trim().toLowerCase()];
    assert.ok(parse !== undefined, `no parser for ${line}`);
    const start = lineStart + colon + 2;
    const range = { start, end: lineStart + line.trimEnd().length };
    const result = parse(text, range);
    assert.deepEqual(result.errors, [], line);
    assertRangesConsistent(text, result.value, range);
    count++;
  }
  assert.ok(count >= 25, `only ${count} lines`);
});

// ---------------------------------------------------------------------------------------------
// Robustness: random input never throws and stays in bounds; large input costs linear time.
// ---------------------------------------------------------------------------------------------

const allParsers: readonly [string, Parser][] = [
  ['parseUri', parseUri],
  ['parseHostPort', parseHostPort],
  ['parseVia', parseVia],
  ['parseNameAddr', parseNameAddr],
  ['parseContactList', parseContactList],
  ['parseNameAddrList', parseNameAddrList],
  ['parseCSeq', parseCSeq],
  ['splitCommaList', (text, range) => ({ value: splitCommaList(text, range), errors: [] })],
];

/** Strings made of the characters that matter to these grammars, plus anything at all. */
const sipish = fc.oneof(
  fc.array(fc.constantFrom(...'sip:tel@[]<>";,=?&%/\\ \t\r\n.-0123456789abcdefABCDEF+*#SIP/2.0UDPbranch'.split(''), 'sip:', 'SIP/2.0/UDP ', '2001:db8::', '%4', ';lr', ';tag=', '<sip:a@', '>'), { maxLength: 60 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

for (const [name, parse] of allParsers) {
  void test(`${name}: random input never throws, ranges stay in bounds and match their fields`, () => {
    fc.assert(
      fc.property(sipish, fc.integer({ min: -3, max: 80 }), fc.integer({ min: -3, max: 80 }), (text, a, b) => {
        const range = { start: Math.min(a, b), end: Math.max(a, b) };
        const result = parse(text, range);
        const bounds = { start: Math.max(0, Math.min(range.start, text.length)), end: Math.max(0, Math.min(range.end, text.length)) };
        assertRangesConsistent(text, result.value, bounds);
        for (const e of result.errors) {
          assertRangesConsistent(text, e.range, bounds);
          assert.equal(typeof e.message, 'string');
        }
        assertOneErrorPerOffset(result.errors);
      }),
      { numRuns: 1500 },
    );
  });
}

/** Via values close to well-formed: what real headers hold, and the characters that end or break them. */
const nearlyVia = fc
  .tuple(
    fc.constantFrom('SIP/2.0/UDP ', 'SIP/2.0/TCP ', 'SIP / 2.0 / tls ', 'SIP/2.0/WS ', 'sip/2.0/x-t ', 'SIP/2.0/UDP', ''),
    fc.constantFrom('10.0.0.1', '203.0.113.78', 'host.example.com', 'h', '[2001:db8::1]', '2001:db8::1', '1.2.3', '-a-.b', ''),
    fc.constantFrom('', ':5060', ' : 5060', ':99999', ':'),
    fc.array(
      fc.constantFrom(
        ';branch=z9hG4bK776', ';rport', ';rport=5060', ' ; received = 192.0.2.1', ';received=[2001:db8::9]', ';maddr=239.1.1.1',
        ';ttl=16', ';x="a,b"', ';x="\\","', ';y=[::1]', '\r\n ;lr', ';', '=', '"', ',', '<', '>', '/', ' ',
      ),
      { maxLength: 5 },
    ),
  )
  .map(([protocol, host, port, params]) => protocol + host + port + params.join(''));

void test('parseVia: a header read whole as one value gives what reading it as a list gives', () => {
  let whole = 0;
  fc.assert(
    fc.property(nearlyVia, (value) => {
      const one = parseVia(value, { start: 0, end: value.length });
      if (one.errors.length > 0) return;
      whole++;
      // With a second value the header is a list, split at its commas before each value is read.
      const text = `${value}, SIP/2.0/UDP h`;
      const list = parseVia(text, { start: 0, end: text.length });
      assert.deepEqual(list.errors, []);
      assert.equal(list.value.length, 2);
      assert.deepEqual(list.value[0], one.value[0]);
    }),
    { numRuns: 3000 },
  );
  assert.ok(whole > 100, `only ${whole} values read whole`);
});

/** Contact values close to well-formed, with the characters that end or break them. */
const nearlyContact = fc
  .tuple(
    fc.constantFrom('', '"Alice" ', '"A, \\"B\\"" ', 'Bob ', 'A,B ', '*', ' '),
    fc.constantFrom('<sip:alice@10.0.0.1:5060>', '<sip:a,b@h;lr>', 'sip:a,b@h', 'sip:alice@h', '<sip:h', '<tel:+1>', '<sip:[2001:db8::1]>', '', '<>'),
    fc.array(fc.constantFrom(';expires=60', ';+sip.instance="<urn:uuid:1>"', ';q=0.5', ' ; reg-id = 1', ';x="a,b"', ';', ',', '"', '<', '>', ' '), { maxLength: 4 }),
  )
  .map(([name, uri, params]) => name + uri + params.join(''));

void test('parseContactList: a header read whole as one value gives what reading it as a list gives', () => {
  let whole = 0;
  fc.assert(
    fc.property(nearlyContact, (value) => {
      // With a second value the header is a list, split at its commas before each value is read.
      const text = `${value}, <sip:b@h>`;
      const one = parseContactList(text, { start: 0, end: value.length });
      // '*' may not stand beside another value.
      if (one.errors.length > 0 || one.value.some((v) => 'star' in v)) return;
      whole++;
      const list = parseContactList(text, { start: 0, end: text.length });
      assert.deepEqual(list.errors, []);
      assert.equal(list.value.length, one.value.length + 1);
      assert.deepEqual(list.value.slice(0, one.value.length), one.value);
    }),
    { numRuns: 3000 },
  );
  assert.ok(whole > 100, `only ${whole} values read whole`);
});

/** Mostly one of `good`, sometimes one of `bad`: each part of a value is plain five times in six. */
function part(good: readonly string[], bad: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 5 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
}

/** From and To values close to the plain shape, with the characters that take them out of it. */
const nearlyPlain = fc
  .tuple(
    part(['', '"Alice" ', '"Room 12"  ', '"" '], ['"A\\"B" ', '"Al"<', 'Bob ', '"é" ', ' ', '"a"']),
    part(['<sip:', '<sips:'], ['<SIP:', '<tel:', '<sip', 'sip:', '<']),
    part(['', 'alice@', '+1278@', 'a.b-c_d@'], ['a%20b@', 'a:pw@', '@', 'a@b@', 'é@']),
    part(
      ['example.com', 'sip.example.net', '10.0.0.1', '203.0.113.78', 'h', 'a--b.c', 'x1.y2'],
      ['256.1.1.1', '01.2.3.4', '1.2.3', '1.2.3.4.5', 'a.1.2.3', '-a.b', 'a-.b', 'Example.com', 'example.123', '[2001:db8::1]', '2001:db8::1', 'a_b.c', ''],
    ),
    part(['', ':5060', ':1', ':65535'], [':65536', ':0', ':05060', ':', ':5o', ':123456']),
    fc.array(part([';lr', ';transport=udp', ';transport=tls'], [';transport=xyz', ';transport=UDP', ';user=phone', ';', ';lr=1']), { maxLength: 3 }),
    part(['>'], ['', '>>', ' >']),
    part(['', ';tag=1a2b', ';tag=a.b-c_d+e'], [';tag=', ';TAG=1', ';tag=1;tag=2', ';x=1', ' ;tag=1', ';tag="1"', '\r\n ;tag=1', ' ']),
  )
  .map((parts) => parts.flat().join(''));

void test('plainNameAddr: a value it proves plain reads with no error, a sip or sips URI, no IPv6 host, and the tag it says', () => {
  const proven = [0, 0, 0];
  fc.assert(
    fc.property(nearlyPlain, (value) => {
      const plain = plainNameAddr(value, 0, value.length);
      proven[plain]++;
      if (plain === Plain.Unknown) return;
      const parsed = parseNameAddr(value, { start: 0, end: value.length });
      assert.deepEqual(parsed.errors, [], value);
      assert.ok(parsed.value.uri.scheme === 'sip' || parsed.value.uri.scheme === 'sips', value);
      assert.ok(parsed.value.uri.host !== undefined && parsed.value.uri.host.hostKind !== 'ipv6', value);
      const tags = parsed.value.params.filter((p) => p.name === 'tag').length;
      assert.equal(tags, plain === Plain.Tagged ? 1 : 0, value);
    }),
    { numRuns: 5000 },
  );
  // The shapes real traces have are proven, so the rules that trust it do skip work.
  assert.ok(proven[Plain.Untagged] > 100 && proven[Plain.Tagged] > 100, `proven ${proven.join('/')}`);
  assert.equal(plainNameAddr('"Room 12" <sip:1278@sip.example.net>;tag=9f3a', 0, 43), Plain.Tagged);
  assert.equal(plainNameAddr('<sip:sip.example.net>', 0, 21), Plain.Untagged);
  // Read only within the range given: the text after it does not count.
  assert.equal(plainNameAddr('<sip:a@b>;tag=1', 0, 9), Plain.Untagged);
  assert.equal(plainNameAddr('<sip:a@b>;tag=1', 0, 8), Plain.Unknown);
});

/** The texts of every conformance message and every trace and NAT fixture, as Latin-1. */
function corpusTexts(): string[] {
  const texts = corpus.map((entry) => readFileSync(join(corpusRoot, entry.file), 'latin1'));
  for (const folder of ['traces', 'nat']) {
    const root = fixturePath(folder);
    for (const name of readdirSync(root, { recursive: true }) as string[]) {
      if (/\.(sip|txt|log)$/.test(name)) texts.push(readFileSync(join(root, name), 'latin1'));
    }
  }
  return texts;
}

void test('plainNameAddr agrees with the parser on every From and To of the conformance corpus and the fixtures', () => {
  let checked = 0;
  for (const text of corpusTexts()) {
    for (const match of text.matchAll(/^(?:From|To|f|t)[ \t]*:[ \t]*([^\r\n]*)/gim)) {
      const start = match.index + match[0].length - match[1].length;
      let end = start + match[1].length;
      while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
      const plain = plainNameAddr(text, start, end);
      if (plain === Plain.Unknown) continue;
      checked++;
      const parsed = parseNameAddr(text, { start, end });
      assert.deepEqual(parsed.errors, [], match[0]);
      assert.ok(parsed.value.uri.host?.hostKind !== 'ipv6', match[0]);
      assert.equal(parsed.value.params.some((p) => p.name === 'tag'), plain === Plain.Tagged, match[0]);
    }
  }
  assert.ok(checked > 50, `only ${checked} values proven plain`);
});

/** 1 MB inputs built to trap quadratic scanning: long runs of each delimiter. */
const MB = 1 << 20;
const hugeInputs: readonly [string, Parser, string][] = [
  ['Via with one long parameter', parseVia, `SIP/2.0/UDP h;branch=z9hG4bK${'a'.repeat(MB)}`],
  ['Via with many parameters', parseVia, `SIP/2.0/UDP h${';rport'.repeat(MB / 6)}`],
  ['Via list', parseVia, 'SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK1, '.repeat(MB / 48)],
  ['Via of semicolons and commas', parseVia, ';;,'.repeat(MB / 3)],
  ['Via of slashes', parseVia, `SIP${'/'.repeat(MB)}`],
  ['Contact of commas', parseContactList, ','.repeat(MB)],
  ['Contact of unclosed angles', parseContactList, '<'.repeat(MB)],
  ['Contact of quotes', parseContactList, '"'.repeat(MB)],
  ['Contact of escaped quotes', parseContactList, `"${'\\"'.repeat(MB / 2)}`],
  ['Contact list', parseContactList, '<sip:alice@100.64.0.10:8214;ob>;expires=3600, '.repeat(MB / 48)],
  ['Contact of unterminated quotes and angles', parseContactList, '"a <b, '.repeat(MB / 7)],
  ['name-addr with a long display name', parseNameAddr, `${'a '.repeat(MB / 2)}<sip:a@h>`],
  ['addr-spec of semicolons', parseNameAddr, `sip:a@h${';'.repeat(MB)}`],
  ['Route list', parseNameAddrList, '<sip:h;lr>,'.repeat(MB / 11)],
  ['URI with a long user', parseUri, `sip:${'u'.repeat(MB)}@h`],
  ['URI without @', parseUri, `sip:${'u;'.repeat(MB / 2)}`],
  ['URI of percent signs', parseUri, `sip:${'%'.repeat(MB)}@h`],
  ['URI of semicolons', parseUri, `sip:h${';'.repeat(MB)}`],
  ['URI of colons', parseUri, `sip:${':'.repeat(MB)}`],
  ['URI of brackets', parseUri, `sip:[${'1:'.repeat(MB / 2)}`],
  ['URI headers', parseUri, `sip:h?${'a=b&'.repeat(MB / 4)}`],
  ['opaque URI', parseUri, `urn:${'x'.repeat(MB)}`],
  ['tel URI', parseUri, `tel:+${'1'.repeat(MB)}`],
  ['host of digits', parseHostPort, '1'.repeat(MB)],
  ['host of dots', parseHostPort, '.'.repeat(MB)],
  ['long port', parseHostPort, `h:${'9'.repeat(MB)}`],
  ['CSeq of digits', parseCSeq, `${'9'.repeat(MB)} INVITE`],
];

for (const [what, parse, input] of hugeInputs) {
  void test(`1 MB ${what}: parsed in linear time`, () => {
    // Placed inside a longer text so that a scan past the range would also show.
    const text = `${input}\r\n${'<"'.repeat(MB)}`;
    // CPU time, not wall time: a busy machine must not fail the test, a quadratic scan must
    // (1 MB squared is hours; linear is tens of milliseconds).
    const begin = process.cpuUsage();
    const result = parse(text, { start: 0, end: input.length });
    const used = process.cpuUsage(begin);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < 2000, `${what}: ${ms.toFixed(0)} ms of CPU`);
    for (const e of result.errors) assert.ok(e.range.end <= input.length);
  });
}

test(`a header with more than ${MAX_LIST_VALUES} values is read up to that many, and the rest is reported once`, () => {
  const contacts = Array.from({ length: MAX_LIST_VALUES + 5 }, (_, i) => `<sip:u${i}@192.0.2.1>`);
  const text = contacts.join(', ');
  const parsed = parseContactList(text, { start: 0, end: text.length });
  assert.equal(parsed.value.length, MAX_LIST_VALUES);
  assert.equal(parsed.errors.length, 1);
  assert.match(parsed.errors[0].message, /more than 1000 values/);
  assert.equal(parsed.errors[0].range.start, text.indexOf(`<sip:u${MAX_LIST_VALUES}@`));
  assert.equal(parsed.errors[0].range.end, text.length);
  const vias = Array.from({ length: MAX_LIST_VALUES + 1 }, (_, i) => `SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK${i}`).join(',');
  const via = parseVia(vias, { start: 0, end: vias.length });
  assert.equal(via.value.length, MAX_LIST_VALUES);
  assert.equal(via.errors.length, 1);
});
