/**
 * The STUN fix: write the public mapping a STUN server reports (RFC 8489) into a message whose
 * sender wrote a private address. Two halves, both free of sockets:
 *
 * - Asking ({@link probeStunMapping}): through an injected {@link StunClient}, ask the first
 *   server that answers from the sender's SIP port (so the answer is that port's mapping; an
 *   ephemeral port when the SIP port is busy here, and then we say the port may differ), then
 *   a second server, or the first one's RFC 5780 OTHER-ADDRESS, from the same local port, and
 *   classify the NAT's mapping behaviour from the answers.
 * - Building ({@link stunFixForTargets}): turn the answer into one {@link Fix} with
 *   `substituteMapping`, for one finding, one message, or the whole document. Each fix is one
 *   set of non-overlapping edits that touch only the addresses it rewrites and Content-Length.
 *
 * A finding is eligible when its rule says `fixable: 'stun'`, its data names the address, and
 * the trace does not already show the mapping (then the offline fix, the mapping that flow
 * really got, is better evidence than a query from this machine now).
 */
import type { Finding, Fix, Range, TextEdit } from '../types';
import type { SipDocument, SipMessage } from '../sip/model';
import type { MessageValues } from '../rules/rule';
import type {
  StunCancelSignal,
  StunClient,
  StunFailure,
  StunOutcome,
  StunQueryResult,
  StunServerAddress,
  TransportAddress,
} from '../stun/types';
import { classifyMapping, rfc5780MappingTargets, type MappingObservation, type MappingVerdict } from '../stun/behaviour';
import { ruleById } from '../rules/registry';
import { DocumentIndex } from '../rules/context';
import { nonPublicClass, sameAddress } from '../net/address';
import { contentLengthEdit, substituteMapping, type AddressPort } from './substitute';
import { messageHolding } from '../sip/parse';

/** One private address a STUN fix rewrites: a finding's address, in its message. */
export interface StunTarget {
  readonly ruleId: string;
  readonly range: Range;
  /** The message the finding is in, by index in the document. */
  readonly messageIndex: number;
  /** The private address as written. */
  readonly address: string;
  /**
   * The SIP port the sender sends from, read from the Contact or top Via that names the
   * address (their default port when none is written). Undefined for an address that only
   * the SDP names: then only the address is rewritten and the query may use any local port.
   */
  readonly port: number | undefined;
}

/** `host:port`, IPv6 in brackets. */
export function formatEndpoint(address: string, port: number | undefined): string {
  const host = address.indexOf(':') >= 0 ? `[${address}]` : address;
  return port === undefined ? host : `${host}:${port}`;
}

/** Reads `host:port`, `[v6]:port` or a bare host (with `defaultPort`); undefined when malformed. */
export function parseServerAddress(text: string, defaultPort = 3478): StunServerAddress | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  let host: string;
  let portText: string | undefined;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close < 0) return undefined;
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon >= 0 && value.indexOf(':') !== colon) {
      // A bare IPv6 literal without brackets: no port can be told apart.
      host = value;
      portText = undefined;
    } else {
      host = colon < 0 ? value : value.slice(0, colon);
      portText = colon < 0 ? undefined : value.slice(colon + 1);
    }
  }
  if (host === '' || /\s/.test(host)) return undefined;
  if (portText === undefined) return { host, port: defaultPort };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** `stun.example.net:3478`, as the user wrote it (IPv6 in brackets). */
export function formatServer(server: StunServerAddress): string {
  return formatEndpoint(server.host.replace(/^\[|\]$/g, ''), server.port);
}

// ---------------------------------------------------------------------------------------------
// Which findings a STUN fix rewrites.
// ---------------------------------------------------------------------------------------------

/** The port a Contact or Via means when it writes none: 5061 for TLS and SIPS, else 5060. */
function defaultSipPort(secure: boolean): number {
  return secure ? 5061 : 5060;
}

/**
 * The SIP port the sender of `message` uses with `address`: the port of the Contact that names
 * the address, else of the top Via of a request that names it; undefined when neither does.
 */
export function signallingPort(message: SipMessage, values: MessageValues, address: string): number | undefined {
  for (const contact of values.contacts()) {
    const value = contact.value;
    if ('star' in value) continue;
    const host = value.uri.host;
    if (host !== undefined && host.hostKind !== 'domain' && sameAddress(host.host, address)) {
      return host.port ?? defaultSipPort(value.uri.scheme === 'sips');
    }
  }
  if (message.startLine.kind === 'request') {
    const top = values.vias()[0]?.value;
    if (top !== undefined && top.sentBy.hostKind !== 'domain' && sameAddress(top.sentBy.host, address)) {
      return top.sentBy.port ?? defaultSipPort(top.transport === 'TLS');
    }
  }
  return undefined;
}

/**
 * The STUN target of a finding, or undefined when the finding is not one a STUN answer fixes:
 * its rule is not `fixable: 'stun'`, its data names no address, the trace already shows the
 * mapping, or it is an ICE candidate (ICE wants the private host candidates as they are).
 */
export function stunTarget(document: SipDocument, finding: Finding, index: DocumentIndex = new DocumentIndex(document)): StunTarget | undefined {
  if (ruleById(finding.ruleId)?.fixable !== 'stun') return undefined;
  const data = finding.data;
  if (data === undefined || typeof data.address !== 'string' || data.location === 'sdp-candidate') return undefined;
  if (data.mapping !== undefined && data.mapping !== null) return undefined;
  const message = messageHolding(document, finding.range.start);
  if (message === undefined) return undefined;
  const port = signallingPort(message, index.values(message), data.address);
  return { ruleId: finding.ruleId, range: finding.range, messageIndex: message.index, address: data.address, port };
}

/** The STUN targets among `findings`, in document order. */
export function stunTargets(document: SipDocument, findings: readonly Finding[], index: DocumentIndex = new DocumentIndex(document)): StunTarget[] {
  const targets: StunTarget[] = [];
  for (const finding of findings) {
    const target = stunTarget(document, finding, index);
    if (target !== undefined) targets.push(target);
  }
  return targets;
}

/**
 * The local ports to query from for `targets`, in order of first use: each signalling port
 * once, then `undefined` (any port) when some target names no port and no port is queried.
 */
export function queryPorts(targets: readonly StunTarget[]): (number | undefined)[] {
  const ports: (number | undefined)[] = [];
  for (const target of targets) if (target.port !== undefined && !ports.includes(target.port)) ports.push(target.port);
  if (ports.length === 0 && targets.length > 0) ports.push(undefined);
  return ports;
}

/**
 * Where a request goes next, for asking the SIP server itself for the mapping: the top Route
 * (loose routing), else the Request-URI; its port, or the default SIP port. Undefined for
 * responses and for targets that are not SIP URIs.
 */
export function nextHop(document: SipDocument, message: SipMessage, values: MessageValues): StunServerAddress | undefined {
  if (message.startLine.kind !== 'request') return undefined;
  const route = values.header('route');
  const text = document.text;
  let candidate: string;
  if (route !== undefined) {
    const value = values.text(route);
    const open = value.indexOf('<');
    const close = value.indexOf('>', open + 1);
    candidate = open >= 0 && close > open ? value.slice(open + 1, close) : value.split(',')[0];
  } else {
    candidate = text.slice(message.startLine.uriRange.start, message.startLine.uriRange.end);
  }
  const match = /^(sips?):(?:[^@;?]*@)?(\[[0-9A-Fa-f:.]+\]|[^:;?>\s]+)(?::(\d{1,5}))?/i.exec(candidate.trim());
  if (match === null) return undefined;
  const port = match[3] !== undefined ? Number(match[3]) : defaultSipPort(match[1].toLowerCase() === 'sips');
  if (port < 1 || port > 65535) return undefined;
  return { host: match[2].replace(/^\[|\]$/g, ''), port };
}

// ---------------------------------------------------------------------------------------------
// Asking.
// ---------------------------------------------------------------------------------------------

/** What a probe found for one local port: the mapping, how it was seen, and what to say about it. */
export interface StunMapping {
  /** The local port the fix wanted the mapping of; undefined when any port would do. */
  readonly requestedPort: number | undefined;
  /** The local port the queries were really sent from. */
  readonly localPort: number;
  readonly localAddress: string;
  /** True when `requestedPort` was busy here and another port was used. */
  readonly portFallback: boolean;
  /** The public mapping the first server that answered saw. */
  readonly mapped: TransportAddress;
  /** That server, as configured (`stun.example.net:3478`). */
  readonly server: string;
  /** That server's resolved address and port (`203.0.113.5:3478`). */
  readonly serverAddress: string;
  readonly verdict: MappingVerdict;
  /** Every answer the verdict rests on, first one first. */
  readonly answers: readonly StunQueryResult[];
  /** Sentences the user should read before trusting the fix (port fallback, symmetric NAT...). */
  readonly warnings: readonly string[];
}

export interface ProbeOptions {
  /** Servers to try in order; the first that answers gives the mapping, the next one checks it. */
  readonly servers: readonly StunServerAddress[];
  /** The local port to query from (the SIP port); any port when undefined. */
  readonly localPort?: number;
  /** The time limit of each query. */
  readonly timeoutMs: number;
  /** The retransmission timeout of UDP queries (default: the client's). */
  readonly rtoMs?: number;
  readonly cancel?: StunCancelSignal;
  /** Called before each query, for progress reports. */
  readonly onQuery?: (server: StunServerAddress, purpose: 'mapping' | 'behaviour') => void;
  /** The SIP server the message is for, named in the symmetric-NAT warning. */
  readonly sipServer?: StunServerAddress;
}

function failure(error: StunFailure): StunOutcome<never> {
  return { ok: false, error };
}

function observe(answer: StunQueryResult): MappingObservation {
  return { server: { address: answer.server.address, port: answer.server.port }, mapped: answer.mapped };
}

/**
 * Asks for the public mapping of `options.localPort` and checks the NAT's behaviour from the
 * same local port: with a second server when there is one, else with the first server's RFC
 * 5780 OTHER-ADDRESS when it gives one. A failing check does not fail the probe; it leaves
 * the verdict `unknown` and says why. Never throws.
 */
export async function probeStunMapping(client: StunClient, options: ProbeOptions): Promise<StunOutcome<StunMapping>> {
  const { servers, timeoutMs, cancel } = options;
  if (servers.length === 0) return failure({ kind: 'resolve-failed', message: 'No STUN server is configured.' });
  const ask = (server: StunServerAddress, localPort: number | undefined, fallback: boolean, purpose: 'mapping' | 'behaviour') => {
    options.onQuery?.(server, purpose);
    return client.query(
      { server, localPort, fallbackToEphemeralPort: fallback, totalTimeoutMs: timeoutMs, ...(options.rtoMs !== undefined ? { rtoMs: options.rtoMs } : {}) },
      cancel,
    );
  };

  // The mapping: the first server that answers, from the SIP port (or another when it is busy).
  const failures: string[] = [];
  let first: StunQueryResult | undefined;
  let firstIndex = -1;
  let lastError: StunFailure | undefined;
  for (let i = 0; i < servers.length; i++) {
    const outcome = await ask(servers[i], options.localPort, true, 'mapping');
    if (outcome.ok) {
      first = outcome.value;
      firstIndex = i;
      break;
    }
    if (outcome.error.kind === 'aborted') return outcome;
    lastError = outcome.error;
    failures.push(`${formatServer(servers[i])}: ${outcome.error.message}`);
  }
  if (first === undefined) {
    const message = failures.length === 1 ? lastError!.message : `No STUN server answered. ${failures.join(' ')}`;
    return failure({ ...lastError!, message });
  }

  // The behaviour check, from the same local port the first answer came through.
  const answers: StunQueryResult[] = [first];
  const checkNotes: string[] = [];
  const again = async (server: StunServerAddress): Promise<StunQueryResult | undefined> => {
    const outcome = await ask(server, first!.localPort, false, 'behaviour');
    if (outcome.ok) return outcome.value;
    checkNotes.push(`The mapping check with ${formatServer(server)} failed: ${outcome.error.message}`);
    return undefined;
  };
  let second: StunQueryResult | undefined;
  for (let i = firstIndex + 1; i < servers.length && second === undefined; i++) {
    if (cancel?.aborted) return failure({ kind: 'aborted', message: 'The STUN query was cancelled.' });
    second = await again(servers[i]);
  }
  if (second !== undefined) {
    answers.push(second);
  } else {
    const other = first.otherAddress;
    if (other !== undefined && other.family === first.server.family && other.address !== first.server.address) {
      const { test2, test3 } = rfc5780MappingTargets(first.server, other);
      const two = await again({ host: test2.address, port: test2.port });
      if (two !== undefined) {
        answers.push(two);
        if (two.mapped.address !== first.mapped.address || two.mapped.port !== first.mapped.port) {
          const three = await again({ host: test3.address, port: test3.port });
          if (three !== undefined) answers.push(three);
        }
      }
    }
  }
  if (cancel?.aborted) return failure({ kind: 'aborted', message: 'The STUN query was cancelled.' });

  const verdict = classifyMapping({ localAddress: first.localAddress, localPort: first.localPort, observations: answers.map(observe) });
  const mapping: Omit<StunMapping, 'warnings'> = {
    requestedPort: options.localPort,
    localPort: first.localPort,
    localAddress: first.localAddress,
    portFallback: first.localPortFallback,
    mapped: first.mapped,
    server: formatServer(servers[firstIndex]),
    serverAddress: formatEndpoint(first.server.address, first.server.port),
    verdict,
    answers,
  };
  return { ok: true, value: { ...mapping, warnings: [...mappingWarnings(mapping, options.sipServer), ...checkNotes] } };
}

/** What the user must know before trusting a mapping. */
export function mappingWarnings(mapping: Omit<StunMapping, 'warnings'>, sipServer?: StunServerAddress): string[] {
  const warnings: string[] = [];
  const mapped = formatEndpoint(mapping.mapped.address, mapping.mapped.port);
  if (mapping.portFallback && mapping.requestedPort !== undefined) {
    warnings.push(
      `Port ${mapping.requestedPort} is in use on this machine, so the query went from port ${mapping.localPort}: ` +
        `the NAT may map port ${mapping.requestedPort} to another port than ${mapping.mapped.port}.`,
    );
  }
  if (mapping.verdict.symmetric === true) {
    const ask = sipServer !== undefined
      ? `ask the SIP server itself: STUN to ${formatServer(sipServer)} (Kamailio and Cisco Expressway-E answer STUN on their SIP port) gives the mapping it sees.`
      : 'ask the SIP server itself with STUN on its SIP port (Kamailio and Cisco Expressway-E answer there): that gives the mapping it sees.';
    warnings.push(`The NAT maps each destination differently (${mapping.verdict.mapping}): the mapping ${mapped} that ${mapping.server} saw is not the one your SIP server will see; ${ask}`);
  }
  if (nonPublicClass(mapping.mapped.address, []) !== undefined) {
    warnings.push(`${mapping.server} saw ${mapped}, itself not a public address: the STUN server is on this side of a NAT, or there is another NAT behind it.`);
  }
  return warnings;
}

/** `mapping: endpoint-independent, port preserved`. */
export function behaviourSummary(mapping: StunMapping): string {
  const port = mapping.verdict.portPreserved ? 'port preserved' : 'port not preserved';
  return `mapping: ${mapping.verdict.mapping}, ${port}${mapping.portFallback ? `, queried from port ${mapping.localPort} because ${mapping.requestedPort} is busy` : ''}`;
}

/** `100.64.0.10:8214 -> 203.0.113.1:5410 via 203.0.113.5:3478 (mapping: endpoint-independent, port preserved)`. */
export function mappingLine(privateAddress: string | undefined, mapping: StunMapping): string {
  const from = formatEndpoint(privateAddress ?? mapping.localAddress, mapping.requestedPort ?? mapping.localPort);
  return `${from} -> ${formatEndpoint(mapping.mapped.address, mapping.mapped.port)} via ${mapping.serverAddress} (${behaviourSummary(mapping)})`;
}

// ---------------------------------------------------------------------------------------------
// Building the fix.
// ---------------------------------------------------------------------------------------------

/** Finds the mapping to use for a target: the one queried from its port. */
export type MappingLookup = (target: StunTarget) => StunMapping | undefined;

/** A lookup over probes keyed by local port; `undefined` keys a probe from any port. */
export function lookupByPort(mappings: ReadonlyMap<number | undefined, StunMapping>): MappingLookup {
  return (target) => mappings.get(target.port) ?? (target.port === undefined ? mappings.values().next().value : undefined);
}

/**
 * The fix that writes the STUN mappings into the messages of `targets`: every address of a
 * target rewritten by `substituteMapping` in its message (Contact, top Via with rport, SDP
 * c=/o=/a=rtcp), Content-Length recounted once per message. Targets without a mapping are
 * skipped. Undefined when nothing changes.
 */
export function stunFixForTargets(document: SipDocument, targets: readonly StunTarget[], mappingFor: MappingLookup, index: DocumentIndex = new DocumentIndex(document)): Fix | undefined {
  const byMessage = new Map<number, { from: AddressPort; to: AddressPort }[]>();
  const used: StunMapping[] = [];
  for (const target of targets) {
    const mapping = mappingFor(target);
    if (mapping === undefined) continue;
    if (!used.includes(mapping)) used.push(mapping);
    const list = byMessage.get(target.messageIndex) ?? [];
    if (list.some((s) => sameAddress(s.from.address, target.address) && s.from.port === target.port)) continue;
    list.push({
      from: { address: target.address, port: target.port },
      // An address the SDP alone names keeps its ports: the mapping is of a signalling port.
      to: target.port === undefined ? { address: mapping.mapped.address } : { address: mapping.mapped.address, port: mapping.mapped.port },
    });
    byMessage.set(target.messageIndex, list);
  }
  const edits: TextEdit[] = [];
  for (const [messageIndex, substitutions] of [...byMessage].sort((a, b) => a[0] - b[0])) {
    const message = document.messages[messageIndex];
    edits.push(...messageEdits(document.text, message, index.values(message), substitutions));
  }
  if (edits.length === 0 || used.length === 0) return undefined;
  const title = used.length === 1
    ? `Use STUN mapping ${formatEndpoint(used[0].mapped.address, used[0].mapped.port)} (from ${used[0].server})`
    : `Use STUN mappings ${used.map((m) => formatEndpoint(m.mapped.address, m.mapped.port)).join(', ')} (from ${used[0].server})`;
  return { title, edits, safety: 'unsafe' };
}

/**
 * The edits of one message for several substitutions: each address rewritten where it appears,
 * and Content-Length recounted once over all of them (separate `substituteMapping` calls would
 * each write their own Content-Length).
 */
function messageEdits(text: string, message: SipMessage, values: MessageValues, substitutions: readonly { from: AddressPort; to: AddressPort }[]): TextEdit[] {
  if (substitutions.length === 1) return substituteMapping(text, message, values, substitutions[0].from, substitutions[0].to);
  const lengthHeader = values.header('content-length');
  const isLengthEdit = (e: TextEdit): boolean =>
    lengthHeader !== undefined
      ? e.range.start === lengthHeader.valueRange.start && e.range.end === lengthHeader.valueRange.end
      : e.range.start === message.headerEnd && e.range.end === message.headerEnd && e.newText.startsWith('Content-Length:');
  const edits: TextEdit[] = [];
  for (const { from, to } of substitutions) {
    for (const edit of substituteMapping(text, message, values, from, to)) {
      if (isLengthEdit(edit)) continue;
      if (edits.some((e) => e.range.start < edit.range.end && edit.range.start < e.range.end)) continue;
      if (edits.some((e) => e.range.start === edit.range.start && e.range.end === edit.range.end)) continue;
      edits.push(edit);
    }
  }
  edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  const lengthEdit = contentLengthEdit(text, message, values, edits);
  if (lengthEdit !== undefined && text.slice(lengthEdit.range.start, lengthEdit.range.end) !== lengthEdit.newText) {
    edits.push(lengthEdit);
    edits.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  }
  return edits;
}
