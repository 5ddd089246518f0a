import { defineRule } from '../rule';

const usual = new Set(['sip', 'sips', 'tel']);

export const unusualRequestUriScheme = defineRule({
  id: 'message/unusual-request-uri-scheme',
  defaultSeverity: 'warning',
  summary: 'Request-URI scheme other than sip, sips or tel',
  docs: {
    what: 'A Request-URI with a scheme other than `sip`, `sips` or `tel`.',
    why: 'Legal syntax, but most elements answer 416 Unsupported URI Scheme.',
    example: '`OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0`',
    references: ['RFC 3261 8.2.2.1', 'RFC 4475 3.3.4'],
  },
  checkMessage({ message, values, report }) {
    const uri = values.requestUri();
    if (!uri || message.startLine.kind !== 'request' || uri.errors.length) return;
    if (uri.value.scheme && !usual.has(uri.value.scheme)) {
      report(message.startLine.uriRange, `Request-URI scheme "${uri.value.scheme}" is not sip, sips or tel: most elements answer 416.`);
    }
  },
});
