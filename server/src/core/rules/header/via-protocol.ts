import { defineRule } from '../rule';

const transports = new Set(['UDP', 'TCP', 'TLS', 'SCTP', 'TLS-SCTP', 'WS', 'WSS', 'DTLS']);

/**
 * Whether a Via protocol, white space removed and in upper case, starts with `SIP/2.0/`. Plain
 * ASCII without white space (every real Via) is compared in place; anything else takes the
 * general path.
 */
function isSip20(protocol: string): boolean {
  const prefix = 'SIP/2.0/';
  let plain = protocol.length >= prefix.length;
  for (let i = 0; plain && i < protocol.length; i++) {
    const c = protocol.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) plain = false;
  }
  if (!plain) return protocol.replace(/\s+/g, '').toUpperCase().startsWith(prefix);
  for (let i = 0; i < prefix.length; i++) {
    const c = protocol.charCodeAt(i);
    if ((c >= 0x61 && c <= 0x7a ? c - 0x20 : c) !== prefix.charCodeAt(i)) return false;
  }
  return true;
}

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
    const vias = values.vias();
    for (let i = 0; i < vias.length; i++) {
      const via = vias[i];
      if (!via.value || via.errors.length) continue;
      if (!isSip20(via.value.protocol)) report(via.value.protocolRange, `Via protocol "${via.value.protocol}" is not SIP/2.0.`);
      else if (!transports.has(via.value.transport)) report(via.value.protocolRange, `Unknown Via transport "${via.value.transport}".`, undefined, 'warning');
    }
  },
});
