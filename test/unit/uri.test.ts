/**
 * URI and host:port parsing, data-driven: each case is an input, the fields expected in the
 * result (a subset of it), and the text each expected error covers. Every case also checks that
 * the ranges in the result point at the text its fields hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRangesConsistent, assertSubset, shiftRanges } from './check';
import { parseHostPort, parseUri } from '../../server/src/core/sip/uri';
import type { Range, ValueError } from '../../server/src/core/types';

/** One case: `errors` lists the text each error's range covers, in order. */
interface Case {
  readonly input: string;
  readonly expect?: unknown;
  readonly errors?: readonly string[];
  /** Part of an error message, when the wording matters (one per error, in order). */
  readonly messages?: readonly string[];
}

const uriCases: readonly Case[] = [
  // sip and sips, every part.
  {
    input: 'sip:alice:secret@atlanta.example.com:5061;transport=tcp;lr;maddr=239.255.255.1?Subject=x&Priority=urgent',
    expect: {
      scheme: 'sip', user: 'alice', password: 'secret',
      host: { host: 'atlanta.example.com', hostKind: 'domain', port: 5061, bracketed: false },
      params: [{ name: 'transport', value: 'tcp' }, { name: 'lr', value: undefined }, { name: 'maddr', value: '239.255.255.1' }],
      headers: [{ name: 'subject', value: 'x' }, { name: 'priority', value: 'urgent' }],
    },
  },
  { input: 'SIPS:Bob@Biloxi.Example.com', expect: { scheme: 'sips', user: 'Bob', host: { host: 'Biloxi.Example.com', port: undefined } } },
  { input: 'sip:100.64.0.10:8214', expect: { user: undefined, host: { host: '100.64.0.10', hostKind: 'ipv4', port: 8214 } } },
  { input: 'sip:registrar.example.com', expect: { user: undefined, params: [], headers: [] } },
  { input: 'sip:example.com.', expect: { host: { host: 'example.com.', hostKind: 'domain' } } },
  { input: 'sip:h;Transport=TCP', expect: { params: [{ name: 'transport', value: 'TCP' }] } },
  { input: 'sip:h:0', expect: { host: { port: 0 } } },
  { input: 'sip:h:65535', expect: { host: { port: 65535 } } },
  { input: 'sip:h:00005060', expect: { host: { port: 5060 } } },
  // Escapes and the unusual characters the user part allows (RFC 4475 3.1.1.2, 3.1.1.3, 3.1.1.9).
  { input: 'sip:sips%3Auser%40example.com@example.net', expect: { user: 'sips%3Auser%40example.com', host: { host: 'example.net' } } },
  { input: 'sip:null-%00-null@example.com', expect: { user: 'null-%00-null' } },
  { input: 'sip:user;par=u%40example.net@example.com', expect: { user: 'user;par=u%40example.net', host: { host: 'example.com' }, params: [] } },
  {
    input: "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com",
    expect: { user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", host: { host: 'example.com' } },
  },
  { input: 'sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31', expect: { params: [{ name: '%6c%72' }, { name: 'n%61me', value: 'v%61lue%25%34%31' }] } },
  { input: 'sip:user@example.com?Route=%3Csip:example.com%3E', expect: { headers: [{ name: 'route', value: '%3Csip:example.com%3E' }] } },
  // IPv6 references (RFC 5118).
  { input: 'sip:[2001:db8::10]', expect: { host: { host: '2001:db8::10', hostKind: 'ipv6', bracketed: true, port: undefined } } },
  { input: 'sip:[2001:db8::10]:5070', expect: { host: { host: '2001:db8::10', port: 5070, range: { start: 4, end: 23 } } } },
  { input: 'sip:[2001:db8::10:5070]', expect: { host: { host: '2001:db8::10:5070', port: undefined } } },
  { input: 'sip:user@[2001:db8::192.0.2.1]', expect: { host: { host: '2001:db8::192.0.2.1', hostKind: 'ipv6' } } },
  { input: 'sip:user@[2001:db8:::192.0.2.1]', expect: { host: { host: '2001:db8:::192.0.2.1', hostKind: 'ipv6' } } },
  { input: 'sip:ted@[::ffff:192.0.2.2]', expect: { host: { host: '::ffff:192.0.2.2' } } },
  { input: 'sip:[::1]:5060;transport=udp', expect: { host: { host: '::1', port: 5060 }, params: [{ name: 'transport' }] } },
  { input: 'sip:[1:2:3:4:5:6:7:8]', expect: { host: { hostKind: 'ipv6' } } },
  { input: 'sip:2001:db8::10', expect: { host: { host: '2001:db8::10', hostKind: 'ipv6', bracketed: false } }, errors: ['2001:db8::10'], messages: ['enclosed'] },
  { input: 'sip:user@::1', expect: { host: { host: '::1', hostKind: 'ipv6' } }, errors: ['::1'] },
  { input: 'sip:[2001:db8::10', errors: ['[2001:db8::10'], messages: ["no closing ']'"] },
  { input: 'sip:[1:2:3:4:5:6:7:8:9]', errors: ['[1:2:3:4:5:6:7:8:9]'], messages: ['IPv6'] },
  { input: 'sip:[1::2::3]', errors: ['[1::2::3]'] },
  { input: 'sip:[1:::2]', errors: ['[1:::2]'] },
  { input: 'sip:[12345::]', errors: ['[12345::]'] },
  { input: 'sip:[fe80::1%eth0]', errors: ['[fe80::1%eth0]'] },
  { input: 'sip:[example.com]', errors: ['[example.com]'] },
  // tel URIs (RFC 3966).
  { input: 'tel:+1-201-555-0123', expect: { scheme: 'tel', user: '+1-201-555-0123', host: undefined, params: [] } },
  { input: 'tel:+358-555-1234567;postd=pp22', expect: { params: [{ name: 'postd', value: 'pp22' }] } },
  { input: 'tel:7042;phone-context=example.com', expect: { user: '7042', params: [{ name: 'phone-context', value: 'example.com' }] } },
  { input: 'tel:863-1234;phone-context=+1-914-555', expect: { user: '863-1234' } },
  { input: 'tel:*21#;phone-context=+33', expect: { user: '*21#' } },
  { input: 'tel:7042', errors: ['7042'], messages: ['phone-context'] },
  { input: 'tel:+1-201-x', errors: ['x'] },
  { input: 'tel:+', errors: ['+'], messages: ['no digits'] },
  { input: 'tel:', errors: [''], messages: ['no number'] },
  // Other schemes are kept, without a host and without an error (RFC 4475 3.3.1, 3.3.2).
  { input: 'nobodyKnowsThisScheme:totallyopaquecontent', expect: { scheme: 'nobodyknowsthisscheme', host: undefined, user: undefined } },
  { input: 'soap.beep://192.0.2.103:3002', expect: { scheme: 'soap.beep', host: undefined } },
  { input: 'http://www.example.com', expect: { scheme: 'http' } },
  { input: 'name:John_Smith', expect: { scheme: 'name' } },
  { input: 'urn:service:sos', expect: { scheme: 'urn' } },
  { input: 'http://x/a b', errors: [' '], messages: ['white space'] },
  { input: 'mailto:a%zzb', errors: ['%zz'] },
  { input: 'isbn:', errors: ['isbn:'] },
  // Broken URIs: one error each, at the right place.
  { input: '<sip:user@example.com>', expect: { scheme: '' }, errors: ['<'], messages: ['scheme'] },
  { input: 'alan@jasomi.com', errors: ['alan'], messages: ['scheme'] },
  { input: '', errors: [''], messages: ['scheme'] },
  { input: ':foo', errors: [':'] },
  { input: '1sip:foo', errors: ['1'] },
  { input: 'sip:user@example.com; lr', expect: { params: [{ name: 'lr' }] }, errors: [' '], messages: ['white space'] },
  { input: 'sip:user@exa mple.com', errors: [' '] },
  { input: 'sip:a%zz@h', expect: { user: 'a%zz' }, errors: ['%zz'], messages: ['escape'] },
  { input: 'sip:a%4@h', errors: ['%4'] },
  { input: 'sip:ab%', errors: ['%'] },
  { input: 'sip:@example.com', errors: ['@'], messages: ['user part'] },
  { input: 'sip:us"er@h', errors: ['"'] },
  { input: 'sip:user@', errors: [''], messages: ['host is missing'] },
  { input: 'sip:', errors: [''] },
  { input: 'sip:h:70000', expect: { host: { host: 'h', port: undefined, portRange: { start: 6, end: 11 } } }, errors: ['70000'], messages: ['out of range'] },
  { input: 'sip:h:99999999999999999999999', expect: { host: { port: undefined } }, errors: ['99999999999999999999999'] },
  { input: 'sip:h:', errors: [':'], messages: ['port'] },
  { input: 'sip:h:50x', errors: ['x'] },
  { input: 'sip:256.1.1.1', expect: { host: { hostKind: 'ipv4' } }, errors: ['256.1.1.1'], messages: ['IPv4'] },
  { input: 'sip:1.2.3', errors: ['1.2.3'] },
  { input: 'sip:a..b', errors: ['.'], messages: ['empty label'] },
  { input: 'sip:-a.b', errors: ['-a'] },
  { input: 'sip:h;;lr', expect: { params: [{ name: 'lr' }] }, errors: [';'] },
  { input: 'sip:h;', errors: [';'] },
  { input: 'sip:h;a b=c', errors: [' '] },
  { input: 'sip:h;a="b"', errors: ['"'] },
  { input: 'sip:h?', errors: [''], messages: ['empty URI header name'] },
  { input: 'sip:h?a', errors: ['a'], messages: ["needs '='"] },
  // A header name whose first character is wrong is one mistake there: no second error for the missing '='.
  { input: 'sip:h?\\ b', errors: ['\\', ' '], messages: ['URI header name', 'white space'] },
  { input: 'sip:h?a=b&=c', errors: ['='] },
  { input: 'sip:h>', errors: ['>'] },
];

const hostPortCases: readonly Case[] = [
  { input: 'pc33.atlanta.example.com', expect: { host: 'pc33.atlanta.example.com', hostKind: 'domain', port: undefined, portRange: undefined } },
  { input: '100.64.0.10:8214', expect: { host: '100.64.0.10', hostKind: 'ipv4', port: 8214, portRange: { start: 12, end: 16 } } },
  { input: '[2001:db8::9:1]:6050', expect: { host: '2001:db8::9:1', hostKind: 'ipv6', bracketed: true, port: 6050, hostRange: { start: 1, end: 14 } } },
  { input: '[::ffff:192.0.2.10]:19823', expect: { host: '::ffff:192.0.2.10', port: 19823 } },
  { input: 'host : 5060', expect: { host: 'host', port: 5060, range: { start: 0, end: 11 } } },
  { input: 'under_score.example.com', expect: { hostKind: 'domain' } },
  { input: '255.255.255.255', expect: { hostKind: 'ipv4' } },
  { input: '2001:db8::1', expect: { hostKind: 'ipv6', bracketed: false }, errors: ['2001:db8::1'] },
  { input: '2001:db8::1:5060x', errors: ['2001:db8::1:5060', 'x'] },
  { input: '', errors: [''] },
  { input: 'h:', errors: [':'] },
  { input: 'h:65536', errors: ['65536'] },
  { input: 'h;x', errors: [';x'], messages: ['after the host'] },
  { input: ' \t100.64.0.1:5060 ', expect: { host: '100.64.0.1', port: 5060, range: { start: 2, end: 17 } } },
];

/** The text an error (or any range) covers. */
function textOf(text: string, range: Range): string {
  return text.slice(range.start, range.end);
}

/** Runs one case through `parse` with the input placed inside other text, to test the offsets. */
function check(parse: (text: string, range: Range) => { value: unknown; errors: readonly ValueError[] }, c: Case): void {
  const prefix = 'X: ';
  const text = `${prefix}${c.input}\r\nNext: header`;
  const range = { start: prefix.length, end: prefix.length + c.input.length };
  const result = parse(text, range);
  if (c.expect !== undefined) assertSubset(shiftRanges(result.value, -prefix.length), c.expect, 'value');
  const errorTexts = result.errors.map((e) => textOf(text, e.range));
  assert.deepEqual(errorTexts, c.errors ?? [], `errors: ${JSON.stringify(result.errors.map((e) => e.message))}`);
  (c.messages ?? []).forEach((m, i) => assert.ok(result.errors[i]?.message.includes(m), `error ${i} "${result.errors[i]?.message}" lacks "${m}"`));
  assertRangesConsistent(text, result.value, range);
  for (const e of result.errors) assertRangesConsistent(text, e.range, range);
  const starts = result.errors.map((e) => e.range.start);
  assert.equal(new Set(starts).size, starts.length, 'two errors at one offset');
}

for (const c of uriCases) void test(`parseUri ${JSON.stringify(c.input)}`, () => check(parseUri, c));
for (const c of hostPortCases) void test(`parseHostPort ${JSON.stringify(c.input)}`, () => check(parseHostPort, c));

void test('parseUri clamps a range that lies outside the text', () => {
  const result = parseUri('sip:a@b', { start: -5, end: 100 });
  assert.equal(result.value.host?.host, 'b');
  assert.deepEqual(result.value.range, { start: 0, end: 7 });
});

void test('parseUri reads only its range', () => {
  const text = 'INVITE sip:bob@biloxi.example.com SIP/2.0';
  const result = parseUri(text, { start: 7, end: 33 });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.value.host?.hostRange, { start: 15, end: 33 });
  assert.deepEqual(result.value.userRange, { start: 11, end: 14 });
});
