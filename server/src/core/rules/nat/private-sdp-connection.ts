/**
 * `nat/private-sdp-connection`: an SDP c= line with an address the Internet does not route.
 */
import { defineRule, type MessageContext } from '../rule';
import type { SdpConnection, SdpMedia } from '../../sdp/model';
import { isUnspecifiedAddress } from '../../net/address';
import { carriesNoMedia, classify, classPhrase, findMapping, mappingFix, mappingSuffix, natData, NatTexts } from './common';

export const privateSdpConnection = defineRule({
  id: 'nat/private-sdp-connection',
  defaultSeverity: 'warning',
  summary: 'An SDP c= line (session or media) with a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags the address of a session-level or media-level `c=` line when it lies in a block the ' +
      'Internet does not route. `0.0.0.0` (and `::`) is not flagged: it is the old way to put a ' +
      'stream on hold (RFC 3264 8.4), not an address. Addresses in `sipnat.internalNetworks` ' +
      'are not flagged, nor a session-level `c=` that the `c=` of every media section overrides.' +
      ' A media section with port 0 (a rejected, disabled or bundle-only stream) carries no media: its lines are not checked.',
    why:
      'The `c=` address is where the peer sends RTP. A private address there means no audio in ' +
      'one direction (or both), unless a media relay or an SBC with latching rewrites it, or ICE ' +
      'finds another path. It is the classic "call connects, nobody hears anything" problem.',
    example: '```\nc=IN IP4 192.168.1.20\nm=audio 40000 RTP/AVP 0\n```',
    fix:
      'When the trace shows the public mapping of the same address for signaling, the fix ' +
      'writes it into c= along with Contact, Via and o=. Unsafe: the RTP port mapping of a NAT ' +
      'is usually not the signaling one, so the media ports are left as they are and media may ' +
      'still fail without symmetric RTP (latching) on the far side.',
    references: ['RFC 8866 5.7', 'RFC 3264 8.4', 'RFC 1918', 'RFC 6598', 'RFC 7362'],
  },
  fixable: 'stun',
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      const media = sdp.media;
      if (sdp.connection !== undefined && usesSessionConnection(media)) check(ctx, sdp.connection);
      for (let m = 0; m < media.length; m++) {
        if (carriesNoMedia(media[m])) continue;
        const connections = media[m].connections;
        for (let k = 0; k < connections.length; k++) check(ctx, connections[k]);
      }
    }
  },
  fix: mappingFix,
});

/**
 * True when a media section that carries media has no c= of its own, so it is sent to the
 * session-level one; or when there is no media section. A session c= that every media c=
 * overrides (RFC 8866 5.7) names no address media goes to.
 */
function usesSessionConnection(media: readonly SdpMedia[]): boolean {
  if (media.length === 0) return true;
  for (let m = 0; m < media.length; m++) if (!carriesNoMedia(media[m]) && media[m].connections.length === 0) return true;
  return false;
}

/** Reports `c` when its address is not public. */
function check(ctx: MessageContext, c: SdpConnection): void {
  const address = c.address;
  if (isUnspecifiedAddress(address)) return;
  const klass = classify(ctx, address);
  if (klass === undefined) return;
  const mapping = findMapping(ctx, address);
  ctx.report(c.addressRange, texts.text(address, undefined, klass, mapping), natData(address, undefined, 'sdp-c', mapping));
}

const texts = new NatTexts(
  (address, _port, klass, mapping) => `c= carries ${address}, ${classPhrase(klass)}: the peer cannot send media there${mappingSuffix(mapping, false)}.`,
);
