// The STUN client against crafted, hostile responders on 127.0.0.1: each bad reply is either
// ignored (and the query then times out, or takes the good reply that follows) or ends the
// query with a clear failure. Never a crash, never a wrong mapping.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { Attr, Method, addressValue, decodeMessage, encodeMessage, errorCodeValue, type AttributeSpec, type StunClass } from '../../server/src/core/stun/codec';
import { queryStun, type QueryOptions } from '../../server/src/node/stun-transport';
import type { StunFailure, StunOutcome, StunQueryResult } from '../../server/src/core/stun/types';

/** What the responder does with one request: `reply` sends from the server's port, `replyFromOther` from another port. */
type Behaviour = (request: { transactionId: Uint8Array; from: dgram.RemoteInfo; count: number }, io: { reply(bytes: Uint8Array): void; replyFromOther(bytes: Uint8Array): void }) => void;

let server: dgram.Socket;
let other: dgram.Socket;
let behaviour: Behaviour = () => {};
let requests = 0;

before(async () => {
  server = dgram.createSocket('udp4');
  other = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => other.bind(0, '127.0.0.1', resolve));
  server.on('message', (msg, from) => {
    const decoded = decodeMessage(new Uint8Array(msg));
    if (decoded.value === undefined) return;
    requests++;
    behaviour(
      { transactionId: decoded.value.transactionId, from, count: requests },
      {
        reply: (bytes) => server.send(bytes, from.port, from.address),
        replyFromOther: (bytes) => other.send(bytes, from.port, from.address),
      },
    );
  });
});

after(() => {
  server.close();
  other.close();
});

/** Runs one query against the responder with `b`, returning the outcome and how many requests it saw. */
async function query(b: Behaviour, options: Partial<QueryOptions> = {}): Promise<{ outcome: StunOutcome<StunQueryResult>; requests: number; ms: number }> {
  behaviour = b;
  requests = 0;
  const started = performance.now();
  const outcome = await queryStun({ server: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port }, totalTimeoutMs: 400, rtoMs: 50, ...options });
  return { outcome, requests, ms: performance.now() - started };
}

/**
 * Checks the retransmissions seen by the responder: with RTO 50 ms and a 500 ms limit the
 * client sends at 0, 50, 150 and 350 ms (the exact schedule is unit-tested in
 * stun-schedule.test.ts). A loaded machine may delay sends, never add any: at most 4, and at
 * most as many as the client says it sent.
 */
function assertRetransmitted(error: StunFailure, seen: number): void {
  const sent = Number(/\((\d+) requests? sent\)/.exec(error.message)?.[1]);
  assert.ok(sent >= 1 && sent <= 4, `client sent ${sent} requests`);
  assert.ok(seen >= 1 && seen <= sent, `responder saw ${seen} of ${sent} requests`);
}

function failure(outcome: StunOutcome<StunQueryResult>): StunFailure {
  if (outcome.ok) assert.fail(`expected a failure, got the mapping ${JSON.stringify(outcome.value.mapped)}`);
  return outcome.error;
}

function success(outcome: StunOutcome<StunQueryResult>): StunQueryResult {
  if (!outcome.ok) assert.fail(`expected success, got ${outcome.error.kind}: ${outcome.error.message}`);
  return outcome.value;
}

function message(klass: StunClass, transactionId: Uint8Array, attributes: AttributeSpec[], fingerprint = true): Uint8Array {
  return encodeMessage({ method: Method.Binding, class: klass, transactionId, attributes, fingerprint });
}

const xorMapped = (txid: Uint8Array, address: string, port: number): AttributeSpec => ({ type: Attr.XorMappedAddress, value: addressValue(address, port, txid)! });
const good = (txid: Uint8Array): Uint8Array => message('success', txid, [xorMapped(txid, '203.0.113.10', 40000)]);
const otherTxid = (txid: Uint8Array): Uint8Array => txid.map((b) => b ^ 0xff);
const withLength = (bytes: Uint8Array, offset: number, value: number): Uint8Array => {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(offset, value);
  return copy;
};

describe('ignored replies, then a timeout', () => {
  const cases: { name: string; behaviour: Behaviour; lastIgnored?: RegExp }[] = [
    { name: 'wrong transaction id', behaviour: (r, io) => io.reply(good(otherTxid(r.transactionId))), lastIgnored: /transaction id does not match/ },
    { name: 'a valid answer from another port', behaviour: (r, io) => io.replyFromOther(good(r.transactionId)) },
    { name: 'truncated header', behaviour: (r, io) => io.reply(good(r.transactionId).slice(0, 10)), lastIgnored: /^truncated: 10 bytes/ },
    { name: 'garbage', behaviour: (_r, io) => io.reply(Uint8Array.from({ length: 200 }, (_, i) => (i * 37 + 0xc1) & 0xff)), lastIgnored: /first two bits/ },
    { name: '64 KB of garbage', behaviour: (_r, io) => io.reply(new Uint8Array(65000).fill(0xee)), lastIgnored: /first two bits/ },
    { name: 'the request reflected back', behaviour: (r, io) => io.reply(message('request', r.transactionId, [])), lastIgnored: /a request, not a response/ },
    { name: 'classic RFC 3489 header without magic cookie', behaviour: (r, io) => io.reply(good(r.transactionId).map((b, i) => (i >= 4 && i < 8 ? 0 : b))), lastIgnored: /magic cookie/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { outcome, requests, ms } = await query(c.behaviour, { totalTimeoutMs: 500 });
      const error = failure(outcome);
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /^No answer from 127\.0\.0\.1:\d+ over UDP within 500 ms \(\d requests? sent\)/);
      assertRetransmitted(error, requests);
      assert.ok(ms >= 495, `timed out early, after ${ms} ms`);
      if (c.lastIgnored) {
        assert.ok((error.ignored ?? 0) >= 1);
        assert.match(error.lastIgnoredReason ?? '', c.lastIgnored);
        assert.match(error.message, /ignored, the last because/);
      }
    });
  }
});

describe('noise before the real answer is skipped', () => {
  const noise: { name: string; send: (txid: Uint8Array, io: Parameters<Behaviour>[1]) => void }[] = [
    { name: 'wrong transaction id', send: (txid, io) => io.reply(message('success', otherTxid(txid), [xorMapped(otherTxid(txid), '198.51.100.66', 1)])) },
    { name: 'a forged answer from another port', send: (txid, io) => io.replyFromOther(message('success', txid, [xorMapped(txid, '198.51.100.66', 1)])) },
    { name: 'garbage', send: (_txid, io) => io.reply(Uint8Array.of(0xff, 0xfe, 0xfd)) },
  ];
  for (const n of noise) {
    test(n.name, async () => {
      const { outcome } = await query((r, io) => {
        n.send(r.transactionId, io);
        setTimeout(() => io.reply(good(r.transactionId)), 20);
      });
      const result = success(outcome);
      assert.deepEqual(result.mapped, { address: '203.0.113.10', port: 40000, family: 'IPv4' });
    });
  }
});

describe('broken answers to our transaction end the query clearly', () => {
  const cases: { name: string; behaviour: Behaviour; kind: StunFailure['kind']; message: RegExp; code?: number }[] = [
    {
      name: 'attribute length overrun',
      behaviour: (r, io) => io.reply(withLength(good(r.transactionId), 22, 0x0100)),
      kind: 'bad-reply',
      message: /sent a malformed answer: XOR-MAPPED-ADDRESS at offset 20 declares 256 bytes, which runs past the end/,
    },
    {
      name: 'body shorter than the header announces',
      behaviour: (r, io) => io.reply(good(r.transactionId).slice(0, 28)),
      kind: 'bad-reply',
      message: /truncated: header announces 40 bytes, only 28 received/,
    },
    {
      name: '64 KB datagram with our transaction id',
      behaviour: (r, io) => io.reply(message('success', r.transactionId, [xorMapped(r.transactionId, '203.0.113.10', 1), { type: 0x8fff, value: new Uint8Array(65000) }], false)),
      kind: 'bad-reply',
      message: /oversized: 65036 bytes is more than the 8192 accepted/,
    },
    {
      name: 'XOR-MAPPED-ADDRESS with bad family',
      behaviour: (r, io) => {
        const bytes = good(r.transactionId);
        bytes[25] = 0x07;
        io.reply(bytes);
      },
      kind: 'bad-reply',
      message: /XOR-MAPPED-ADDRESS: unknown address family 0x07/,
    },
    {
      name: 'FINGERPRINT that does not match',
      behaviour: (r, io) => {
        const bytes = good(r.transactionId);
        bytes[bytes.length - 1] ^= 1;
        io.reply(bytes);
      },
      kind: 'bad-reply',
      message: /unusable answer: FINGERPRINT does not match/,
    },
    {
      name: 'success without a mapped address',
      behaviour: (r, io) => io.reply(message('success', r.transactionId, [{ type: Attr.Software, value: Uint8Array.of(0x78) }])),
      kind: 'bad-reply',
      message: /neither XOR-MAPPED-ADDRESS nor MAPPED-ADDRESS/,
    },
    {
      name: 'error response 400',
      behaviour: (r, io) => io.reply(message('error', r.transactionId, [{ type: Attr.ErrorCode, value: errorCodeValue(400, 'Bad Request') }])),
      kind: 'error-response',
      message: /answered with STUN error 400 Bad Request\./,
      code: 400,
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const { outcome } = await query(c.behaviour, { totalTimeoutMs: 3000 });
      const error = failure(outcome);
      assert.equal(error.kind, c.kind);
      assert.match(error.message, c.message);
      if (c.code !== undefined) {
        assert.equal(error.code, c.code);
        assert.equal(error.reason, 'Bad Request');
      }
    });
  }
});

describe('retransmission and cancellation', () => {
  test('requests lost twice are answered on the third transmission', async () => {
    const { outcome, requests } = await query(
      (r, io) => {
        if (r.count === 3) io.reply(good(r.transactionId));
      },
      { totalTimeoutMs: 3000 },
    );
    const result = success(outcome);
    assert.equal(result.transmissions, 3);
    assert.equal(requests, 3);
    assert.ok(result.rttMs >= 140, `the third transmission goes at 150 ms, answered after ${result.rttMs} ms`);
  });

  test('every retransmission carries the same transaction id', async () => {
    const seen = new Set<string>();
    const { outcome } = await query((r) => void seen.add(Buffer.from(r.transactionId).toString('hex')), { totalTimeoutMs: 200 });
    assert.equal(failure(outcome).kind, 'timeout');
    assert.equal(seen.size, 1);
  });

  test('an AbortSignal ends the query at once', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const { outcome, ms } = await query(() => {}, { signal: controller.signal, totalTimeoutMs: 5000 });
    assert.equal(failure(outcome).kind, 'aborted');
    assert.ok(ms < 1000);
  });

  test('an already aborted signal sends nothing', async () => {
    const { outcome, requests } = await query(() => {}, { signal: AbortSignal.abort() });
    assert.equal(failure(outcome).kind, 'aborted');
    assert.equal(requests, 0);
  });
});

describe('hostile TCP servers', () => {
  /** Starts a one-shot TCP server that handles the first request with `onRequest`. */
  async function tcpQuery(onRequest: (txid: Uint8Array, socket: net.Socket) => void, totalTimeoutMs = 400): Promise<StunOutcome<StunQueryResult>> {
    const tcp = net.createServer((socket) => {
      socket.setNoDelay(true);
      let pending = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        if (pending.length < 20) return;
        const decoded = decodeMessage(new Uint8Array(pending.subarray(0, 20 + pending.readUInt16BE(2))));
        if (decoded.value) onRequest(decoded.value.transactionId, socket);
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
    try {
      return await queryStun({ server: { host: '127.0.0.1', port: (tcp.address() as net.AddressInfo).port }, transport: 'tcp', totalTimeoutMs });
    } finally {
      tcp.close();
    }
  }

  test('a wrong-transaction message, then ours, dripped 3 bytes at a time', async () => {
    const outcome = await tcpQuery((txid, socket) => {
      const bytes = Buffer.concat([Buffer.from(good(otherTxid(txid))), Buffer.from(good(txid))]);
      let i = 0;
      const drip = setInterval(() => {
        if (socket.destroyed || i >= bytes.length) return clearInterval(drip);
        socket.write(bytes.subarray(i, i + 3));
        i += 3;
      }, 1);
    }, 3000);
    assert.deepEqual(success(outcome).mapped, { address: '203.0.113.10', port: 40000, family: 'IPv4' });
  });

  test('a stream that is not STUN', async () => {
    const error = failure(await tcpQuery((_txid, socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    assert.equal(error.kind, 'bad-reply');
    assert.match(error.message, /TCP stream that is not STUN/);
  });

  test('a connection closed without an answer', async () => {
    const error = failure(await tcpQuery((_txid, socket) => socket.end()));
    assert.equal(error.kind, 'bad-reply');
    assert.match(error.message, /closed the TCP connection without answering/);
  });

  test('a server that never answers', async () => {
    const error = failure(await tcpQuery(() => {}));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /over TCP within 400 ms/);
  });

  test('an error response over TCP', async () => {
    const error = failure(await tcpQuery((txid, socket) => socket.write(message('error', txid, [{ type: Attr.ErrorCode, value: errorCodeValue(500, 'Server Error') }]))));
    assert.equal(error.kind, 'error-response');
    assert.equal(error.code, 500);
  });
});
