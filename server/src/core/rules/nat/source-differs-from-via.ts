/**
 * `nat/source-differs-from-via`: a received request whose packet source is not its top Via
 * sent-by, which shows a NAT on the path.
 */
import { defineRule } from '../rule';
import { classify, formatHostPort, packetEvidence } from './common';

export const sourceDiffersFromVia = defineRule({
  id: 'nat/source-differs-from-via',
  defaultSeverity: 'info',
  summary: 'A received request whose packet source differs from its top Via sent-by: a NAT is on the path.',
  docs: {
    what:
      'Uses the packet metadata of a trace (SIPp, sngrep, ngrep, Kamailio sipdump, tshark follow, tcpdump -A, baresip, Asterisk, FreeSWITCH, Wireshark\'s dissection): when a ' +
      'request the recording element received came from another address than its top Via ' +
      'sent-by (or, over UDP, from another port), something rewrote the packet on the way, ' +
      'almost always a NAT. Requests the element sent itself are not checked, nor plain messages ' +
      'without metadata. Over TCP and TLS only the address is compared: the source port of a ' +
      'connection is never the listening port.',
    why:
      'It is evidence, not an error, hence `info`. It tells which side is behind a NAT, and ' +
      'that the server must answer to the source (`received`/`rport`, RFC 3581) and route ' +
      'in-dialog requests to it (RFC 5626 or an SBC\'s NAT handling). When the sent-by is ' +
      'public and still differs, the sender writes a wrong address into its Via.',
    example:
      '```\nU 2024/03/01 10:00:00.000 203.0.113.1:5410 -> 198.51.100.5:5060\nINVITE sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 100.64.0.10:8214;branch=z9hG4bK-1\n```',
    references: ['RFC 3261 18.2.1', 'RFC 3581 4', 'RFC 5626'],
  },
  checkMessage(ctx) {
    const evidence = packetEvidence(ctx);
    if (evidence === undefined) return;
    const { via, source } = evidence;
    const sentBy = formatHostPort(via.sentBy.host, via.sentBy.port);
    const from = formatHostPort(source.host, source.port);
    const privateSender = classify(ctx, via.sentBy.host) !== undefined;
    ctx.report(
      source.range,
      privateSender
        ? `Request came from ${from} but its top Via says ${sentBy}: the sender is behind a NAT.`
        : `Request came from ${from} but its top Via says ${sentBy}: a NAT or a wrong sent-by.`,
      {
        address: via.sentBy.host,
        port: via.sentBy.port ?? null,
        location: 'via',
        mapping: { address: source.host, port: source.port ?? null, privatePort: via.sentBy.port ?? null, source: 'packet source in the trace' },
      },
    );
  },
});
