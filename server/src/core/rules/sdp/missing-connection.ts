/**
 * `sdp/missing-connection`: a media section with no address to send media to.
 */
import { defineRule } from '../rule';
import type { SdpLine } from '../../sdp/model';

export const missingConnection = defineRule({
  id: 'sdp/missing-connection',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'An active `m=` section with no `c=` line, and none at session level.',
  docs: {
    what:
      'Flags an `m=` line whose media section has no `c=` line when the session section has none ' +
      'either. A section with port 0 is skipped: it is a rejected or disabled stream and needs no ' +
      'address.',
    why:
      'The `c=` line is where the peer sends media. Without one, RFC 8866 says the description is ' +
      'invalid; stacks either refuse the offer (`488 Not Acceptable Here`) or accept it and ' +
      'never send a packet, which gives a call that connects with no audio.',
    example:
      '```\nv=0\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\ns=-\nt=0 0\n' +
      'm=audio 49170 RTP/AVP 0\n```\nAdd `c=IN IP4 198.51.100.7` at session level or after the `m=` line.',
    references: ['RFC 8866 5.7', 'RFC 3264 5'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      // A c= line counts even when malformed: `sdp/malformed-line` reports that one.
      if (hasConnectionLine(sdp.sessionLines)) continue;
      for (const media of sdp.media) {
        if (media.port === 0) continue;
        if (hasConnectionLine(media.lines)) continue;
        ctx.report(
          media.line.range,
          `The m=${media.media} section has no c= line and the session has none: there is no address to send this media to.`,
          { media: media.media },
        );
      }
    }
  },
});

/** Whether one of `lines` is a c= line. */
function hasConnectionLine(lines: readonly SdpLine[]): boolean {
  for (const line of lines) if (line.type === 'c') return true;
  return false;
}
