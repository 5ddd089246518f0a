/**
 * `nat/private-candidate`: a server-reflexive or relayed ICE candidate with a non-public address.
 */
import { defineRule, type MessageContext } from '../rule';
import type { SdpAttribute } from '../../sdp/model';
import { parseCandidateAttribute } from '../../sdp/attributes';
import { carriesNoMedia, classify, classPhrase, natData } from './common';

/** Why each candidate type must not be private, for the message. */
const REASON: { readonly [type: string]: string } = {
  srflx: 'the STUN server that reported it sits behind the same NAT',
  relay: 'the TURN server allocated it where outside peers cannot reach it',
};

export const privateCandidate = defineRule({
  id: 'nat/private-candidate',
  defaultSeverity: 'warning',
  summary: 'An ICE srflx or relay candidate with a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags an `a=candidate` of type `srflx` (server reflexive) or `relay` whose address lies ' +
      'in a block the Internet does not route. Host candidates are never flagged: ICE expects ' +
      'them to carry the private addresses of the interfaces, and pairs them only when they ' +
      'work. Peer-reflexive candidates are not signaled, and the `raddr` of a srflx candidate is ' +
      'its private base by design.' +
      ' A media section with port 0 (a rejected, disabled or bundle-only stream) carries no media: its lines are not checked.',
    why:
      'A srflx candidate in 100.64.0.0/10 means the STUN server is on the carrier side of a CGNAT ' +
      'or inside the LAN: the candidate is useless beyond it, and calls between networks fall ' +
      'back to relay or fail. A relay candidate on a private address means the TURN server hands ' +
      'out addresses peers outside that network cannot reach. Either way the STUN or TURN server ' +
      'configuration (its public address, `external-ip` in coturn) is wrong. In a deployment where ' +
      'every peer shares that private network, the candidate works: list the network in ' +
      '`sipnat.internalNetworks`.',
    example: '```\na=candidate:2 1 UDP 1694498815 100.64.0.10 50000 typ srflx raddr 192.168.1.20 rport 50000\n```',
    references: ['RFC 8445 5.1.1', 'RFC 8839 5.1', 'RFC 8489', 'RFC 8656', 'RFC 6598'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      checkAttributes(ctx, sdp.attributes);
      const media = sdp.media;
      for (let m = 0; m < media.length; m++) if (!carriesNoMedia(media[m])) checkAttributes(ctx, media[m].attributes);
    }
  },
});

/** Reports each srflx or relay `a=candidate` among `attributes` with a non-public address. */
function checkAttributes(ctx: MessageContext, attributes: readonly SdpAttribute[]): void {
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    const candidate = parseCandidateAttribute(attribute);
    if (candidate === undefined) continue;
    const type = candidate.candidateType.toLowerCase();
    const reason = REASON[type];
    if (reason === undefined) continue;
    const klass = classify(ctx, candidate.address);
    if (klass === undefined) continue;
    ctx.report(
      candidate.addressRange,
      `${type} candidate carries ${candidate.address}, ${classPhrase(klass)}: ${reason}.`,
      natData(candidate.address, candidate.port, 'sdp-candidate', undefined),
    );
  }
}
