// The STUN client against a real coturn on loopback: UDP and TCP Binding, fixed local ports,
// busy ports, closed ports, RFC 5780 attributes, CHANGE-REQUEST and mapping detection.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import { startCoturn, freePort, type Coturn } from './helpers/coturn';
import { queryStun, detectMapping, detectMappingRfc5780 } from '../../server/src/node/stun-transport';
import type { StunOutcome, StunQueryResult } from '../../server/src/core/stun/types';

let coturn: Coturn;

before(async () => {
  coturn = await startCoturn({ listeningIps: ['127.0.0.1', '127.0.0.2', '::1'] });
});

after(async () => {
  await coturn?.stop();
});

function ok<T>(outcome: StunOutcome<T>): T {
  if (!outcome.ok) assert.fail(`query failed: ${outcome.error.kind}: ${outcome.error.message}\n--- coturn log ---\n${coturn.log().slice(-2000)}`);
  return outcome.value;
}

/** The mapping on loopback is the socket's own address and port: there is no NAT. */
function assertSelfMapping(result: StunQueryResult, address: string): void {
  assert.equal(result.mapped.address, address);
  assert.equal(result.mapped.port, result.localPort);
  assert.equal(result.localAddress, address);
  assert.ok(result.localPort > 0);
}

describe('coturn over UDP', () => {
  test('maps 127.0.0.1 to itself, from XOR-MAPPED-ADDRESS, with RFC 5780 attributes', async () => {
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, transport: 'udp', totalTimeoutMs: 2000 }));
    assertSelfMapping(result, '127.0.0.1');
    assert.equal(result.mapped.family, 'IPv4');
    assert.equal(result.mappedFrom, 'XOR-MAPPED-ADDRESS');
    assert.deepEqual(result.server, { address: '127.0.0.1', port: coturn.port, family: 'IPv4' });
    assert.deepEqual(result.source, result.server);
    assert.deepEqual(result.responseOrigin, { address: '127.0.0.1', port: coturn.port, family: 'IPv4' });
    assert.deepEqual(result.otherAddress, { address: '127.0.0.2', port: coturn.altPort, family: 'IPv4' });
    assert.equal(result.transmissions, 1);
    assert.equal(result.localPortFallback, false);
    assert.ok(result.rttMs >= 0 && result.rttMs < 2000);
    assert.match(result.software ?? '', /Coturn/i);
  });

  test('binds the requested local port and reports it as the mapping', async () => {
    const localPort = await freePort();
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, transport: 'udp', localAddress: '127.0.0.1', localPort, totalTimeoutMs: 2000 }));
    assert.equal(result.localPort, localPort);
    assertSelfMapping(result, '127.0.0.1');
  });

  test('sees the second loopback address as the mapping when bound to it', async () => {
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, localAddress: '127.0.0.2', totalTimeoutMs: 2000 }));
    assertSelfMapping(result, '127.0.0.2');
  });

  test('IPv6 on ::1', async () => {
    const result = ok(await queryStun({ server: { host: '::1', port: coturn.port }, totalTimeoutMs: 2000 }));
    assertSelfMapping(result, '::1');
    assert.equal(result.mapped.family, 'IPv6');
  });

  test('a busy local port is reported, and the fallback says the port differs', async () => {
    const busy = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => busy.bind(0, '127.0.0.1', resolve));
    const localPort = busy.address().port;
    try {
      const refused = await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, localAddress: '127.0.0.1', localPort, totalTimeoutMs: 1000 });
      assert.equal(refused.ok, false);
      if (!refused.ok) {
        assert.equal(refused.error.kind, 'port-in-use');
        assert.equal(refused.error.errno, 'EADDRINUSE');
        assert.match(refused.error.message, new RegExp(`port 127\\.0\\.0\\.1:${localPort} is already in use.*may differ`));
      }
      const fallback = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, localAddress: '127.0.0.1', localPort, fallbackToEphemeralPort: true, totalTimeoutMs: 2000 }));
      assert.equal(fallback.localPortFallback, true);
      assert.notEqual(fallback.localPort, localPort);
      assertSelfMapping(fallback, '127.0.0.1');
    } finally {
      busy.close();
    }
  });

  test('a closed UDP port is unreachable at once (ICMP), not a timeout', async () => {
    const closed = await freePort();
    const started = performance.now();
    const outcome = await queryStun({ server: { host: '127.0.0.1', port: closed }, totalTimeoutMs: 3000 });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) {
      assert.equal(outcome.error.kind, 'unreachable');
      assert.equal(outcome.error.errno, 'ECONNREFUSED');
    }
    assert.ok(performance.now() - started < 2900, 'ICMP unreachable should end the query before the timeout');
  });

  test('CHANGE-REQUEST: the answer comes from the other address and port', async () => {
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, localAddress: '127.0.0.1', changeRequest: { changeIp: true, changePort: true }, totalTimeoutMs: 2000 }));
    assert.deepEqual(result.source, { address: '127.0.0.2', port: coturn.altPort, family: 'IPv4' });
    assert.deepEqual(result.responseOrigin, result.source);
    assert.equal(result.mapped.address, '127.0.0.1');
    assert.equal(result.mapped.port, result.localPort);
  });

  test('CHANGE-REQUEST for the port only', async () => {
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, localAddress: '127.0.0.1', changeRequest: { changePort: true }, totalTimeoutMs: 2000 }));
    assert.deepEqual(result.source, { address: '127.0.0.1', port: coturn.altPort, family: 'IPv4' });
  });
});

describe('coturn over TCP', () => {
  test('maps 127.0.0.1 to itself', async () => {
    const result = ok(await queryStun({ server: { host: '127.0.0.1', port: coturn.port }, transport: 'tcp', totalTimeoutMs: 2000 }));
    assertSelfMapping(result, '127.0.0.1');
    assert.equal(result.transmissions, 1);
    assert.deepEqual(result.otherAddress, { address: '127.0.0.2', port: coturn.altPort, family: 'IPv4' });
  });

  test('binds the requested local port', async () => {
    const localPort = await freePort();
    const result = ok(await queryStun({ server: { host: 'localhost', port: coturn.port }, transport: 'tcp', localAddress: '127.0.0.1', localPort, totalTimeoutMs: 2000 }));
    assert.equal(result.localPort, localPort);
    assertSelfMapping(result, '127.0.0.1');
  });

  test('IPv6 on ::1', async () => {
    const result = ok(await queryStun({ server: { host: '[::1]', port: coturn.port }, transport: 'tcp', totalTimeoutMs: 2000 }));
    assertSelfMapping(result, '::1');
  });

  test('a closed TCP port is unreachable', async () => {
    const outcome = await queryStun({ server: { host: '127.0.0.1', port: await freePort() }, transport: 'tcp', totalTimeoutMs: 2000 });
    assert.equal(outcome.ok, false);
    if (!outcome.ok) assert.equal(outcome.error.kind, 'unreachable');
  });
});

describe('mapping behaviour against coturn', () => {
  test('two servers from one socket: no NAT on loopback, port preserved', async () => {
    const localPort = await freePort();
    const report = ok(
      await detectMapping(
        [
          { host: '127.0.0.1', port: coturn.port },
          { host: '127.0.0.2', port: coturn.altPort },
        ],
        { localAddress: '127.0.0.1', localPort, totalTimeoutMs: 2000 },
      ),
    );
    assert.equal(report.answers.length, 2);
    assert.deepEqual(report.answers.map((a) => a.server.address), ['127.0.0.1', '127.0.0.2']);
    for (const answer of report.answers) {
      assert.equal(answer.localPort, localPort);
      assert.deepEqual(answer.mapped, { address: '127.0.0.1', port: localPort, family: 'IPv4' });
    }
    assert.equal(report.verdict.mapping, 'no-nat');
    assert.equal(report.verdict.natDetected, false);
    assert.equal(report.verdict.portPreserved, true);
    assert.equal(report.verdict.symmetric, false);
  });

  test('RFC 5780 with OTHER-ADDRESS: tests I and II agree, so III is skipped', async () => {
    const report = ok(await detectMappingRfc5780({ host: '127.0.0.1', port: coturn.port }, { localAddress: '127.0.0.1', totalTimeoutMs: 2000 }));
    assert.equal(report.rfc5780, true);
    assert.deepEqual(report.answers.map((a) => `${a.server.address}:${a.server.port}`), [`127.0.0.1:${coturn.port}`, `127.0.0.2:${coturn.port}`]);
    assert.equal(report.verdict.mapping, 'no-nat');
  });

  test('a server without RFC 5780 yields an unknown verdict, not a failure', async () => {
    const plain = await startCoturn({ listeningIps: ['127.0.0.1'] });
    try {
      const single = ok(await queryStun({ server: { host: '127.0.0.1', port: plain.port }, totalTimeoutMs: 2000 }));
      assert.equal(single.otherAddress, undefined);
      const report = ok(await detectMappingRfc5780({ host: '127.0.0.1', port: plain.port }, { totalTimeoutMs: 2000 }));
      assert.equal(report.rfc5780, false);
      assert.equal(report.answers.length, 1);
      assert.equal(report.verdict.mapping, 'no-nat');
    } finally {
      await plain.stop();
    }
  });
});
