import { parseProblemRule } from './parse-problem-rule';

export const lfLineEndings = parseProblemRule({
  id: 'syntax/lf-line-endings',
  defaultSeverity: 'info',
  summary: 'Lines end with LF only, where the wire needs CRLF',
  docs: {
    what: 'A message whose lines end with a bare LF. Reported once per message, on its start line.',
    why: 'SIP requires CRLF. Pasted traces and many tools store LF only, which is fine for reading; a message sent with bare LF is rejected by strict stacks. Content-Length in such a message is read both ways (octets as written, or with each LF counted as CRLF).',
    example: 'A trace saved on Linux: `INVITE sip:bob@example.com SIP/2.0` LF.',
    fix: 'Converts the message\'s bare LFs to CRLF (headers and body; in a message printed in TCP segments, not the trace\'s lines between them). Safe; Content-Length is then checked against the CRLF body.',
    references: ['RFC 3261 7', 'RFC 3261 25.1'],
  },
  fixable: 'offline',
  fix({ document, message }) {
    if (!message) return undefined;
    const text = document.text;
    const edits = [];
    // The trace's own lines between a message's TCP segments (its gaps) are not the message.
    const gaps = message.gaps ?? [];
    let gap = 0;
    for (let i = text.indexOf('\n', message.range.start); i !== -1 && i < message.range.end; i = text.indexOf('\n', i + 1)) {
      while (gap < gaps.length && gaps[gap].end <= i) gap++;
      if (gap < gaps.length && gaps[gap].start <= i) continue;
      if (i === 0 || text.charCodeAt(i - 1) !== 13) edits.push({ range: { start: i, end: i }, newText: '\r' });
    }
    return edits.length ? { title: 'Convert line endings of this message to CRLF', safety: 'safe', edits } : undefined;
  },
});
