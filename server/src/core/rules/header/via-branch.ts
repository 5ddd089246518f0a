import { defineRule } from '../rule';

export const viaBranch = defineRule({
  id: 'header/via-branch',
  defaultSeverity: 'warning',
  summary: 'Top Via of a request without an RFC 3261 branch',
  docs: {
    what: 'The top Via of a request with no `branch` parameter, with a branch that does not start with the magic cookie `z9hG4bK`, or with the cookie alone.',
    why: 'Transactions are matched on the branch. Without the cookie, elements fall back to RFC 2543 matching, which breaks with forking and retransmissions through NAT; a bare cookie is not unique.',
    example: '`Via: SIP/2.0/UDP 192.0.2.1:5060` (no branch), `;branch=z9hG4bK` (cookie only)',
    references: ['RFC 3261 8.1.1.7', 'RFC 3261 17.2.3', 'RFC 4475 3.2.1'],
  },
  checkMessage({ message, values, report }) {
    if (message.startLine.kind !== 'request') return;
    const top = values.vias()[0];
    if (!top?.value) return;
    const branch = top.value.branch;
    if (!branch) {
      report(top.value.range, 'The top Via has no branch parameter (RFC 2543 style): transaction matching falls back to older rules.');
    } else if (!branch.value || !branch.value.startsWith('z9hG4bK')) {
      report(branch.range, 'The branch does not start with the magic cookie z9hG4bK.');
    } else if (branch.value === 'z9hG4bK') {
      report(branch.range, 'The branch is the magic cookie alone: it must be followed by a unique value.');
    }
  },
});
