import { defineRule } from '../rule';

export const statusCodeOutOfRange = defineRule({
  id: 'message/status-code-out-of-range',
  defaultSeverity: 'error',
  summary: 'Status code outside 100–699',
  docs: {
    what: 'A response whose status code is not a number from 100 to 699.',
    why: 'Status classes are 1xx to 6xx; anything else cannot be matched to a class and the response is discarded.',
    example: '`SIP/2.0 4294967301 better not break the receiver`',
    references: ['RFC 3261 7.2', 'RFC 3261 21', 'RFC 4475 3.1.2.18'],
  },
  checkMessage({ message, report }) {
    const line = message.startLine;
    if (line.kind !== 'response') return;
    if (!(line.status >= 100 && line.status <= 699)) report(line.statusRange, `Status code ${line.statusRange.end > line.statusRange.start ? line.status : '(none)'} is outside 100–699.`);
  },
});
