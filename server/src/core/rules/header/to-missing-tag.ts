import { defineRule } from '../rule';
import { Plain } from '../../sip/values';

export const toMissingTag = defineRule({
  id: 'header/to-missing-tag',
  defaultSeverity: 'warning',
  summary: 'Response To without a tag',
  docs: {
    what: 'A response other than 100 whose To header has no `tag` parameter.',
    why:
      'The UAS adds its tag to the To of every response but 100 Trying; the To tag is the other half ' +
      'of the dialog id. Without it a 2xx or a 1xx sets up no dialog the caller can match (a second ' +
      'forked answer cannot be told apart), and a final response cannot be matched to the ACK.',
    example: '`SIP/2.0 200 OK` with `To: <sip:bob@example.com>`',
    references: ['RFC 3261 8.2.6.2', 'RFC 3261 12.1.1', 'RFC 3261 19.3'],
  },
  checkMessage({ message, values, report }) {
    const line = message.startLine;
    if (line.kind !== 'response' || line.status <= 100 || values.plainTo() === Plain.Tagged) return;
    const to = values.to();
    if (!to || to.errors.length) return;
    const params = to.value.params;
    for (let i = 0; i < params.length; i++) if (params[i].name === 'tag') return;
    report(to.header.range, `The To header of a ${line.status} response has no tag: the UAS adds one to every response but 100.`);
  },
});
