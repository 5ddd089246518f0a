import { defineRule } from '../rule';

export const bodyWithoutContentType = defineRule({
  id: 'message/body-without-content-type',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'A body with no Content-Type',
  docs: {
    what: 'A message with a non-empty body and no Content-Type header.',
    why: 'The receiver cannot tell what the body is (SDP or not) and answers 415 or ignores the offer.',
    example: 'An INVITE with an SDP body and no `Content-Type: application/sdp`.',
    references: ['RFC 3261 7.4.1', 'RFC 3261 20.15'],
  },
  checkMessage({ text, message, values, report }) {
    const body = message.body;
    if (!body || values.has('content-type')) return;
    for (let i = body.start; i < body.end; i++) {
      const c = text.charCodeAt(i);
      if (c !== 13 && c !== 10 && c !== 32 && c !== 9) {
        report(message.startLine.range, 'The message has a body but no Content-Type.');
        return;
      }
    }
  },
});
