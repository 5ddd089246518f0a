import { defineRule } from '../rule';

export const dateNotGmt = defineRule({
  id: 'header/date-not-gmt',
  defaultSeverity: 'warning',
  summary: 'Date header not in GMT',
  docs: {
    what: 'A Date header whose time zone is not `GMT` (RFC 1123 form, as RFC 3261 requires).',
    why: 'Elements that use Date (for example to set a clock or judge an Expires) may reject it or read the wrong time.',
    example: '`Date: Fri, 01 Jan 2010 16:00:00 EST`',
    references: ['RFC 3261 20.17', 'RFC 4475 3.1.2.11'],
  },
  checkMessage({ values, report }) {
    const headers = values.headers('date');
    for (let i = 0; i < headers.length; i++) {
      const header = headers[i];
      const text = values.text(header);
      if (!text.endsWith(' GMT')) report(header.valueRange, 'The Date must be written in GMT (RFC 1123 form: "Sat, 13 Nov 2010 23:29:00 GMT").');
    }
  },
});
