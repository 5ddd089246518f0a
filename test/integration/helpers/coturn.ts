// Starts Debian's coturn (`turnserver`) as a plain STUN server on loopback addresses for
// integration tests, waits until it answers, and stops it. Reusable by any test that needs a
// real STUN server: `const stun = await startCoturn(); ... await stun.stop();`.
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import { queryStun } from '../../../server/src/node/stun-transport';

/** How to start coturn. */
export interface CoturnOptions {
  /**
   * Loopback addresses to listen on (default `127.0.0.1` and `127.0.0.2`). With two addresses of
   * one family coturn turns on RFC 5780: OTHER-ADDRESS, RESPONSE-ORIGIN and CHANGE-REQUEST.
   */
  readonly listeningIps?: readonly string[];
  /** More command-line options, appended as given. */
  readonly extraArgs?: readonly string[];
  /** How long to wait for the first answer (default 10 s). */
  readonly startTimeoutMs?: number;
}

/** A running coturn. */
export interface Coturn {
  /** The primary port, on every listening address, UDP and TCP. */
  readonly port: number;
  /** The alternate port (RFC 5780), on every listening address. */
  readonly altPort: number;
  readonly listeningIps: readonly string[];
  /** Everything coturn printed so far, for failure messages. */
  log(): string;
  /** Stops coturn and waits for it to exit. Safe to call twice. */
  stop(): Promise<void>;
}

/** Asks the system for a port that is free for both UDP and TCP on every given address. */
export async function freePort(addresses: readonly string[] = ['127.0.0.1']): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, addresses[0], () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    let free = true;
    for (const address of addresses) {
      if (!(await udpFree(address, port)) || !(await tcpFree(address, port))) free = false;
    }
    if (free) return port;
  }
  throw new Error('no free port found');
}

function udpFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, address, () => socket.close(() => resolve(true)));
  });
}

function tcpFree(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, address, () => server.close(() => resolve(true)));
  });
}

const running = new Set<ChildProcess>();
// Never leave a coturn behind, even when a test run dies half-way.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts coturn in STUN-only mode and resolves once it answers Binding requests over UDP and TCP. */
export async function startCoturn(options: CoturnOptions = {}): Promise<Coturn> {
  const listeningIps = options.listeningIps ?? ['127.0.0.1', '127.0.0.2'];
  const port = await freePort(listeningIps);
  let altPort = await freePort(listeningIps);
  while (altPort === port) altPort = await freePort(listeningIps);
  const pidFile = `/tmp/sipnat-coturn-${port}.pid`;
  const args = [
    '-n', // no configuration file
    '--stun-only',
    '--no-cli',
    '--no-tls',
    '--no-dtls',
    '--log-file', 'stdout',
    '--simple-log',
    '--pidfile', pidFile,
    '--listening-port', String(port),
    '--alt-listening-port', String(altPort),
    ...listeningIps.flatMap((ip) => ['-L', ip]),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      running.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      output += `\nspawn failed: ${err.message} (is Debian's coturn installed?)`;
      exited = true;
      running.delete(child);
      resolve();
    });
  });

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exitedPromise;
      clearTimeout(timer);
    }
    rmSync(pidFile, { force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 10000);
  const host = listeningIps[0];
  for (const transport of ['udp', 'tcp'] as const) {
    for (;;) {
      if (exited) throw new Error(`coturn exited before answering:\n${output}`);
      const answer = await queryStun({ server: { host, port }, transport, totalTimeoutMs: 300, rtoMs: 100 });
      if (answer.ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`coturn did not answer over ${transport} on ${host}:${port}: ${answer.error.message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return { port, altPort, listeningIps, log: () => output, stop };
}
