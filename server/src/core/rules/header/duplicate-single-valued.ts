import { defineRule } from '../rule';
import { singleValuedHeaders } from '../../sip/headers';

export const duplicateSingleValued = defineRule({
  id: 'header/duplicate-single-valued',
  defaultSeverity: 'error',
  summary: 'A header that may appear once appears again',
  docs: {
    what: 'A second Call-ID, CSeq, From, To, Max-Forwards, Content-Length, Content-Type, Expires (and other single-valued headers) in one message, reported at each repetition.',
    why: 'Receivers pick different copies, so the message means different things to different elements; two Content-Length values make framing ambiguous. RFC 4475 asks for 400 Bad Request.',
    example: '`Content-Length: 13` and later `Content-Length: 5`',
    references: ['RFC 3261 7.3.1', 'RFC 4475 3.3.9', 'RFC 4475 3.3.10'],
  },
  checkMessage({ message, report }) {
    // Few headers are single-valued in one message: a short list beats a set.
    const seen: string[] = [];
    for (const header of message.headers) {
      if (!singleValuedHeaders.has(header.name)) continue;
      if (seen.includes(header.name)) report(header.nameRange, `${header.name === 'call-id' ? 'Call-ID' : header.name.replace(/(^|-)(\w)/g, (_, d: string, c: string) => d + c.toUpperCase())} appears more than once; it may appear once only.`, { name: header.name });
      seen.push(header.name);
    }
  },
});
