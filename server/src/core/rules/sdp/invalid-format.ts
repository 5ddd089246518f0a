/**
 * `sdp/invalid-format`: an RTP `m=` line whose formats are not payload type numbers.
 */
import { defineRule } from '../rule';
import { isRtpProto } from '../../sdp/media';

const MAX_PAYLOAD_TYPE = 127;

export const invalidFormat = defineRule({
  id: 'sdp/invalid-format',
  defaultSeverity: 'error',
  summary: 'An RTP `m=` line with a format that is not a payload type number from 0 to 127.',
  docs: {
    what:
      'For an `m=` line whose protocol is an RTP profile (`RTP/AVP`, `RTP/AVPF`, `RTP/SAVP`, ' +
      '`RTP/SAVPF`, `UDP/TLS/RTP/SAVPF`...), flags each format that is not a decimal RTP payload ' +
      'type from 0 to 127. Other protocols (`udptl t38`, `TCP/MSRP *`) define their own formats ' +
      'and are not checked.',
    why:
      'With an RTP profile, the formats are the 7-bit payload type numbers that go into every RTP ' +
      'header. A codec name in their place (`m=audio 49170 RTP/AVP PCMU`) or a number above 127 ' +
      'cannot be negotiated: the answerer finds no common format and answers ' +
      '`488 Not Acceptable Here`.',
    example: '```\nm=audio 49170 RTP/AVP PCMU 8\n```\nWrite `0` (the static payload type of PCMU) instead of `PCMU`.',
    references: ['RFC 8866 5.14', 'RFC 3550 5.1', 'RFC 3551 6'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      for (let m = 0; m < sdp.media.length; m++) {
        const media = sdp.media[m];
        if (!isRtpProto(media.proto)) continue;
        for (let k = 0; k < media.formats.length; k++) {
          const format = media.formats[k];
          const pt = format.payloadType;
          if (pt >= 0 && pt <= MAX_PAYLOAD_TYPE) continue;
          ctx.report(
            format.range,
            `"${format.value}" is not an RTP payload type: with ${media.proto}, formats are numbers from 0 to ${MAX_PAYLOAD_TYPE}.`,
            { format: format.value },
          );
        }
      }
    }
  },
});
