import { defineRule } from '../rule';

/** Status codes that must carry a header, with the RFC section that says so. */
const required: Record<number, { header: string; display: string; section: string }> = {
  401: { header: 'www-authenticate', display: 'WWW-Authenticate', section: 'RFC 3261 21.4.2' },
  405: { header: 'allow', display: 'Allow', section: 'RFC 3261 21.4.6' },
  407: { header: 'proxy-authenticate', display: 'Proxy-Authenticate', section: 'RFC 3261 21.4.8' },
  420: { header: 'unsupported', display: 'Unsupported', section: 'RFC 3261 21.4.15' },
  421: { header: 'require', display: 'Require', section: 'RFC 3261 21.4.16' },
  423: { header: 'min-expires', display: 'Min-Expires', section: 'RFC 3261 21.4.17' },
};

export const responseMissingRequiredHeader = defineRule({
  id: 'message/response-missing-required-header',
  defaultSeverity: 'error',
  wholeMessage: true,
  summary: 'A response lacks the header its status code requires',
  docs: {
    what: '401 without WWW-Authenticate, 405 without Allow, 407 without Proxy-Authenticate, 420 without Unsupported, 421 without Require, 423 without Min-Expires.',
    why: 'The client needs that header to retry: without a challenge it cannot authenticate, without Min-Expires it cannot re-register.',
    example: '`SIP/2.0 401 Unauthorized` with no WWW-Authenticate.',
    references: ['RFC 3261 21.4.2', 'RFC 3261 21.4.6', 'RFC 3261 21.4.8', 'RFC 3261 21.4.15', 'RFC 3261 21.4.16', 'RFC 3261 21.4.17'],
  },
  checkMessage({ message, values, report }) {
    const line = message.startLine;
    if (line.kind !== 'response') return;
    const need = required[line.status];
    if (need && !values.has(need.header)) report(line.statusRange, `A ${line.status} response must carry ${need.display} (${need.section}).`, { header: need.display });
  },
});
