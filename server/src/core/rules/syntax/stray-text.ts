import { parseProblemRule } from './parse-problem-rule';

export const strayText = parseProblemRule({
  id: 'syntax/stray-text',
  defaultSeverity: 'info',
  summary: 'Text outside any SIP message',
  docs: {
    what: 'Lines between messages that are neither a SIP message nor trace metadata the linter knows (SIPp, sngrep, ngrep, Kamailio sipdump, tshark follow, tcpdump -A, baresip -s, Asterisk\'s and FreeSWITCH\'s SIP logs, Wireshark\'s dissection), and octets after a body that Content-Length does not cover.',
    why: 'Nothing is lost: such text is skipped. It is reported so that a message the linter could not recognise (a mangled start line) does not go unnoticed. Octets after the body in one datagram are discarded by a receiver (RFC 3261 18.3).',
    example: 'A comment line `# call from lab 3` between two messages.',
    references: ['RFC 3261 18.3', 'RFC 4475 3.1.1.8'],
  },
});
