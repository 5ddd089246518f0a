/**
 * `template/literal-private-address`: a private address written into a template where SIPp's
 * address keyword belongs.
 */
import { defineTemplateRule, replacementData } from '../context';
import { replacementFix } from './common';

/** The NAT findings this rule takes over in templates, and the keyword each place wants. */
const keywordFor: { readonly [ruleId: string]: string } = {
  'nat/private-contact': '[local_ip]',
  'nat/private-via': '[local_ip]',
  'nat/private-sdp-connection': '[media_ip]',
  'nat/private-sdp-origin': '[media_ip]',
  'nat/private-rtcp': '[media_ip]',
};

export const literalPrivateAddress = defineTemplateRule({
  id: 'template/literal-private-address',
  defaultSeverity: 'warning',
  summary: 'A literal private address in a template where `[local_ip]` or `[media_ip]` belongs.',
  docs: {
    what:
      'Flags a private, CGNAT, loopback, link-local or ULA address written literally in the Via, ' +
      'Contact or SDP (`c=`, `o=`, `a=rtcp`) of a SIPp scenario or template. In a template it ' +
      'replaces the `nat/*` finding at the same place. Addresses in `sipnat.internalNetworks` are ' +
      'not flagged.',
    why:
      'The scenario then runs right only on the machine it was written on: elsewhere SIPp ' +
      'announces an address that is not its own, responses and media go to the wrong host, and ' +
      'the address is not reachable through NAT anyway. The keyword follows `-i` and `-mi`.',
    example: '```\nContact: <sip:sipp@192.168.1.20:[local_port]>\n```',
    fix: 'Replaces the address by `[local_ip]` (Via, Contact) or `[media_ip]` (SDP). Unsafe: a lab may pin an address on purpose.',
    references: ['SIPp documentation, "[local_ip]", "[media_ip]"', 'RFC 1918', 'RFC 6598'],
  },
  fixable: 'offline',
  checkTemplate(ctx) {
    for (const mapped of ctx.coreFindings) {
      const keyword = keywordFor[mapped.finding.ruleId];
      if (keyword === undefined) continue;
      const address = mapped.finding.data?.address;
      if (typeof address !== 'string') continue;
      // The finding may cover host and port; only a literal host is replaced (a keyword there is no literal).
      const at = mapped.finding.range.start;
      const written = ctx.text.slice(at, at + address.length + 2);
      let range: { start: number; end: number };
      if (written.startsWith(address)) range = { start: at, end: at + address.length };
      else if (written === `[${address}]`) range = { start: at + 1, end: at + 1 + address.length };
      else continue;
      // SIPp writes the brackets of an IPv6 `[local_ip]` itself.
      if (keyword === '[local_ip]' && ctx.text[range.start - 1] === '[' && ctx.text[range.end] === ']') range = { start: range.start - 1, end: range.end + 1 };
      ctx.suppress(mapped);
      ctx.report(range, `${mapped.finding.message.replace(/\.$/, '')}. In a template, write ${keyword} so that SIPp puts its own address here.`, replacementData(keyword, { address }));
    }
  },
  fix: (ctx) => replacementFix(ctx, (data) => `Replace with ${String(data.replacement)}`, 'unsafe'),
});
