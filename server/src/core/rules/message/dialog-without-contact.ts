/**
 * `message/dialog-without-contact`: a message that sets up a dialog without the one SIP or SIPS
 * Contact URI the peer's requests in that dialog go to.
 */
import { defineRule, type MessageContext } from '../rule';

/** Requests that can set up a dialog (RFC 3261 8.1.1.8, RFC 6665 4.1.1 and 4.1.2.2, RFC 3515 2.4). */
const DIALOG_REQUESTS = new Set(['INVITE', 'SUBSCRIBE', 'REFER', 'NOTIFY']);
/** Requests whose 2xx sets up the dialog on the answering side (RFC 3261 12.1.1, RFC 6665 4.2.1.4, RFC 3515 2.4.2). */
const DIALOG_ANSWERED = new Set(['INVITE', 'SUBSCRIBE', 'REFER']);

export const dialogWithoutContact = defineRule({
  id: 'message/dialog-without-contact',
  // RFC 2543 made Contact optional, and its elements still send such messages (RFC 4475 3.4.2).
  defaultSeverity: 'warning',
  // A piece the capture lacks would look like a missing Contact.
  wholeMessage: true,
  summary: 'A request or response that sets up a dialog without exactly one SIP or SIPS Contact URI',
  docs: {
    what:
      'An INVITE, SUBSCRIBE, REFER or NOTIFY without a Contact, or with several Contact values, or ' +
      'with a Contact that is not a SIP or SIPS URI; and a 2xx to INVITE, SUBSCRIBE or REFER, or a ' +
      '101 to 199 with a To tag to INVITE, without a Contact.',
    why:
      'The Contact of the messages that set up a dialog becomes the remote target: every later ' +
      'request in the dialog (ACK, re-INVITE, BYE, NOTIFY) is sent there. Without it the peer has ' +
      'nowhere to send them; strict stacks answer 400, others set up a dialog that cannot be torn ' +
      'down. A warning, not an error: RFC 2543, which RFC 3261 replaced, made Contact optional, and ' +
      'its elements still send such messages.',
    example: 'An INVITE with no Contact header.',
    references: ['RFC 3261 8.1.1.8', 'RFC 3261 12.1.1', 'RFC 3261 13.3.1.4', 'RFC 6665 4.1.1', 'RFC 3515 2.4'],
  },
  checkMessage(ctx) {
    const line = ctx.message.startLine;
    if (line.kind === 'request') {
      if (DIALOG_REQUESTS.has(line.method)) checkRequest(ctx, line.method);
      return;
    }
    const status = line.status;
    if (status < 101 || status > 299 || ctx.values.has('contact')) return;
    const method = ctx.values.cseq()?.value.method;
    if (method === undefined) return;
    const sets = status >= 200 ? DIALOG_ANSWERED.has(method) : method === 'INVITE' && hasToTag(ctx);
    if (sets) report(ctx, `A ${status} to ${method} sets up a dialog and must carry a Contact: the peer sends its requests in the dialog there.`);
  },
});

function checkRequest(ctx: MessageContext, method: string): void {
  if (!ctx.values.has('contact')) {
    report(ctx, `${article(method)} ${method} must carry a Contact: the peer sends its requests in the dialog there.`);
    return;
  }
  const contacts = ctx.values.contacts();
  // A value that could not be read is header/malformed-value's.
  for (let i = 0; i < contacts.length; i++) if (contacts[i].errors.length > 0) return;
  if (contacts.length > 1) {
    ctx.report(contacts[1].value.range, `${article(method)} ${method} must carry exactly one Contact URI; this is a second one.`);
    return;
  }
  const value = contacts[0]?.value;
  if (value === undefined) return;
  if ('star' in value) {
    ctx.report(value.range, `${article(method)} ${method} must carry a SIP or SIPS Contact URI, not '*'.`);
  } else if (value.uri.scheme !== 'sip' && value.uri.scheme !== 'sips') {
    ctx.report(value.uri.range, `${article(method)} ${method} must carry a SIP or SIPS Contact URI, not ${value.uri.scheme || 'this'}: the peer sends its requests in the dialog there.`);
  }
}

/** True when the To of the message has a tag. */
function hasToTag(ctx: MessageContext): boolean {
  const to = ctx.values.to();
  if (to === undefined) return false;
  const params = to.value.params;
  for (let i = 0; i < params.length; i++) if (params[i].name === 'tag') return true;
  return false;
}

function report(ctx: MessageContext, message: string): void {
  ctx.report(ctx.message.startLine.range, message);
}

/** `An` before INVITE, `A` before SUBSCRIBE. */
function article(method: string): string {
  return /^[AEIOU]/.test(method) ? 'An' : 'A';
}
