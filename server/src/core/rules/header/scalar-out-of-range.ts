import { defineRule } from '../rule';
import { isAsciiDigits } from '../../text';
import type { Param } from '../../sip/uri';

const maxCSeq = 2 ** 31 - 1;
const maxExpires = 2 ** 32 - 1;

export const scalarOutOfRange = defineRule({
  id: 'header/scalar-out-of-range',
  defaultSeverity: 'error',
  summary: 'CSeq, Max-Forwards or Expires value out of range',
  docs: {
    what: 'A CSeq number of 2^31 or more, a Max-Forwards above 255, an Expires header or Contact `expires` parameter above 2^32-1.',
    why: 'Implementations store these in fixed-size integers; an overflowing value wraps around or is rejected with 400.',
    example: '`CSeq: 36893488147419103232 REGISTER`, `Max-Forwards: 300`',
    references: ['RFC 3261 8.1.1.5', 'RFC 3261 20.22', 'RFC 3261 20.19', 'RFC 4475 3.1.2.4'],
  },
  checkMessage({ values, report }) {
    const cseq = values.cseq();
    if (cseq && Number.isFinite(cseq.value.number) && cseq.value.number > maxCSeq) {
      report(cseq.value.numberRange, 'CSeq number must be less than 2^31.');
    }
    // The headers are read only when one of them may be out of range.
    if (!values.numbersAtMost('max-forwards', 255)) {
      for (const header of values.headers('max-forwards')) {
        const text = values.text(header);
        if (isAsciiDigits(text) && Number(text) > 255) report(header.valueRange, `Max-Forwards ${text} is above 255.`);
      }
    }
    if (!values.numbersAtMost('expires', maxExpires)) {
      for (const header of values.headers('expires')) {
        const text = values.text(header);
        if (isAsciiDigits(text) && Number(text) > maxExpires) report(header.valueRange, 'Expires is above 2^32-1.');
      }
    }
    const contacts = values.contacts();
    for (let i = 0; i < contacts.length; i++) {
      const contact = contacts[i];
      if (!contact.value || 'star' in contact.value) continue;
      const params = contact.value.params;
      let expires: Param | undefined;
      for (let k = 0; k < params.length && expires === undefined; k++) if (params[k].name === 'expires') expires = params[k];
      if (expires?.value && expires.valueRange && isAsciiDigits(expires.value) && Number(expires.value) > maxExpires) {
        report(expires.valueRange, 'Contact expires is above 2^32-1.');
      }
    }
  },
});
