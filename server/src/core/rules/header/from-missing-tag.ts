import { defineRule } from '../rule';
import { Plain } from '../../sip/values';

export const fromMissingTag = defineRule({
  id: 'header/from-missing-tag',
  defaultSeverity: 'warning',
  summary: 'Request From without a tag',
  docs: {
    what: 'A request whose From header has no `tag` parameter.',
    why: 'The From tag is half of the dialog id; RFC 3261 requires it. RFC 2543 elements omit it, and dialogs with them cannot be told apart when they fork.',
    example: '`From: sip:caller@example.net`',
    references: ['RFC 3261 8.1.1.3', 'RFC 3261 19.3', 'RFC 4475 3.4.1'],
  },
  checkMessage({ message, values, report }) {
    if (message.startLine.kind !== 'request' || values.plainFrom() === Plain.Tagged) return;
    const from = values.from();
    if (!from || from.errors.length) return;
    const params = from.value.params;
    for (let i = 0; i < params.length; i++) if (params[i].name === 'tag') return;
    report(from.header.range, 'The From header has no tag.');
  },
});
