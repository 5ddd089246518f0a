/**
 * NAT mapping behaviour (RFC 5780 section 4.3) from Binding answers that were all obtained
 * from one local socket. Pure: the transport collects the answers, this module judges them.
 *
 * The judgement rests on pairs of answers. Two servers on different IP addresses that report
 * the same mapping show that the mapping does not depend on the destination address; two
 * ports of one server address that report different mappings show that it depends on the
 * port. That covers both ways of asking: two independent servers, and the RFC 5780 sequence
 * (primary address, then the OTHER-ADDRESS's IP with the primary port, then OTHER-ADDRESS).
 */

import type { TransportAddress } from './types';

/** How a NAT chooses the public mapping for packets from one local address and port. */
export type MappingBehaviour =
  /** No translation seen: the mapping is the local address and port. */
  | 'no-nat'
  /** One mapping for every destination: what SIP and RTP need to work through the NAT. */
  | 'endpoint-independent'
  /** A new mapping per destination IP address. */
  | 'address-dependent'
  /** A new mapping per destination IP address and port ("symmetric" in RFC 3489 terms). */
  | 'address-and-port-dependent'
  /** The mapping changes with the destination, but the answers do not tell address- from port-dependence. */
  | 'endpoint-dependent'
  /** The answers cannot tell (one answer, or servers that share one IP address and agree). */
  | 'unknown';

/** One Binding answer: where the request went, and the mapping the server saw. */
export interface MappingObservation {
  /** The address and port the request was sent to. */
  readonly server: { readonly address: string; readonly port: number };
  readonly mapped: TransportAddress;
}

/** What to classify: the local socket and the answers it got. */
export interface MappingInput {
  /** The socket's local address; leave out (or give a wildcard) when it is not known. */
  readonly localAddress?: string;
  readonly localPort: number;
  readonly observations: readonly MappingObservation[];
}

/** The verdict of {@link classifyMapping}. */
export interface MappingVerdict {
  readonly mapping: MappingBehaviour;
  /**
   * True when "symmetric" in the RFC 3489 sense (the mapping depends on the destination), so a
   * mapping learned from a STUN server is useless for any other peer. Undefined when unknown.
   */
  readonly symmetric: boolean | undefined;
  /**
   * True when some translation happened (address or port rewritten), false when every answer
   * equals the local address and port, undefined when the local address is unknown and the
   * port was kept.
   */
  readonly natDetected: boolean | undefined;
  /** True when every answer kept the local port. */
  readonly portPreserved: boolean;
  /** The public address to advertise, when the mapping is stable enough to advertise one. */
  readonly publicAddress?: TransportAddress;
  /** A sentence for the user that says what was seen. */
  readonly explanation: string;
}

const WILDCARDS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '']);

function sameMapping(a: TransportAddress, b: TransportAddress): boolean {
  return a.address === b.address && a.port === b.port;
}

function show(t: { readonly address: string; readonly port: number }): string {
  return t.address.includes(':') ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`;
}

/**
 * Classifies the mapping behaviour from answers obtained through one local socket, and tells
 * whether a NAT is present and whether it kept the local port.
 */
export function classifyMapping(input: MappingInput): MappingVerdict {
  const { observations, localPort } = input;
  if (observations.length === 0) {
    return { mapping: 'unknown', symmetric: undefined, natDetected: undefined, portPreserved: false, explanation: 'No STUN server answered.' };
  }
  const first = observations[0].mapped;
  const portPreserved = observations.every((o) => o.mapped.port === localPort);
  const localKnown = input.localAddress !== undefined && !WILDCARDS.has(input.localAddress);
  const untranslated = observations.every((o) => o.mapped.port === localPort && (!localKnown || o.mapped.address === input.localAddress));
  const natDetected = !untranslated ? true : localKnown ? false : undefined;
  const portWords = portPreserved ? 'the local port was kept' : `the local port ${localPort} was not kept`;

  if (natDetected === false) {
    return {
      mapping: 'no-nat',
      symmetric: false,
      natDetected,
      portPreserved,
      publicAddress: first,
      explanation: `Every server saw the local address ${show(first)} itself: no NAT between here and the servers.`,
    };
  }

  // Look at every pair of answers: does it differ in server address, in server port only?
  let addressPairAgrees = false;
  let addressPairDiffers = false;
  let portPairAgrees = false;
  let portPairDiffers = false;
  for (let i = 0; i < observations.length; i++) {
    for (let j = i + 1; j < observations.length; j++) {
      const a = observations[i];
      const b = observations[j];
      const agree = sameMapping(a.mapped, b.mapped);
      if (a.server.address !== b.server.address) {
        if (agree) addressPairAgrees = true;
        else addressPairDiffers = true;
      } else if (a.server.port !== b.server.port) {
        if (agree) portPairAgrees = true;
        else portPairDiffers = true;
      }
    }
  }

  const seen = observations.map((o) => `${show(o.server)} saw ${show(o.mapped)}`).join('; ');
  const verdict = (mapping: MappingBehaviour, symmetric: boolean | undefined, words: string, advertise: boolean): MappingVerdict => ({
    mapping,
    symmetric,
    natDetected,
    portPreserved,
    ...(advertise ? { publicAddress: first } : {}),
    explanation: `${words} (${seen}); ${portWords}.`,
  });

  if (addressPairDiffers || portPairDiffers) {
    if (portPairDiffers) {
      return verdict('address-and-port-dependent', true, 'The mapping changes with the destination address and port: a symmetric NAT', false);
    }
    if (portPairAgrees) {
      return verdict('address-dependent', true, 'The mapping changes with the destination address but not its port', false);
    }
    return verdict('endpoint-dependent', true, 'The mapping changes with the destination: a symmetric NAT', false);
  }
  if (addressPairAgrees) {
    return verdict('endpoint-independent', false, 'Servers on different addresses saw the same mapping: endpoint-independent', true);
  }
  const why =
    observations.length === 1
      ? 'One answer cannot show whether the mapping depends on the destination'
      : 'The servers share one IP address, so their agreement does not show endpoint independence';
  return verdict('unknown', undefined, why, true);
}

/**
 * The destinations of RFC 5780 mapping tests II and III, given the primary address that test I
 * used and the OTHER-ADDRESS it returned: test II goes to the other IP with the primary port,
 * test III to the other IP and port.
 */
export function rfc5780MappingTargets(
  primary: { readonly address: string; readonly port: number },
  other: { readonly address: string; readonly port: number },
): { readonly test2: { address: string; port: number }; readonly test3: { address: string; port: number } } {
  return { test2: { address: other.address, port: primary.port }, test3: { address: other.address, port: other.port } };
}
