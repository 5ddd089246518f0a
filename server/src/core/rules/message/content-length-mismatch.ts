import { defineRule } from '../rule';
import { bodyOctets, expectedContentLength } from '../../sip/parse';
import { utf8Length } from '../../text';
import type { SipMessage } from '../../sip/model';
import { isDissected } from '../../sip/trace';
import type { MessageValues } from '../rule';

/** The edit that makes Content-Length right: replaces its value, or adds the header when it is missing. */
export function contentLengthEdit(text: string, message: SipMessage, values: MessageValues, length = expectedContentLength(text, message)) {
  const header = values.header('content-length');
  if (header) return { range: header.valueRange, newText: String(length) };
  const newline = message.lineEnding === 'lf' ? '\n' : '\r\n';
  return { range: { start: message.headerEnd, end: message.headerEnd }, newText: `Content-Length: ${length}${newline}` };
}

export const contentLengthMismatch = defineRule({
  id: 'message/content-length-mismatch',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'Content-Length differs from the body',
  docs: {
    what: 'A Content-Length that is not the number of octets in the body (bodies holding bytes that are not UTF-8 are not counted): larger (the message is truncated, or the count is wrong), or smaller (octets after it are cut off). In a message written with LF only, the count is also accepted when it counts each line break as CRLF, as it was on the wire. A body with no Content-Length is reported at info level: allowed over UDP, required over TCP and TLS. Not checked in a Wireshark dissection, which shows a body as items, nor in the older sofia-sip log (FreeSWITCH), which indents it: neither shows its octets.',
    why: 'Over TCP the receiver reads exactly Content-Length octets, so a wrong value desynchronises the stream; over UDP a too large value gets 400 Bad Request and a too small one silently truncates the SDP.',
    example: '`Content-Length: 9999` before a 154-octet body.',
    fix: 'Writes the body\'s octet count (UTF-8) into Content-Length, or adds the header. Safe: the body is kept as it is.',
    references: ['RFC 3261 18.3', 'RFC 3261 20.14', 'RFC 4475 3.1.2.2'],
  },
  fixable: 'offline',
  checkMessage({ text, message, values, report }) {
    // A dissection shows the body as items, sofia-sip's older log after an indentation, and
    // neither shows its line endings: their octets are unknown.
    if (isDissected(message) || message.indent !== 0) return;
    const body = message.body;
    // The wire count (bare LFs as CRLF) is looked at only when the written one differs.
    const written = body === undefined ? 0 : utf8Length(text, body.start, body.end);
    if (!values.has('content-length')) {
      if (written > 0) report(message.startLine.range, `The ${written}-octet body has no Content-Length: required over TCP and TLS.`, { expected: written }, 'info');
      return;
    }
    const declared = values.contentLength();
    if (declared === undefined) return; // Not a number: header/malformed-value reports it.
    if (declared === written || (message.lineEnding !== 'crlf' && declared === bodyOctets(text, body).wire)) return;
    // A body that did not decode as UTF-8 (binary parts) has no knowable octet count here.
    if (message.body && text.slice(message.body.start, message.body.end).includes('\uFFFD')) return;
    const expected = expectedContentLength(text, message);
    const message_ = declared > written
      ? `Content-Length says ${declared} but the body has ${written} octets: the message is truncated or the count is wrong.`
      : `Content-Length says ${declared} but the body has ${written} octets: receivers cut the body short.`;
    report(values.header('content-length')!.valueRange, message_, { expected });
  },
  fix({ document, message, values }) {
    if (!message || !values) return undefined;
    const length = expectedContentLength(document.text, message);
    return { title: `Set Content-Length to ${length}`, safety: 'safe', edits: [contentLengthEdit(document.text, message, values, length)] };
  },
});
