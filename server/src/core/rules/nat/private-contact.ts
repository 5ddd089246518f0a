/**
 * `nat/private-contact`: a Contact URI whose host is an address the Internet does not route.
 */
import { defineRule } from '../rule';
import { removesBinding } from '../../fix/substitute';
import { classify, classPhrase, findMapping, formatHostPort, mappingFix, mappingSuffix, natData, NatTexts } from './common';

export const privateContact = defineRule({
  id: 'nat/private-contact',
  defaultSeverity: 'warning',
  summary: 'A Contact URI with a private, CGNAT, loopback, link-local or other non-routable address.',
  docs: {
    what:
      'Flags a Contact header whose URI host is an IP literal in a block the Internet does not ' +
      'route: RFC 1918 private, RFC 6598 shared (CGNAT), loopback, link-local, IPv6 ULA, and the ' +
      'other special-purpose blocks. Addresses in `sipnat.internalNetworks` are not flagged. ' +
      'Requests and responses alike, except a response to REGISTER: it lists the bindings the ' +
      'registrar stored, and the REGISTER that asked for them is where the address is reported. ' +
      'A Contact that a REGISTER ' +
      'removes (`expires=0`, or `Expires: 0`) is not flagged: it must name the binding as it ' +
      'was registered.',
    why:
      'The Contact is where the peer sends its next requests in the dialog (ACK, re-INVITE, BYE) ' +
      'and, in a REGISTER, where the registrar routes incoming calls. A phone behind NAT that ' +
      'writes its LAN address there gets one-way or dropped calls: the ACK to a 200 OK never ' +
      'arrives, the call is torn down after about 32 seconds (Timer H), and incoming calls ' +
      'reach nobody unless an SBC or proxy rewrites the Contact.',
    example: '```\nContact: <sip:alice@100.64.0.10:8214;transport=udp>\n```',
    fix:
      'When the trace shows the public mapping of the address (a response with `received` and ' +
      '`rport` in the Via, or the packet source recorded by the trace), the fix writes that ' +
      'mapping into Contact, the top Via (adding `;rport`), SDP `c=`, `o=` and `a=rtcp`, and ' +
      'recounts Content-Length. Otherwise a STUN query (RFC 8489) finds the mapping. Both are ' +
      'unsafe: the mapping of a NAT holds only while the binding lives, a symmetric NAT maps ' +
      'each destination differently, and a phone that keeps sending from the private address ' +
      'needs its own configuration fixed (STUN, or the SBC\'s far-end NAT traversal).',
    references: ['RFC 3261 8.1.1.8', 'RFC 3261 10.2.1', 'RFC 5626', 'RFC 1918', 'RFC 6598', 'RFC 6890'],
  },
  fixable: 'stun',
  checkMessage(ctx) {
    // A registrar's response lists the bindings it stored: the private address there is the
    // REGISTER's mistake, reported on the REGISTER itself.
    if (ctx.message.startLine.kind === 'response' && ctx.values.cseq()?.value.method === 'REGISTER') return;
    const contacts = ctx.values.contacts();
    for (let i = 0; i < contacts.length; i++) {
      const contact = contacts[i];
      const value = contact.value;
      // A malformed Contact is header/malformed-value's alone.
      // A binding a REGISTER removes names what was registered; nothing is sent to it.
      if ('star' in value || contact.errors.length > 0 || removesBinding(ctx.message, ctx.values, value)) continue;
      const host = value.uri.host;
      if (host === undefined || host.hostKind === 'domain') continue;
      const klass = classify(ctx, host.host);
      if (klass === undefined) continue;
      const mapping = findMapping(ctx, host.host, host.port);
      ctx.report(host.range, texts.text(host.host, host.port, klass, mapping), natData(host.host, host.port, 'contact', mapping));
    }
  },
  fix: mappingFix,
});

const texts = new NatTexts(
  (host, port, klass, mapping) =>
    `Contact carries ${formatHostPort(host, port)}, ${classPhrase(klass)}: not routable on the Internet${mappingSuffix(mapping)}.`,
);
