/**
 * Turning a message template into plain SIP that the core linter can read: first the cleaning
 * SIPp applies to a `<send>` section when it loads a scenario, then keyword substitution with
 * stand-in values of each keyword's kind. Every derived character keeps the range of the
 * template it came from (see {@link MappedText}).
 *
 * SIPp's loading, as this module reproduces it: white space and line breaks before the message
 * and after it are dropped; spaces and tabs at the start and end of each line are dropped (so
 * messages may be indented in the XML file); when the message has no empty line, one is added
 * after it (a body-less message needs nothing more); when it has one and line breaks were
 * trimmed from its end, one line break is put back (the body's last line ends with CRLF); each
 * LF is sent as CRLF; `\xHH` is the character with that code (`\x5b` is a literal `[`).
 */
import type { Range } from '../types';
import { parseDocument, bodyOctets } from '../sip/parse';
import { MappedText, MappedTextBuilder } from './mapped';
import { looksLikeIpv6Reference, readKeyword, suggestKeyword, classifyKeyword, type KeywordUse } from './keywords';

/** Reproduces SIPp's cleaning of a `<send>` section (see the module comment). */
export function cleanLikeSipp(source: MappedText): MappedText {
  const s = source.text;
  let start = 0;
  let end = s.length;
  const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a;
  while (start < end && isBlank(s.charCodeAt(start))) start++;
  let removedLineBreaks = 0;
  while (end > start && isBlank(s.charCodeAt(end - 1))) {
    if (s.charCodeAt(end - 1) === 0x0a) removedLineBreaks++;
    end--;
  }
  // Four passes, as SIPp makes them: spaces after and before line breaks, then tabs likewise.
  let keep: number[] = [];
  for (let i = start; i < end; i++) keep.push(i);
  keep = dropAfterLineBreak(s, keep, 0x20);
  keep = dropBeforeLineBreak(s, keep, 0x20);
  keep = dropAfterLineBreak(s, keep, 0x09);
  keep = dropBeforeLineBreak(s, keep, 0x09);
  const builder = new MappedTextBuilder();
  for (const i of keep) {
    const origin = source.origin(i);
    builder.push(s[i], origin.start, origin.end);
  }
  const cleaned = builder.text();
  const endOrigin = end < s.length ? source.origin(end) : { start: source.originEnd, end: source.originEnd };
  const tail: Range = { start: endOrigin.start, end: endOrigin.start };
  if (cleaned.indexOf('\n\n') === -1) builder.insert('\n\n', tail);
  else if (removedLineBreaks > 0 && !cleaned.endsWith('\n')) builder.insert('\n', tail);
  return builder.build(source.originEnd);
}

function dropAfterLineBreak(s: string, keep: readonly number[], drop: number): number[] {
  const result: number[] = [];
  for (const i of keep) {
    if (s.charCodeAt(i) === drop && result.length > 0 && s.charCodeAt(result[result.length - 1]) === 0x0a) continue;
    result.push(i);
  }
  return result;
}

function dropBeforeLineBreak(s: string, keep: readonly number[], drop: number): number[] {
  const result: number[] = [];
  let nextIsLineBreak = false;
  for (let k = keep.length - 1; k >= 0; k--) {
    const c = s.charCodeAt(keep[k]);
    if (c === drop && nextIsLineBreak) continue;
    result.push(keep[k]);
    nextIsLineBreak = c === 0x0a;
  }
  return result.reverse();
}

/** A keyword use after substitution. */
export interface SubstitutedKeyword {
  readonly use: KeywordUse;
  /** The keyword in the original text (the scenario file or the template). */
  readonly origin: Range;
  /** Its stand-in in the substituted text. */
  readonly out: Range;
  /** The stand-in written (empty for a header keyword that stands for nothing). */
  readonly standIn: string;
}

/** Where the keywords of one message stand and what they stood for. */
export interface Substitution {
  readonly text: MappedText;
  readonly keywords: readonly SubstitutedKeyword[];
}

export interface SubstituteOptions {
  /** Scenario messages: LF is sent as CRLF, `\xHH` escapes apply, every `[` opens a keyword. */
  readonly sipp: boolean;
  /** The message's index in the scenario, for `[branch]`. */
  readonly messageIndex?: number;
  /** The method of the last request received before this message, for `[last_CSeq:]`. */
  readonly lastRequestMethod?: string;
}

/** Stand-in addresses: documentation blocks, which the NAT rules never flag. */
export const standInAddresses = { local: '192.0.2.10', local6: '2001:db8::10', remote: '198.51.100.20', route: '198.51.100.30' } as const;

/**
 * Replaces every keyword of `source` by a stand-in of its kind. `[len]` becomes the real length
 * of the body after substitution (computed in a second pass), so Content-Length is always right.
 */
export function substituteKeywords(source: MappedText, options: SubstituteOptions): Substitution {
  const first = substitutePass(source, options, []);
  const lengthUses = first.keywords.filter((k) => k.use.kind === 'length');
  if (lengthUses.length === 0) return first;
  const document = parseDocument(first.text.text);
  const lengths = lengthUses.map((k) => {
    const message = document.messages.find((m) => m.range.start <= k.out.start && k.out.start <= m.range.end);
    const octets = message?.body ? bodyOctets(first.text.text, message.body).written : 0;
    return Math.max(0, octets + k.use.offset);
  });
  return substitutePass(source, options, lengths);
}

function substitutePass(source: MappedText, options: SubstituteOptions, lengths: readonly number[]): Substitution {
  const s = source.text;
  const builder = new MappedTextBuilder();
  const keywords: SubstitutedKeyword[] = [];
  let lengthIndex = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (options.sipp && c === 0x5c && s.charCodeAt(i + 1) === 0x78) {
      // `\xHH`: one character, as SIPp decodes it.
      let j = i + 2;
      let code = 0;
      let digits = 0;
      while (digits < 2 && j < s.length && /[0-9a-fA-F]/.test(s[j])) {
        code = code * 16 + parseInt(s[j], 16);
        j++;
        digits++;
      }
      const origin = spanOrigin(source, i, Math.max(j, i + 2));
      if (digits > 0) builder.insert(String.fromCharCode(code), origin);
      i = digits > 0 ? j : i + 2;
      continue;
    }
    if (c === 0x0a) {
      const origin = source.origin(i);
      if (options.sipp && builder.lastCharCode() !== 0x0d) builder.push('\r', origin.start, origin.start);
      builder.push('\n', origin.start, origin.end);
      i++;
      continue;
    }
    if (c !== 0x5b || (!options.sipp && (looksLikeIpv6Reference(s, i) || !startsKeywordName(s, i)))) {
      const origin = source.origin(i);
      builder.push(s[i], origin.start, origin.end);
      i++;
      continue;
    }
    const use = readKeyword(s, i);
    const origin = spanOrigin(source, use.range.start, use.range.end);
    const atLineStart = builder.length === 0 || builder.lastCharCode() === 0x0a;
    let standIn = standInFor(use, options, use.kind === 'length' ? lengths[lengthIndex++] : undefined);
    // After `IP6 ` (an SDP address type written out), an address keyword stands for an IPv6 address.
    if (use.kind === 'ip' && /IP6[ \t]+$/.test(builder.tail(8))) standIn = standInAddresses.local6;
    const outStart = builder.length;
    builder.insert(standIn, origin);
    keywords.push({ use, origin, out: { start: outStart, end: builder.length }, standIn });
    i = use.range.end;
    // A header keyword that stands for nothing takes its line with it, as SIPp drops it.
    if (standIn === '' && use.kind === 'header' && atLineStart) {
      let j = i;
      while (j < s.length && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
      if (s.charCodeAt(j) === 0x0d) j++;
      if (s.charCodeAt(j) === 0x0a) i = j + 1;
    }
  }
  return { text: builder.build(source.originEnd), keywords };
}

/** In a plain template, `[` opens a keyword only when a name follows (`[local_ip]`, `[$1]`). */
function startsKeywordName(s: string, i: number): boolean {
  const c = s.charCodeAt(i + 1);
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x24 || c === 0x5f;
}

function spanOrigin(source: MappedText, start: number, end: number): Range {
  return source.toOriginal({ start, end });
}

const crypto = (name: string): string => {
  if (name.startsWith('cryptotag')) return name.charAt(9);
  if (name.startsWith('cryptokeyparams')) return 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk';
  if (name.startsWith('ue')) return 'UNENCRYPTED_SRTP';
  return 'AES_CM_128_HMAC_SHA1_80';
};

/** A plausible header line for `[last_X:]`, or '' when none is known (SIPp then writes nothing). */
function lastHeaderLine(header: string, options: SubstituteOptions): string {
  const { local, remote, route } = standInAddresses;
  switch (header.toLowerCase()) {
    case 'via': case 'v': return `Via: SIP/2.0/UDP ${remote}:5060;branch=z9hG4bK-peer-1`;
    case 'from': case 'f': return `From: <sip:peer@${remote}:5060>;tag=peer-4242`;
    case 'to': case 't': return `To: <sip:service@${local}:5060>`;
    case 'call-id': case 'i': return `Call-ID: peer-1@${remote}`;
    case 'cseq': return `CSeq: 1 ${options.lastRequestMethod ?? 'INVITE'}`;
    case 'contact': case 'm': return `Contact: <sip:peer@${remote}:5060>`;
    case 'record-route': return `Record-Route: <sip:${route};lr>`;
    default: return '';
  }
}

/** The stand-in of one keyword use. */
function standInFor(use: KeywordUse, options: SubstituteOptions, length: number | undefined): string {
  const { local, remote } = standInAddresses;
  const n = (base: number) => String(Math.max(0, base + use.offset));
  const family = use.family;
  switch (family.type) {
    case 'last':
      if (family.valueOnly) {
        const line = lastHeaderLine(family.header, options);
        return line ? line.slice(line.indexOf(':') + 1).trim() : 'value';
      }
      return lastHeaderLine(family.header, options);
    case 'field': return `field${family.index}`;
    case 'variable': return 'variable';
    case 'file': return '';
    case 'fill': return 'XXXX';
    case 'authentication':
      return 'Authorization: Digest username="service", realm="example.net", nonce="0", uri="sip:example.net", response="00000000000000000000000000000000", algorithm=MD5';
    case 'crypto': return crypto(use.name);
    case 'unknown': {
      const suggestion = suggestKeyword(use.name);
      if (suggestion && !use.unterminated) {
        const meant = classifyKeyword(suggestion);
        if (meant.family.type !== 'unknown') return standInFor({ ...use, name: suggestion, family: meant.family, kind: meant.kind }, options, length);
      }
      return use.name.replace(/[^A-Za-z0-9_.-]/g, '') || 'keyword';
    }
    case 'simple':
      break;
  }
  switch (family.info.name) {
    case 'local_ip': case 'server_ip': case 'media_ip': return local;
    case 'remote_ip': return remote;
    case 'remote_host': return 'example.net';
    case 'local_ip_type': case 'media_ip_type': return '4';
    case 'local_port': case 'remote_port': return n(5060);
    case 'media_port': case 'auto_media_port': case 'rtpstream_audio_port': case 'rtpstream_video_port': return n(6000);
    case 'transport': return 'UDP';
    case 'call_id': return `1-4242@${local}`;
    case 'call_number': return n(1);
    case 'dynamic_id': return '1';
    case 'cseq': case 'last_cseq_number': return n(1);
    case 'pid': return '4242';
    case 'service': return 'service';
    case 'branch': return `z9hG4bK-4242-1-${Math.max(0, (options.messageIndex ?? 0) + use.offset)}`;
    case 'msg_index': return String(options.messageIndex ?? 0);
    case 'next_url': return `sip:peer@${remote}:5060`;
    // In the first pass the length is not known yet: a non-number lets the parser find the body by itself.
    case 'len': return length === undefined ? 'unknown' : String(length);
    case 'peer_tag_param': return ';tag=peer-4242';
    case 'last_Request_URI': return `sip:service@${local}:5060`;
    case 'last_message': return '';
    case 'routes': return '';
    case 'tdmmap': return '1.1.1/1';
    case 'clock_tick': return '1000';
    case 'users': return '1';
    case 'userid': return '0';
    case 'timestamp': return 'timestamp';
    case 'date': return 'Mon, 01 Jan 2024 00:00:00 GMT';
    case 'sipp_version': return 'SIPp';
    default: return use.name;
  }
}
