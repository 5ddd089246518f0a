/**
 * Types shared by the STUN codec, the NAT-behaviour logic and whatever performs queries (the
 * Node transport, or a fake in tests). They are plain data so a result can travel in a
 * finding's `data` or over LSP unchanged.
 */

/** An IP address family as STUN encodes it (0x01 and 0x02). */
export type AddressFamily = 'IPv4' | 'IPv6';

/** An IP address and port: what STUN calls a transport address. */
export interface TransportAddress {
  /** The address in text: dotted quad, or RFC 5952 IPv6 without brackets. */
  readonly address: string;
  readonly port: number;
  readonly family: AddressFamily;
}

/** Where a STUN server listens. `host` is an IP literal or a name the caller resolves. */
export interface StunServerAddress {
  readonly host: string;
  readonly port: number;
}

/** The transport protocol a query runs over. */
export type StunTransportProtocol = 'udp' | 'tcp';

/** What a successful Binding transaction tells. */
export interface StunQueryResult {
  /** The address and port the server saw our request come from: the public mapping. */
  readonly mapped: TransportAddress;
  /** The local address the socket was bound to. */
  readonly localAddress: string;
  /** The local port the socket was bound to (compare with `mapped.port` for port preservation). */
  readonly localPort: number;
  /**
   * True when the caller asked for a local port that was in use and allowed a fallback: the
   * socket was bound to an ephemeral port instead, so the mapping is for another port.
   */
  readonly localPortFallback: boolean;
  /** The server that was asked, as resolved (address and port the request went to). */
  readonly server: TransportAddress;
  /** The address the response arrived from (differs from `server` after a CHANGE-REQUEST). */
  readonly source: TransportAddress;
  /** Time from the first transmission to the response, in milliseconds. */
  readonly rttMs: number;
  /** How many requests were sent (1 plus retransmissions; always 1 over TCP). */
  readonly transmissions: number;
  /** Which attribute gave the mapping: RFC 3489 servers send only MAPPED-ADDRESS. */
  readonly mappedFrom: 'XOR-MAPPED-ADDRESS' | 'MAPPED-ADDRESS';
  /** RESPONSE-ORIGIN (RFC 5780): where the server says the response was sent from. */
  readonly responseOrigin?: TransportAddress;
  /** OTHER-ADDRESS (RFC 5780): the server's alternate address, for behaviour discovery. */
  readonly otherAddress?: TransportAddress;
  /** The server's SOFTWARE attribute, if any. */
  readonly software?: string;
}

/** Why a query failed. */
export type StunFailureKind =
  /** No acceptable response before the total timeout. */
  | 'timeout'
  /** The server's port or host answered with ICMP unreachable / connection refused. */
  | 'unreachable'
  /** A response carried our transaction id but was malformed or unusable. */
  | 'bad-reply'
  /** The server answered with an error response (ERROR-CODE). */
  | 'error-response'
  /** The requested local port is already bound by something else. */
  | 'port-in-use'
  /** The server name could not be resolved to an address. */
  | 'resolve-failed'
  /** The caller's AbortSignal fired. */
  | 'aborted'
  /** Any other socket error (no route, address not available, ...). */
  | 'socket-error';

/** A failed query, as plain data. */
export interface StunFailure {
  readonly kind: StunFailureKind;
  /** A sentence for the user: what happened and, where useful, what to do. */
  readonly message: string;
  /** For `error-response`: the STUN error code (300-699) and reason phrase. */
  readonly code?: number;
  readonly reason?: string;
  /** For socket errors: the system error name (`ECONNREFUSED`, `EADDRINUSE`, ...). */
  readonly errno?: string;
  /** Datagrams or messages that were received and ignored (wrong transaction, garbage, ...). */
  readonly ignored?: number;
  /** Why the last ignored datagram was ignored, when there was one. */
  readonly lastIgnoredReason?: string;
}

/** The result of a query: never thrown, always returned. */
export type StunOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StunFailure };

/** What to ask a STUN server: everything a query needs except cancellation (a runtime matter). */
export interface StunQueryRequest {
  readonly server: StunServerAddress;
  /** Default `udp`. */
  readonly transport?: StunTransportProtocol;
  /** Bind the local socket to this port (the SIP port whose mapping the user wants). */
  readonly localPort?: number;
  /** Bind the local socket to this address; its family then picks the server's family. */
  readonly localAddress?: string;
  /**
   * When `localPort` is in use, bind an ephemeral port instead of failing. The result then has
   * `localPortFallback: true`, and its mapping may differ from the one for `localPort`.
   */
  readonly fallbackToEphemeralPort?: boolean;
  /** The whole query, retransmissions included, ends after this many milliseconds. */
  readonly totalTimeoutMs: number;
  /** The first retransmission timeout over UDP (RFC 8489 RTO), doubled each time. Default 500. */
  readonly rtoMs?: number;
  /** RFC 5780 CHANGE-REQUEST flags; the answer may then come from another address (UDP only). */
  readonly changeRequest?: { readonly changeIp?: boolean; readonly changePort?: boolean };
}

/**
 * Something that performs STUN queries. The Node transport implements it; tests and the core's
 * fix providers depend only on this interface.
 */
export interface StunClient {
  /** Runs one Binding transaction; `cancel`, when given and fired, ends it as `aborted`. */
  query(request: StunQueryRequest, cancel?: StunCancelSignal): Promise<StunOutcome<StunQueryResult>>;
}

/**
 * The part of an `AbortSignal` a query needs to be cancelled. The core has no DOM or Node
 * types, so it names this shape; a runtime's `AbortSignal` fits it.
 */
export interface StunCancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { readonly once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
