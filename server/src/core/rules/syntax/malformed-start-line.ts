import { parseProblemRule } from './parse-problem-rule';

export const malformedStartLine = parseProblemRule({
  id: 'syntax/malformed-start-line',
  defaultSeverity: 'error',
  summary: 'Request line or status line does not follow the grammar',
  docs: {
    what: 'A request line that is not `Method SP Request-URI SP SIP-Version`, with exactly one space between the parts and nothing after the version; a status line whose code is not three digits.',
    why: 'Strict parsers answer 400 Bad Request or drop the message; liberal ones that accept it must not forward it as it is (RFC 4475 3.1.2.7, 3.1.2.9, 3.1.2.10).',
    example: '`INVITE  sip:user@example.com  SIP/2.0` (two spaces), `INVITE sip:user@example.com; lr SIP/2.0` (space inside the URI)',
    references: ['RFC 3261 7.1', 'RFC 3261 7.2', 'RFC 3261 25.1', 'RFC 4475 3.1.2.9'],
  },
});
