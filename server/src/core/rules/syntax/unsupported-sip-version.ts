import { parseProblemRule } from './parse-problem-rule';

export const unsupportedSipVersion = parseProblemRule({
  id: 'syntax/unsupported-sip-version',
  defaultSeverity: 'error',
  summary: 'SIP version other than SIP/2.0 in the start line',
  docs: {
    what: 'A start line whose version is not `SIP/2.0`.',
    why: 'Every SIP element speaks SIP/2.0 only; a request with another version is answered 505 Version Not Supported.',
    example: '`OPTIONS sip:t.watson@example.org SIP/7.0`',
    references: ['RFC 3261 7.1', 'RFC 3261 8.2.2.3', 'RFC 4475 3.1.2.16'],
  },
});
