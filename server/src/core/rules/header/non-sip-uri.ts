import { defineRule, type Report } from '../rule';
import type { SipUri } from '../../sip/uri';
import { Plain } from '../../sip/values';

const sipSchemes = new Set(['sip', 'sips', 'tel']);

export const nonSipUri = defineRule({
  id: 'header/non-sip-uri',
  defaultSeverity: 'warning',
  summary: 'To, From or Contact with a URI that is not sip, sips or tel',
  docs: {
    what: 'A To, From or Contact URI with another scheme (`http:`, `isbn:`, `mailto:`...).',
    why: 'Legal syntax (RFC 3261 accepts any absoluteURI), but a Contact that is not a SIP URI cannot be reached with SIP, and many elements reject such From and To values.',
    example: '`To: isbn:2983792873`, `Contact: <name:John_Smith>`',
    references: ['RFC 3261 8.1.1.8', 'RFC 3261 20.10', 'RFC 4475 3.3.5'],
  },
  checkMessage({ values, report }) {
    // A plain value has a sip or sips URI.
    const from = values.plainFrom() === Plain.Unknown ? values.from() : undefined;
    if (from && !from.errors.length) check(report, 'From', from.value.uri);
    const to = values.plainTo() === Plain.Unknown ? values.to() : undefined;
    if (to && !to.errors.length) check(report, 'To', to.value.uri);
    const contacts = values.contacts();
    for (let i = 0; i < contacts.length; i++) {
      const contact = contacts[i];
      if (contact.value && !contact.errors.length && !('star' in contact.value)) check(report, 'Contact', contact.value.uri);
    }
  },
});

/** Reports `uri` when it has a scheme other than sip, sips and tel; its range is built only then. */
function check(report: Report, name: string, uri: SipUri): void {
  const scheme = uri.scheme;
  if (scheme && !sipSchemes.has(scheme)) report(uri.range, `${name} URI scheme "${scheme}" is not sip, sips or tel.`);
}
