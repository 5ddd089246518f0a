/**
 * The STUN client's sockets: Binding transactions over UDP (RFC 8489 section 6.2.1, with
 * retransmissions) and TCP (section 6.2.2, messages framed by their own length field), and the
 * NAT mapping-behaviour probes of RFC 5780 built on them. This is the only STUN module that
 * does I/O; the codec and the behaviour verdicts live in the pure core.
 *
 * Nothing here is global: every call opens its own socket and closes it, takes addresses as
 * given, and reads no environment, so the same code runs unchanged under `ip netns exec`.
 * Every outcome is returned, never thrown.
 */

import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { lookup } from 'node:dns/promises';
import { randomFillSync } from 'node:crypto';
import { checkResponse, decodeHeader, decodeMessage, encodeBindingRequest, sameTransactionId, HEADER_LENGTH } from '../core/stun/codec';
import { transmissionOffsets } from '../core/stun/schedule';
import { classifyMapping, rfc5780MappingTargets, type MappingObservation, type MappingVerdict } from '../core/stun/behaviour';
import type {
  StunClient,
  StunFailure,
  StunOutcome,
  StunQueryRequest,
  StunQueryResult,
  StunServerAddress,
  StunTransportProtocol,
  TransportAddress,
} from '../core/stun/types';

/** Options of {@link queryStun}: the core's request plus what only a runtime has. */
export interface QueryOptions extends StunQueryRequest {
  /** Cancels the query; the outcome is then an `aborted` failure. */
  readonly signal?: AbortSignal;
  /** Replies larger than this are not accepted (default 8192; a Binding response is far smaller). */
  readonly maxReplyBytes?: number;
  /** Append FINGERPRINT to requests (default true). */
  readonly fingerprint?: boolean;
}

/** RFC 8489's default RTO. */
const DEFAULT_RTO_MS = 500;
const DEFAULT_MAX_REPLY_BYTES = 8192;

/** A fresh 96-bit transaction id from the system's cryptographic random source. */
export function randomTransactionId(): Uint8Array {
  return randomFillSync(new Uint8Array(12));
}

/** `host:port`, with IPv6 literals in brackets. */
export function formatEndpoint(t: { readonly address: string; readonly port: number }): string {
  return t.address.includes(':') ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`;
}

function fail<T>(error: StunFailure): StunOutcome<T> {
  return { ok: false, error };
}

function abortedFailure(): StunFailure {
  return { kind: 'aborted', message: 'The STUN query was cancelled.' };
}

/** Turns a socket error into a failure that says what it means for the user. */
function socketFailure(err: NodeJS.ErrnoException, server: string, protocol: StunTransportProtocol, local?: { address?: string; port?: number }): StunFailure {
  const errno = err.code ?? 'EUNKNOWN';
  switch (errno) {
    case 'ECONNREFUSED':
      return {
        kind: 'unreachable',
        errno,
        message:
          protocol === 'udp'
            ? `${server} answered with ICMP port unreachable: no STUN server listens on that UDP port.`
            : `${server} refused the TCP connection: no STUN server listens on that TCP port.`,
      };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return { kind: 'unreachable', errno, message: `${server} cannot be reached (${errno}): there is no route to it.` };
    case 'EADDRINUSE': {
      const where = formatEndpoint({ address: local?.address ?? '*', port: local?.port ?? 0 });
      return {
        kind: 'port-in-use',
        errno,
        message: `Local ${protocol.toUpperCase()} port ${where} is already in use. Query again without a local port; the mapping seen from an ephemeral port may differ from the one for port ${local?.port ?? 0}.`,
      };
    }
    default:
      return { kind: 'socket-error', errno, message: `STUN query to ${server} failed: ${err.message}` };
  }
}

/** Resolves the server to one address, of the local address's family when one is given. */
async function resolveServer(server: StunServerAddress, localAddress: string | undefined, deadline: number): Promise<StunOutcome<TransportAddress>> {
  const port = server.port;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return fail({ kind: 'resolve-failed', message: `STUN server port ${port} is not a port number (1-65535).` });
  }
  const host = server.host.startsWith('[') && server.host.endsWith(']') ? server.host.slice(1, -1) : server.host;
  const wanted = localAddress === undefined ? 0 : net.isIP(localAddress);
  const literal = net.isIP(host);
  if (literal !== 0) {
    if (wanted !== 0 && wanted !== literal) {
      return fail({ kind: 'resolve-failed', message: `STUN server ${host} is IPv${literal} but the local address ${localAddress} is IPv${wanted}.` });
    }
    return { ok: true, value: { address: host, port, family: literal === 6 ? 'IPv6' : 'IPv4' } };
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - performance.now()));
  });
  try {
    const found = await Promise.race([lookup(host, { family: wanted === 6 ? 6 : wanted === 4 ? 4 : 0 }), timeout]);
    if (found === undefined) return fail({ kind: 'timeout', message: `Resolving the STUN server name ${host} took longer than the timeout.` });
    return { ok: true, value: { address: found.address, port, family: found.family === 6 ? 'IPv6' : 'IPv4' } };
  } catch (err) {
    return fail({ kind: 'resolve-failed', errno: (err as NodeJS.ErrnoException).code, message: `The STUN server name ${host} does not resolve: ${(err as Error).message}` });
  } finally {
    clearTimeout(timer);
  }
}

/** What to do with one received message. */
type Judgement =
  | { readonly kind: 'ignore'; readonly reason: string }
  | { readonly kind: 'fail'; readonly failure: StunFailure }
  | { readonly kind: 'accept'; readonly check: Extract<ReturnType<typeof checkResponse>, { kind: 'success' }> };

/**
 * Judges one received message for the transaction `transactionId`. Noise (not STUN, another
 * transaction) is ignored so a stray packet cannot end the query; a broken or negative answer
 * to our own transaction ends it with a clear failure.
 */
function judgeReply(bytes: Uint8Array, transactionId: Uint8Array, maxReplyBytes: number, server: string): Judgement {
  const decoded = decodeMessage(bytes, { maxLength: maxReplyBytes });
  if (decoded.value === undefined) {
    const reason = decoded.error ?? 'undecodable';
    if (decoded.header !== undefined && sameTransactionId(decoded.header.transactionId, transactionId)) {
      return { kind: 'fail', failure: { kind: 'bad-reply', message: `${server} sent a malformed answer: ${reason}.` } };
    }
    return { kind: 'ignore', reason };
  }
  const check = checkResponse(decoded.value, transactionId);
  switch (check.kind) {
    case 'success':
      return { kind: 'accept', check };
    case 'not-ours':
      return { kind: 'ignore', reason: check.reason };
    case 'invalid':
      return { kind: 'fail', failure: { kind: 'bad-reply', message: `${server} sent an unusable answer: ${check.reason}.` } };
    case 'error-response':
      return {
        kind: 'fail',
        failure: {
          kind: 'error-response',
          code: check.code,
          reason: check.reason,
          message: `${server} answered with STUN error ${check.code}${check.reason ? ` ${check.reason}` : ''}.`,
        },
      };
  }
}

function timeoutFailure(server: string, protocol: StunTransportProtocol, totalMs: number, transmissions: number, ignored: number, lastIgnoredReason: string | undefined): StunFailure {
  const sent = protocol === 'udp' ? ` (${transmissions} request${transmissions === 1 ? '' : 's'} sent)` : '';
  const noise = ignored > 0 ? `; ${ignored} unrelated or undecodable packet${ignored === 1 ? ' was' : 's were'} ignored, the last because: ${lastIgnoredReason}` : '';
  return {
    kind: 'timeout',
    message: `No answer from ${server} over ${protocol.toUpperCase()} within ${Math.round(totalMs)} ms${sent}${noise}.`,
    ...(ignored > 0 ? { ignored, lastIgnoredReason } : {}),
  };
}

/** Per-transaction settings shared by UDP and TCP. */
interface TransactionSettings {
  readonly deadline: number;
  readonly totalTimeoutMs: number;
  readonly rtoMs: number;
  readonly signal?: AbortSignal;
  readonly changeRequest?: StunQueryRequest['changeRequest'];
  readonly fingerprint: boolean;
  readonly maxReplyBytes: number;
}

function settingsOf(options: QueryOptions | MappingOptions, start: number): TransactionSettings {
  return {
    deadline: start + options.totalTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
    rtoMs: options.rtoMs ?? DEFAULT_RTO_MS,
    signal: options.signal,
    changeRequest: 'changeRequest' in options ? options.changeRequest : undefined,
    fingerprint: options.fingerprint ?? true,
    maxReplyBytes: options.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES,
  };
}

function resultOf(
  check: Extract<ReturnType<typeof checkResponse>, { kind: 'success' }>,
  local: { address: string; port: number; fallback: boolean },
  server: TransportAddress,
  source: TransportAddress,
  rttMs: number,
  transmissions: number,
): StunQueryResult {
  return {
    mapped: check.mapped,
    localAddress: local.address,
    localPort: local.port,
    localPortFallback: local.fallback,
    server,
    source,
    rttMs,
    transmissions,
    mappedFrom: check.mappedFrom,
    ...(check.responseOrigin ? { responseOrigin: check.responseOrigin } : {}),
    ...(check.otherAddress ? { otherAddress: check.otherAddress } : {}),
    ...(check.software !== undefined ? { software: check.software } : {}),
  };
}

/**
 * One UDP socket that runs Binding transactions one after another, so several servers see the
 * same local address and port (what mapping-behaviour discovery needs).
 */
export class UdpStunSocket {
  private connectedTo: string | undefined;
  /** The running transaction's handler for socket errors; errors between transactions are dropped. */
  private onSocketError: ((err: Error) => void) | undefined;

  private constructor(
    private readonly socket: dgram.Socket,
    /** True when the requested local port was busy and an ephemeral one was bound instead. */
    readonly localPortFallback: boolean,
  ) {
    // A socket without an 'error' listener would crash the process on a late ICMP error.
    socket.on('error', (err) => this.onSocketError?.(err));
  }

  /**
   * Binds a socket of `family`, to `localAddress`/`localPort` when given. A busy port is a
   * `port-in-use` failure, or, with `fallbackToEphemeralPort`, an ephemeral port instead.
   */
  static async open(family: TransportAddress['family'], localAddress: string | undefined, localPort: number | undefined, fallbackToEphemeralPort: boolean): Promise<StunOutcome<UdpStunSocket>> {
    const type = family === 'IPv6' ? 'udp6' : 'udp4';
    const first = await bindUdp(type, localAddress, localPort ?? 0);
    if ('socket' in first) return { ok: true, value: new UdpStunSocket(first.socket, false) };
    if (first.error.code === 'EADDRINUSE' && fallbackToEphemeralPort && (localPort ?? 0) !== 0) {
      const second = await bindUdp(type, localAddress, 0);
      if ('socket' in second) return { ok: true, value: new UdpStunSocket(second.socket, true) };
      return fail(socketFailure(second.error, 'the STUN server', 'udp', { address: localAddress, port: 0 }));
    }
    return fail(socketFailure(first.error, 'the STUN server', 'udp', { address: localAddress, port: localPort }));
  }

  /** The bound local address and port (the address is concrete once the socket is connected). */
  local(): { address: string; port: number } {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  /** Closes the socket. Safe to call twice. */
  close(): void {
    try {
      this.socket.close();
    } catch {
      // Already closed.
    }
  }

  /**
   * Connects the socket to `target` so the kernel drops datagrams from anyone else and
   * reports ICMP unreachable as ECONNREFUSED; `undefined` target disconnects it.
   */
  private async connectTo(target: TransportAddress | undefined): Promise<NodeJS.ErrnoException | undefined> {
    const key = target === undefined ? undefined : formatEndpoint(target);
    if (this.connectedTo === key) return undefined;
    if (this.connectedTo !== undefined) {
      this.socket.disconnect();
      this.connectedTo = undefined;
    }
    if (target === undefined) return undefined;
    return new Promise((resolve) => {
      this.socket.connect(target.port, target.address, (err?: Error) => {
        if (err === undefined || err === null) this.connectedTo = key;
        resolve((err ?? undefined) as NodeJS.ErrnoException | undefined);
      });
    });
  }

  /**
   * Runs one Binding transaction with `target` (RFC 8489 section 6.2.1): transmissions at 0,
   * RTO, 3 RTO, 7 RTO... (at most 7), until an acceptable answer or the deadline.
   * Without CHANGE-REQUEST the socket is connected to the target; with it, the answer is
   * expected from another address, so the socket stays unconnected and any source is taken.
   */
  async transact(target: TransportAddress, settings: TransactionSettings): Promise<StunOutcome<StunQueryResult>> {
    const server = formatEndpoint(target);
    if (settings.signal?.aborted) return fail(abortedFailure());
    const anySource = settings.changeRequest !== undefined;
    const connectError = await this.connectTo(anySource ? undefined : target);
    if (connectError !== undefined) return fail(socketFailure(connectError, server, 'udp'));

    const transactionId = randomTransactionId();
    const request = encodeBindingRequest({
      transactionId,
      changeIp: settings.changeRequest?.changeIp,
      changePort: settings.changeRequest?.changePort,
      fingerprint: settings.fingerprint,
    });
    const socket = this.socket;

    return new Promise((resolve) => {
      let done = false;
      let transmissions = 0;
      let ignored = 0;
      let lastIgnoredReason: string | undefined;
      let retransmitTimer: NodeJS.Timeout | undefined;
      const started = performance.now();

      const finish = (outcome: StunOutcome<StunQueryResult>): void => {
        if (done) return;
        done = true;
        clearTimeout(retransmitTimer);
        clearTimeout(overallTimer);
        socket.off('message', onMessage);
        this.onSocketError = undefined;
        settings.signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };

      const send = (): void => {
        transmissions++;
        const callback = (err: Error | null): void => {
          if (err) finish(fail(socketFailure(err, server, 'udp')));
        };
        if (anySource) socket.send(request, target.port, target.address, callback);
        else socket.send(request, callback);
      };

      // Offsets count from the first transmission, not from the previous timer, so timer
      // lateness does not add up; the total timeout counts from the start of the query.
      const offsets = transmissionOffsets(settings.rtoMs, settings.deadline - started);
      const scheduleRetransmit = (): void => {
        if (transmissions >= offsets.length) return;
        retransmitTimer = setTimeout(() => {
          if (done) return;
          send();
          scheduleRetransmit();
        }, Math.max(0, started + offsets[transmissions] - performance.now()));
      };

      const onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
        if (done) return;
        if (!anySource && (rinfo.address !== target.address || rinfo.port !== target.port)) {
          ignored++;
          lastIgnoredReason = `came from ${formatEndpoint(rinfo)}, not from the server`;
          return;
        }
        const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength);
        const judgement = judgeReply(bytes, transactionId, settings.maxReplyBytes, server);
        if (judgement.kind === 'ignore') {
          ignored++;
          lastIgnoredReason = judgement.reason;
          return;
        }
        if (judgement.kind === 'fail') {
          finish(fail(judgement.failure));
          return;
        }
        const source: TransportAddress = { address: rinfo.address, port: rinfo.port, family: rinfo.family === 'IPv6' ? 'IPv6' : 'IPv4' };
        const local = this.local();
        finish({ ok: true, value: resultOf(judgement.check, { ...local, fallback: this.localPortFallback }, target, source, performance.now() - started, transmissions) });
      };

      const onAbort = (): void => finish(fail(abortedFailure()));

      const overallTimer = setTimeout(
        () => finish(fail(timeoutFailure(server, 'udp', settings.totalTimeoutMs, transmissions, ignored, lastIgnoredReason))),
        Math.max(0, settings.deadline - performance.now()),
      );
      this.onSocketError = (err) => finish(fail(socketFailure(err, server, 'udp')));
      settings.signal?.addEventListener('abort', onAbort, { once: true });
      socket.on('message', onMessage);
      send();
      scheduleRetransmit();
    });
  }
}

/**
 * Binds a UDP socket, reporting the bind error instead of emitting it. An ephemeral port
 * (`port` 0) is pinned: Linux forgets an automatically chosen port when a UDP socket is
 * disconnected, which would give each server of a mapping probe another local port. So the
 * port the kernel picks is bound again explicitly, on a fresh socket.
 */
async function bindUdp(type: 'udp4' | 'udp6', address: string | undefined, port: number): Promise<{ socket: dgram.Socket } | { error: NodeJS.ErrnoException }> {
  if (port !== 0) return bindUdpOnce(type, address, port);
  let last: { socket: dgram.Socket } | { error: NodeJS.ErrnoException } = { error: new Error('no ephemeral port') };
  for (let attempt = 0; attempt < 5; attempt++) {
    const probe = await bindUdpOnce(type, address, 0);
    if (!('socket' in probe)) return probe;
    const chosen = probe.socket.address().port;
    await new Promise<void>((resolve) => probe.socket.close(() => resolve()));
    last = await bindUdpOnce(type, address, chosen);
    // Another process may take the port between the two binds; then try another one.
    if ('socket' in last || last.error.code !== 'EADDRINUSE') return last;
  }
  return last;
}

function bindUdpOnce(type: 'udp4' | 'udp6', address: string | undefined, port: number): Promise<{ socket: dgram.Socket } | { error: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type, reuseAddr: false, ipv6Only: type === 'udp6' });
    const onError = (error: NodeJS.ErrnoException): void => {
      try {
        socket.close();
      } catch {
        // Never bound.
      }
      resolve({ error });
    };
    socket.once('error', onError);
    socket.bind({ port, address, exclusive: true }, () => {
      socket.off('error', onError);
      resolve({ socket });
    });
  });
}

/**
 * One Binding transaction over TCP (RFC 8489 section 6.2.2): connect, send once, read messages
 * framed by their length field until ours arrives. A stream that stops looking like STUN cannot
 * be resynchronised, so it ends the query as a bad reply.
 */
function tcpAttempt(
  target: TransportAddress,
  localAddress: string | undefined,
  localPort: number | undefined,
  fallback: boolean,
  settings: TransactionSettings,
): Promise<StunOutcome<StunQueryResult>> {
  const server = formatEndpoint(target);
  if (settings.signal?.aborted) return Promise.resolve(fail(abortedFailure()));
  const transactionId = randomTransactionId();
  const request = encodeBindingRequest({ transactionId, fingerprint: settings.fingerprint });

  return new Promise((resolve) => {
    let done = false;
    let pending: Buffer = Buffer.alloc(0);
    let ignored = 0;
    let lastIgnoredReason: string | undefined;
    let started = performance.now();
    const socket = net.connect({
      host: target.address,
      port: target.port,
      family: target.family === 'IPv6' ? 6 : 4,
      ...(localAddress !== undefined ? { localAddress } : {}),
      ...(localPort !== undefined && localPort !== 0 ? { localPort } : {}),
    });

    const finish = (outcome: StunOutcome<StunQueryResult>): void => {
      if (done) return;
      done = true;
      clearTimeout(overallTimer);
      settings.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(outcome);
    };
    const onAbort = (): void => finish(fail(abortedFailure()));

    const readFrames = (): void => {
      while (!done && pending.length >= HEADER_LENGTH) {
        const header = decodeHeader(new Uint8Array(pending.buffer, pending.byteOffset, HEADER_LENGTH));
        if (header.value === undefined) {
          finish(fail({ kind: 'bad-reply', message: `${server} sent a TCP stream that is not STUN: ${header.error}.` }));
          return;
        }
        const total = HEADER_LENGTH + header.value.bodyLength;
        if (pending.length < total) return;
        const frame = new Uint8Array(pending.buffer, pending.byteOffset, total);
        pending = pending.subarray(total);
        const judgement = judgeReply(frame, transactionId, settings.maxReplyBytes, server);
        if (judgement.kind === 'ignore') {
          ignored++;
          lastIgnoredReason = judgement.reason;
        } else if (judgement.kind === 'fail') {
          finish(fail(judgement.failure));
        } else {
          const local = { address: socket.localAddress ?? '', port: socket.localPort ?? 0, fallback };
          finish({ ok: true, value: resultOf(judgement.check, local, target, target, performance.now() - started, 1) });
        }
      }
    };

    const overallTimer = setTimeout(
      () => finish(fail(timeoutFailure(server, 'tcp', settings.totalTimeoutMs, 1, ignored, lastIgnoredReason))),
      Math.max(0, settings.deadline - performance.now()),
    );
    settings.signal?.addEventListener('abort', onAbort, { once: true });
    socket.setNoDelay(true);
    socket.on('connect', () => {
      started = performance.now();
      socket.write(request);
    });
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      readFrames();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => finish(fail(socketFailure(err, server, 'tcp', { address: localAddress, port: localPort }))));
    socket.on('close', () => finish(fail({ kind: 'bad-reply', message: `${server} closed the TCP connection without answering.` })));
  });
}

async function queryTcp(target: TransportAddress, options: QueryOptions, settings: TransactionSettings): Promise<StunOutcome<StunQueryResult>> {
  const first = await tcpAttempt(target, options.localAddress, options.localPort, false, settings);
  if (!first.ok && first.error.kind === 'port-in-use' && options.fallbackToEphemeralPort && (options.localPort ?? 0) !== 0) {
    return tcpAttempt(target, options.localAddress, undefined, true, settings);
  }
  return first;
}

/**
 * Asks one STUN server for our mapping with a Binding request. Over UDP the request is
 * retransmitted (RTO doubling from `rtoMs`) until `totalTimeoutMs`; replies with another
 * transaction id or from another address are ignored. Never throws.
 */
export async function queryStun(options: QueryOptions): Promise<StunOutcome<StunQueryResult>> {
  if (!(options.totalTimeoutMs > 0)) {
    return fail({ kind: 'socket-error', message: `The STUN timeout must be a positive number of milliseconds, not ${options.totalTimeoutMs}.` });
  }
  const settings = settingsOf(options, performance.now());
  if (settings.signal?.aborted) return fail(abortedFailure());
  const resolved = await resolveServer(options.server, options.localAddress, settings.deadline);
  if (!resolved.ok) return resolved;
  const target = resolved.value;
  if ((options.transport ?? 'udp') === 'tcp') {
    if (options.changeRequest !== undefined) {
      return fail({ kind: 'socket-error', message: 'CHANGE-REQUEST is only meaningful over UDP.' });
    }
    return queryTcp(target, options, settings);
  }
  const opened = await UdpStunSocket.open(target.family, options.localAddress, options.localPort, options.fallbackToEphemeralPort === true);
  if (!opened.ok) return opened;
  try {
    return await opened.value.transact(target, settings);
  } finally {
    opened.value.close();
  }
}

/** A {@link StunClient} backed by real sockets. */
export const nodeStunClient: StunClient = { query: (request) => queryStun(request) };

/** Options of the mapping-behaviour probes: one local socket, UDP only. */
export interface MappingOptions {
  readonly localPort?: number;
  readonly localAddress?: string;
  readonly fallbackToEphemeralPort?: boolean;
  /** The time limit of each Binding transaction (not of the whole probe). */
  readonly totalTimeoutMs: number;
  readonly rtoMs?: number;
  readonly signal?: AbortSignal;
  readonly fingerprint?: boolean;
  readonly maxReplyBytes?: number;
}

/** What a mapping probe found: the verdict and the answers it rests on. */
export interface MappingReport {
  readonly verdict: MappingVerdict;
  readonly answers: readonly StunQueryResult[];
  /** For the RFC 5780 probe: whether the server gave an OTHER-ADDRESS to test against. */
  readonly rfc5780?: boolean;
}

/** Runs `body` with one UDP socket for servers of `family`, and closes it afterwards. */
async function withSocket<T>(family: TransportAddress['family'], options: MappingOptions, body: (socket: UdpStunSocket) => Promise<StunOutcome<T>>): Promise<StunOutcome<T>> {
  const opened = await UdpStunSocket.open(family, options.localAddress, options.localPort, options.fallbackToEphemeralPort === true);
  if (!opened.ok) return opened;
  try {
    return await body(opened.value);
  } finally {
    opened.value.close();
  }
}

function observation(answer: StunQueryResult): MappingObservation {
  return { server: { address: answer.server.address, port: answer.server.port }, mapped: answer.mapped };
}

function verdictOf(socket: UdpStunSocket, answers: StunQueryResult[]): MappingVerdict {
  const local = socket.local();
  return classifyMapping({ localAddress: answers[0]?.localAddress ?? local.address, localPort: local.port, observations: answers.map(observation) });
}

/**
 * Asks two STUN servers from the same local socket and classifies the NAT's mapping: the same
 * mapping from servers on two addresses means endpoint-independent; different ones mean a
 * symmetric NAT. Both servers must be of one address family.
 */
export async function detectMapping(servers: readonly [StunServerAddress, StunServerAddress], options: MappingOptions): Promise<StunOutcome<MappingReport>> {
  const start = performance.now();
  const targets: TransportAddress[] = [];
  for (const server of servers) {
    const resolved = await resolveServer(server, options.localAddress, start + options.totalTimeoutMs);
    if (!resolved.ok) return resolved;
    targets.push(resolved.value);
  }
  if (targets[0].family !== targets[1].family) {
    return fail({ kind: 'socket-error', message: 'The two STUN servers must be of one address family to share a local socket.' });
  }
  return withSocket<MappingReport>(targets[0].family, options, async (socket) => {
    const answers: StunQueryResult[] = [];
    for (const target of targets) {
      const answer = await socket.transact(target, settingsOf(options, performance.now()));
      if (!answer.ok) return answer;
      answers.push(answer.value);
    }
    return { ok: true, value: { verdict: verdictOf(socket, answers), answers } };
  });
}

/**
 * RFC 5780 section 4.3 with one server: test I to `server`, test II to the IP address of its
 * OTHER-ADDRESS with the primary port, and, when II differs from I, test III to OTHER-ADDRESS.
 * A server without OTHER-ADDRESS yields `rfc5780: false` and an `unknown` verdict.
 */
export async function detectMappingRfc5780(server: StunServerAddress, options: MappingOptions): Promise<StunOutcome<MappingReport>> {
  const resolved = await resolveServer(server, options.localAddress, performance.now() + options.totalTimeoutMs);
  if (!resolved.ok) return resolved;
  const primary = resolved.value;
  return withSocket<MappingReport>(primary.family, options, async (socket) => {
    const first = await socket.transact(primary, settingsOf(options, performance.now()));
    if (!first.ok) return first;
    const answers = [first.value];
    const other = first.value.otherAddress;
    if (other === undefined || other.family !== primary.family || other.address === primary.address) {
      return { ok: true, value: { verdict: verdictOf(socket, answers), answers, rfc5780: false } };
    }
    const { test2, test3 } = rfc5780MappingTargets(primary, other);
    const second = await socket.transact({ ...test2, family: primary.family }, settingsOf(options, performance.now()));
    if (!second.ok) return second;
    answers.push(second.value);
    if (second.value.mapped.address !== first.value.mapped.address || second.value.mapped.port !== first.value.mapped.port) {
      const third = await socket.transact({ ...test3, family: primary.family }, settingsOf(options, performance.now()));
      if (!third.ok) return third;
      answers.push(third.value);
    }
    return { ok: true, value: { verdict: verdictOf(socket, answers), answers, rfc5780: true } };
  });
}
