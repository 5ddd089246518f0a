/**
 * `sdp/bad-version`: a `v=` line whose value is not `0`.
 */
import { defineRule } from '../rule';
import type { SdpLine } from '../../sdp/model';

export const badVersion = defineRule({
  id: 'sdp/bad-version',
  defaultSeverity: 'error',
  summary: 'An SDP `v=` line with a version other than `0`.',
  docs: {
    what: 'Flags a `v=` line whose value is anything but `0`, the only SDP version there is.',
    why:
      'A receiver that checks the version (most do, because it is the first line) refuses any ' +
      'other value, and the offer is answered with `488 Not Acceptable Here` or `400 Bad Request`. ' +
      'A stray space (`v= 0`) or a wrong digit from a template is enough.',
    example: '```\nv=1\no=alice 2890844526 2890844526 IN IP4 198.51.100.7\n```',
    references: ['RFC 8866 5.1'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      const version = firstOfType(sdp.lines, 'v');
      if (version === undefined) continue;
      const value = version.value;
      if (value === '0') continue;
      const range = version.valueRange.end > version.valueRange.start ? version.valueRange : version.range;
      ctx.report(range, `The SDP version is "${value}"; it must be 0.`, { version: value });
    }
  },
});

/** The first of `lines` of type `type`. */
function firstOfType(lines: readonly SdpLine[], type: string): SdpLine | undefined {
  for (const line of lines) if (line.type === type) return line;
  return undefined;
}
