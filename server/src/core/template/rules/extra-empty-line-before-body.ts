/**
 * `template/extra-empty-line-before-body`: more than one empty line between headers and body.
 */
import { defineTemplateRule, replacementData } from '../context';
import { replacementFix } from './common';

export const extraEmptyLineBeforeBody = defineTemplateRule({
  id: 'template/extra-empty-line-before-body',
  defaultSeverity: 'warning',
  summary: 'An extra empty line (CRLF) at the start of the body.',
  docs: {
    what: 'Flags a message template with two or more empty lines between the headers and the body.',
    why:
      'Only the first empty line ends the headers; the next ones belong to the body. They are ' +
      'counted in `[len]`, and an SDP body that starts with an empty line is rejected by strict ' +
      'parsers (SDP starts with `v=`), so the call fails with 400 or 488.',
    example: '```\nContent-Length: [len]\n\n\nv=0\n```',
    fix: 'Removes the extra empty lines. Safe.',
    references: ['RFC 3261 7.5', 'RFC 8866 5'],
  },
  fixable: 'offline',
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      const body = tm.message.body;
      if (!body) continue;
      const text = tm.document.text;
      let end = body.start;
      while (end < body.end) {
        if (text.startsWith('\r\n', end)) end += 2;
        else if (text.charCodeAt(end) === 0x0a) end += 1;
        else break;
      }
      if (end === body.start) continue;
      const origin = tm.substitution.text.toOriginal({ start: body.start, end });
      ctx.report(origin, 'Extra empty line before the body: it becomes part of the body, is counted in Content-Length, and an SDP body must start with `v=`.', replacementData(''));
      for (const mapped of ctx.coreFindings) {
        if (mapped.message === tm && mapped.out.start >= body.start && mapped.out.start <= end) ctx.suppress(mapped);
      }
    }
  },
  fix: (ctx) => replacementFix(ctx, () => 'Remove the extra empty line', 'safe'),
});
