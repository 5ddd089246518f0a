/**
 * The STUN fix of `sip-lint --fix --stun` against a real STUN server: Debian's coturn on
 * loopback. Nothing stands between the CLI and coturn, so the mapping coturn reports for a
 * socket is that socket's own address and port: a message whose Contact is 100.64.0.10:P must
 * come out with 127.0.0.1:P in Contact, top Via (plus rport) and SDP, Content-Length recounted,
 * and every other byte as it was. The built CLI runs (`npm run build` first).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort, startCoturn, type Coturn } from './helpers/coturn';
import { repoRoot, invite } from '../support';

const bin = path.join(repoRoot(), 'bin', 'sip-lint.js');

/** Runs the CLI asynchronously (the test process must keep serving its own sockets). */
function sipLint(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * What the fixed INVITE must be, written out independently of the fix code: the mapped address
 * and port in Via (with `;rport` added) and Contact, the mapped address in o= and c=, and the
 * Content-Length of the new body. Everything else as in {@link invite}.
 */
function expectedInvite(mappedAddress: string, mappedPort: number, eol = '\r\n', callId = 'a84b4c76e66710@pc33.example.com'): string {
  const body = ['v=0', `o=alice 2890844526 2890844526 IN IP4 ${mappedAddress}`, 's=-', `c=IN IP4 ${mappedAddress}`, 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join(eol);
  return [
    'INVITE sip:bob@example.com SIP/2.0',
    `Via: SIP/2.0/UDP ${mappedAddress}:${mappedPort};branch=z9hG4bK776asdhds;rport`,
    'Max-Forwards: 70',
    'To: Bob <sip:bob@example.com>',
    'From: Alice <sip:alice@example.com>;tag=1928301774',
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    `Contact: <sip:alice@${mappedAddress}:${mappedPort}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join(eol);
}

/** A free UDP port on 127.0.0.1 that is not one of coturn's. */
async function freeLocalPort(stun: Coturn): Promise<number> {
  for (;;) {
    const port = await freePort(['127.0.0.1', '0.0.0.0']);
    if (port !== stun.port && port !== stun.altPort) return port;
  }
}

describe('sip-lint --fix --stun against coturn on loopback', () => {
  let stun: Coturn;
  let dir: string;

  before(async () => {
    stun = await startCoturn();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipnat-stun-fix-'));
  });
  after(async () => {
    await stun?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function write(name: string, text: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  }

  it('queries from the Contact port and writes the mapping coturn saw, byte for byte', async () => {
    const port = await freeLocalPort(stun);
    const file = write('free-port.sip', invite('100.64.0.10', port));
    const run = await sipLint(['--fix', '--stun', `127.0.0.1:${stun.port}`, file]);
    assert.equal(run.code, 0, run.stderr);
    // Nothing translates on loopback: coturn saw the socket itself, 127.0.0.1 and the Contact's port.
    assert.equal(fs.readFileSync(file, 'utf8'), expectedInvite('127.0.0.1', port));
    assert.match(run.stderr, new RegExp(`stun: 100\\.64\\.0\\.10:${port} -> 127\\.0\\.0\\.1:${port} via 127\\.0\\.0\\.1:${stun.port} \\(mapping: no-nat, port preserved\\)`));
  });

  it('says plainly that the port may differ when the Contact port is busy here', async () => {
    const port = await freeLocalPort(stun);
    const holder = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(port, '0.0.0.0', () => resolve()));
    try {
      const file = write('busy-port.sip', invite('100.64.0.10', port));
      const run = await sipLint(['--fix', '--stun', `127.0.0.1:${stun.port}`, file]);
      assert.equal(run.code, 0, run.stderr);
      const line = /stun: 100\.64\.0\.10:(\d+) -> 127\.0\.0\.1:(\d+) via/.exec(run.stderr);
      assert.ok(line, run.stderr);
      assert.equal(Number(line[1]), port);
      const used = Number(line[2]);
      assert.notEqual(used, port);
      assert.match(run.stderr, new RegExp(`Port ${port} is in use on this machine, so the query went from port ${used}: the NAT may map port ${port}`));
      assert.equal(fs.readFileSync(file, 'utf8'), expectedInvite('127.0.0.1', used));
    } finally {
      holder.close();
    }
  });

  it('asks a second server from the same port and reports what it saw', async () => {
    const port = await freeLocalPort(stun);
    const file = write('two-servers.sip', invite('192.168.1.20', port));
    const run = await sipLint(['--fix', '--stun', `127.0.0.1:${stun.port}`, '--stun', `127.0.0.2:${stun.port}`, file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), expectedInvite('127.0.0.1', port));
    assert.match(run.stderr, /\(mapping: no-nat, port preserved\)/);
  });

  it('gives each message of a trace the mapping of its own SIP port', async () => {
    const a = await freeLocalPort(stun);
    let b = await freeLocalPort(stun);
    while (b === a) b = await freeLocalPort(stun);
    const file = write('trace.sip', invite('100.64.0.10', a, { callId: 'one@x' }) + invite('100.64.0.10', b, { callId: 'two@x' }));
    const run = await sipLint(['--fix', '--stun', `127.0.0.1:${stun.port}`, file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), expectedInvite('127.0.0.1', a, '\r\n', 'one@x') + expectedInvite('127.0.0.1', b, '\r\n', 'two@x'));
    assert.equal(run.stderr.match(/^stun: 100\.64\.0\.10:\d+ -> /gm)?.length, 2, run.stderr);
  });

  it('--local-port queries from the given port for every finding', async () => {
    const port = await freeLocalPort(stun);
    const file = write('local-port.sip', invite('100.64.0.10', 8214));
    const run = await sipLint(['--fix', '--stun', `127.0.0.1:${stun.port}`, '--local-port', String(port), file]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), expectedInvite('127.0.0.1', port));
  });

  it('a server that does not answer fails clearly and leaves the file as it was', async () => {
    // A bound UDP socket that never answers: the query must time out, not hang.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    try {
      const original = invite('100.64.0.10', 8214);
      const file = write('silent.sip', original);
      const started = Date.now();
      const run = await sipLint(['--fix', '--stun', `127.0.0.1:${(silent.address() as { port: number }).port}`, file]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /stun: No answer from 127\.0\.0\.1:\d+ over UDP within \d+ ms/);
      assert.ok(Date.now() - started < 15_000);
      assert.equal(fs.readFileSync(file, 'utf8'), original);
    } finally {
      silent.close();
    }
  });

  it('--stun without --fix is a usage error', () => {
    const run = spawnSync(process.execPath, [bin, '--stun', '127.0.0.1:3478', '-'], { input: '', encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--stun .* use it with --fix/);
  });
});
