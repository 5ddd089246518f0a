/**
 * `template/routes-after-content-length`: `[routes]` written after Content-Length, or as the
 * last header line.
 */
import { defineTemplateRule } from '../context';
import { simpleName } from './common';

export const routesAfterContentLength = defineTemplateRule({
  id: 'template/routes-after-content-length',
  defaultSeverity: 'warning',
  summary: '`[routes]` after Content-Length or as the last header line, where it can swallow the empty line.',
  docs: {
    what: 'Flags `[routes]` placed after the Content-Length header, or on the last header line.',
    why:
      'When no route set was learned, SIPp drops `[routes]` together with all the white space ' +
      'after it. On the last header line that white space includes the empty line that ends the ' +
      'headers: the body is glued to the headers and the message is malformed. Content-Length ' +
      'is best kept last, with `[routes]` among the other headers.',
    example: '```\nContent-Length: [len]\n[routes]\n\nv=0\n```',
    references: ['SIPp documentation, "[routes]"', 'RFC 3261 12.2.1.1'],
  },
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      const text = tm.document.text;
      const contentLength = tm.message.headers.find((h) => h.name === 'content-length');
      for (const keyword of tm.keywords) {
        if (simpleName(keyword) !== 'routes' || keyword.out.start > tm.message.headerEnd) continue;
        const last = keyword.out.start >= tm.message.headerEnd || text.startsWith('\r\n', keyword.out.end) || (keyword.standIn === '' && keyword.out.start === tm.message.headerEnd);
        if (last) {
          ctx.report(keyword.origin, '`[routes]` on the last header line: with no route set, SIPp drops it with the empty line after it, and the body runs into the headers. Move it above Content-Length.');
        } else if (contentLength && keyword.out.start > contentLength.range.end) {
          ctx.report(keyword.origin, '`[routes]` after Content-Length: keep Content-Length the last header, and `[routes]` with the other headers.');
        }
      }
    }
  },
});
