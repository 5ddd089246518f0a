/**
 * `sdp/line-order`: SDP lines out of the fixed order RFC 8866 section 5 sets, repeated lines
 * that may appear once, and session-only lines inside a media section.
 */
import { defineRule, type Report } from '../rule';
import type { SdpLine } from '../../sdp/model';

/** The session section's order: the position of each type letter. */
const SESSION_ORDER = 'vosiuepcbtrzka';
/** The media section's order; the m= line opens it. */
const MEDIA_ORDER = 'micbka';
/**
 * Types that appear at most once in the session section; `z=` at most once per time
 * description (RFC 8866 9), so a `t=` forgets the one seen before it.
 */
const SESSION_ONCE = 'vosiuckz';
/** Types that appear at most once in a media section (the m= line opens it, so it is once too). */
const MEDIA_ONCE = 'ik';
/** Types that belong to the session section only. */
const SESSION_ONLY = 'vosueptrz';
/**
 * A `t=` line may follow `r=` or `z=`: each time description is `t=` with its own repeat
 * times, and RFC 8866 puts `z=` into the time descriptions (RFC 4566 had it after them).
 */
const TIME_GROUP = 'trz';

export const lineOrder = defineRule({
  id: 'sdp/line-order',
  defaultSeverity: 'warning',
  // A line a TCP segment's end cut is not read: without it (an m= line, say) the order of the rest means nothing.
  wholeMessage: true,
  summary: 'SDP lines out of the order RFC 8866 fixes, or repeated where only one is allowed.',
  docs: {
    what:
      'Flags a line that comes too early or too late: the session section runs ' +
      '`v o s i u e p c b t r z k a`, each media section `m i c b k a`. It also flags a second ' +
      '`v=`, `o=`, `s=`, `i=`, `u=`, `c=` or `k=` in the session section, a second `z=` in one time ' +
      'description, a second `i=` or ' +
      '`k=` in a media section, and a session-only line (`v o s u e p t r z`) after the first `m=`.',
    why:
      'RFC 8866 fixes the order so that a parser can spot errors easily, and strict parsers rely ' +
      'on it: some reject the offer, others silently drop the misplaced line. A `c=` written ' +
      'after the `a=` lines, or an `a=` line moved above `t=`, is then lost, and with it the ' +
      'media address or a direction attribute. Lenient stacks accept the body, so this is a warning.',
    example:
      '```\nv=0\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\ns=-\nt=0 0\n' +
      'c=IN IP4 198.51.100.7\nm=audio 49170 RTP/AVP 0\n```\n`c=` must come before `t=`.',
    references: ['RFC 8866 5'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      checkSection(sdp.sessionLines, SESSION_ORDER, SESSION_ONCE, 'session', ctx.report);
      for (let m = 0; m < sdp.media.length; m++) {
        const media = sdp.media[m];
        for (let k = 0; k < media.lines.length; k++) {
          const line = media.lines[k];
          if (SESSION_ONLY.indexOf(line.type) !== -1) {
            ctx.report(line.range, `${line.type}= is a session-level line; it has no place in a media section.`, {
              type: line.type,
            });
          }
        }
        checkSection(media.lines, MEDIA_ORDER, MEDIA_ONCE, 'media', ctx.report);
      }
    }
  },
});

/**
 * Walks one section's lines and reports each line whose type comes before the highest type
 * seen so far (the first misplaced line only, not all that follow it), and each repeat of a
 * once-only type. Types not in `order` are left to other checks.
 */
function checkSection(lines: readonly SdpLine[], order: string, once: string, section: string, report: Report): void {
  let highest = -1;
  let highestType = '';
  // The ranks seen so far, one bit each (an order has fewer than 32 types): no Set per section.
  let seen = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    const rank = order.indexOf(line.type);
    if (rank === -1) continue;
    if ((seen & (1 << rank)) !== 0 && once.indexOf(line.type) !== -1) {
      const where = line.type === 'z' ? 'one time description' : `the ${section} section`;
      report(line.range, `A second ${line.type}= line in ${where}; there may be only one.`, {
        type: line.type,
      });
      continue;
    }
    seen |= 1 << rank;
    if (line.type === 't' && TIME_GROUP.indexOf(highestType) !== -1) {
      // The next time description: its r= and z= follow it as the first one's followed its t=.
      highest = rank;
      highestType = 't';
      const z = order.indexOf('z');
      if (z !== -1) seen &= ~(1 << z);
      continue;
    }
    if (rank < highest) {
      report(
        line.range,
        `${line.type}= comes after ${highestType}=; RFC 8866 orders ${section} lines ${order.split('').join(' ')}.`,
        { type: line.type, after: highestType },
      );
      continue;
    }
    if (rank > highest) {
      highest = rank;
      highestType = line.type;
    }
  }
}
