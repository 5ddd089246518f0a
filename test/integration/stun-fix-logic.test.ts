/**
 * The STUN fix's logic with a named fake STUN client (`FakeNat`): which servers are asked from
 * which local port, the NAT verdict and the warnings, failures, cancellation, and the edits of
 * one message with several private addresses. The real-socket side is in stun-fix.test.ts and
 * nat-lab.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StunCancelSignal, StunClient, StunOutcome, StunQueryRequest, StunQueryResult } from '../../server/src/core/stun/types';
import { probeStunMapping, stunFixForTargets, stunTargets, parseServerAddress, lookupByPort, type StunMapping } from '../../server/src/core/fix/stun-fix';
import { lint } from '../../server/src/core/lint';
import { applyEdits } from '../../server/src/core/fix/apply';

/**
 * A NAT with a public address in front of this machine, as a STUN client. `mapPort` decides the
 * public port of (local port, destination); `busy` ports cannot be bound; `down` servers time out.
 */
class FakeNat implements StunClient {
  readonly asked: { server: string; localPort: number | undefined; fallback: boolean }[] = [];
  private nextEphemeral = 50000;

  constructor(
    private readonly mapPort: (localPort: number, destination: string) => number,
    private readonly options: { busy?: readonly number[]; down?: readonly string[]; otherAddress?: { address: string; port: number }; publicAddress?: string } = {},
  ) {}

  async query(request: StunQueryRequest, cancel?: StunCancelSignal): Promise<StunOutcome<StunQueryResult>> {
    const server = `${request.server.host}:${request.server.port}`;
    this.asked.push({ server, localPort: request.localPort, fallback: request.fallbackToEphemeralPort === true });
    if (cancel?.aborted) return { ok: false, error: { kind: 'aborted', message: 'The STUN query was cancelled.' } };
    if (this.options.down?.includes(server)) {
      return { ok: false, error: { kind: 'timeout', message: `No answer from ${server} over UDP within ${request.totalTimeoutMs} ms (3 requests sent).` } };
    }
    let localPort = request.localPort ?? this.nextEphemeral++;
    let fallback = false;
    if (this.options.busy?.includes(localPort)) {
      if (!request.fallbackToEphemeralPort) return { ok: false, error: { kind: 'port-in-use', message: `Local UDP port ${localPort} is already in use.` } };
      localPort = this.nextEphemeral++;
      fallback = true;
    }
    const target = { address: request.server.host, port: request.server.port, family: 'IPv4' as const };
    return {
      ok: true,
      value: {
        mapped: { address: this.options.publicAddress ?? '203.0.113.1', port: this.mapPort(localPort, server), family: 'IPv4' },
        localAddress: '100.64.0.10',
        localPort,
        localPortFallback: fallback,
        server: target,
        source: target,
        rttMs: 1,
        transmissions: 1,
        mappedFrom: 'XOR-MAPPED-ADDRESS',
        ...(this.options.otherAddress !== undefined ? { otherAddress: { ...this.options.otherAddress, family: 'IPv4' as const } } : {}),
      },
    };
  }
}

const preserving = (port: number): number => port;
/** A new public port for every destination, as `masquerade fully-random` does. */
const symmetric = (port: number, destination: string): number => 40000 + ((port + [...destination].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 100003, 7)) % 9000);

const servers = [parseServerAddress('203.0.113.5:3478')!, parseServerAddress('203.0.113.6:3478')!];

describe('probeStunMapping with FakeNat', () => {
  it('asks the first server from the SIP port, the second from the same port: endpoint-independent', async () => {
    const nat = new FakeNat(preserving);
    const outcome = await probeStunMapping(nat, { servers, localPort: 8214, timeoutMs: 1000 });
    assert.ok(outcome.ok);
    assert.deepEqual(nat.asked, [
      { server: '203.0.113.5:3478', localPort: 8214, fallback: true },
      { server: '203.0.113.6:3478', localPort: 8214, fallback: false },
    ]);
    assert.equal(outcome.value.verdict.mapping, 'endpoint-independent');
    assert.deepEqual(outcome.value.mapped, { address: '203.0.113.1', port: 8214, family: 'IPv4' });
    assert.deepEqual(outcome.value.warnings, []);
  });

  it('a symmetric NAT still gives a mapping, with a warning that names the SIP server to ask', async () => {
    const outcome = await probeStunMapping(new FakeNat(symmetric), { servers, localPort: 8214, timeoutMs: 1000, sipServer: { host: '203.0.113.9', port: 5060 } });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.verdict.symmetric, true);
    assert.equal(outcome.value.warnings.length, 1);
    assert.match(outcome.value.warnings[0], /maps each destination differently \(endpoint-dependent\).*STUN to 203\.0\.113\.9:5060 \(Kamailio and Cisco Expressway-E/);
  });

  it('a busy SIP port: another port, the same one for the check, and a plain warning', async () => {
    const nat = new FakeNat(preserving, { busy: [8214] });
    const outcome = await probeStunMapping(nat, { servers, localPort: 8214, timeoutMs: 1000 });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.portFallback, true);
    assert.equal(nat.asked[1].localPort, outcome.value.localPort);
    assert.match(outcome.value.warnings[0], /^Port 8214 is in use on this machine, so the query went from port 50000: the NAT may map port 8214 to another port than 50000\.$/);
  });

  it('the first server down: the next one gives the mapping, and the verdict stays unknown', async () => {
    const outcome = await probeStunMapping(new FakeNat(preserving, { down: ['203.0.113.5:3478'] }), { servers, localPort: 8214, timeoutMs: 1000 });
    assert.ok(outcome.ok);
    assert.equal(outcome.value.server, '203.0.113.6:3478');
    assert.equal(outcome.value.verdict.mapping, 'unknown');
  });

  it('every server down: one failure naming each', async () => {
    const outcome = await probeStunMapping(new FakeNat(preserving, { down: ['203.0.113.5:3478', '203.0.113.6:3478'] }), { servers, localPort: 8214, timeoutMs: 1000 });
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'timeout');
    assert.match(outcome.error.message, /^No STUN server answered\. 203\.0\.113\.5:3478: No answer .* 203\.0\.113\.6:3478: No answer/);
  });

  it('one server with OTHER-ADDRESS: RFC 5780 tests II and III from the same port', async () => {
    const nat = new FakeNat(symmetric, { otherAddress: { address: '203.0.113.7', port: 3479 } });
    const outcome = await probeStunMapping(nat, { servers: [servers[0]], localPort: 8214, timeoutMs: 1000 });
    assert.ok(outcome.ok);
    assert.deepEqual(nat.asked.map((a) => a.server), ['203.0.113.5:3478', '203.0.113.7:3478', '203.0.113.7:3479']);
    assert.equal(outcome.value.verdict.mapping, 'address-and-port-dependent');
  });

  it('a cancelled query ends as aborted without asking further', async () => {
    const controller = new AbortController();
    controller.abort();
    const nat = new FakeNat(preserving);
    const outcome = await probeStunMapping(nat, { servers, localPort: 8214, timeoutMs: 1000, cancel: controller.signal });
    assert.ok(!outcome.ok);
    assert.equal(outcome.error.kind, 'aborted');
    assert.equal(nat.asked.length, 1);
  });
});

describe('stunFixForTargets', () => {
  const message = [
    'INVITE sip:bob@example.com SIP/2.0',
    'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK776asdhds',
    'Max-Forwards: 70',
    'To: Bob <sip:bob@example.com>',
    'From: Alice <sip:alice@example.com>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33.example.com',
    'CSeq: 314159 INVITE',
    'Contact: <sip:alice@100.64.0.10:8214>',
    'Content-Type: application/sdp',
    'Content-Length: 129',
    '',
    'v=0',
    'o=alice 2890844526 2890844526 IN IP4 192.168.1.5',
    's=-',
    'c=IN IP4 192.168.1.5',
    't=0 0',
    'm=audio 49170 RTP/AVP 0',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');

  it('two private addresses in one message: both rewritten, Content-Length recounted once', async () => {
    const { document, findings } = lint(message);
    const targets = stunTargets(document, findings);
    assert.deepEqual([...new Set(targets.map((t) => `${t.address}:${t.port}`))].sort(), ['100.64.0.10:8214', '192.168.1.5:undefined']);
    const probed = await probeStunMapping(new FakeNat(() => 5410), { servers, localPort: 8214, timeoutMs: 1000 });
    assert.ok(probed.ok);
    const mappings = new Map<number | undefined, StunMapping>([[8214, probed.value]]);
    const fix = stunFixForTargets(document, targets, lookupByPort(mappings));
    assert.ok(fix);
    assert.equal(fix.safety, 'unsafe');
    const fixed = applyEdits(message, fix.edits);
    const expected = message
      .replace('UDP 100.64.0.10:8214;branch=z9hG4bK776asdhds', 'UDP 203.0.113.1:5410;branch=z9hG4bK776asdhds;rport')
      .replace('alice@100.64.0.10:8214', 'alice@203.0.113.1:5410')
      .replace(/192\.168\.1\.5/g, '203.0.113.1')
      .replace('Content-Length: 129', `Content-Length: ${Buffer.byteLength(message.slice(message.indexOf('\r\n\r\n') + 4)) + 2 * ('203.0.113.1'.length - '192.168.1.5'.length)}`);
    assert.equal(fixed, expected);
    assert.equal(fix.edits.filter((e) => message.slice(e.range.start, e.range.end) === '129').length, 1);
  });

  it('a finding whose mapping the trace shows is left to the offline fix', () => {
    const register = [
      'REGISTER sip:example.com SIP/2.0',
      'Via: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bKreg1;received=203.0.113.7;rport=40112',
      'Max-Forwards: 70',
      'To: <sip:alice@example.com>',
      'From: <sip:alice@example.com>;tag=1',
      'Call-ID: reg@x',
      'CSeq: 1 REGISTER',
      'Contact: <sip:alice@100.64.0.10:8214>',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    const { document, findings } = lint(register);
    assert.ok(findings.some((f) => f.ruleId === 'nat/private-contact'));
    assert.deepEqual(stunTargets(document, findings), []);
  });

  it('parseServerAddress reads host:port, [v6]:port and a bare host', () => {
    assert.deepEqual(parseServerAddress('stun.example.net:3478'), { host: 'stun.example.net', port: 3478 });
    assert.deepEqual(parseServerAddress('[2001:db8::1]:5349'), { host: '2001:db8::1', port: 5349 });
    assert.deepEqual(parseServerAddress('stun.example.net'), { host: 'stun.example.net', port: 3478 });
    assert.equal(parseServerAddress('host:99999'), undefined);
    assert.equal(parseServerAddress(''), undefined);
  });
});
