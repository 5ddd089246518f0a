/**
 * What the tests share: the repository root, the RFC 4475 / RFC 5118 corpus beside it, and the
 * INVITE from a phone at `address:port` that the STUN fix tests rewrite.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The repository root: the folder above the compiled test that holds `bin/sip-lint.js` and `server/src`. */
export function repoRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, 'bin', 'sip-lint.js')) && fs.existsSync(path.join(dir, 'server', 'src'))) return dir;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new Error('repository root not found');
}

/**
 * The RFC 4475 / RFC 5118 torture corpus: `SIPNAT_CONFORMANCE` when set, else the byte-exact
 * copy in `test/fixtures/conformance` (its README says where it comes from).
 */
export function conformanceDir(): string {
  const candidates = [process.env.SIPNAT_CONFORMANCE, path.join(repoRoot(), 'test', 'fixtures', 'conformance')];
  for (const dir of candidates) if (dir !== undefined && fs.existsSync(path.join(dir, 'index.json'))) return dir;
  throw new Error(`conformance corpus not found (tried ${candidates.filter(Boolean).join(', ')}); set SIPNAT_CONFORMANCE`);
}

/**
 * An INVITE from `address:port` to `bob@<domain>` with SDP, in CRLF or LF line ends, with a
 * correct Content-Length. The domain is where the STUN fix suggests asking the SIP server.
 */
export function invite(
  address: string,
  port: number,
  { eol = '\r\n', callId = 'a84b4c76e66710@pc33.example.com', domain = 'example.com' }: { eol?: string; callId?: string; domain?: string } = {},
): string {
  const body = ['v=0', `o=alice 2890844526 2890844526 IN IP4 ${address}`, 's=-', `c=IN IP4 ${address}`, 't=0 0', 'm=audio 49170 RTP/AVP 0', 'a=rtpmap:0 PCMU/8000', ''].join(eol);
  return [
    `INVITE sip:bob@${domain} SIP/2.0`,
    `Via: SIP/2.0/UDP ${address}:${port};branch=z9hG4bK776asdhds`,
    'Max-Forwards: 70',
    `To: Bob <sip:bob@${domain}>`,
    `From: Alice <sip:alice@${domain}>;tag=1928301774`,
    `Call-ID: ${callId}`,
    'CSeq: 314159 INVITE',
    `Contact: <sip:alice@${address}:${port}>`,
    'Content-Type: application/sdp',
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join(eol);
}
