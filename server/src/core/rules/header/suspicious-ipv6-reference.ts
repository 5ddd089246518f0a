import { defineRule } from '../rule';
import type { HostPort } from '../../sip/uri';
import type { Report } from '../rule';
import { Plain } from '../../sip/values';
import { isIpLiteral } from '../../net/address';

/**
 * `2001:db8::10:5070` with no port: the last group is written in decimal, looks like a SIP port
 * (5000 to 5099: 5060, 5061 and the ports beside them), and what comes before it is an address
 * of its own, so the writer probably meant `[2001:db8::10]:5070`. `2001:db8::1234` or
 * `2001:db8::5060` is not: `2001:db8:` is no address.
 */
function mayHidePort(host: HostPort): boolean {
  if (host.hostKind !== 'ipv6' || host.port !== undefined || !host.host.includes('::')) return false;
  const cut = host.host.lastIndexOf(':');
  const last = host.host.slice(cut + 1);
  return /^50\d\d$/.test(last) && isIpLiteral(host.host.slice(0, cut));
}

function check(host: HostPort | undefined, where: string, report: Report): void {
  if (!host || host.hostKind !== 'ipv6') return;
  if (host.host.includes(':::')) {
    report(host.hostRange, `${where}: "${host.host}" has three colons in a row; RFC 3261's grammar lets it through, but it is not a valid IPv6 address (RFC 4291, RFC 5118 4.10).`);
  } else if (mayHidePort(host)) {
    const last = host.host.slice(host.host.lastIndexOf(':') + 1);
    report(host.hostRange, `${where}: "[${host.host}]" has no port; if ${last} is the port, write "[${host.host.slice(0, host.host.lastIndexOf(':'))}]:${last}" (RFC 5118 4.4).`);
  }
}

export const suspiciousIpv6Reference = defineRule({
  id: 'header/suspicious-ipv6-reference',
  defaultSeverity: 'warning',
  summary: 'IPv6 reference that is ambiguous or only valid by a grammar accident',
  docs: {
    what: 'An IPv6 reference in the Request-URI, a Via sent-by, or a To, From or Contact URI that has three colons in a row, or that has no port while its last group looks like a SIP port (5000 to 5099, in decimal) and the groups before it are an address of their own.',
    why: 'Both parse, but the first is not an IPv6 address at all (an accident of the RFC 3261 grammar), and the second usually means the port was typed inside the brackets: the request then goes to the default port of another address.',
    example: '`sip:[2001:db8::10:5070]` (meant `sip:[2001:db8::10]:5070`), `sip:user@[2001:db8:::192.0.2.1]`',
    references: ['RFC 5118 4.4', 'RFC 5118 4.10', 'RFC 4291 2.2'],
  },
  checkMessage({ values, report }) {
    const ruri = values.requestUri();
    if (ruri && !ruri.errors.length) check(ruri.value.host, 'Request-URI', report);
    for (const via of values.vias()) if (via.value && !via.errors.length) check(via.value.sentBy, 'Via', report);
    // A plain value has no IPv6 host.
    const from = values.plainFrom() === Plain.Unknown ? values.from() : undefined;
    if (from && !from.errors.length) check(from.value.uri.host, 'From', report);
    const to = values.plainTo() === Plain.Unknown ? values.to() : undefined;
    if (to && !to.errors.length) check(to.value.uri.host, 'To', report);
    const contacts = values.contacts();
    for (let i = 0; i < contacts.length; i++) {
      const contact = contacts[i];
      if (contact.value && !contact.errors.length && !('star' in contact.value)) check(contact.value.uri.host, 'Contact', report);
    }
  },
});
