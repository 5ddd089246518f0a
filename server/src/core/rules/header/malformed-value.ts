import { defineRule } from '../rule';
import type { Range, ValueError } from '../../types';
import type { SipHeader } from '../../sip/model';
import type { Report } from '../rule';
import { isAsciiDigits } from '../../text';
import { Plain } from '../../sip/values';

/** The headers whose value is a decimal number: canonical name and display name. */
const numericHeaders: readonly (readonly [string, string])[] = [
  ['content-length', 'Content-Length'], ['max-forwards', 'Max-Forwards'], ['expires', 'Expires'], ['min-expires', 'Min-Expires'],
];

/**
 * Headers whose value starts with a decimal number, then parameters (or, in Retry-After, a
 * comment): RFC 3261 20.33, RFC 4028 4 and 5, RFC 3262 7.1.
 */
const leadingNumberHeaders: readonly (readonly [string, string])[] = [
  ['retry-after', 'Retry-After'], ['session-expires', 'Session-Expires'], ['min-se', 'Min-SE'], ['rseq', 'RSeq'],
];
const LEADING_NUMBER = /^\d+[ \t]*(?:[;(]|$)/;
/** `callid = word [ "@" word ]` (RFC 3261 25.1). */
const CALL_ID = /^[\w\-.!%*+`'~()<>:\\"/[\]?{}]+(?:@[\w\-.!%*+`'~()<>:\\"/[\]?{}]+)?$/;
/** `m-type SLASH m-subtype *(SEMI m-parameter)` (RFC 3261 20.15), tokens on both sides. */
const MEDIA_TYPE = /^[\w\-.!%*+`'~]+[ \t]*\/[ \t]*[\w\-.!%*+`'~]+[ \t]*(?:;|$)/;

export const malformedValue = defineRule({
  id: 'header/malformed-value',
  defaultSeverity: 'error',
  summary: 'Header value that does not follow its grammar',
  docs: {
    what: 'A Via, Contact, From, To or CSeq value that does not parse (unbalanced quotes or angle brackets, a malformed URI, a bad escape, a port out of range, an unbracketed IPv6 address), a Content-Length, Max-Forwards, Expires or Min-Expires that is not a plain decimal number, a Retry-After, Session-Expires, Min-SE or RSeq that does not start with one, a Call-ID that is empty or holds white space, or a Content-Type that is not `type/subtype`. Each broken value is reported once, at the place it breaks.',
    why: 'A receiver that cannot read these headers cannot route the message or match it to a transaction; it answers 400 Bad Request.',
    example: '`To: "Mr. J. User <sip:j.user@example.com>` (unterminated quote), `Content-Length: -999`',
    references: ['RFC 3261 20', 'RFC 3261 25.1', 'RFC 4028 4', 'RFC 3262 7.1', 'RFC 5118', 'RFC 4475 3.1.2'],
  },
  checkMessage({ values, report }) {
    // Offsets already reported: a value shared by two lists (a Via header read for its values
    // and as unreadable) speaks once. Few values break, so a short list beats a set; it is
    // made for the first error only, a clean message makes nothing.
    let seen: number[] | undefined;
    const vias = values.vias();
    for (let i = 0; i < vias.length; i++) if (vias[i].errors.length) seen = emit(report, seen, 'Via', vias[i].errors);
    const contacts = values.contacts();
    for (let i = 0; i < contacts.length; i++) if (contacts[i].errors.length) seen = emit(report, seen, 'Contact', contacts[i].errors);
    const unreadable = values.unreadableValues();
    for (let i = 0; i < unreadable.length; i++) seen = emit(report, seen, unreadable[i].header.name === 'via' ? 'Via' : 'Contact', unreadable[i].errors);
    // A plain value reads with no error.
    const from = values.plainFrom() === Plain.Unknown ? values.from() : undefined;
    if (from && from.errors.length) seen = emit(report, seen, 'From', from.errors);
    const to = values.plainTo() === Plain.Unknown ? values.to() : undefined;
    if (to && to.errors.length) seen = emit(report, seen, 'To', to.errors);
    const cseq = values.cseq();
    if (cseq && cseq.errors.length) emit(report, seen, 'CSeq', cseq.errors);
    const callId = values.header('call-id');
    if (callId !== undefined && !CALL_ID.test(values.text(callId))) {
      report(valueOrHeader(callId), 'Call-ID must be one word, or two joined by "@", with no white space (RFC 3261 25.1).');
    }
    const contentType = values.header('content-type');
    if (contentType !== undefined && !MEDIA_TYPE.test(values.text(contentType))) {
      report(valueOrHeader(contentType), `Content-Type must be a media type, type/subtype, not "${values.text(contentType)}".`);
    }
    for (let n = 0; n < leadingNumberHeaders.length; n++) {
      if (!values.has(leadingNumberHeaders[n][0])) continue;
      const headers = values.headers(leadingNumberHeaders[n][0]);
      for (let i = 0; i < headers.length; i++) {
        const text = values.text(headers[i]);
        if (!LEADING_NUMBER.test(text)) report(valueOrHeader(headers[i]), `${leadingNumberHeaders[n][1]} must start with a decimal number, not "${text}".`);
      }
    }
    for (let n = 0; n < numericHeaders.length; n++) {
      if (values.numbersAtMost(numericHeaders[n][0], Infinity)) continue;
      const headers = values.headers(numericHeaders[n][0]);
      for (let i = 0; i < headers.length; i++) {
        const header = headers[i];
        const text = values.text(header);
        if (!isAsciiDigits(text)) report(valueOrHeader(header), `${numericHeaders[n][1]} must be a decimal number, not "${text}".`);
      }
    }
  },
});

/** The range of a header's value, or of the whole header when the value is empty. */
function valueOrHeader(header: SipHeader): Range {
  return header.valueRange.end > header.valueRange.start ? header.valueRange : header.range;
}

/** Reports each of `errors` whose offset is not in `seen` yet; returns the offsets reported so far. */
function emit(report: Report, seen: number[] | undefined, name: string, errors: readonly ValueError[]): number[] {
  const reported = seen ?? [];
  for (let i = 0; i < errors.length; i++) {
    const error = errors[i];
    if (reported.includes(error.range.start)) continue;
    reported.push(error.range.start);
    report(error.range, `${name}: ${error.message}`);
  }
  return reported;
}
