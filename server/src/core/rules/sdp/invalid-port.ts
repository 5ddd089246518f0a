/**
 * `sdp/invalid-port`: an `m=` port that is not a number from 0 to 65535.
 */
import { defineRule } from '../rule';

const MAX_PORT = 65535;

export const invalidPort = defineRule({
  id: 'sdp/invalid-port',
  defaultSeverity: 'error',
  summary: 'An `m=` line whose port is not a number from 0 to 65535.',
  docs: {
    what:
      'Flags the port of an `m=` line when it is not a decimal number from 0 to 65535, and a ' +
      '`/<number of ports>` suffix that is not a number of at least 1.',
    why:
      'A transport port is 16 bits. A port that does not fit, or a placeholder left by a template ' +
      '(`$PORT`, `-`), makes the receiver reject the description (`488 Not Acceptable Here`) or ' +
      'send media to a port nobody listens on.',
    example: '```\nm=audio 70000 RTP/AVP 0\n```',
    references: ['RFC 8866 5.14', 'RFC 768'],
  },
  checkMessage(ctx) {
    const sessions = ctx.values.sdp();
    for (let i = 0; i < sessions.length; i++) {
      const sdp = sessions[i].value;
      for (const media of sdp.media) {
        // The port range and text are made only for a finding: most ports are fine.
        const badPort = !(media.port <= MAX_PORT);
        const badCount = media.portCount !== undefined && !(media.portCount >= 1);
        if (!badPort && !badCount) continue;
        const range = media.portRange;
        // A missing port field is the parser's to report (`sdp/malformed-line`).
        if (range.end === range.start) continue;
        const written = ctx.text.slice(range.start, range.end);
        if (Number.isNaN(media.port)) {
          ctx.report(range, `The m= port "${written}" is not a number.`, { port: written });
        } else if (media.port > MAX_PORT) {
          ctx.report(range, `The m= port ${written} is above ${MAX_PORT}.`, { port: written });
        }
        if (media.portCount !== undefined && !(media.portCount >= 1)) {
          let end = range.end;
          while (end < media.line.range.end && ctx.text[end] !== ' ' && ctx.text[end] !== '\t') end++;
          ctx.report({ start: range.end, end }, 'The number of ports after "/" must be a number of at least 1.', { port: written });
        }
      }
    }
  },
});
