import { parseProblemRule } from './parse-problem-rule';

export const headerWithoutColon = parseProblemRule({
  id: 'syntax/header-without-colon',
  defaultSeverity: 'error',
  summary: 'Header line without a colon',
  docs: {
    what: 'A line in the header section that has no `:` and is not a folded continuation of the header above it.',
    why: 'A header is `name: value`; a receiver cannot read such a line and rejects the message with 400.',
    example: '`Foobar roobar`',
    references: ['RFC 3261 7.3', 'RFC 3261 25.1'],
  },
});
