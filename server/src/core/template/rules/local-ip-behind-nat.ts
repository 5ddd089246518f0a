/**
 * `template/local-ip-behind-nat`: `[local_ip]` in Contact of a scenario meant to run behind NAT.
 */
import { defineTemplateRule, placeOf } from '../context';
import { simpleName } from './common';

export const localIpBehindNat = defineTemplateRule({
  id: 'template/local-ip-behind-nat',
  defaultSeverity: 'info',
  summary: '`[local_ip]` in Contact of a scenario that expects NAT (its Via asks for `rport`, or it says NAT).',
  docs: {
    what:
      'Points at `[local_ip]` in the Contact of a message whose Via carries `;rport`, or of a ' +
      'scenario that mentions NAT: signs that it is meant to run behind NAT.',
    why:
      'Behind NAT, `[local_ip]` is the private address of the SIPp host: the peer cannot reach ' +
      'it, so in-dialog requests (ACK, BYE) and incoming calls get lost unless a proxy fixes the ' +
      'Contact. Run SIPp with `-i` set to the public (STUN-derived) address and `-mi` for media, ' +
      'or rely on a registrar or SBC that handles `rport` and rewrites the Contact.',
    example: '```\nVia: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport\nContact: <sip:sipp@[local_ip]:[local_port]>\n```',
    references: ['RFC 3581', 'RFC 5626', 'RFC 8489', 'SIPp documentation, "-i", "-mi"'],
  },
  checkTemplate(ctx) {
    const mentionsNat = /\bNAT\b/.test(ctx.text);
    for (const tm of ctx.messages) {
      const via = tm.values.vias()[0];
      const rport = via?.value.rport !== undefined;
      if (!rport && !mentionsNat) continue;
      const keyword = tm.keywords.find((k) => simpleName(k) === 'local_ip' && placeOf(tm, k).header?.name === 'contact');
      if (!keyword) continue;
      ctx.report(keyword.origin, `\`[local_ip]\` in Contact of a scenario meant for NAT (${rport ? 'its Via asks for rport' : 'it mentions NAT'}): behind NAT this is a private address the peer cannot reach. Run SIPp with \`-i\` set to the public (STUN-derived) address and \`-mi\` for media, or rely on a registrar that handles rport.`);
    }
  },
});
