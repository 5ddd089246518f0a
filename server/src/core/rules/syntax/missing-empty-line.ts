import { parseProblemRule } from './parse-problem-rule';

export const missingEmptyLine = parseProblemRule({
  id: 'syntax/missing-empty-line',
  defaultSeverity: 'info',
  summary: 'Header section not ended by an empty line',
  docs: {
    what: 'A message whose headers are not followed by the empty line that ends the header section.',
    why: 'Over TCP or TLS the receiver waits for that empty line and the message never completes; over UDP the end of the datagram stands in for it, so pasted traces often lack it.',
    example: 'A file that ends right after `Content-Length: 0` with no empty line.',
    fix: 'Adds the empty line after the last header. Safe.',
    references: ['RFC 3261 7', 'RFC 3261 18.3'],
  },
  fixable: 'offline',
  fix({ document, finding, message }) {
    if (!message) return undefined;
    const crlf = message.lineEnding !== 'lf';
    const at = finding.range.start;
    const text = document.text;
    // After the last header line: add its missing line break (at the end of the text), then the empty line.
    const endsLine = at > 0 && text.charCodeAt(at - 1) === 10;
    const newline = crlf ? '\r\n' : '\n';
    const atLineEnd = !endsLine && (text.startsWith('\r\n', at) || text.startsWith('\n', at));
    const lineBreak = atLineEnd ? (text.startsWith('\r\n', at) ? 2 : 1) : 0;
    const insertAt = at + lineBreak;
    return { title: 'Add the empty line that ends the header section', safety: 'safe', edits: [{ range: { start: insertAt, end: insertAt }, newText: endsLine || atLineEnd ? newline : newline + newline }] };
  },
});
