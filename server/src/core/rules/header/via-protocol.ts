import { defineRule } from '../rule';

const transports = new Set(['UDP', 'TCP', 'TLS', 'SCTP', 'TLS-SCTP', 'WS', 'WSS', 'DTLS']);

export const viaProtocol = defineRule({
  id: 'header/via-protocol',
  defaultSeverity: 'error',
  summary: 'Via protocol other than SIP/2.0, or an unknown transport',
  docs: {
    what: 'A Via whose sent-protocol is not `SIP/2.0/<transport>`, or whose transport is not one of UDP, TCP, TLS, SCTP, TLS-SCTP, WS, WSS, DTLS (reported as a warning).',
    why: 'Responses travel back along the Vias; an element cannot send over a transport it does not know, and another version is answered 505.',
    example: '`Via: SIP/2.1/UDP host.example.com`',
    references: ['RFC 3261 20.42', 'RFC 7118', 'RFC 4168'],
  },
  checkMessage({ values, report }) {
    for (const via of values.vias()) {
      if (!via.value || via.errors.length) continue;
      const protocol = via.value.protocol.replace(/\s+/g, '').toUpperCase();
      if (!protocol.startsWith('SIP/2.0/')) report(via.value.protocolRange, `Via protocol "${via.value.protocol}" is not SIP/2.0.`);
      else if (!transports.has(via.value.transport)) report(via.value.protocolRange, `Unknown Via transport "${via.value.transport}".`, undefined, 'warning');
    }
  },
});
