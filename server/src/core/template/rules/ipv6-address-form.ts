/**
 * `template/ipv6-address-form`: an address keyword whose IPv6 form does not fit where it stands.
 */
import { defineTemplateRule, placeOf, replacementData } from '../context';
import { replacementFix, simpleName } from './common';

export const ipv6AddressForm = defineTemplateRule({
  id: 'template/ipv6-address-form',
  defaultSeverity: 'warning',
  summary: '`[local_ip]` in SDP (bracketed for IPv6) or `[media_ip]` in a URI (not bracketed).',
  docs: {
    what:
      'Flags `[local_ip]` or `[remote_ip]` on an SDP line that is written to work with IPv6 ' +
      '(`IP[local_ip_type]`, `IP[media_ip_type]` or `IP6`), and `[media_ip]` or `[server_ip]` ' +
      'in the start line or a header, where SIP needs an IPv6 address in brackets.',
    why:
      'SIPp writes `[local_ip]` and `[remote_ip]` of an IPv6 run in brackets (`[2001:db8::1]`), ' +
      'as a SIP URI or Via needs them; SDP does not allow brackets, so the peer rejects the offer ' +
      '(400 or 488). `[media_ip]` and `[server_ip]` come without brackets, which is right for SDP ' +
      'and wrong in a URI, where the colons of the address clash with the port. With IPv4 both ' +
      'work, which is why the mistake shows only when the scenario first runs over IPv6.',
    example: '```\nc=IN IP[local_ip_type] [local_ip]\n```',
    fix: 'Replaces the keyword by the one that fits: `[media_ip]` in SDP, `[local_ip]` in SIP. Unsafe when `-mi` gives a media address other than the `-i` address.',
    references: ['RFC 8866 5.7', 'RFC 3261 25.1', 'RFC 5118 4.1', 'SIPp documentation, "[local_ip]"'],
  },
  fixable: 'offline',
  checkTemplate(ctx) {
    for (const tm of ctx.messages) {
      for (const keyword of tm.keywords) {
        const name = simpleName(keyword);
        if (name !== 'local_ip' && name !== 'remote_ip' && name !== 'media_ip' && name !== 'server_ip') continue;
        const place = placeOf(tm, keyword);
        if ((name === 'local_ip' || name === 'remote_ip') && (place.section === 'body' || place.sdpLine)) {
          const lineStart = keyword.out.start - place.before.length;
          const lineEnd = lineStart + place.line.length;
          const sameLine = tm.keywords.filter((k) => k.out.start >= lineStart && k.out.start <= lineEnd);
          const dynamicType = sameLine.some((k) => simpleName(k) === 'local_ip_type' || simpleName(k) === 'media_ip_type');
          const originalLine = ctx.text.slice(tm.substitution.text.toOriginal({ start: lineStart, end: lineEnd }).start, tm.substitution.text.toOriginal({ start: lineStart, end: lineEnd }).end);
          if (!dynamicType && !/\bIP6\b/.test(originalLine)) continue;
          ctx.report(keyword.origin, `With an IPv6 address, SIPp writes \`[${name}]\` in brackets, which SDP does not allow: use \`[media_ip]\` (with \`IP[media_ip_type]\`).`, replacementData('[media_ip]', { keyword: name }));
        } else if ((name === 'media_ip' || name === 'server_ip') && (place.section === 'header' || place.section === 'start-line') && !place.sdpLine) {
          ctx.report(keyword.origin, `SIPp writes \`[${name}]\` without brackets, so an IPv6 address is not a valid host here: use \`[local_ip]\`, which has them.`, replacementData('[local_ip]', { keyword: name }));
        }
      }
    }
  },
  fix: (ctx) => replacementFix(ctx, (data) => `Use ${String(data.replacement)}`, 'unsafe'),
});
