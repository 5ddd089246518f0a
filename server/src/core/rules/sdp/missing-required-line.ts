/**
 * `sdp/missing-required-line`: a session description without one of v=, o=, s=, t=.
 */
import { defineRule } from '../rule';
import type { Range } from '../../types';
import type { SdpLine } from '../../sdp/model';

/** The lines every session description has, in the order RFC 8866 lists them. */
const REQUIRED = ['v', 'o', 's', 't'] as const;
/** {@link REQUIRED} as one string, to find a type's position without a search through an array. */
const REQUIRED_TYPES = REQUIRED.join('');

export const missingRequiredLine = defineRule({
  id: 'sdp/missing-required-line',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'An SDP body without one of the required `v=`, `o=`, `s=` and `t=` lines.',
  docs: {
    what:
      'Flags a session description that lacks a `v=` (version), `o=` (origin), `s=` (session ' +
      'name) or `t=` (timing) line. One finding per body names every missing line; it sits on ' +
      'the first line of the body.',
    why:
      'RFC 8866 makes these four lines mandatory, and many stacks check for them before anything ' +
      'else: a missing `o=` or `t=` is a common reason for `488 Not Acceptable Here` or ' +
      '`400 Bad Request`. Hand-written or template-generated offers often drop `t=0 0`.',
    example:
      '```\nv=0\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\ns=-\nc=IN IP4 198.51.100.7\n' +
      'm=audio 49170 RTP/AVP 0\n```\nThere is no `t=` line; write `t=0 0` for an unbounded session.',
    references: ['RFC 8866 5', 'RFC 8866 5.1', 'RFC 8866 5.2', 'RFC 8866 5.3', 'RFC 8866 5.9'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      // Most bodies have all four: the list of missing lines is made only when one is missing.
      if (hasRequiredLines(sdp.lines)) continue;
      const missing = REQUIRED.filter((type) => !sdp.lines.some((line) => line.type === type));
      const first = sdp.lines[0];
      const range: Range = first !== undefined ? first.range : firstLineOf(ctx.text, sdp.range);
      const names = missing.map((type) => `${type}=`).join(', ');
      ctx.report(
        range,
        `The SDP body has no ${names} line${missing.length > 1 ? 's' : ''}; v=, o=, s= and t= are required.`,
        { missing: [...missing] },
      );
    }
  },
});

/** Whether `lines` has each of the {@link REQUIRED} types. */
function hasRequiredLines(lines: readonly SdpLine[]): boolean {
  let found = 0;
  for (let k = 0; k < lines.length; k++) {
    const i = REQUIRED_TYPES.indexOf(lines[k].type);
    if (i === -1) continue;
    found |= 1 << i;
    // The four come first (RFC 8866 order): the media lines after them need no look.
    if (found === 0b1111) return true;
  }
  return false;
}

/** The first line of `range` (without its line break), for a body with no SDP line at all. */
function firstLineOf(text: string, range: Range): Range {
  let end = text.indexOf('\n', range.start);
  if (end === -1 || end > range.end) end = range.end;
  if (end > range.start && text.charCodeAt(end - 1) === 0x0d) end--;
  return { start: range.start, end };
}
