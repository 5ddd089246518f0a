import { defineRule } from '../rule';

export const malformedRequestUri = defineRule({
  id: 'message/malformed-request-uri',
  defaultSeverity: 'error',
  summary: 'Request-URI that does not parse, or carries what it must not',
  docs: {
    what: 'A Request-URI that does not follow the URI grammar (angle brackets, bad escapes, a bare IPv6 address), or that has a headers part (`?Route=...`), which RFC 3261 forbids there.',
    why: 'The Request-URI decides where the request goes; a receiver that cannot read it answers 400, and a headers part must never reach the wire in a request line.',
    example: '`INVITE <sip:user@example.com> SIP/2.0`, `INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0`',
    references: ['RFC 3261 19.1.1', 'RFC 3261 19.1.5', 'RFC 5118 4.2', 'RFC 4475 3.1.2.13'],
  },
  checkMessage({ message, values, report }) {
    const line = message.startLine;
    if (line.kind !== 'request') return;
    if (line.uriRange.end <= line.uriRange.start) {
      report(line.range, 'The request line has no Request-URI.');
      return;
    }
    const uri = values.requestUri();
    if (!uri) return;
    const errors = uri.errors;
    for (let i = 0; i < errors.length; i++) report(errors[i].range, `Request-URI: ${errors[i].message}`);
    if (uri.errors.length === 0 && uri.value.headers.length > 0) {
      report(uri.value.headers[0].range, 'The Request-URI has a headers part (`?...`), which is not allowed in a request line.');
    }
  },
});
