/**
 * SIPp message keywords: the catalogue (what each keyword stands for, what kind of value it
 * becomes) and the scanner that finds `[keyword]` uses in message text. The scanner reads a
 * keyword the way SIPp does when it loads a scenario: from `[` to the next `]` outside double
 * quotes; a `+N` or `-N` after the name is an offset (`[cseq+1]`, `[branch-1]`); words after a
 * space are parameters (`[field0 file="users.csv"]`, `[authentication username=a password=b]`).
 */
import type { Range } from '../types';

/**
 * What a keyword becomes when SIPp sends the message, which decides where it may stand and
 * what stand-in replaces it while linting:
 * - `ip`: an IP address (`[local_ip]`); `port`: a port number; `ip-type`: `4` or `6`;
 * - `token`: a word without spaces (`[call_id]`, `[branch]`); `number`: decimal digits;
 * - `length`: the body length, only meaningful in Content-Length;
 * - `header`: whole header line(s), or nothing (`[last_Via:]`, `[routes]`, `[authentication]`);
 * - `free`: text SIPp cannot know before run time (`[field0]`, `[$var]`, `[file name=x]`).
 */
export type KeywordKind = 'ip' | 'port' | 'ip-type' | 'token' | 'number' | 'length' | 'header' | 'free';

/** One built-in keyword. */
export interface KeywordInfo {
  readonly name: string;
  readonly kind: KeywordKind;
  /** One sentence for hover and completion. */
  readonly summary: string;
  /** For `ip` keywords: whether SIPp writes an IPv6 address in brackets (`[2001:db8::1]`). */
  readonly bracketsIpv6?: boolean;
  /** Whether `+N` / `-N` offsets make sense (numbers and ports). */
  readonly offset?: boolean;
  /** What completion inserts, when it is more than `name]`. */
  readonly snippet?: string;
}

const k = (name: string, kind: KeywordKind, summary: string, extra: Partial<KeywordInfo> = {}): KeywordInfo =>
  Object.freeze({ name, kind, summary, ...extra });

/** The keywords SIPp knows by name (the parameterised families are recognised separately). */
export const keywordCatalogue: readonly KeywordInfo[] = [
  k('local_ip', 'ip', 'The local address given with `-i` (or found by SIPp). An IPv6 address comes in brackets, which fits a URI or Via but not SDP: use `[media_ip]` there.', { bracketsIpv6: true }),
  k('local_ip_type', 'ip-type', '`4` or `6`: the family of `[local_ip]`. Write `IP[local_ip_type]` in SDP `c=`/`o=` lines.'),
  k('local_port', 'port', 'The local SIP port (`-p`, or chosen by the system). An offset may be added: `[local_port+1]`.', { offset: true }),
  k('remote_ip', 'ip', 'The address of the remote host given on the command line (IPv6 in brackets).', { bracketsIpv6: true }),
  k('remote_host', 'token', 'The remote host name as given on the command line.'),
  k('remote_port', 'port', 'The remote port given on the command line (5060 by default).', { offset: true }),
  k('server_ip', 'ip', 'The local address of the server socket, without brackets for IPv6.'),
  k('media_ip', 'ip', 'The local media address (`-mi`, else the `-i` address), without brackets for IPv6: the one to write in SDP.'),
  k('media_ip_type', 'ip-type', '`4` or `6`: the family of `[media_ip]`. Write `IP[media_ip_type]` in SDP `c=` lines.'),
  k('media_port', 'port', 'The local RTP port (`-mp`, 6000 by default). Belongs on an SDP `m=` line (or `a=rtcp` with `+1`).', { offset: true }),
  k('auto_media_port', 'port', 'Like `[media_port]`, but a different port in each call.', { offset: true }),
  k('rtpstream_audio_port', 'port', 'The local port of the call\'s audio `rtp_stream`; `+1` gives its RTCP port.', { offset: true }),
  k('rtpstream_video_port', 'port', 'The local port of the call\'s video `rtp_stream`; `+1` gives its RTCP port.', { offset: true }),
  k('transport', 'token', '`UDP`, `TCP`, `TLS` or `SCTP`, from `-t`. Fits the Via protocol: `SIP/2.0/[transport]`.'),
  k('call_id', 'token', 'The Call-ID SIPp makes for each call. A UAC scenario must use it, or SIPp cannot match the answers to the call.'),
  k('call_number', 'number', 'The call\'s index, from 1.', { offset: true }),
  k('dynamic_id', 'number', 'A counter that grows with each use, unique per message until it wraps.'),
  k('cseq', 'number', 'The CSeq number of the call (the last request received, in a UAS). `[cseq+1]` adds one.', { offset: true }),
  k('pid', 'number', 'The process id of SIPp; often part of tags: `tag=[pid]SIPpTag00[call_number]`.'),
  k('service', 'token', 'The service (user part) given with `-s` (`service` by default).'),
  k('branch', 'token', 'A Via branch: the magic cookie `z9hG4bK` plus call number and message index. `[branch-N]` reuses the branch of the message N steps back (ACK and CANCEL of an INVITE).', { offset: true }),
  k('msg_index', 'number', 'The index of the message in the scenario.'),
  k('next_url', 'token', 'The URI of the Contact of the message received with `rrs="true"`: the Request-URI of requests inside the dialog.'),
  k('len', 'length', 'The length of the body, computed when the message is sent. Belongs in `Content-Length: [len]` and nowhere else.', { offset: true }),
  k('peer_tag_param', 'token', '`;tag=...` of the To header of the last response, or nothing: append it to To in ACK and BYE.'),
  k('last_Request_URI', 'token', 'The Request-URI of the last request received.'),
  k('last_cseq_number', 'number', 'The number of the CSeq of the last message received.', { offset: true }),
  k('last_message', 'free', 'The whole last message received.'),
  k('routes', 'header', 'The `Route:` header built from the Record-Route of the message received with `rrs="true"`, or nothing (the line is dropped).'),
  k('tdmmap', 'token', 'The TDM map value of the call (`-tdmmap`).'),
  k('clock_tick', 'number', 'SIPp\'s internal clock tick.'),
  k('users', 'number', 'The number of users instantiated (`-users`).'),
  k('userid', 'number', 'The id of the current user, from 0 (`-users`).'),
  k('timestamp', 'free', 'The current time, in SIPp\'s log format.'),
  k('date', 'free', 'The current date and time in RFC 2822 format, for a Date header.'),
  k('sipp_version', 'free', 'The SIPp version string.'),
  k('authentication', 'header', 'An `Authorization` (or `Proxy-Authorization`) header answering the last 401/407 challenge. Parameters: `username=`, `password=`, `aka_K=`, `aka_OP=`, `aka_AMF=`.', { snippet: 'authentication username=${1:user} password=${2:secret}]' }),
  k('field0', 'free', 'Field 0 of the current line of the injection file (`-inf`). Any index works: `[field1]`, `[field2]`...; `file="x.csv"` and `line=N` choose the file and line.', { snippet: 'field${1:0}]' }),
  k('file', 'free', 'The whole content of a file: `[file name="body.txt"]`.', { snippet: 'file name="${1:body.txt}"]' }),
  k('fill', 'free', 'Filler text as long as a variable says: `[fill variable=len text="X"]`.', { snippet: 'fill variable=${1:n}]' }),
  k('last_Via:', 'header', 'The Via header(s) of the last message received, whole lines; nothing (and the rest of the line) when absent. A response copies the request\'s Via this way.'),
  k('last_From:', 'header', 'The From header of the last message received, as a whole line.'),
  k('last_To:', 'header', 'The To header of the last message received, as a whole line.'),
  k('last_Call-ID:', 'header', 'The Call-ID header of the last message received, as a whole line.'),
  k('last_CSeq:', 'header', 'The CSeq header of the last message received, as a whole line.'),
  k('last_Record-Route:', 'header', 'The Record-Route header(s) of the last message received, as whole lines.'),
  k('last_Contact:', 'header', 'The Contact header of the last message received, as a whole line.'),
];

const byName = new Map(keywordCatalogue.map((info) => [info.name, info]));

/** The crypto keywords of SRTP scenarios: `[cryptotag1audio]`, `[cryptosuiteaescm128sha1801audio]`... */
function isCryptoKeyword(name: string): boolean {
  return /^(?:cryptotag[12]|cryptosuite[a-z0-9]+[12]|cryptokeyparams[12]|ue[a-z0-9]+[12])(?:audio|video)$/.test(name);
}

/** The family a keyword belongs to; what the linter needs to know about one use. */
export type KeywordFamily =
  | { readonly type: 'simple'; readonly info: KeywordInfo }
  /** `[last_X]`, `[last_X:]`: whole lines; `[last_X:value]`, `[last_X.value]`: the value only. */
  | { readonly type: 'last'; readonly header: string; readonly valueOnly: boolean }
  | { readonly type: 'field'; readonly index: number }
  | { readonly type: 'variable'; readonly variable: string }
  | { readonly type: 'file' | 'fill' | 'authentication' | 'crypto' }
  /** Not built in: SIPp accepts it only when given with `-key NAME VALUE`. */
  | { readonly type: 'unknown' };

/** One `[keyword]` in message text. */
export interface KeywordUse {
  /** From `[` to `]` included, in the text that was scanned. */
  readonly range: Range;
  /** The name without offset and parameters: `cseq` for `[cseq+1]`, `field0` for `[field0 file="x"]`. */
  readonly name: string;
  /** The `+N` / `-N` offset, 0 when none. */
  readonly offset: number;
  /** What follows the name after a space, as written. */
  readonly params: string;
  readonly family: KeywordFamily;
  readonly kind: KeywordKind;
  /** No closing `]`: SIPp refuses to load the scenario. */
  readonly unterminated?: boolean;
}

/** Information about a keyword name, whatever its family. */
export function classifyKeyword(name: string): { family: KeywordFamily; kind: KeywordKind } {
  const info = byName.get(name);
  if (info && !name.startsWith('last_') && name !== 'field0' && name !== 'file' && name !== 'fill' && name !== 'authentication') {
    return { family: { type: 'simple', info }, kind: info.kind };
  }
  if (name.startsWith('last_')) {
    const simple = byName.get(name);
    if (simple && !name.endsWith(':')) return { family: { type: 'simple', info: simple }, kind: simple.kind };
    let header = name.slice(5);
    let valueOnly = false;
    if (header.endsWith(':value') || header.endsWith('.value')) {
      header = header.slice(0, -6);
      valueOnly = true;
    } else if (header.endsWith(':')) header = header.slice(0, -1);
    return { family: { type: 'last', header, valueOnly }, kind: valueOnly ? 'free' : 'header' };
  }
  if (/^field\d+$/.test(name)) return { family: { type: 'field', index: Number(name.slice(5)) }, kind: 'free' };
  if (name.startsWith('$') && name.length > 1) return { family: { type: 'variable', variable: name.slice(1) }, kind: 'free' };
  if (name === 'file' || name === 'fill') return { family: { type: name }, kind: 'free' };
  if (name === 'authentication') return { family: { type: 'authentication' }, kind: 'header' };
  if (isCryptoKeyword(name)) return { family: { type: 'crypto' }, kind: 'token' };
  return { family: { type: 'unknown' }, kind: 'free' };
}

/** The catalogue entry of a built-in name (`last_Via:` included), if any. */
export function keywordInfo(name: string): KeywordInfo | undefined {
  return byName.get(name);
}

/**
 * Reads the keyword whose `[` is at `open` in `text` (scanning stops at `limit`). Returns
 * undefined when SIPp would not read a keyword there: `\x5b` escapes are handled by the caller.
 */
export function readKeyword(text: string, open: number, limit = text.length): KeywordUse {
  // The closing bracket, skipping quoted parameter values; a line break ends the search.
  let close = -1;
  let quoted = false;
  for (let i = open + 1; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && c === 0x5d) {
      close = i;
      break;
    } else if (c === 0x0a) break;
  }
  if (close === -1) {
    let end = open + 1;
    while (end < limit && text.charCodeAt(end) !== 0x0a && text.charCodeAt(end) !== 0x0d) end++;
    const raw = text.slice(open + 1, end);
    return { range: { start: open, end }, name: raw.trim(), offset: 0, params: '', family: { type: 'unknown' }, kind: 'free', unterminated: true };
  }
  const raw = text.slice(open + 1, close);
  const space = raw.search(/[ \t]/);
  let name = space === -1 ? raw : raw.slice(0, space);
  const params = space === -1 ? '' : raw.slice(space + 1).trim();
  let offset = 0;
  // SIPp reads `+N` / `-N` as an offset everywhere except in the parameterised keywords.
  if (!name.startsWith('authentication') && !name.startsWith('tdmmap')) {
    const sign = /[+-]\d+$/.exec(name);
    if (sign) {
      offset = Number(sign[0]);
      name = name.slice(0, sign.index);
    }
  }
  const { family, kind } = classifyKeyword(name);
  return { range: { start: open, end: close + 1 }, name, offset, params, family, kind };
}

/** True for `[2001:db8::1]`-like text: an IPv6 reference, not a keyword, in a plain SIP template. */
export function looksLikeIpv6Reference(text: string, open: number): boolean {
  let i = open + 1;
  let colons = 0;
  for (; i < text.length && i - open < 48; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5d) break;
    if (c === 0x3a) colons++;
    else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c === 0x2e || c === 0x25)) return false;
  }
  return colons >= 2 && text.charCodeAt(i) === 0x5d;
}

/** Names a misspelt keyword may be compared with. */
const suggestionNames: readonly string[] = keywordCatalogue
  .map((info) => info.name)
  .filter((name) => !name.startsWith('last_') || !name.endsWith(':'))
  .concat(['last_Via:', 'last_From:', 'last_To:', 'last_Call-ID:', 'last_CSeq:']);

/** The built-in keyword an unknown name most likely meant, or undefined when none is close. */
export function suggestKeyword(name: string): string | undefined {
  const lower = name.toLowerCase().replace(/-/g, '_');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of suggestionNames) {
    const target = candidate.toLowerCase().replace(/-/g, '_');
    if (target === lower) return candidate;
    const distance = editDistance(lower, target);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const allowed = name.length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j] + 1, d[i * cols + j - 1] + 1, d[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2] + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1];
}
