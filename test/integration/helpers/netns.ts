// A NAT lab in network namespaces for integration tests (root only). Three namespaces joined by
// veth pairs:
//   phone  100.64.0.10/24, default route via 100.64.0.1                 (the private side)
//   nat    100.64.0.1/24 and 203.0.113.1/24, forwarding on, nftables masquerade on the public side
//   server 203.0.113.5/24 and 203.0.113.6/24, with coturn on both        (two STUN servers)
// Names carry this process's id, so a lab never collects another's leftovers, and `destroy()`
// (also run on process exit) removes the namespaces, which takes their veths and rules along.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** How the NAT picks the public port: keep the local one when free, or a random one per flow. */
export type MasqueradeMode = 'port-preserving' | 'fully-random';

export const PHONE_IP = '100.64.0.10';
export const NAT_INSIDE_IP = '100.64.0.1';
export const NAT_PUBLIC_IP = '203.0.113.1';
export const STUN_IPS = ['203.0.113.5', '203.0.113.6'] as const;
export const STUN_PORT = 3478;

/** Why the lab cannot run here, or undefined when it can. */
export function labUnavailable(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'the NAT lab needs root (ip netns, nftables)';
  for (const tool of ['ip', 'nft', 'conntrack', 'turnserver']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `the NAT lab needs ${tool}`;
  }
  return undefined;
}

/** Runs a command, throwing with its output when it fails. */
export function run(command: string, args: readonly string[], input?: string): string {
  const result = spawnSync(command, args, { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

const labs = new Set<NatLab>();
process.once('exit', () => {
  for (const lab of labs) lab.destroySync();
});

export class NatLab {
  readonly phone: string;
  readonly nat: string;
  readonly server: string;
  private readonly publicLink: string;
  private coturn: ChildProcess | undefined;
  private coturnLog = '';

  private constructor(readonly mode: MasqueradeMode, id: string) {
    this.phone = `sipnat-phone-${id}`;
    this.nat = `sipnat-nat-${id}`;
    this.server = `sipnat-srv-${id}`;
    this.publicLink = `snp${id}`.slice(0, 15);
  }

  /** Builds the namespaces, links and NAT rules, and starts coturn on both server addresses. */
  static async create(mode: MasqueradeMode): Promise<NatLab> {
    const lab = new NatLab(mode, `${process.pid}${mode === 'fully-random' ? 'r' : 'p'}`);
    labs.add(lab);
    try {
      lab.build();
      await lab.startCoturn();
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  private build(): void {
    const { phone, nat, server } = this;
    const id = this.publicLink.slice(3);
    for (const ns of [phone, nat, server]) {
      run('ip', ['netns', 'add', ns]);
      run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    const [phoneLink, natInside, natPublic, serverLink] = [`spp${id}`, `sni${id}`, this.publicLink, `sss${id}`].map((n) => n.slice(0, 15));
    run('ip', ['link', 'add', phoneLink, 'netns', phone, 'type', 'veth', 'peer', 'name', natInside, 'netns', nat]);
    run('ip', ['link', 'add', natPublic, 'netns', nat, 'type', 'veth', 'peer', 'name', serverLink, 'netns', server]);
    run('ip', ['-n', phone, 'addr', 'add', `${PHONE_IP}/24`, 'dev', phoneLink]);
    run('ip', ['-n', phone, 'link', 'set', phoneLink, 'up']);
    run('ip', ['-n', phone, 'route', 'add', 'default', 'via', NAT_INSIDE_IP]);
    run('ip', ['-n', nat, 'addr', 'add', `${NAT_INSIDE_IP}/24`, 'dev', natInside]);
    run('ip', ['-n', nat, 'addr', 'add', `${NAT_PUBLIC_IP}/24`, 'dev', natPublic]);
    run('ip', ['-n', nat, 'link', 'set', natInside, 'up']);
    run('ip', ['-n', nat, 'link', 'set', natPublic, 'up']);
    run('ip', ['netns', 'exec', nat, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    for (const ip of STUN_IPS) run('ip', ['-n', server, 'addr', 'add', `${ip}/24`, 'dev', serverLink]);
    run('ip', ['-n', server, 'link', 'set', serverLink, 'up']);
    const masquerade = this.mode === 'fully-random' ? 'masquerade fully-random' : 'masquerade';
    run('ip', ['netns', 'exec', nat, 'nft', '-f', '-'], [
      'table ip sipnat_lab {',
      '  chain postrouting {',
      '    type nat hook postrouting priority srcnat; policy accept;',
      `    oifname "${natPublic}" ${masquerade}`,
      '  }',
      '}',
      '',
    ].join('\n'));
  }

  /** coturn as a plain STUN server on both server addresses, port 3478 (alternate 3479). */
  private async startCoturn(): Promise<void> {
    const args = [
      'netns', 'exec', this.server, 'turnserver', '-n', '--stun-only', '--no-cli', '--no-tls', '--no-dtls',
      '--log-file', 'stdout', '--simple-log', '--pidfile', `/tmp/${this.server}.pid`,
      '--listening-port', String(STUN_PORT), '--alt-listening-port', String(STUN_PORT + 1),
      ...STUN_IPS.flatMap((ip) => ['-L', ip]),
    ];
    const child = spawn('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.coturn = child;
    child.stdout?.on('data', (c: Buffer) => (this.coturnLog += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (this.coturnLog += c.toString('utf8')));
    // coturn logs one line per listener; wait for the UDP listeners of both addresses.
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (STUN_IPS.every((ip) => this.coturnLog.includes(`UDP listener opened on: ${ip}:${STUN_PORT}`)) || this.udpListening()) return;
      if (child.exitCode !== null) throw new Error(`coturn exited in the server namespace:\n${this.coturnLog}`);
      if (Date.now() > deadline) throw new Error(`coturn did not open its listeners:\n${this.coturnLog}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** True when both addresses have a UDP socket on the STUN port in the server namespace. */
  private udpListening(): boolean {
    const result = spawnSync('ip', ['netns', 'exec', this.server, 'ss', '-Hlun'], { encoding: 'utf8' });
    return STUN_IPS.every((ip) => result.stdout?.includes(`${ip}:${STUN_PORT}`));
  }

  log(): string {
    return this.coturnLog;
  }

  /** Runs a command inside the phone namespace; resolves with its exit code and output. */
  execInPhone(command: string, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', this.phone, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  /**
   * The public address and port the NAT gave the UDP flow from the phone's `localPort` to
   * `server`, read from the NAT's connection tracking table (the reply direction's
   * destination). Undefined when there is no such flow.
   */
  natMapping(localPort: number, server: string, serverPort = STUN_PORT): { address: string; port: number } | undefined {
    const out = run('ip', ['netns', 'exec', this.nat, 'conntrack', '-L', '-p', 'udp', '--orig-src', PHONE_IP, '--sport', String(localPort), '--orig-dst', server, '--dport', String(serverPort)]);
    for (const line of out.split('\n')) {
      const tuples = [...line.matchAll(/src=(\S+) dst=(\S+) sport=(\d+) dport=(\d+)/g)];
      if (tuples.length < 2) continue;
      const reply = tuples[1];
      return { address: reply[2], port: Number(reply[4]) };
    }
    return undefined;
  }

  /** Stops coturn and removes the namespaces. Safe to call twice. */
  async destroy(): Promise<void> {
    const child = this.coturn;
    if (child !== undefined && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    }
    this.destroySync();
  }

  /** The synchronous part of {@link destroy}, also run on process exit. */
  destroySync(): void {
    if (this.coturn !== undefined && this.coturn.exitCode === null) this.coturn.kill('SIGKILL');
    // Deleting a namespace does not stop the processes in it: coturn was stopped above.
    for (const ns of [this.phone, this.nat, this.server]) spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('rm', ['-f', `/tmp/${this.server}.pid`]);
    labs.delete(this);
  }
}
