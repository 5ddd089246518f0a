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
 */
import type { Endpoint, PacketMeta, TraceFormat } from './model';

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
}

const sippSeparator = /^-{10,} (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?)\s*$/;
const sippHeading = /^(UDP|TCP|TLS|SCTP|WSS?) message (sent|received) (?:\(\d+ bytes\)|\[\d+\] bytes) ?:\s*$/;
const sngrepHeading = /^(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) (\S+) -> (\S+)\s*$/;
const ngrepHeading = /^([UTI]) (?:(\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)?) )?(\S+) -> (\S+)(?: \[[A-Z.]*\])?(?: #\d+)?\s*$/;
const ngrepPreamble = /^(?:#+|input: .*|interface: .*|filter: .*|match: .*|exit|\d+ received(?:, \d+ \w+)*)\s*$/;
const sipdumpKeys = new Set(['tag', 'pid', 'process', 'time', 'date', 'proto', 'srcip', 'srcport', 'dstip', 'dstport']);

/** Reads the line `[start, end)` as trace metadata; undefined when it is not. */
export function parseTraceLine(text: string, start: number, end: number): TraceLine | undefined {
  const first = text.charCodeAt(start);
  // Fast exit: metadata lines start with one of - = ~ | # U T I or a digit, or a sipdump key.
  switch (first) {
    case 0x2d /* - */: {
      const m = sippSeparator.exec(text.slice(start, end));
      return m ? { format: 'sipp', start, end, opensRecord: true, time: m[1] } : undefined;
    }
    case 0x3d /* = */:
    case 0x7e /* ~ */:
    case 0x7c /* | */: {
      if (end - start < 10) return undefined;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) !== first) return undefined;
      return { format: 'sipdump', start, end, opensRecord: first === 0x3d, closesRecord: first === 0x7c };
    }
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
        return {
          format: 'ngrep', start, end, opensRecord: true,
          transport: m[1] === 'U' ? 'udp' : m[1] === 'T' ? 'tcp' : undefined,
          time: m[2],
          source: endpoint(m[3], start + line.indexOf(m[3], m[2] ? m[2].length + 2 : 2)),
          destination: endpoint(m[4], start + line.lastIndexOf(m[4])),
        };
      }
      const m = sippHeading.exec(text.slice(start, end));
      return m ? { format: 'sipp', start, end, opensRecord: false, transport: m[1].toLowerCase(), direction: m[2] === 'sent' ? 'sent' : 'received' } : undefined;
    }
    default:
      if (first >= 0x30 && first <= 0x39) {
        const line = text.slice(start, end);
        const m = sngrepHeading.exec(line);
        if (!m) return ngrepPreamble.test(line) ? { format: 'ngrep', start, end, opensRecord: false } : undefined;
        return {
          format: 'sngrep', start, end, opensRecord: true, time: m[1],
          source: endpoint(m[2], start + m[1].length + 1),
          destination: endpoint(m[3], start + line.lastIndexOf(m[3])),
        };
      }
      return sipdumpLine(text, start, end);
  }
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

/** Folds the metadata lines of one record into the message's {@link PacketMeta}. */
export function traceMeta(lines: readonly TraceLine[]): PacketMeta | undefined {
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
