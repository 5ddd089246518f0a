/**
 * `nat/private-maddr`: a `maddr` parameter, in a Contact URI or in the top Via of a request,
 * that names an address the Internet does not route.
 */
import type { Param } from '../../sip/uri';
import { defineRule, type MessageContext } from '../rule';
import { classify, classPhrase } from './common';

export const privateMaddr = defineRule({
  id: 'nat/private-maddr',
  defaultSeverity: 'warning',
  summary: 'A Contact URI or request Via whose maddr is a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags the `maddr` parameter of a Contact URI, and of the top Via of a request, when it is ' +
      'an IP literal in a block the Internet does not route. The host and sent-by beside it are ' +
      'checked by `nat/private-contact` and `nat/private-via`; a public host does not help, because ' +
      'the `maddr` wins. A registrar\'s response to REGISTER is skipped, as in `nat/private-contact`: ' +
      'it lists what the REGISTER asked for.',
    why:
      'A `maddr` overrides the host: a request to a URI with `maddr` is sent to that address ' +
      '(RFC 3261 19.1.1), and a response is sent to the `maddr` of the top Via, before any ' +
      '`received` or `rport` is looked at (RFC 3261 18.2.2; RFC 3581 4 applies `rport` only ' +
      'when there is no `maddr`). A private `maddr` therefore undoes the NAT handling a proxy ' +
      'would apply: in-dialog requests or responses go to an address outside the sender\'s LAN ' +
      'cannot reach, while the public host beside it looks right.',
    example: '```\nContact: <sip:alice@203.0.113.1:5410;maddr=192.168.1.20>\n```',
    fix:
      'None. Removing the `maddr` sends requests to the host instead, which is right only when ' +
      'the host is the public address of the same UA; the UA\'s configuration decides that.',
    references: ['RFC 3261 19.1.1', 'RFC 3261 18.2.2', 'RFC 3581 4', 'RFC 1918', 'RFC 6598'],
  },
  checkMessage(ctx) {
    const request = ctx.message.startLine.kind === 'request';
    if (request) {
      const top = ctx.values.vias()[0];
      if (top !== undefined && top.errors.length === 0 && top.value.maddr !== undefined) check(ctx, top.value.maddr, 'Top Via', 'responses are sent there, and rport does not apply');
    } else if (ctx.values.cseq()?.value.method === 'REGISTER') {
      return;
    }
    const contacts = ctx.values.contacts();
    for (let i = 0; i < contacts.length; i++) {
      const value = contacts[i].value;
      if ('star' in value || contacts[i].errors.length > 0) continue;
      const params = value.uri.params;
      for (let j = 0; j < params.length; j++) {
        if (params[j].name === 'maddr') check(ctx, params[j], 'Contact', 'requests to this Contact are sent there');
      }
    }
  },
});

/** Reports `param` when its value is a non-routable IP literal (IPv6 in brackets or not). */
function check(ctx: MessageContext, param: Param, where: string, effect: string): void {
  const written = param.value;
  if (written === undefined || param.valueRange === undefined) return;
  const address = written.length > 2 && written.charCodeAt(0) === 0x5b && written.charCodeAt(written.length - 1) === 0x5d ? written.slice(1, -1) : written;
  const klass = classify(ctx, address);
  if (klass === undefined) return;
  ctx.report(
    param.valueRange,
    `${where} maddr ${written} is ${classPhrase(klass)}, not routable on the Internet: maddr overrides the host, so ${effect}.`,
    { address, port: null, location: where === 'Contact' ? 'contact' : 'via' },
  );
}
