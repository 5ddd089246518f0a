/**
 * Address substitution: the edits that make one message announce a public mapping instead of
 * the private address its sender wrote. Every place that names the sender's own address is
 * rewritten together, so that the message stays consistent: the Contact URI, the top Via
 * sent-by (of a request), the SDP c= and o= lines and the a=rtcp address. Media ports change
 * only when the caller maps them. Content-Length is recounted when the body changed.
 *
 * The edits touch nothing else: a Contact with another host, lower Via headers (written by
 * other hops), ICE candidates (ICE wants the private host candidates) and Record-Route stay
 * as they are.
 */
import type { Range, TextEdit } from '../types';
import type { SipMessage } from '../sip/model';
import type { HostPort } from '../sip/uri';
import type { NameAddr } from '../sip/values';
import type { MessageValues } from '../rules/rule';
import type { SdpSession } from '../sdp/model';
import { parseRtcpAttribute } from '../sdp/attributes';
import { utf8Length } from '../text';
import { bodyOctets, expectedContentLength } from '../sip/parse';
import { isDissected } from '../sip/trace';
import { sameAddress } from '../net/address';

/** An address with an optional port. A missing port means "whatever port is written". */
export interface AddressPort {
  readonly address: string;
  readonly port?: number | undefined;
}

export interface SubstituteOptions {
  /**
   * Media ports to rewrite, old → new, in m= lines and a=rtcp ports. Media ports are left
   * alone unless they are listed here: a signaling mapping says nothing about RTP ports.
   */
  readonly mediaPorts?: { readonly [port: number]: number };
}

/**
 * Rewrites, within `message`, every place where `from` appears as the sender's own address
 * into `to`, and recounts Content-Length. Returns edits in document order that never overlap;
 * an empty list when nothing names `from`.
 *
 * Ports: a host:port whose host matches gets `to.port` when `from.port` is undefined, when the
 * port written equals `from.port`, or when no port is written; otherwise its port is kept.
 * A `to` without a port keeps every port.
 *
 * Content-Length counts the body as written, in UTF-8 octets, line breaks included as they
 * appear in the document: a message written with bare LF line ends keeps that convention,
 * the same one the `Content-Length` check uses for such messages.
 */
export function substituteMapping(
  text: string,
  message: SipMessage,
  values: MessageValues,
  from: AddressPort,
  to: AddressPort,
  options: SubstituteOptions = {},
): TextEdit[] {
  const edits: TextEdit[] = [];
  const push = (range: Range, newText: string): void => {
    if (text.slice(range.start, range.end) !== newText) edits.push({ range, newText });
  };

  // Contact: the sender's own URI. Responses to REGISTER list bindings, not the sender; a binding
  // a REGISTER removes must stay as it was registered, or the registrar matches nothing.
  for (const contact of values.contacts()) {
    const value = contact.value;
    if ('star' in value || removesBinding(message, values, value)) continue;
    const host = value.uri.host;
    if (host !== undefined && host.hostKind !== 'domain' && sameAddress(host.host, from.address)) {
      push(host.range, hostPortText(text, host, from, to));
    }
  }

  // The top Via of a request is the sender's; a response's Vias belong to the request path.
  if (message.startLine.kind === 'request') {
    const top = values.vias()[0]?.value;
    if (top !== undefined && top.sentBy.hostKind !== 'domain' && sameAddress(top.sentBy.host, from.address)) {
      const sentBy = hostPortText(text, top.sentBy, from, to);
      // A sent-by that now names a NAT mapping needs rport, so that responses use the mapping.
      if (sentBy !== text.slice(top.sentBy.range.start, top.sentBy.range.end)) {
        push(top.sentBy.range, sentBy);
        if (top.rport === undefined) push({ start: top.range.end, end: top.range.end }, ';rport');
      }
    }
  }

  for (const sdp of values.sdp()) substituteSdp(text, sdp.value, from, to, options, push);

  edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const length = contentLengthEdit(text, message, values, edits);
  if (length !== undefined && text.slice(length.range.start, length.range.end) !== length.newText) {
    edits.push(length);
    edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  }
  return dropOverlaps(edits);
}

/** The new `host[:port]` text of a matching host, IPv6 in brackets as SIP requires. */
function hostPortText(text: string, hostPort: HostPort, from: AddressPort, to: AddressPort): string {
  const host = to.address.indexOf(':') >= 0 ? `[${to.address}]` : to.address;
  const portMatches = from.port === undefined || hostPort.port === undefined || hostPort.port === from.port;
  if (to.port !== undefined && portMatches) return `${host}:${to.port}`;
  if (hostPort.portRange !== undefined) return `${host}:${text.slice(hostPort.portRange.start, hostPort.portRange.end)}`;
  return host;
}

type Push = (range: Range, newText: string) => void;

/** Rewrites the addresses of one SDP session: o=, every c=, and every a=rtcp address. */
function substituteSdp(text: string, sdp: SdpSession, from: AddressPort, to: AddressPort, options: SubstituteOptions, push: Push): void {
  const addrType = to.address.indexOf(':') >= 0 ? 'IP6' : 'IP4';
  const address = (range: Range, written: string, typeWritten: string | undefined): void => {
    if (!sameAddress(written, from.address)) return;
    push(range, to.address);
    // The address type follows the address family: `IN IP4 10.0.0.1` becomes `IN IP6 2001:db8::1`.
    if (typeWritten !== undefined && typeWritten !== addrType) {
      const typeRange = previousField(text, range.start);
      if (typeRange !== undefined && text.slice(typeRange.start, typeRange.end) === typeWritten) push(typeRange, addrType);
    }
  };

  if (sdp.origin !== undefined) address(sdp.origin.addressRange, sdp.origin.address, sdp.origin.addrType);
  if (sdp.connection !== undefined) address(sdp.connection.addressRange, sdp.connection.address, sdp.connection.addrType);
  const ports = options.mediaPorts;
  const attributes = [sdp.attributes, ...sdp.media.map((m) => m.attributes)];
  for (const media of sdp.media) {
    for (const c of media.connections) address(c.addressRange, c.address, c.addrType);
    const mapped = ports?.[media.port];
    if (mapped !== undefined) push(media.portRange, String(mapped));
  }
  for (const list of attributes) {
    for (const attribute of list) {
      const rtcp = parseRtcpAttribute(attribute);
      if (rtcp === undefined) continue;
      const mapped = ports?.[rtcp.port];
      if (mapped !== undefined) push(rtcp.portRange, String(mapped));
      if (rtcp.address !== undefined && rtcp.addressRange !== undefined) address(rtcp.addressRange, rtcp.address, rtcp.addrType);
    }
  }
}

/** The field just before `pos` on the same line (the address type before an address). */
function previousField(text: string, pos: number): Range | undefined {
  let end = pos;
  while (end > 0 && (text.charCodeAt(end - 1) === 0x20 || text.charCodeAt(end - 1) === 0x09)) end--;
  if (end === pos) return undefined;
  let start = end;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3d /* = */ || c === 0x3a /* : */) break;
    start--;
  }
  return start < end ? { start, end } : undefined;
}

/**
 * The Content-Length edit once the body edits are known: the new value replaces the old one
 * (when it differs), or a Content-Length header is added before the empty line when the
 * message has a body but no such header. Undefined when no edit touches the body.
 * A count that matches the body (as written, or with each bare LF as the CRLF it was sent as:
 * a terminal paste, a FreeSWITCH or tcpdump log) moves by the size of the edits; another is
 * recounted as the Content-Length rule's fix counts. A Wireshark dissection shows the body as
 * items, sofia-sip's older log after an indentation: there the declared count moves by the
 * size of the edits.
 */
export function contentLengthEdit(text: string, message: SipMessage, values: MessageValues, edits: readonly TextEdit[]): TextEdit | undefined {
  const body = message.body;
  if (body === undefined) return undefined;
  let delta = 0;
  let touched = false;
  for (const edit of edits) {
    if (edit.range.start < body.start || edit.range.end > body.end) continue;
    touched = true;
    delta += utf8Length(edit.newText) - utf8Length(text, edit.range.start, edit.range.end);
  }
  if (!touched) return undefined;
  const header = values.header('content-length');
  const declared = values.contentLength();
  // A dissection, an indented log and a message the trace shows in TCP segments do not show
  // the octets sent: the count moves by the edits.
  if (isDissected(message) || message.indent !== 0 || message.meta?.continued === true) {
    return header === undefined || declared === undefined ? undefined : { range: header.valueRange, newText: String(declared + delta) };
  }
  // A count the Content-Length rule accepts moves by the edits, so that it keeps the way it
  // was counted; any other count is made right.
  const octets = bodyOctets(text, body);
  const base = declared !== undefined && (declared === octets.written || declared === octets.wire) ? declared : expectedContentLength(text, message);
  const length = base + delta;
  if (header !== undefined) {
    return { range: header.valueRange, newText: String(length) };
  }
  const lineEnd = lineEndingAt(text, message);
  return { range: { start: message.headerEnd, end: message.headerEnd }, newText: `Content-Length: ${length}${lineEnd}` };
}

/** The line ending of the empty line that ends the header section (CRLF unless it is LF). */
function lineEndingAt(text: string, message: SipMessage): string {
  if (message.lineEnding === 'lf') return '\n';
  if (message.lineEnding === 'crlf') return '\r\n';
  return text.charCodeAt(message.headerEnd) === 0x0d ? '\r\n' : '\n';
}

/**
 * Keeps the first of any edits that overlap, so that a malformed message (two fields sharing
 * a range) cannot produce a fix that a client refuses. Sorted input; an insertion at the end
 * of a replaced range does not overlap it.
 */
function dropOverlaps(edits: TextEdit[]): TextEdit[] {
  const kept: TextEdit[] = [];
  for (const edit of edits) {
    const last = kept[kept.length - 1];
    if (last !== undefined && edit.range.start < last.range.end) continue;
    if (last !== undefined && edit.range.start === last.range.start && edit.range.end === last.range.end) continue;
    kept.push(edit);
  }
  return kept;
}

/**
 * True for a Contact that a REGISTER removes: `expires=0` on it, or `Expires: 0` with no
 * `expires` of its own (RFC 3261 10.2.2). The registrar removes the binding whose URI equals
 * this one, so it names what was registered before, not where the UA can be reached now.
 */
export function removesBinding(message: SipMessage, values: MessageValues, contact: NameAddr): boolean {
  if (message.startLine.kind !== 'request' || message.startLine.method !== 'REGISTER') return false;
  for (let i = 0; i < contact.params.length; i++) {
    const param = contact.params[i];
    if (param.name === 'expires') return param.value !== undefined && /^0+$/.test(param.value.trim());
  }
  const expires = values.header('expires');
  return expires !== undefined && /^0+$/.test(values.text(expires).trim());
}
