import { defineRule } from '../rule';

export const cseqMethodMismatch = defineRule({
  id: 'message/cseq-method-mismatch',
  defaultSeverity: 'error',
  summary: 'CSeq method differs from the request method',
  docs: {
    what: 'A request whose CSeq method is not its own method.',
    why: 'The CSeq method matches responses and retransmissions to transactions; a mismatch makes the request unanswerable and it is rejected with 400.',
    example: '`OPTIONS sip:user@example.com SIP/2.0` with `CSeq: 8 INVITE`',
    fix: 'Writes the request method into CSeq. Unsafe only in that the request line itself may be the mistake.',
    references: ['RFC 3261 8.1.1.5', 'RFC 3261 20.16', 'RFC 4475 3.1.2.17'],
  },
  fixable: 'offline',
  checkMessage({ message, values, report }) {
    if (message.startLine.kind !== 'request') return;
    const cseq = values.cseq();
    if (!cseq || !cseq.value.method) return;
    const method = message.startLine.method;
    if (cseq.value.method !== method) {
      report(cseq.value.methodRange, `CSeq method ${cseq.value.method} differs from the request method ${method}.`, { method });
    }
  },
  fix({ finding }) {
    const method = finding.data?.method;
    if (typeof method !== 'string') return undefined;
    return { title: `Write ${method} into CSeq`, safety: 'safe', edits: [{ range: finding.range, newText: method }] };
  },
});
