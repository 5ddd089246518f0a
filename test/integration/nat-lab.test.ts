/**
 * The STUN fix through a real NAT: network namespaces built by the test (phone 100.64.0.10
 * behind a Linux NAT with nftables masquerade, coturn on 203.0.113.5 and 203.0.113.6), and the
 * built `sip-lint --fix --stun 203.0.113.5:3478 --stun 203.0.113.6:3478` run inside the phone
 * namespace on a message whose Contact is 100.64.0.10:8214. The Contact must come out as the
 * mapping the NAT really made for that flow, read from its connection tracking table: 8214
 * kept under port-preserving masquerade, another port under `fully-random`, where the run must
 * also report an endpoint-dependent mapping.
 *
 * Root only. Not root: the test fails, unless SIPNAT_SKIP_NETNS=1 (which CI never sets) skips it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { labUnavailable, NatLab, NAT_PUBLIC_IP, STUN_IPS, STUN_PORT, type MasqueradeMode } from './helpers/netns';
import { repoRoot, invite } from '../support';

const bin = path.join(repoRoot(), 'bin', 'sip-lint.js');
const SIP_PORT = 8214;
/** The SIP server the phone's INVITE is addressed to: the STUN fix suggests asking it. */
const SIP_SERVER = '203.0.113.9';

/** The message as the fix must leave it: the mapping in Via (with rport), Contact, o= and c=. */
function expected(address: string, port: number): string {
  return invite(address, port, { domain: SIP_SERVER }).replace(';branch=z9hG4bK776asdhds', ';branch=z9hG4bK776asdhds;rport');
}

const unavailable = labUnavailable();
const skip = process.env.SIPNAT_SKIP_NETNS === '1';

describe('STUN fix behind a real NAT (network namespaces)', { skip: skip ? 'SIPNAT_SKIP_NETNS=1' : false }, () => {
  it('can run here', () => {
    assert.equal(unavailable, undefined, `${unavailable}: run as root (CI does), or set SIPNAT_SKIP_NETNS=1 to skip on purpose`);
  });

  for (const mode of ['port-preserving', 'fully-random'] as MasqueradeMode[]) {
    describe(`masquerade ${mode}`, { skip: unavailable !== undefined }, () => {
      let lab: NatLab;
      let dir: string;
      before(async () => {
        lab = await NatLab.create(mode);
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipnat-nat-lab-'));
      });
      after(async () => {
        await lab?.destroy();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      it('writes the mapping the NAT made for the Contact port', async (t) => {
        const file = path.join(dir, 'invite.sip');
        fs.writeFileSync(file, invite('100.64.0.10', SIP_PORT, { domain: SIP_SERVER }));
        const servers = STUN_IPS.flatMap((ip) => ['--stun', `${ip}:${STUN_PORT}`]);
        const result = await lab.execInPhone(process.execPath, [bin, '--fix', ...servers, file]);
        assert.equal(result.code, 0, `${result.stderr}\ncoturn:\n${lab.log()}`);
        t.diagnostic(result.stderr.trim());

        const real = lab.natMapping(SIP_PORT, STUN_IPS[0]);
        assert.ok(real, 'the NAT tracked the flow from 100.64.0.10:8214 to the first server');
        assert.equal(real.address, NAT_PUBLIC_IP);
        assert.equal(fs.readFileSync(file, 'utf8'), expected(real.address, real.port));
        assert.match(result.stderr, new RegExp(`^stun: 100\\.64\\.0\\.10:${SIP_PORT} -> ${NAT_PUBLIC_IP.replace(/\./g, '\\.')}:${real.port} via ${STUN_IPS[0].replace(/\./g, '\\.')}:${STUN_PORT} `, 'm'));

        const second = lab.natMapping(SIP_PORT, STUN_IPS[1]);
        assert.ok(second, 'the behaviour check went to the second server from the same port');
        if (mode === 'port-preserving') {
          assert.equal(real.port, SIP_PORT);
          assert.equal(second.port, SIP_PORT);
          assert.match(result.stderr, /\(mapping: endpoint-independent, port preserved\)/);
          assert.doesNotMatch(result.stderr, /warning/);
        } else {
          assert.notEqual(real.port, SIP_PORT);
          assert.notEqual(second.port, real.port);
          assert.match(result.stderr, /\(mapping: endpoint-dependent, port not preserved\)/);
          assert.match(result.stderr, /stun: warning: The NAT maps each destination differently \(endpoint-dependent\).*STUN to 203\.0\.113\.9:5060/);
        }
      });
    });
  }
});
