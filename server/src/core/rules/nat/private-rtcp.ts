/**
 * `nat/private-rtcp`: an `a=rtcp` attribute with an address the Internet does not route.
 */
import { defineRule, type MessageContext } from '../rule';
import type { SdpAttribute } from '../../sdp/model';
import { parseRtcpAttribute } from '../../sdp/attributes';
import { isUnspecifiedAddress } from '../../net/address';
import { carriesNoMedia, classify, classPhrase, findMapping, mappingFix, mappingSuffix, natData, NatTexts } from './common';

export const privateRtcp = defineRule({
  id: 'nat/private-rtcp',
  defaultSeverity: 'warning',
  summary: 'An a=rtcp attribute with a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags the address of an `a=rtcp:<port> IN IP4 <address>` attribute (RFC 3605) when it ' +
      'lies in a block the Internet does not route. An `a=rtcp` with a port only is not flagged.' +
      ' A media section with port 0 (a rejected, disabled or bundle-only stream) carries no media: its lines are not checked.',
    why:
      'The peer sends RTCP (receiver reports, and with them call-quality statistics and some ' +
      'keep-alive logic) to that address. A private address there loses RTCP: quality reports ' +
      'go blank and some endpoints hang up a call that seems dead.',
    example: '```\nm=audio 49170 RTP/AVP 0\na=rtcp:53020 IN IP4 192.168.1.20\n```',
    fix:
      'When the trace shows the public mapping, the fix writes it into a=rtcp along with c=, ' +
      'o=, Contact and Via. The RTCP port is left as it is. Unsafe: the NAT maps the RTCP port ' +
      'on its own.',
    references: ['RFC 3605', 'RFC 3550 6', 'RFC 1918', 'RFC 6598'],
  },
  fixable: 'stun',
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      checkAttributes(ctx, sdp.attributes);
      const media = sdp.media;
      for (let m = 0; m < media.length; m++) if (!carriesNoMedia(media[m])) checkAttributes(ctx, media[m].attributes);
    }
  },
  fix: mappingFix,
});

/** Reports each `a=rtcp` among `attributes` (session or media level) with a non-public address. */
function checkAttributes(ctx: MessageContext, attributes: readonly SdpAttribute[]): void {
  for (let i = 0; i < attributes.length; i++) {
    const attribute = attributes[i];
    const rtcp = parseRtcpAttribute(attribute);
    if (rtcp?.address === undefined || rtcp.addressRange === undefined) continue;
    if (isUnspecifiedAddress(rtcp.address)) continue;
    const klass = classify(ctx, rtcp.address);
    if (klass === undefined) continue;
    const mapping = findMapping(ctx, rtcp.address);
    ctx.report(rtcp.addressRange, texts.text(rtcp.address, undefined, klass, mapping), natData(rtcp.address, rtcp.port, 'sdp-rtcp', mapping));
  }
}

const texts = new NatTexts(
  (address, _port, klass, mapping) => `a=rtcp carries ${address}, ${classPhrase(klass)}: the peer cannot send RTCP there${mappingSuffix(mapping, false)}.`,
);
