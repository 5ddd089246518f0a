// Mapping-behaviour probes against scripted STUN servers on loopback that pretend to sit behind
// a NAT: they report whatever mapping a scenario says, so every verdict path of detectMapping
// and detectMappingRfc5780 runs through real sockets. (Real NATs come with the netns lab.)
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { Attr, Method, addressValue, decodeMessage, encodeMessage, type AttributeSpec } from '../../server/src/core/stun/codec';
import { detectMapping, detectMappingRfc5780 } from '../../server/src/node/stun-transport';
import { freePort } from './helpers/coturn';
import type { StunOutcome } from '../../server/src/core/stun/types';

interface Endpoint {
  address: string;
  port: number;
}

const sockets: dgram.Socket[] = [];
after(() => {
  for (const s of sockets) s.close();
});

/**
 * A scripted Binding server on `at`: it answers every request with the mapping `mapped` and,
 * when given, an OTHER-ADDRESS. It records the local ports requests came from.
 */
async function fakeServer(at: Endpoint, mapped: Endpoint, other?: Endpoint): Promise<{ sourcePorts: number[] }> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(at.port, at.address, resolve));
  const sourcePorts: number[] = [];
  socket.on('message', (msg, from) => {
    const request = decodeMessage(new Uint8Array(msg)).value;
    if (request === undefined) return;
    sourcePorts.push(from.port);
    const txid = request.transactionId;
    const attributes: AttributeSpec[] = [{ type: Attr.XorMappedAddress, value: addressValue(mapped.address, mapped.port, txid)! }];
    if (other) attributes.push({ type: Attr.OtherAddress, value: addressValue(other.address, other.port)! });
    socket.send(encodeMessage({ method: Method.Binding, class: 'success', transactionId: txid, attributes, fingerprint: true }), from.port, from.address);
  });
  return { sourcePorts };
}

function ok<T>(outcome: StunOutcome<T>): T {
  if (!outcome.ok) assert.fail(`${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

const PUBLIC = '203.0.113.10';

describe('detectMapping with two servers', () => {
  test('different mappings per server: symmetric', async () => {
    const [p1, p2] = [await freePort(['127.0.0.1']), await freePort(['127.0.0.2'])];
    const s1 = await fakeServer({ address: '127.0.0.1', port: p1 }, { address: PUBLIC, port: 40000 });
    const s2 = await fakeServer({ address: '127.0.0.2', port: p2 }, { address: PUBLIC, port: 40001 });
    const report = ok(
      await detectMapping(
        [
          { host: '127.0.0.1', port: p1 },
          { host: '127.0.0.2', port: p2 },
        ],
        { localAddress: '127.0.0.1', totalTimeoutMs: 2000 },
      ),
    );
    assert.equal(report.verdict.mapping, 'endpoint-dependent');
    assert.equal(report.verdict.symmetric, true);
    assert.equal(report.verdict.natDetected, true);
    assert.equal(report.verdict.publicAddress, undefined);
    // Both requests left from one socket: the servers saw the same source port.
    assert.equal(s1.sourcePorts.length, 1);
    assert.deepEqual(s2.sourcePorts, s1.sourcePorts);
    assert.equal(report.answers[0].localPort, s1.sourcePorts[0]);
  });

  test('the same mapping from both servers: endpoint-independent, port kept', async () => {
    const [p1, p2] = [await freePort(['127.0.0.1']), await freePort(['127.0.0.2'])];
    const localPort = await freePort();
    await fakeServer({ address: '127.0.0.1', port: p1 }, { address: PUBLIC, port: localPort });
    await fakeServer({ address: '127.0.0.2', port: p2 }, { address: PUBLIC, port: localPort });
    const report = ok(
      await detectMapping(
        [
          { host: '127.0.0.1', port: p1 },
          { host: '127.0.0.2', port: p2 },
        ],
        { localAddress: '127.0.0.1', localPort, totalTimeoutMs: 2000 },
      ),
    );
    assert.equal(report.verdict.mapping, 'endpoint-independent');
    assert.equal(report.verdict.portPreserved, true);
    assert.deepEqual(report.verdict.publicAddress, { address: PUBLIC, port: localPort, family: 'IPv4' });
  });

  test('a silent second server fails the probe with its name', async () => {
    const [p1, p2] = [await freePort(['127.0.0.1']), await freePort(['127.0.0.2'])];
    await fakeServer({ address: '127.0.0.1', port: p1 }, { address: PUBLIC, port: 40000 });
    const silent = dgram.createSocket('udp4');
    sockets.push(silent);
    await new Promise<void>((resolve) => silent.bind(p2, '127.0.0.2', resolve));
    const outcome = await detectMapping(
      [
        { host: '127.0.0.1', port: p1 },
        { host: '127.0.0.2', port: p2 },
      ],
      { totalTimeoutMs: 300, rtoMs: 50 },
    );
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.error.kind, 'timeout');
      assert.match(outcome.error.message, new RegExp(`127\\.0\\.0\\.2:${p2}`));
    }
  });
});

describe('detectMappingRfc5780', () => {
  // Primary 127.0.0.1:P, other address 127.0.0.2:A; test II goes to 127.0.0.2:P.
  async function scenario(mappings: [number, number, number]) {
    const primaryPort = await freePort(['127.0.0.1', '127.0.0.2']);
    const altPort = await freePort(['127.0.0.2']);
    const other = { address: '127.0.0.2', port: altPort };
    const servers = [
      await fakeServer({ address: '127.0.0.1', port: primaryPort }, { address: PUBLIC, port: mappings[0] }, other),
      await fakeServer({ address: '127.0.0.2', port: primaryPort }, { address: PUBLIC, port: mappings[1] }, other),
      await fakeServer(other, { address: PUBLIC, port: mappings[2] }, { address: '127.0.0.1', port: primaryPort }),
    ];
    const report = ok(await detectMappingRfc5780({ host: '127.0.0.1', port: primaryPort }, { localAddress: '127.0.0.1', totalTimeoutMs: 2000 }));
    return { report, servers };
  }

  test('I = II: endpoint-independent, test III skipped', async () => {
    const { report, servers } = await scenario([40000, 40000, 40000]);
    assert.equal(report.rfc5780, true);
    assert.equal(report.verdict.mapping, 'endpoint-independent');
    assert.deepEqual(servers.map((s) => s.sourcePorts.length), [1, 1, 0]);
  });

  test('I != II, II = III: address-dependent', async () => {
    const { report, servers } = await scenario([40000, 40001, 40001]);
    assert.equal(report.verdict.mapping, 'address-dependent');
    assert.equal(report.answers.length, 3);
    // All three tests used one local port.
    const ports = servers.flatMap((s) => s.sourcePorts);
    assert.equal(new Set(ports).size, 1);
  });

  test('I != II != III: address-and-port-dependent', async () => {
    const { report } = await scenario([40000, 40001, 40002]);
    assert.equal(report.verdict.mapping, 'address-and-port-dependent');
    assert.equal(report.verdict.symmetric, true);
  });
});
