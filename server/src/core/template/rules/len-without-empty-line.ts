/**
 * `template/len-without-empty-line`: a message whose body follows its headers with no empty
 * line between them.
 */
import { defineTemplateRule } from '../context';

export const lenWithoutEmptyLine = defineTemplateRule({
  id: 'template/len-without-empty-line',
  defaultSeverity: 'error',
  summary: 'SDP lines right after the headers, with no empty line before the body.',
  docs: {
    what:
      'Flags a message template whose SDP body (`v=0` and the lines after it) follows the header ' +
      'section without the empty line that separates them.',
    why:
      'SIPp finds the body after the first empty line. With none, it adds one after the last line ' +
      'of the message: the SDP lines are sent as header lines, `Content-Length: [len]` says 0, and ' +
      'the peer sees a message without SDP (and malformed header lines).',
    example: '```\nContent-Length: [len]\nv=0\no=- 1 1 IN IP[local_ip_type] [local_ip]\n```',
    fix: 'Inserts the empty line before `v=0`. Safe.',
    references: ['RFC 3261 7.5', 'RFC 3261 20.14', 'SIPp documentation, "[len]"'],
  },
  fixable: 'offline',
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      const text = tm.document.text;
      const message = tm.message;
      let lineStart = message.startLine.range.end;
      lineStart = text.indexOf('\n', lineStart) + 1;
      while (lineStart > 0 && lineStart < message.headerEnd) {
        if (text.startsWith('v=', lineStart)) {
          const origin = tm.substitution.text.toOriginal({ start: lineStart, end: lineStart + 2 });
          const hasLen = tm.keywords.some((k) => k.use.kind === 'length');
          ctx.report(
            { start: origin.start, end: origin.start + 3 },
            `No empty line between the headers and the body: SIPp sends the SDP lines as headers${hasLen ? ' and writes 0 for [len]' : ''}. Add an empty line before \`v=\`.`,
            { insert: '\n', at: origin.start },
          );
          for (const mapped of ctx.coreFindings) {
            if (mapped.message === tm && mapped.out.start >= lineStart) ctx.suppress(mapped);
          }
          break;
        }
        lineStart = text.indexOf('\n', lineStart) + 1;
      }
    }
  },
  fix({ finding }) {
    const data = finding.data;
    if (!data || typeof data.at !== 'number' || typeof data.insert !== 'string') return undefined;
    return { title: 'Add the empty line before the body', safety: 'safe', edits: [{ range: { start: data.at, end: data.at }, newText: data.insert }] };
  },
});
