/**
 * `nat/private-via`: the top Via of a request sent from an address the Internet does not route.
 */
import { defineRule } from '../rule';
import { classify, classPhrase, findMapping, formatHostPort, mappingFix, mappingSuffix, natData, NatTexts } from './common';

export const privateVia = defineRule({
  id: 'nat/private-via',
  defaultSeverity: 'warning',
  summary: 'A request whose top Via sent-by is a private, CGNAT or other non-routable address.',
  docs: {
    what:
      'Flags the sent-by of the top Via of a request when it is an IP literal in a block the ' +
      'Internet does not route. Only the top Via is checked: the lower ones were written by ' +
      'other hops. Responses are never flagged: their Vias are copies of the request\'s, so ' +
      'the request is where the finding belongs.',
    why:
      'A server sends responses to the top Via sent-by (RFC 3261 18.2.2). Behind a NAT that ' +
      'address is unreachable, so responses are lost and the transaction times out, unless the ' +
      'request also carries `rport` (RFC 3581) or the server applies its own NAT handling and ' +
      'answers to the packet source. A private sent-by is normal for a phone behind NAT that ' +
      'uses `rport`; it is flagged so that the engineer checks the rest of the path, and ' +
      '`nat/via-missing-rport` says when `rport` is missing.',
    example: '```\nINVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1\n```',
    fix:
      'When the trace shows the public mapping (a response with `received`/`rport`, or the ' +
      'packet source), the fix writes it into the sent-by, Contact and SDP together and adds ' +
      '`;rport`. Unsafe: the mapping holds only while the NAT binding lives.',
    references: ['RFC 3261 18.2.1', 'RFC 3261 18.2.2', 'RFC 3581', 'RFC 1918', 'RFC 6598'],
  },
  fixable: 'stun',
  checkMessage(ctx) {
    if (ctx.message.startLine.kind !== 'request') return;
    // A malformed Via is header/malformed-value's alone.
    const parsed = ctx.values.vias()[0];
    if (parsed === undefined || parsed.errors.length > 0) return;
    const top = parsed.value;
    if (top.sentBy.hostKind === 'domain') return;
    const sentBy = top.sentBy;
    const klass = classify(ctx, sentBy.host);
    if (klass === undefined) return;
    const mapping = findMapping(ctx, sentBy.host, sentBy.port);
    ctx.report(sentBy.range, texts.text(sentBy.host, sentBy.port, klass, mapping), natData(sentBy.host, sentBy.port, 'via', mapping));
  },
  fix: mappingFix,
});

const texts = new NatTexts(
  (host, port, klass, mapping) =>
    `Top Via carries ${formatHostPort(host, port)}, ${classPhrase(klass)}: not routable on the Internet${mappingSuffix(mapping)}.`,
);
