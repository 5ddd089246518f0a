import { defineRule } from '../rule';
import type { ValueError } from '../../types';
import { isAsciiDigits } from '../../text';

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
    const seen = new Set<number>();
    const emit = (name: string, errors: readonly ValueError[]) => {
      for (const error of errors) {
        if (seen.has(error.range.start)) continue;
        seen.add(error.range.start);
        report(error.range, `${name}: ${error.message}`);
      }
    };
    for (const via of values.vias()) emit('Via', via.errors);
    for (const contact of values.contacts()) emit('Contact', contact.errors);
    for (const { header, errors } of values.unreadableValues()) emit(header.name === 'via' ? 'Via' : 'Contact', errors);
    const from = values.from();
    if (from) emit('From', from.errors);
    const to = values.to();
    if (to) emit('To', to.errors);
    const cseq = values.cseq();
    if (cseq) emit('CSeq', cseq.errors);
    for (const [name, display] of numericHeaders) {
      for (const header of values.headers(name)) {
        const text = values.text(header);
        if (!isAsciiDigits(text)) report(header.valueRange.end > header.valueRange.start ? header.valueRange : header.range, `${display} must be a decimal number, not "${text}".`);
      }
    }
  },
});
