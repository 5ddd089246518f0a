import { defineRule } from '../rule';

const requestHeaders = ['to', 'from', 'cseq', 'call-id', 'via'];
const responseHeaders = ['to', 'from', 'cseq', 'call-id', 'via'];
const display: Record<string, string> = { to: 'To', from: 'From', cseq: 'CSeq', 'call-id': 'Call-ID', via: 'Via', 'max-forwards': 'Max-Forwards' };

export const missingMandatoryHeader = defineRule({
  id: 'message/missing-mandatory-header',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'A header every request or response must carry is missing',
  docs: {
    what: 'A request without To, From, CSeq, Call-ID or Via, or a response without To, From, CSeq, Call-ID or Via. A request without Max-Forwards is reported at info level: RFC 2543 elements omit it and proxies add it.',
    why: 'These headers identify the dialog and the transaction and route the response back; without them the receiver answers 400 Bad Request.',
    example: 'An INVITE with no Call-ID.',
    references: ['RFC 3261 8.1.1', 'RFC 3261 8.2.2', 'RFC 3261 16.6', 'RFC 4475 3.3.1'],
  },
  checkMessage({ message, values, report }) {
    const isRequest = message.startLine.kind === 'request';
    const names = isRequest ? requestHeaders : responseHeaders;
    let present = 0;
    for (let i = 0; i < names.length; i++) if (values.has(names[i])) present++;
    if (present < names.length) {
      const missing = names.filter((name) => !values.has(name));
      report(message.startLine.range, `Missing mandatory header${missing.length > 1 ? 's' : ''}: ${missing.map((n) => display[n]).join(', ')}.`, { missing });
    }
    if (isRequest && !values.has('max-forwards')) {
      report(message.startLine.range, 'No Max-Forwards header: RFC 3261 requires it in requests (a proxy adds 70).', { missing: ['max-forwards'] }, 'info');
    }
  },
});
