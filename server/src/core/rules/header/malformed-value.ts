import { defineRule } from '../rule';
import type { ValueError } from '../../types';
import type { Report } from '../rule';
import { isAsciiDigits } from '../../text';
import { Plain } from '../../sip/values';

/** The headers whose value is a decimal number: canonical name and display name. */
const numericHeaders: readonly (readonly [string, string])[] = [
  ['content-length', 'Content-Length'], ['max-forwards', 'Max-Forwards'], ['expires', 'Expires'], ['min-expires', 'Min-Expires'],
];

export const malformedValue = defineRule({
  id: 'header/malformed-value',
  defaultSeverity: 'error',
  summary: 'Header value that does not follow its grammar',
  docs: {
    what: 'A Via, Contact, From, To or CSeq value that does not parse (unbalanced quotes or angle brackets, a malformed URI, a bad escape, a port out of range, an unbracketed IPv6 address), or a Content-Length, Max-Forwards, Expires or Min-Expires that is not a plain decimal number. Each broken value is reported once, at the place it breaks.',
    why: 'A receiver that cannot read these headers cannot route the message or match it to a transaction; it answers 400 Bad Request.',
    example: '`To: "Mr. J. User <sip:j.user@example.com>` (unterminated quote), `Content-Length: -999`',
    references: ['RFC 3261 20', 'RFC 3261 25.1', 'RFC 5118', 'RFC 4475 3.1.2'],
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
    for (let n = 0; n < numericHeaders.length; n++) {
      if (values.numbersAtMost(numericHeaders[n][0], Infinity)) continue;
      const headers = values.headers(numericHeaders[n][0]);
      for (let i = 0; i < headers.length; i++) {
        const header = headers[i];
        const text = values.text(header);
        if (!isAsciiDigits(text)) report(header.valueRange.end > header.valueRange.start ? header.valueRange : header.range, `${numericHeaders[n][1]} must be a decimal number, not "${text}".`);
      }
    }
  },
});

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
