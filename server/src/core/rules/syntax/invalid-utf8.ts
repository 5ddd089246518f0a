import { parseProblemRule } from './parse-problem-rule';

export const invalidUtf8 = parseProblemRule({
  id: 'syntax/invalid-utf8',
  defaultSeverity: 'warning',
  summary: 'Bytes that are not valid UTF-8',
  docs: {
    what: 'Bytes that do not decode as UTF-8; the editor and the linter show each as U+FFFD.',
    why: 'SIP text is UTF-8 (RFC 3261 7.3.1); other bytes in headers make parsers reject the message. Binary bodies are legal with the right Content-Type, but then the file is a capture, not text: the CLI never rewrites such a file with `--fix`.',
    example: 'A Latin-1 display name `"J\\xf6rg"` saved without conversion.',
    references: ['RFC 3261 7.3.1', 'RFC 3629'],
  },
});
