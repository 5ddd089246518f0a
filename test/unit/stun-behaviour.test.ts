// NAT mapping classification from sets of Binding answers (RFC 5780 section 4.3).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { classifyMapping, rfc5780MappingTargets, type MappingInput, type MappingVerdict } from '../../server/src/core/stun/behaviour';
import type { TransportAddress } from '../../server/src/core/stun/types';

const at = (address: string, port: number): TransportAddress => ({ address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' });
const obs = (server: string, mapped: string) => {
  const [sa, sp] = server.split('#');
  const [ma, mp] = mapped.split('#');
  return { server: { address: sa, port: Number(sp) }, mapped: at(ma, Number(mp)) };
};

// Servers S1 = 198.51.100.1 (ports 3478/3479), S2 = 198.51.100.2; the client is 100.64.0.10:5060.
const cases: { name: string; input: MappingInput; expect: Partial<MappingVerdict> }[] = [
  {
    name: 'no answers',
    input: { localPort: 5060, observations: [] },
    expect: { mapping: 'unknown', symmetric: undefined, natDetected: undefined, portPreserved: false },
  },
  {
    name: 'no NAT: both servers see the local address',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '100.64.0.10#5060'), obs('198.51.100.2#3478', '100.64.0.10#5060')] },
    expect: { mapping: 'no-nat', symmetric: false, natDetected: false, portPreserved: true, publicAddress: at('100.64.0.10', 5060) },
  },
  {
    name: 'endpoint-independent, port preserved',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060'), obs('198.51.100.2#3478', '203.0.113.1#5060')] },
    expect: { mapping: 'endpoint-independent', symmetric: false, natDetected: true, portPreserved: true, publicAddress: at('203.0.113.1', 5060) },
  },
  {
    name: 'endpoint-independent, port rewritten',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#61000'), obs('198.51.100.2#3478', '203.0.113.1#61000')] },
    expect: { mapping: 'endpoint-independent', symmetric: false, natDetected: true, portPreserved: false, publicAddress: at('203.0.113.1', 61000) },
  },
  {
    name: 'symmetric across two servers (address or port dependence unknown)',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#61000'), obs('198.51.100.2#3478', '203.0.113.1#61001')] },
    expect: { mapping: 'endpoint-dependent', symmetric: true, natDetected: true, portPreserved: false, publicAddress: undefined },
  },
  {
    name: 'symmetric but port preserved for the first, not the second',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060'), obs('198.51.100.2#3478', '203.0.113.1#1024')] },
    expect: { mapping: 'endpoint-dependent', symmetric: true, portPreserved: false },
  },
  {
    name: 'RFC 5780: test I equals test II -> endpoint-independent',
    input: { localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060'), obs('198.51.100.2#3478', '203.0.113.1#5060')] },
    expect: { mapping: 'endpoint-independent', natDetected: undefined, portPreserved: true },
  },
  {
    name: 'RFC 5780: II differs from I, III equals II -> address-dependent',
    input: {
      localAddress: '100.64.0.10',
      localPort: 5060,
      observations: [obs('198.51.100.1#3478', '203.0.113.1#40000'), obs('198.51.100.2#3478', '203.0.113.1#40001'), obs('198.51.100.2#3479', '203.0.113.1#40001')],
    },
    expect: { mapping: 'address-dependent', symmetric: true, natDetected: true },
  },
  {
    name: 'RFC 5780: III differs from II -> address-and-port-dependent',
    input: {
      localAddress: '100.64.0.10',
      localPort: 5060,
      observations: [obs('198.51.100.1#3478', '203.0.113.1#40000'), obs('198.51.100.2#3478', '203.0.113.1#40001'), obs('198.51.100.2#3479', '203.0.113.1#40002')],
    },
    expect: { mapping: 'address-and-port-dependent', symmetric: true },
  },
  {
    name: 'one answer: NAT seen, behaviour unknown',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060')] },
    expect: { mapping: 'unknown', symmetric: undefined, natDetected: true, portPreserved: true, publicAddress: at('203.0.113.1', 5060) },
  },
  {
    name: 'two ports of one server agree: not enough to call it endpoint-independent',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060'), obs('198.51.100.1#3479', '203.0.113.1#5060')] },
    expect: { mapping: 'unknown', symmetric: undefined },
  },
  {
    name: 'two ports of one server disagree: port-dependent',
    input: { localAddress: '100.64.0.10', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#5060'), obs('198.51.100.1#3479', '203.0.113.1#5061')] },
    expect: { mapping: 'address-and-port-dependent', symmetric: true },
  },
  {
    name: 'wildcard local address with a rewritten port still detects the NAT',
    input: { localAddress: '0.0.0.0', localPort: 5060, observations: [obs('198.51.100.1#3478', '203.0.113.1#7000'), obs('198.51.100.2#3478', '203.0.113.1#7000')] },
    expect: { mapping: 'endpoint-independent', natDetected: true, portPreserved: false },
  },
  {
    name: 'IPv6 without translation',
    input: { localAddress: '2001:db8::10', localPort: 5060, observations: [obs('2001:db8::1#3478', '2001:db8::10#5060'), obs('2001:db8::2#3478', '2001:db8::10#5060')] },
    expect: { mapping: 'no-nat', natDetected: false },
  },
];

describe('classifyMapping', () => {
  for (const c of cases) {
    test(c.name, () => {
      const verdict = classifyMapping(c.input);
      for (const [key, value] of Object.entries(c.expect)) {
        assert.deepEqual(verdict[key as keyof MappingVerdict], value, `${key} in ${JSON.stringify(verdict)}`);
      }
      assert.ok(verdict.explanation.length > 0);
    });
  }

  test('the explanation names what each server saw', () => {
    const verdict = classifyMapping(cases[4].input);
    assert.equal(
      verdict.explanation,
      'The mapping changes with the destination: a symmetric NAT (198.51.100.1:3478 saw 203.0.113.1:61000; 198.51.100.2:3478 saw 203.0.113.1:61001); the local port 5060 was not kept.',
    );
  });
});

test('rfc5780MappingTargets', () => {
  assert.deepEqual(rfc5780MappingTargets({ address: '198.51.100.1', port: 3478 }, { address: '198.51.100.2', port: 3479 }), {
    test2: { address: '198.51.100.2', port: 3478 },
    test3: { address: '198.51.100.2', port: 3479 },
  });
});
