import { defineRule } from '../rule';

export const acceptExcludesBodyType = defineRule({
  id: 'message/accept-excludes-body-type',
  defaultSeverity: 'warning',
  summary: 'A request offers a body type its own Accept header refuses',
  docs: {
    what: 'A request carrying a body of one type (for example an SDP offer) whose Accept header does not list that type (nor `*/*` or `type/*`).',
    why: 'The answer to an SDP offer is SDP; a UAS that honours Accept cannot answer and replies 406 or 488.',
    example: '`Accept: text/nobodyKnowsThis` on an INVITE with `Content-Type: application/sdp`',
    references: ['RFC 3261 20.1', 'RFC 3261 21.4.7', 'RFC 4475 3.3.13'],
  },
  checkMessage({ message, values, report }) {
    if (message.startLine.kind !== 'request' || !message.body) return;
    const contentType = values.header('content-type');
    const accepts = values.headers('accept');
    if (!contentType || accepts.length === 0) return;
    const type = values.text(contentType).split(';')[0].trim().toLowerCase();
    const [major] = type.split('/');
    const listed = accepts.flatMap((h) => values.text(h).split(',')).map((v) => v.split(';')[0].trim().toLowerCase());
    if (listed.length === 0 || listed.every((v) => v === '')) return;
    if (!listed.some((v) => v === type || v === '*/*' || v === `${major}/*`)) {
      report(accepts[0].valueRange, `Accept does not list ${type}, the type of this request's own body: the answer cannot be sent.`);
    }
  },
});
