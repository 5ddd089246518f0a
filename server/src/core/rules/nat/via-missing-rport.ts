/**
 * `nat/via-missing-rport`: a request sent over UDP from a non-public address without `rport`.
 */
import { defineRule } from '../rule';
import { classify, classPhrase, formatHostPort } from './common';

export const viaMissingRport = defineRule({
  id: 'nat/via-missing-rport',
  defaultSeverity: 'warning',
  summary: 'A UDP request from a non-routable sent-by without the rport parameter (RFC 3581).',
  docs: {
    what:
      'Flags the top Via of a request sent over UDP when its sent-by is an IP literal the ' +
      'Internet does not route and it has no `rport` parameter. Over TCP, TLS and WebSocket ' +
      'responses return on the same connection, so `rport` does not matter there.',
    why:
      'Without `rport` a server sends the response to the sent-by port at the `received` ' +
      'address (RFC 3261 18.2.2), not to the port the request came from. Behind a NAT that ' +
      'port is not mapped, so responses are dropped and the UA retransmits until the ' +
      'transaction times out. `rport` asks the server to answer to the source port, which the ' +
      'NAT binding does map.',
    example: '```\nREGISTER sip:example.com SIP/2.0\nVia: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK-7\n```',
    fix:
      'Adds `;rport` at the end of the Via. Unsafe: it changes what the request asks of the ' +
      'server, and the UA must then accept responses on the port it sent from (it does when ' +
      'it sends and listens on one socket, which is the common case).',
    references: ['RFC 3581 3', 'RFC 3261 18.2.2'],
  },
  fixable: 'offline',
  checkMessage(ctx) {
    if (ctx.message.startLine.kind !== 'request') return;
    // A malformed Via is header/malformed-value's alone; a fix there would add to broken text.
    const parsed = ctx.values.vias()[0];
    if (parsed === undefined || parsed.errors.length > 0) return;
    const top = parsed.value;
    if (top.rport !== undefined || top.transport !== 'UDP') return;
    const sentBy = top.sentBy;
    if (sentBy.hostKind === 'domain') return;
    const klass = classify(ctx, sentBy.host);
    if (klass === undefined) return;
    ctx.report(
      top.range,
      `Top Via sent-by ${formatHostPort(sentBy.host, sentBy.port)} is ${classPhrase(klass)} and has no rport: behind a NAT, responses go to a port that is not mapped (RFC 3581).`,
      { address: sentBy.host, port: sentBy.port ?? null, location: 'via' },
    );
  },
  fix(ctx) {
    // The finding covers the whole top Via value: `;rport` goes at its end. Read from the
    // range, not from data, so that the fix stays right when the text above it moves.
    const at = ctx.finding.range.end;
    return { title: 'Add ;rport to the top Via', edits: [{ range: { start: at, end: at }, newText: ';rport' }], safety: 'unsafe' };
  },
});
