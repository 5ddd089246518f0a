import { parseProblemRule } from './parse-problem-rule';

export const noSipMessage = parseProblemRule({
  id: 'syntax/no-sip-message',
  defaultSeverity: 'warning',
  summary: 'The file holds no SIP message',
  docs: {
    what: 'A non-empty file in which no request line or status line was found.',
    why: 'Usually binary data, a capture file (pcap) opened as text, or a log format not recognised. Nothing in it is linted.',
    example: 'A `.pcap` renamed to `.sip`.',
    references: ['RFC 3261 7'],
  },
});
