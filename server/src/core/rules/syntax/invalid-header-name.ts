import { parseProblemRule } from './parse-problem-rule';

export const invalidHeaderName = parseProblemRule({
  id: 'syntax/invalid-header-name',
  defaultSeverity: 'error',
  summary: 'Header name with characters not allowed in a token',
  docs: {
    what: 'A header name holding a character outside the RFC 3261 `token` set (for example a space or `<`).',
    why: 'Receivers cannot tell where the name ends; the message is rejected with 400.',
    example: '`Call ID: a84b4c76e66710`',
    references: ['RFC 3261 7.3.1', 'RFC 3261 25.1'],
  },
});
