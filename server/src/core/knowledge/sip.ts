/**
 * What the editor tells about SIP: methods, header fields and status codes, with the RFC
 * that defines each. Pure data for completion and hover.
 */

export interface MethodInfo {
  readonly name: string;
  readonly description: string;
  readonly rfc: string;
}

export const methods: readonly MethodInfo[] = [
  { name: 'INVITE', description: 'Starts a session (a call), usually with an SDP offer.', rfc: 'RFC 3261 13' },
  { name: 'ACK', description: 'Confirms the final response to an INVITE.', rfc: 'RFC 3261 17.1.1.3' },
  { name: 'BYE', description: 'Ends a session.', rfc: 'RFC 3261 15' },
  { name: 'CANCEL', description: 'Cancels a pending INVITE.', rfc: 'RFC 3261 9' },
  { name: 'REGISTER', description: 'Binds an address-of-record to Contact addresses at a registrar.', rfc: 'RFC 3261 10' },
  { name: 'OPTIONS', description: 'Asks for capabilities; widely used as a keep-alive.', rfc: 'RFC 3261 11' },
  { name: 'PRACK', description: 'Acknowledges a reliable provisional response.', rfc: 'RFC 3262' },
  { name: 'SUBSCRIBE', description: 'Subscribes to an event package.', rfc: 'RFC 6665' },
  { name: 'NOTIFY', description: 'Reports the state of a subscription.', rfc: 'RFC 6665' },
  { name: 'PUBLISH', description: 'Publishes event state to a compositor.', rfc: 'RFC 3903' },
  { name: 'INFO', description: 'Carries application information inside a dialog.', rfc: 'RFC 6086' },
  { name: 'REFER', description: 'Asks the recipient to send a request (call transfer).', rfc: 'RFC 3515' },
  { name: 'MESSAGE', description: 'Carries an instant message.', rfc: 'RFC 3428' },
  { name: 'UPDATE', description: 'Changes session parameters before the INVITE completes.', rfc: 'RFC 3311' },
];

export interface HeaderInfo {
  /** Canonical spelling. */
  readonly name: string;
  readonly compact?: string;
  readonly description: string;
  readonly rfc: string;
  /** Parameters commonly written in this header's values. */
  readonly params?: readonly string[];
}

export const headers: readonly HeaderInfo[] = [
  { name: 'Via', compact: 'v', description: 'The path the request took; responses travel back along it. The top Via\'s sent-by is where responses go, so a private address there needs `rport` (RFC 3581).', rfc: 'RFC 3261 20.42', params: ['branch', 'received', 'rport', 'maddr', 'ttl', 'alias'] },
  { name: 'From', compact: 'f', description: 'The initiator of the request; its tag is half of the dialog id.', rfc: 'RFC 3261 20.20', params: ['tag'] },
  { name: 'To', compact: 't', description: 'The logical recipient; the UAS adds a tag to form the dialog.', rfc: 'RFC 3261 20.39', params: ['tag'] },
  { name: 'Call-ID', compact: 'i', description: 'Identifies the call or registration; constant for a dialog.', rfc: 'RFC 3261 20.8' },
  { name: 'CSeq', description: 'Sequence number and method; matches responses and orders requests.', rfc: 'RFC 3261 20.16' },
  { name: 'Contact', compact: 'm', description: 'Where the sender can be reached directly for later requests. A private address here is unreachable from the Internet: write the public mapping (STUN) instead.', rfc: 'RFC 3261 20.10', params: ['expires', 'q', '+sip.instance', 'reg-id', 'transport', 'ob'] },
  { name: 'Max-Forwards', description: 'Hops left before the request is dropped (0–255; 70 is usual).', rfc: 'RFC 3261 20.22' },
  { name: 'Content-Length', compact: 'l', description: 'Octets in the body; required over TCP and TLS.', rfc: 'RFC 3261 20.14' },
  { name: 'Content-Type', compact: 'c', description: 'Media type of the body (application/sdp for an offer or answer).', rfc: 'RFC 3261 20.15' },
  { name: 'Route', description: 'Forces the request through the listed proxies (loose routing with `lr`).', rfc: 'RFC 3261 20.34', params: ['lr'] },
  { name: 'Record-Route', description: 'Inserted by proxies that want to stay on the dialog path.', rfc: 'RFC 3261 20.30', params: ['lr'] },
  { name: 'Expires', description: 'How long, in seconds, a registration or subscription lasts.', rfc: 'RFC 3261 20.19' },
  { name: 'Min-Expires', description: 'The shortest registration interval the registrar accepts (in 423).', rfc: 'RFC 3261 20.23' },
  { name: 'Allow', description: 'Methods the sender supports (required in 405).', rfc: 'RFC 3261 20.5' },
  { name: 'Supported', compact: 'k', description: 'Option tags of extensions the sender supports.', rfc: 'RFC 3261 20.37' },
  { name: 'Require', description: 'Option tags the receiver must support.', rfc: 'RFC 3261 20.32' },
  { name: 'Proxy-Require', description: 'Option tags proxies must support.', rfc: 'RFC 3261 20.29' },
  { name: 'Unsupported', description: 'Option tags the server does not support (in 420).', rfc: 'RFC 3261 20.40' },
  { name: 'User-Agent', description: 'The client software.', rfc: 'RFC 3261 20.41' },
  { name: 'Server', description: 'The server software.', rfc: 'RFC 3261 20.35' },
  { name: 'Subject', compact: 's', description: 'A summary of the call.', rfc: 'RFC 3261 20.36' },
  { name: 'Accept', description: 'Body media types the sender accepts.', rfc: 'RFC 3261 20.1' },
  { name: 'Authorization', description: 'Credentials answering a 401 challenge.', rfc: 'RFC 3261 20.7' },
  { name: 'Proxy-Authorization', description: 'Credentials answering a 407 challenge.', rfc: 'RFC 3261 20.28' },
  { name: 'WWW-Authenticate', description: 'A digest challenge from a UAS or registrar (in 401).', rfc: 'RFC 3261 20.44' },
  { name: 'Proxy-Authenticate', description: 'A digest challenge from a proxy (in 407).', rfc: 'RFC 3261 20.27' },
  { name: 'Event', compact: 'o', description: 'The event package of a SUBSCRIBE or NOTIFY.', rfc: 'RFC 6665 8.2.1' },
  { name: 'Allow-Events', compact: 'u', description: 'Event packages the sender supports.', rfc: 'RFC 6665 8.2.2' },
  { name: 'Subscription-State', description: 'The state of a subscription in a NOTIFY.', rfc: 'RFC 6665 8.2.3' },
  { name: 'Refer-To', compact: 'r', description: 'The URI the recipient of a REFER should contact.', rfc: 'RFC 3515 2.1' },
  { name: 'Referred-By', compact: 'b', description: 'Who asked for the referral.', rfc: 'RFC 3892' },
  { name: 'Session-Expires', compact: 'x', description: 'Session timer interval.', rfc: 'RFC 4028 4', params: ['refresher'] },
  { name: 'Min-SE', description: 'Smallest acceptable session interval.', rfc: 'RFC 4028 5' },
  { name: 'RSeq', description: 'Sequence number of a reliable provisional response.', rfc: 'RFC 3262 7.1' },
  { name: 'RAck', description: 'Acknowledges a reliable provisional response in PRACK.', rfc: 'RFC 3262 7.2' },
  { name: 'Path', description: 'Proxies on the path to a registering UA (outbound, NAT keep-alive).', rfc: 'RFC 3327' },
  { name: 'P-Asserted-Identity', description: 'The identity a trusted network asserts for the caller.', rfc: 'RFC 3325' },
  { name: 'Reason', description: 'Why a request or session ended.', rfc: 'RFC 3326' },
  { name: 'Date', description: 'When the message was sent, in GMT.', rfc: 'RFC 3261 20.17' },
  { name: 'Timestamp', description: 'Time the request was sent, for round-trip estimates.', rfc: 'RFC 3261 20.38' },
  { name: 'Organization', description: 'The organisation of the sender.', rfc: 'RFC 3261 20.25' },
  { name: 'Retry-After', description: 'When to try again (in 503, 404, 413, 480, 486, 600, 603).', rfc: 'RFC 3261 20.33' },
  { name: 'Warning', description: 'Extra information about a response, as a three-digit code.', rfc: 'RFC 3261 20.43' },
  { name: 'Content-Disposition', description: 'How to interpret the body (session, render, early-session).', rfc: 'RFC 3261 20.11' },
  { name: 'Content-Encoding', compact: 'e', description: 'Encoding applied to the body.', rfc: 'RFC 3261 20.12' },
  { name: 'MIME-Version', description: 'MIME version of the body.', rfc: 'RFC 3261 20.24' },
  { name: 'Accept-Contact', compact: 'a', description: 'Caller preferences: contacts to prefer.', rfc: 'RFC 3841' },
  { name: 'Reject-Contact', compact: 'j', description: 'Caller preferences: contacts to avoid.', rfc: 'RFC 3841' },
  { name: 'Request-Disposition', compact: 'd', description: 'Caller preferences: proxy or redirect, fork or not.', rfc: 'RFC 3841' },
  { name: 'Identity', compact: 'y', description: 'A signed assertion of the caller\'s identity (STIR).', rfc: 'RFC 8224' },
];

const headerByLowerName = new Map<string, HeaderInfo>();
for (const h of headers) {
  headerByLowerName.set(h.name.toLowerCase(), h);
  if (h.compact) headerByLowerName.set(h.compact, h);
}

/** What the editor knows about a header, by its canonical or compact name (any case). */
export function headerInfo(name: string): HeaderInfo | undefined {
  return headerByLowerName.get(name.toLowerCase());
}

export interface StatusInfo {
  readonly code: number;
  readonly reason: string;
  readonly rfc: string;
}

export const statusCodes: readonly StatusInfo[] = [
  [100, 'Trying', 'RFC 3261 21.1.1'], [180, 'Ringing', 'RFC 3261 21.1.2'], [181, 'Call Is Being Forwarded', 'RFC 3261 21.1.3'],
  [182, 'Queued', 'RFC 3261 21.1.4'], [183, 'Session Progress', 'RFC 3261 21.1.5'], [199, 'Early Dialog Terminated', 'RFC 6228'],
  [200, 'OK', 'RFC 3261 21.2.1'], [202, 'Accepted', 'RFC 6665'], [204, 'No Notification', 'RFC 5839'],
  [300, 'Multiple Choices', 'RFC 3261 21.3.1'], [301, 'Moved Permanently', 'RFC 3261 21.3.2'], [302, 'Moved Temporarily', 'RFC 3261 21.3.3'],
  [305, 'Use Proxy', 'RFC 3261 21.3.4'], [380, 'Alternative Service', 'RFC 3261 21.3.5'],
  [400, 'Bad Request', 'RFC 3261 21.4.1'], [401, 'Unauthorized', 'RFC 3261 21.4.2'], [402, 'Payment Required', 'RFC 3261 21.4.3'],
  [403, 'Forbidden', 'RFC 3261 21.4.4'], [404, 'Not Found', 'RFC 3261 21.4.5'], [405, 'Method Not Allowed', 'RFC 3261 21.4.6'],
  [406, 'Not Acceptable', 'RFC 3261 21.4.7'], [407, 'Proxy Authentication Required', 'RFC 3261 21.4.8'], [408, 'Request Timeout', 'RFC 3261 21.4.9'],
  [410, 'Gone', 'RFC 3261 21.4.10'], [412, 'Conditional Request Failed', 'RFC 3903'], [413, 'Request Entity Too Large', 'RFC 3261 21.4.11'],
  [414, 'Request-URI Too Long', 'RFC 3261 21.4.12'], [415, 'Unsupported Media Type', 'RFC 3261 21.4.13'], [416, 'Unsupported URI Scheme', 'RFC 3261 21.4.14'],
  [420, 'Bad Extension', 'RFC 3261 21.4.15'], [421, 'Extension Required', 'RFC 3261 21.4.16'], [422, 'Session Interval Too Small', 'RFC 4028'],
  [423, 'Interval Too Brief', 'RFC 3261 21.4.17'], [428, 'Use Identity Header', 'RFC 8224'], [429, 'Provide Referrer Identity', 'RFC 3892'],
  [430, 'Flow Failed', 'RFC 5626'], [433, 'Anonymity Disallowed', 'RFC 5079'], [439, 'First Hop Lacks Outbound Support', 'RFC 5626'],
  [480, 'Temporarily Unavailable', 'RFC 3261 21.4.18'], [481, 'Call/Transaction Does Not Exist', 'RFC 3261 21.4.19'],
  [482, 'Loop Detected', 'RFC 3261 21.4.20'], [483, 'Too Many Hops', 'RFC 3261 21.4.21'], [484, 'Address Incomplete', 'RFC 3261 21.4.22'],
  [485, 'Ambiguous', 'RFC 3261 21.4.23'], [486, 'Busy Here', 'RFC 3261 21.4.24'], [487, 'Request Terminated', 'RFC 3261 21.4.25'],
  [488, 'Not Acceptable Here', 'RFC 3261 21.4.26'], [489, 'Bad Event', 'RFC 6665'], [491, 'Request Pending', 'RFC 3261 21.4.27'],
  [493, 'Undecipherable', 'RFC 3261 21.4.28'], [494, 'Security Agreement Required', 'RFC 3329'],
  [500, 'Server Internal Error', 'RFC 3261 21.5.1'], [501, 'Not Implemented', 'RFC 3261 21.5.2'], [502, 'Bad Gateway', 'RFC 3261 21.5.3'],
  [503, 'Service Unavailable', 'RFC 3261 21.5.4'], [504, 'Server Time-out', 'RFC 3261 21.5.5'], [505, 'Version Not Supported', 'RFC 3261 21.5.6'],
  [513, 'Message Too Large', 'RFC 3261 21.5.7'], [580, 'Precondition Failure', 'RFC 3312'],
  [600, 'Busy Everywhere', 'RFC 3261 21.6.1'], [603, 'Decline', 'RFC 3261 21.6.2'], [604, 'Does Not Exist Anywhere', 'RFC 3261 21.6.3'],
  [606, 'Not Acceptable', 'RFC 3261 21.6.4'], [607, 'Unwanted', 'RFC 8197'], [608, 'Rejected', 'RFC 8688'],
].map(([code, reason, rfc]) => ({ code: code as number, reason: reason as string, rfc: rfc as string }));

const statusByCode = new Map(statusCodes.map((s) => [s.code, s]));

export function statusInfo(code: number): StatusInfo | undefined {
  return statusByCode.get(code);
}

/** URI parameters for completion after `;` inside a SIP URI. */
export const uriParams: readonly string[] = ['transport', 'lr', 'user', 'maddr', 'ttl', 'method', 'ob', 'gr'];
