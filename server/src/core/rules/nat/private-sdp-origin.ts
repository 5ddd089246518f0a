/**
 * `nat/private-sdp-origin`: an SDP o= line with an address the Internet does not route.
 */
import { defineRule } from '../rule';
import { isUnspecifiedAddress } from '../../net/address';
import { classify, classPhrase, findMapping, mappingFix, mappingSuffix, natData, NatTexts } from './common';

export const privateSdpOrigin = defineRule({
  id: 'nat/private-sdp-origin',
  defaultSeverity: 'info',
  summary: 'An SDP o= line with a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags the address of the `o=` line when it lies in a block the Internet does not route. ' +
      'It is `info`, not a warning: RFC 8866 makes the origin an identifier of the session, ' +
      'and media is never sent to it.',
    why:
      'By itself it breaks nothing. It is still worth knowing: it reveals the internal address, ' +
      'some SBCs and ALGs compare or latch on it, and when o= holds a private address, the ' +
      'c= lines usually do too, which is what breaks media.',
    example: '```\no=alice 2890844526 2890844526 IN IP4 10.0.0.7\n```',
    fix:
      'When the trace shows the public mapping, the fix writes it into o= together with ' +
      'Contact, Via and c=, so the message stays consistent. Unsafe for the same reasons as ' +
      '`nat/private-contact`.',
    references: ['RFC 8866 5.2', 'RFC 1918', 'RFC 6598'],
  },
  fixable: 'stun',
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      const origin = sdp.origin;
      if (origin === undefined || isUnspecifiedAddress(origin.address)) continue;
      const klass = classify(ctx, origin.address);
      if (klass === undefined) continue;
      const mapping = findMapping(ctx, origin.address);
      ctx.report(origin.addressRange, texts.text(origin.address, undefined, klass, mapping), natData(origin.address, undefined, 'sdp-o', mapping));
    }
  },
  fix: mappingFix,
});

const texts = new NatTexts(
  (address, _port, klass, mapping) =>
    `o= carries ${address}, ${classPhrase(klass)}: harmless for media, but it exposes the internal address${mappingSuffix(mapping, false)}.`,
);
