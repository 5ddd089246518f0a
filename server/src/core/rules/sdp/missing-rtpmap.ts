/**
 * `sdp/missing-rtpmap`: a dynamic RTP payload type that no `a=rtpmap` line names.
 */
import { defineRule } from '../rule';
import { DYNAMIC_PAYLOAD_TYPES, isRtpProto } from '../../sdp/media';
import { rtpmapPayloadType } from '../../sdp/attributes';
import type { SdpAttribute } from '../../sdp/model';

export const missingRtpmap = defineRule({
  id: 'sdp/missing-rtpmap',
  defaultSeverity: 'warning',
  wholeMessage: true,
  summary: 'A dynamic RTP payload type (96–127) with no `a=rtpmap` line in its media section.',
  docs: {
    what:
      'Flags a payload type from the dynamic range 96–127 in an RTP `m=` line when the same media ' +
      'section has no `a=rtpmap:<payload type>` line saying which codec it is. Sections with port 0 ' +
      '(a rejected or disabled stream) are skipped: their formats are never used.',
    why:
      'Static payload types (0 = PCMU, 8 = PCMA, 18 = G729...) carry their meaning; dynamic ones ' +
      'mean nothing without an `a=rtpmap`. The answerer cannot tell whether 101 is ' +
      'telephone-event or a video codec, so it drops that format: DTMF stops working, or, when ' +
      'it was the only format, the offer fails with `488 Not Acceptable Here`. It is a warning, ' +
      'not an error, because RFC 8866 words the mapping as a SHOULD and the other formats of the ' +
      'line usually still work.',
    example:
      '```\nm=audio 49170 RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\n```\nAdd `a=rtpmap:101 telephone-event/8000`.',
    references: ['RFC 8866 5.14', 'RFC 8866 6.6', 'RFC 3551 3', 'RFC 3264 5.1'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      for (const media of sdp.media) {
        // A section with port 0 is rejected or disabled: its formats are never used.
        if (!isRtpProto(media.proto) || media.port === 0) continue;
        let mapped: number | undefined;
        for (const format of media.formats) {
          const pt = format.payloadType;
          if (!(pt >= DYNAMIC_PAYLOAD_TYPES.first && pt <= DYNAMIC_PAYLOAD_TYPES.last)) continue;
          mapped ??= mappedDynamicTypes(media.attributes);
          if ((mapped & dynamicBit(pt)) !== 0) continue;
          ctx.report(
            format.range,
            `Payload type ${pt} is dynamic, and no a=rtpmap:${pt} line in this media section says which codec it is.`,
            { payloadType: pt },
          );
        }
      }
    }
  },
});

/**
 * The bit of a dynamic payload type: the 32 dynamic types (96–127) fit one 32-bit number, so
 * the set of mapped types is a number, not a Set made for every media section.
 */
function dynamicBit(payloadType: number): number {
  return 1 << (payloadType - DYNAMIC_PAYLOAD_TYPES.first);
}

/** The dynamic payload types that the section's `a=rtpmap` lines name, as {@link dynamicBit} bits. */
function mappedDynamicTypes(attributes: readonly SdpAttribute[]): number {
  let mapped = 0;
  for (const attribute of attributes) {
    // Reads only rtpmap lines: the name is compared in place first.
    const payloadType = rtpmapPayloadType(attribute);
    if (payloadType !== undefined && payloadType >= DYNAMIC_PAYLOAD_TYPES.first && payloadType <= DYNAMIC_PAYLOAD_TYPES.last) {
      mapped |= dynamicBit(payloadType);
    }
  }
  return mapped;
}
