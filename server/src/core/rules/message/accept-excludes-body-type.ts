import { defineRule } from '../rule';

export const acceptExcludesBodyType = defineRule({
  id: 'message/accept-excludes-body-type',
  defaultSeverity: 'warning',
  summary: 'An SDP offer whose own Accept header refuses SDP, the type of the answer',
  docs: {
    what: 'An INVITE or UPDATE carrying an SDP offer (alone, or as a part of a multipart body) whose Accept header lists neither `application/sdp` nor `application/*` nor `*/*`. Other requests, and bodies of other types, are not checked: Accept names what a response may carry, and only an offer asks for an SDP body back.',
    why: 'The answer to an SDP offer is SDP, in a response to the offer; a UAS that honours Accept cannot send it and replies 406 or 488.',
    example: '`Accept: text/nobodyKnowsThis` on an INVITE with `Content-Type: application/sdp`',
    references: ['RFC 3261 20.1', 'RFC 3261 21.4.7', 'RFC 3264', 'RFC 4475 3.3.13'],
  },
  checkMessage({ message, values, report }) {
    if (message.startLine.kind !== 'request' || !message.body) return;
    const method = message.startLine.method;
    if (method !== 'INVITE' && method !== 'UPDATE') return;
    const accepts = values.headers('accept');
    if (accepts.length === 0 || values.sdp().length === 0) return;
    const listed = accepts.flatMap((h) => values.text(h).split(',')).map((v) => v.split(';')[0].trim().toLowerCase());
    if (listed.every((v) => v === '')) return;
    if (!listed.some((v) => v === 'application/sdp' || v === '*/*' || v === 'application/*')) {
      report(accepts[0].valueRange, 'Accept does not list application/sdp, the type of the answer to this SDP offer: the answer cannot be sent.');
    }
  },
});
