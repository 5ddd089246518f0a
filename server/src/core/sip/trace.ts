/**
 * Trace formats: the lines that tools write around each SIP message. A line outside any
 * message is read here; what it says (time, transport, `src -> dst`, direction) is kept with
 * the message that follows. The formats, as the tools write them:
 *
 * - SIPp `-trace_msg`: `----------------------------------------------- 2026-11-24 01:23:56.622799`
 *   then `UDP message sent (506 bytes):` or `UDP message received [305] bytes :`, an empty line,
 *   the message with CRLF.
 * - sngrep "save as .txt": `2026/11/24 01:23:56.622773 127.0.0.1:5061 -> 127.0.0.1:5070`, then
 *   the message with CRLF, then empty lines.
 * - ngrep `-W byline`: `input:`/`interface:`/`filter:` lines, `#` lines, then
 *   `U [2026/11/24 01:23:56.622773 ]127.0.0.1:5061 -> 127.0.0.1:5070[ #1]` (`T` for TCP, with
 *   `[AP]` flags), then the message, where ngrep prints each CR as `.`: lines end with `.` LF.
 * - Kamailio sipdump: `====================`, `key: value` lines (`tag: rcv|snd`, `time:`,
 *   `proto: udp ipv4`, `srcip:`, `srcport:`, `dstip:`, `dstport:`), `~~~~~~~~~~~~~~~~~~~~`, the
 *   message, then `||||||||||||||||||||`.
 * - tshark `-q -z follow,udp,ascii,<stream>` (or `tcp`): a line of 67 `=`, `Follow: udp,ascii`,
 *   `Filter: ...`, `Node 0: 127.0.0.1:5061` and `Node 1: [::1]:5060`, then each payload: its byte
 *   count on a line of its own (after a tab when node 1 sent it), the payload as sent (CRLF
 *   kept), one LF; a line of 67 `=` closes the stream. The count line names no address: the
 *   sender is node 0 or node 1 of the stream header above, see {@link FollowStream}. A TCP
 *   segment may hold several messages: the count line is the record of each of them.
 * - Asterisk `pjsip set logger on`: `<--- Received SIP request (887 bytes) from UDP:203.0.113.1:47322 --->`
 *   or `<--- Transmitting SIP response (512 bytes) to UDP:[2001:db8::1]:5060 --->`, then the
 *   message and one LF. In Asterisk's log file the heading may carry the logger's prefix
 *   (`[2026-11-24 04:21:29] VERBOSE[1234][C-00000001] res_pjsip_logger.c: `).
 * - Asterisk chan_sip `sip set debug on`: `<--- SIP read from UDP:203.0.113.1:47322 --->` or
 *   `<--- Reliably Transmitting (NAT) to 203.0.113.1:47322 --->`, the message, then a closing
 *   `<------------->` (`<------------>` after a sent one) and, after a received one,
 *   `--- (11 headers 0 lines) ---`.
 * - FreeSWITCH `sofia global siptrace on` (sofia-sip's transport log): `recv 903 bytes from
 *   udp/[203.0.113.1]:47322 at 20:07:57.811303:` or `send 802 bytes to udp/[...]:5060 at ...:`,
 *   a line of 72 `-`, then the message with its CRs left out. FreeSWITCH's own log lines
 *   (`2026-11-24 20:07:57.808015 [NOTICE] switch_channel.c:1118 New Channel ...`) come between.
 *   The older sofia-sip writes the dashes and every line of the message after 3 spaces, and
 *   the indented dashes again after it: the parser reads that message ({@link parseIndentedMessage}
 *   in parse.ts).
 * - tcpdump `-A` (`tcpdump -n -A -s0 port 5060`): a heading per packet, `08:22:43.870946 IP
 *   203.0.113.1.47322 > 203.0.113.5.5060: SIP: INVITE ...` (a date first with `-tttt`, the
 *   interface and direction after the time with `-i any`, `IP6` for IPv6, the port after the
 *   address's last dot), then the packet from its IP header on as characters: the headers as
 *   a run of mostly `.`, wrapped wherever a header byte is a line feed, with the payload right
 *   after them, CRs before LFs left out. The parser finds the start line at the end of a dump
 *   line ({@link embeddedStartLine} in parse.ts).
 * - baresip `-s` (libre's SIP trace): `ESC[36;1m#` (a `#` in colour), `UDP 127.0.0.1:5062 ->
 *   127.0.0.1:5060`, the message with CRLF, then `ESC[;m` ending the colour; copied from a
 *   terminal the colour codes are gone, leaving `#`, the heading, the message, an empty line.
 * - Wireshark's dissection (`tshark -V`, `tshark -O sip -V`, Wireshark's "Export Packet
 *   Dissections" as plain text): `Frame 1: 564 bytes on wire ...` opens a record, one
 *   line per protocol layer follows at the left margin (`Internet Protocol Version 4, Src: a,
 *   Dst: b`, `User Datagram Protocol, Src Port: p, Dst Port: q`), each with its fields indented
 *   below it (`    Arrival Time: ...`); an empty line ends the record. The SIP layer is a tree
 *   of its own, read by the parser ({@link isDissectionHeading}); the lines here are the rest.
 */
import type { Endpoint, PacketMeta, SipMessage, TraceFormat } from './model';

/** One metadata line and what it says. */
export interface TraceLine {
  readonly format: TraceFormat;
  readonly start: number;
  readonly end: number;
  /** True when the line begins a new record (earlier metadata belongs to no message). */
  readonly opensRecord: boolean;
  /** True for a line that ends a record (sipdump's `||||`): the message before it is complete. */
  readonly closesRecord?: boolean;
  readonly time?: string;
  readonly transport?: string;
  readonly direction?: 'sent' | 'received';
  readonly source?: Endpoint;
  readonly destination?: Endpoint;
  /** A sipdump `key: value` line. */
  readonly key?: string;
  readonly value?: string;
  readonly valueStart?: number;
  /** A tshark follow `Node N: address` line: the node's number (0 or 1) and its address. */
  readonly node?: number;
  readonly nodeAddress?: Endpoint;
  /** A tshark follow byte-count line: the number of the node that sent the payload below it. */
  readonly sender?: number;
  /** The payload's size in octets: a tshark follow count, a tcpdump heading's `length N`. */
  readonly bytes?: number;
  /**
   * True for a later fragment of an IP datagram (no transport header, so no ports): ngrep's
   * `+id@offset:length`, tcpdump's `ip-proto-17` (UDP).
   */
  readonly fragment?: boolean;
  /** A Wireshark layer line: the addresses (IP layer) or ports (transport layer) it names. */
  readonly sourceHost?: { readonly value: string; readonly at: number };
  readonly destinationHost?: { readonly value: string; readonly at: number };
  readonly sourcePort?: number;
  readonly destinationPort?: number;
}

/**
 * What a tshark follow header says of every payload below it: the transport (`Follow:` line)
 * and the two nodes (`Node 0:`, `Node 1:` lines). The parser carries it from record to record.
 */
export interface FollowStream {
  readonly transport: string | undefined;
  readonly nodes: readonly (Endpoint | undefined)[];
}

const sippSeparator = /^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\s*$/;
const sippHeading = /^(UDP|TCP|TLS|SCTP|WSS?) message (sent|received) (?:\(\d+ bytes\)|\[\d+\] bytes) ?:\s*$/;
const sngrepHeading = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\S+) -> (\S+)\s*$/;
const ngrepHeading = /^([UTI]) (?:(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) )?(\S+) -> (\S+)(?: \[[A-Z.]*\])?(?: (\+?)\d+@(\d+):\d+)?(?: #\d+)?\s*$/;
const ngrepPreamble = /^(?:#+|input: .*|interface: .*|filter: .*|match: .*|#*exit|\d+ received(?:, \d+ \w+)*)\s*$/;
const tsharkFollow = /^Follow: ([a-z]+),[a-z0-9]+\s*$/;
const tsharkNode = /^Node ([01]): (\S+)\s*$/;
/** tshark writes its follow separator as exactly this many `=` (sipdump writes 20). */
const tsharkSeparatorLength = 67;
/** The prefix Asterisk's log file puts before a verbose line; the rest is the line as the CLI shows it. */
const asteriskLogPrefix = /^\[[^\]]*\] VERBOSE\[\d+\](?:\[[^\]]*\])? \S+: /;
const pjsipHeading = /^<--- (Received|Transmitting) SIP (?:request|response) \(\d+ bytes\) (?:from|to) ([A-Za-z0-9]+):(\S+) --->\s*$/;
const chanSipRead = /^<--- SIP read from ([A-Za-z0-9]+):(\S+) --->\s*$/;
const chanSipTransmit = /^<--- (?:Reliably )?Transmitting \([^)]*\) to (\S+) --->\s*$/;
const asteriskClose = /^<-{10,}>\s*$/;
const chanSipSummary = /^--- \(\d+ headers \d+ lines\)(?: Nat keepalive)? ---\s*$/;
const freeswitchHeading = /^(recv|send) \d+ bytes (?:from|to) ([a-z]+)\/\[([^\]\s]+)\]:(\d+)(?:\/\d+)?(?:;comp=sigcomp)? at (\d\d:\d\d:\d\d(?:\.\d+)?):\s*$/;
/** sofia-sip writes a line of exactly this many `-` between the heading and the message. */
const freeswitchSeparatorLength = 72;
const freeswitchLog = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? (?:\d+(?:\.\d+)?% )?\[(?:DEBUG|INFO|NOTICE|WARNING|ERR|CRIT|ALERT|CONSOLE)\] /;
const baresipHeading = /^(UDP|TCP|TLS|WSS?) (\S+) -> (\S+)\s*$/;
// eslint-disable-next-line no-control-regex -- baresip's colour codes begin with the ESC byte.
const baresipColour = /^(?:\x1b\[[0-9;]*m)+#?(?:\x1b\[[0-9;]*m)*\s*$/;
const tcpdumpHeading = /^((?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d+) (?:\S+ +(?:In|Out|P|B|M) +)?IP6? (\S+) > (\S+): (.*)$/;
/** The payload size at the end of a tcpdump TCP heading (`..., length 125`), or before its `: SIP` decoding. */
const tcpdumpLength = /, length (\d+)(?::|$)/;
const wiresharkFrame = /^Frame \d+: \d+ bytes on wire\b/;
const wiresharkSummaryHeading = /^No\.\s+Time\s+Source\s+Destination\s+Protocol\s+Length\s+Info\s*$/;
const wiresharkIp = /^Internet Protocol Version [46], Src: (\S+), Dst: (\S+)\s*$/;
const wiresharkTransport = /^(User Datagram|Transmission Control|Stream Control Transmission) Protocol, Src Port: (\d+), Dst Port: (\d+)\b/;
const wiresharkArrival = /^ {4}Arrival Time: (.*?)\s*$/;
const sipdumpKeys = new Set(['tag', 'pid', 'process', 'time', 'date', 'proto', 'srcip', 'srcport', 'dstip', 'dstport']);

/** Reads the line `[start, end)` as trace metadata; undefined when it is not. */
export function parseTraceLine(text: string, start: number, end: number): TraceLine | undefined {
  const first = text.charCodeAt(start);
  // Fast exit: metadata lines start with one of - = ~ | # U T I F N W r s < [ ESC, a digit, a
  // tab or a space, or a sipdump key.
  switch (first) {
    case 0x2d /* - */: {
      const line = text.slice(start, end);
      const m = sippSeparator.exec(line);
      if (m) return { format: 'sipp', start, end, opensRecord: true, time: m[1] };
      if (end - start === freeswitchSeparatorLength && /^-+$/.test(line)) return { format: 'freeswitch', start, end, opensRecord: false };
      return chanSipSummary.test(line) ? { format: 'asterisk', start, end, opensRecord: false, closesRecord: true } : undefined;
    }
    case 0x72 /* r */:
    case 0x73 /* s */:
      // sipdump keys start with these letters too (`srcip:`, `srcport:`).
      return freeswitchLine(text.slice(start, end), start, end) ?? sipdumpLine(text, start, end);
    case 0x3c /* < */:
      return asteriskLine(text.slice(start, end), start, end, 0);
    case 0x5b /* [ */: {
      const line = text.slice(start, end);
      const prefix = asteriskLogPrefix.exec(line);
      return prefix ? asteriskLine(line.slice(prefix[0].length), start, end, prefix[0].length) : undefined;
    }
    case 0x3d /* = */:
    case 0x7e /* ~ */:
    case 0x7c /* | */: {
      if (end - start < 10) return undefined;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) !== first) return undefined;
      if (first === 0x3d && end - start === tsharkSeparatorLength) return { format: 'tshark', start, end, opensRecord: true };
      return { format: 'sipdump', start, end, opensRecord: first === 0x3d, closesRecord: first === 0x7c };
    }
    case 0x46 /* F */:
      if (wiresharkFrame.test(text.slice(start, Math.min(end, start + 40)))) return { format: 'wireshark', start, end, opensRecord: true };
      return tsharkHeaderLine(text, start, end);
    case 0x4e /* N */:
      if (wiresharkSummaryHeading.test(text.slice(start, end))) return { format: 'wireshark', start, end, opensRecord: true };
      return tsharkHeaderLine(text, start, end);
    case 0x09 /* tab */:
    case 0x20 /* space */:
      // sofia-sip's older log indents its separator, and the message below it, by 3 spaces.
      if (end - start === freeswitchSeparatorLength + 3 && /^ {3}-+$/.test(text.slice(start, end))) return { format: 'freeswitch', start, end, opensRecord: false };
      return payloadCountLine(text, start, end);
    case 0x23 /* # */:
    case 0x69 /* i */:
    case 0x66 /* f */:
    case 0x6d /* m */:
    case 0x65 /* e */:
      return ngrepPreamble.test(text.slice(start, end)) ? { format: 'ngrep', start, end, opensRecord: false } : undefined;
    case 0x55 /* U */:
    case 0x54 /* T */:
    case 0x49 /* I */:
    case 0x53 /* S (SCTP) */:
    case 0x57 /* W */: {
      if (text.charCodeAt(start + 1) === 0x20 && first !== 0x53 && first !== 0x57) {
        const line = text.slice(start, end);
        const m = ngrepHeading.exec(line);
        if (!m) return undefined;
        // A later fragment of an IP datagram has no ports: its ends are addresses alone.
        const fragment = m[6] !== undefined && m[6] !== '0';
        const at = (written: string, from: number): Endpoint => (fragment ? { host: written, port: undefined, range: { start: from, end: from + written.length } } : endpoint(written, from));
        return {
          format: 'ngrep', start, end, opensRecord: true,
          transport: m[1] === 'U' ? 'udp' : m[1] === 'T' ? 'tcp' : undefined,
          time: m[2],
          source: at(m[3], start + line.indexOf(m[3], m[2] ? m[2].length + 2 : 2)),
          destination: at(m[4], start + line.lastIndexOf(m[4])),
          // `+id@offset:length` (IPv6: `id@0:length` for the first): a later fragment.
          ...(fragment ? { fragment: true } : {}),
        };
      }
      const line = text.slice(start, end);
      const m = sippHeading.exec(line);
      if (m) return { format: 'sipp', start, end, opensRecord: false, transport: m[1].toLowerCase(), direction: m[2] === 'sent' ? 'sent' : 'received' };
      const b = baresipHeading.exec(line);
      if (!b) return undefined;
      return {
        format: 'baresip', start, end, opensRecord: true, transport: b[1].toLowerCase(),
        source: endpoint(b[2], start + b[1].length + 1),
        destination: endpoint(b[3], start + line.lastIndexOf(b[3])),
      };
    }
    case 0x1b /* ESC */: {
      // baresip colours each record: `ESC[36;1m#` before it, `ESC[;m` after the message.
      const line = text.slice(start, end);
      if (!baresipColour.test(line)) return undefined;
      return { format: 'baresip', start, end, opensRecord: false, closesRecord: !line.includes('#') };
    }
    default:
      if (first >= 0x30 && first <= 0x39) {
        const count = payloadCountLine(text, start, end);
        if (count) return count;
        const line = text.slice(start, end);
        const m = sngrepHeading.exec(line);
        if (!m) {
          if (freeswitchLog.test(line)) return { format: 'freeswitch', start, end, opensRecord: false };
          const dump = tcpdumpLine(line, start, end);
          if (dump) return dump;
          return ngrepPreamble.test(line) ? { format: 'ngrep', start, end, opensRecord: false } : undefined;
        }
        return {
          format: 'sngrep', start, end, opensRecord: true, time: m[1],
          source: endpoint(m[2], start + m[1].length + 1),
          destination: endpoint(m[3], start + line.lastIndexOf(m[3])),
        };
      }
      return sipdumpLine(text, start, end);
  }
}

/**
 * A tcpdump packet heading: its time, its ends (`address.port`, the port after the last dot),
 * and its transport, told by what tcpdump prints after them (`Flags [...]` for TCP, `UDP,` or
 * its SIP decoding of a UDP packet, `SIP:`).
 */
function tcpdumpLine(line: string, start: number, end: number): TraceLine | undefined {
  const m = tcpdumpHeading.exec(line);
  if (!m) return undefined;
  const rest = m[4];
  // IPv6 writes each fragment as `frag (offset|length)`; the first goes on with its UDP ports.
  const v6 = /^frag \((\d+)\|(\d+)\)(?: (\d+) > (\d+): (.*))?$/.exec(rest);
  if (v6 !== null) {
    const at = start + line.indexOf(` ${m[2]} > `) + 1;
    const host = (written: string, from: number): Endpoint => ({ host: written, port: undefined, range: { start: from, end: from + written.length } });
    const source = host(m[2], at);
    const destination = host(m[3], at + m[2].length + 3);
    if (v6[3] === undefined) {
      // A later fragment: its data is the fragment's length, at the end of the packet.
      return { format: 'tcpdump', start, end, opensRecord: true, time: m[1], transport: 'udp', fragment: true, source, destination, bytes: Number(v6[2]) };
    }
    return {
      format: 'tcpdump', start, end, opensRecord: true, time: m[1], transport: 'udp',
      source: { ...source, port: Number(v6[3]) }, destination: { ...destination, port: Number(v6[4]) },
    };
  }
  if (rest.startsWith('ip-proto-17')) {
    // A later fragment of a UDP datagram: its addresses, no ports.
    const at = start + line.indexOf(` ${m[2]} > `) + 1;
    return {
      format: 'tcpdump', start, end, opensRecord: true, time: m[1], transport: 'udp', fragment: true,
      source: { host: m[2], port: undefined, range: { start: at, end: at + m[2].length } },
      destination: { host: m[3], port: undefined, range: { start: at + m[2].length + 3, end: at + m[2].length + 3 + m[3].length } },
    };
  }
  const source = dottedEndpoint(m[2], start + line.indexOf(` ${m[2]} > `) + 1);
  const destination = dottedEndpoint(m[3], start + line.indexOf(` > ${m[3]}: `) + 3);
  if (source === undefined || destination === undefined) return undefined;
  const transport = rest.startsWith('Flags [') ? 'tcp' : rest.startsWith('UDP,') || rest.startsWith('SIP') ? 'udp' : undefined;
  const length = tcpdumpLength.exec(rest);
  return { format: 'tcpdump', start, end, opensRecord: true, time: m[1], transport, source, destination, bytes: length === null ? undefined : Number(length[1]) };
}

/** `203.0.113.1.5060` or `::1.5060`, as tcpdump writes an address and port; undefined without a port. */
function dottedEndpoint(written: string, at: number): Endpoint | undefined {
  const dot = written.lastIndexOf('.');
  const port = Number(written.slice(dot + 1));
  if (dot <= 0 || !Number.isInteger(port) || port > 65535 || written.length - dot > 6) return undefined;
  const host = written.slice(0, dot);
  return { host, port, range: { start: at, end: at + written.length } };
}

/**
 * A FreeSWITCH siptrace heading: `recv` names the source of a received packet, `send` the
 * destination of a sent one, always with the address in brackets; the time is of day only.
 */
function freeswitchLine(line: string, start: number, end: number): TraceLine | undefined {
  const m = freeswitchHeading.exec(line);
  if (!m) return undefined;
  const written = `[${m[3]}]:${m[4]}`;
  const peer = endpoint(written, start + line.indexOf(written));
  return {
    format: 'freeswitch', start, end, opensRecord: true, transport: m[2], time: m[5],
    direction: m[1] === 'recv' ? 'received' : 'sent',
    ...(m[1] === 'recv' ? { source: peer } : { destination: peer }),
  };
}

/**
 * An Asterisk heading or closing line, `line` being its text after `skipped` characters of log
 * prefix: the heading names the direction and the peer (the source of a received message, the
 * destination of a sent one) as `TRANSPORT:host:port` (pjsip, chan_sip read) or `host:port`.
 */
function asteriskLine(line: string, start: number, end: number, skipped: number): TraceLine | undefined {
  if (asteriskClose.test(line)) return { format: 'asterisk', start, end, opensRecord: false, closesRecord: true };
  let received: boolean;
  let transport: string | undefined;
  let written: string;
  const pjsip = pjsipHeading.exec(line);
  if (pjsip) {
    received = pjsip[1] === 'Received';
    transport = pjsip[2];
    written = pjsip[3];
  } else {
    const read = chanSipRead.exec(line);
    const sent = read ? undefined : chanSipTransmit.exec(line);
    if (read) {
      received = true;
      transport = read[1];
      written = read[2];
    } else if (sent) {
      received = false;
      written = sent[1];
    } else {
      return undefined;
    }
  }
  const peer = endpoint(written, start + skipped + line.lastIndexOf(written));
  return {
    format: 'asterisk', start, end, opensRecord: true,
    // PJSIP names its IPv6 transports UDP6, TCP6...: the transport is the same.
    transport: transport?.toLowerCase().replace(/6$/, ''),
    direction: received ? 'received' : 'sent',
    ...(received ? { source: peer } : { destination: peer }),
  };
}

/**
 * True for a message read from a Wireshark dissection: its lines are tree items, so neither
 * its line endings nor its body's octets are known.
 */
export function isDissected(message: SipMessage): boolean {
  return message.meta?.format === 'wireshark';
}

/**
 * True when the line `[start, end)` heads the SIP tree of a Wireshark dissection: the parser
 * reads the message from the tree below it.
 */
export function isDissectionHeading(text: string, start: number, end: number): boolean {
  return end - start >= 27 && text.startsWith('Session Initiation Protocol', start);
}

/**
 * A line of a Wireshark record other than the SIP tree: a layer line at the left margin, or a
 * field indented below one. The IP and transport layers give the packet's addresses and ports,
 * the frame's `Arrival Time` its time; every other line is kept as what it is, the record's
 * metadata.
 */
export function dissectionLine(text: string, start: number, end: number): TraceLine {
  const first = text.charCodeAt(start);
  if (first === 0x20) {
    const arrival = text.startsWith('    Arrival Time: ', start) ? wiresharkArrival.exec(text.slice(start, end)) : null;
    return arrival ? { format: 'wireshark', start, end, opensRecord: false, time: arrival[1] } : { format: 'wireshark', start, end, opensRecord: false };
  }
  const line = text.slice(start, end);
  const ip = first === 0x49 /* I */ ? wiresharkIp.exec(line) : null;
  if (ip) {
    const dst = line.lastIndexOf(`, Dst: ${ip[2]}`) + 7;
    return {
      format: 'wireshark', start, end, opensRecord: false,
      sourceHost: { value: ip[1], at: start + line.indexOf(ip[1], 30) },
      destinationHost: { value: ip[2], at: start + dst },
    };
  }
  const transport = wiresharkTransport.exec(line);
  if (transport) {
    return {
      format: 'wireshark', start, end, opensRecord: false,
      transport: transport[1] === 'User Datagram' ? 'udp' : transport[1] === 'Transmission Control' ? 'tcp' : 'sctp',
      sourcePort: Number(transport[2]),
      destinationPort: Number(transport[3]),
    };
  }
  return parseTraceLine(text, start, end) ?? { format: 'wireshark', start, end, opensRecord: false };
}

/** A tshark follow header line: `Follow: udp,ascii`, `Filter: ...` or `Node 0: host:port`. */
function tsharkHeaderLine(text: string, start: number, end: number): TraceLine | undefined {
  const line = text.slice(start, end);
  if (line.startsWith('Filter: ')) return { format: 'tshark', start, end, opensRecord: false };
  const follow = tsharkFollow.exec(line);
  if (follow) return { format: 'tshark', start, end, opensRecord: false, transport: follow[1] };
  const node = tsharkNode.exec(line);
  if (!node) return undefined;
  // tshark 4.0 names the client of a TLS follow `:0`: no address, so none is kept.
  const address = endpoint(node[2], start + 8);
  return { format: 'tshark', start, end, opensRecord: false, node: Number(node[1]), nodeAddress: address.host === '' ? undefined : address };
}

/**
 * A tshark follow byte-count line: digits alone on their line, after white space when node 1
 * sent the payload. Only a count followed by a SIP start line is taken, so that a number alone
 * on a line elsewhere (a body, a plain paste) stays what it was.
 */
function payloadCountLine(text: string, start: number, end: number): TraceLine | undefined {
  return nextLineOpensMessage(text, end) ? followCountLine(text, start, end) : undefined;
}

/**
 * A tshark follow byte-count line, whatever follows it: `341`, or a tab and `341` when node 1
 * sent the payload. The parser asks for it where a payload may continue a message (a TCP
 * segment that holds the rest of one); elsewhere a count line must be followed by a start line.
 */
export function followCountLine(text: string, start: number, end: number): TraceLine | undefined {
  let i = start;
  while (i < end && (text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x20)) i++;
  const digits = i;
  let bytes = 0;
  while (i < end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) bytes = bytes * 10 + text.charCodeAt(i++) - 0x30;
  if (i !== end || i === digits || i - digits > 9) return undefined;
  return { format: 'tshark', start, end, opensRecord: true, sender: digits > start ? 1 : 0, bytes };
}

/**
 * Whether the line after the one whose content ends at `end` looks like a SIP start line
 * (`SIP/2.0 ` first, or ` SIP/2.0` last). Reads that line only.
 */
function nextLineOpensMessage(text: string, end: number): boolean {
  let eol = end;
  if (text.charCodeAt(eol) === 0x0d) eol++;
  if (text.charCodeAt(eol) !== 0x0a) return false;
  const next = eol + 1;
  let nextEnd = text.indexOf('\n', next);
  if (nextEnd === -1) nextEnd = text.length;
  if (nextEnd > next && text.charCodeAt(nextEnd - 1) === 0x0d) nextEnd--;
  return text.startsWith('SIP/2.0 ', next) || (nextEnd - next > 8 && text.startsWith(' SIP/2.0', nextEnd - 8));
}

function sipdumpLine(text: string, start: number, end: number): TraceLine | undefined {
  // A key has at most 8 characters: look for its ': ' there only, never past the line.
  let colon = -1;
  for (let i = start, last = Math.min(end, start + 9); i < last; i++) {
    if (text.charCodeAt(i) === 0x3a && text.charCodeAt(i + 1) === 0x20) {
      colon = i;
      break;
    }
  }
  if (colon === -1) return undefined;
  const key = text.slice(start, colon);
  if (!sipdumpKeys.has(key)) return undefined;
  const valueStart = colon + 2;
  return { format: 'sipdump', start, end, opensRecord: false, key, value: text.slice(valueStart, end).trim(), valueStart };
}

/** Reads `host:port`, `[v6]:port` or `v6:port` (ngrep writes IPv6 without brackets). */
function endpoint(written: string, at: number): Endpoint {
  if (written.startsWith('[')) {
    const close = written.indexOf(']');
    const port = close !== -1 && written.charCodeAt(close + 1) === 0x3a ? Number(written.slice(close + 2)) : undefined;
    return { host: written.slice(1, close === -1 ? undefined : close), port: Number.isFinite(port) ? port : undefined, range: { start: at, end: at + written.length } };
  }
  const colon = written.lastIndexOf(':');
  if (colon === -1) return { host: written, port: undefined, range: { start: at, end: at + written.length } };
  const port = Number(written.slice(colon + 1));
  return {
    host: written.slice(0, colon),
    port: Number.isInteger(port) ? port : undefined,
    range: { start: at, end: at + written.length },
  };
}

/**
 * The tshark follow stream after `line`: a `Follow:` line starts a new one, a `Node N:` line
 * names one of its nodes; any other line leaves it as it is.
 */
export function followStream(stream: FollowStream | undefined, line: TraceLine): FollowStream | undefined {
  if (line.format !== 'tshark') return stream;
  if (line.transport !== undefined) return { transport: line.transport, nodes: [] };
  if (line.node === undefined) return stream;
  const nodes = (stream?.nodes ?? []).slice();
  nodes[line.node] = line.nodeAddress;
  return { transport: stream?.transport, nodes };
}

/**
 * Folds the metadata lines of one record into the message's {@link PacketMeta}. `stream` is the
 * tshark follow header in force, which gives a count line its transport and addresses.
 */
export function traceMeta(lines: readonly TraceLine[], stream?: FollowStream): PacketMeta | undefined {
  let format: TraceFormat = 'plain';
  let time: string | undefined;
  let transport: string | undefined;
  let direction: 'sent' | 'received' | undefined;
  let source: Endpoint | undefined;
  let destination: Endpoint | undefined;
  let srcHost: { value: string; at: number } | undefined;
  let dstHost: { value: string; at: number } | undefined;
  let srcPort: number | undefined;
  let dstPort: number | undefined;
  for (const line of lines) {
    if (format === 'plain' || line.opensRecord) format = line.format;
    time = line.time ?? time;
    transport = line.transport ?? transport;
    direction = line.direction ?? direction;
    source = line.source ?? source;
    destination = line.destination ?? destination;
    if (line.sender !== undefined && stream !== undefined) {
      transport = stream.transport;
      source = stream.nodes[line.sender];
      destination = stream.nodes[1 - line.sender];
    }
    if (line.sourceHost !== undefined) srcHost = line.sourceHost;
    if (line.destinationHost !== undefined) dstHost = line.destinationHost;
    if (line.sourcePort !== undefined) srcPort = line.sourcePort;
    if (line.destinationPort !== undefined) dstPort = line.destinationPort;
    if (line.key && line.value !== undefined && line.valueStart !== undefined) {
      switch (line.key) {
        case 'tag':
          direction = line.value === 'snd' ? 'sent' : line.value === 'rcv' ? 'received' : direction;
          break;
        case 'time':
          time = line.value;
          break;
        case 'proto':
          transport = line.value.split(' ')[0];
          break;
        case 'srcip':
          srcHost = { value: line.value, at: line.valueStart };
          break;
        case 'dstip':
          dstHost = { value: line.value, at: line.valueStart };
          break;
        case 'srcport':
          srcPort = Number(line.value);
          break;
        case 'dstport':
          dstPort = Number(line.value);
          break;
      }
    }
  }
  if (srcHost) source = { host: srcHost.value, port: srcPort, range: { start: srcHost.at, end: srcHost.at + srcHost.value.length } };
  if (dstHost) destination = { host: dstHost.value, port: dstPort, range: { start: dstHost.at, end: dstHost.at + dstHost.value.length } };
  const first = lines[0];
  const last = lines[lines.length - 1];
  if (!first || !last) return undefined;
  return { range: { start: first.start, end: last.end }, format, time, transport, source, destination, direction };
}
