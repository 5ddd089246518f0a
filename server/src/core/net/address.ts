/**
 * Address classes: which IANA special-purpose block an address belongs to, and whether the
 * Internet routes it. Built on ipaddr.js's range names, not on hand-written masks.
 */

/** A block the Internet does not route. */
export interface AddressClass {
  /** Short id: `private`, `cgnat`, `loopback`, `link-local`, `ietf-protocol`, `ula`, ... */
  readonly id: string;
  /** Words for a message: `RFC 6598 shared address space`. */
  readonly description: string;
  /** `RFC 6598`. */
  readonly rfc: string;
  /** The block in CIDR form: `100.64.0.0/10`. */
  readonly block: string;
}

/**
 * Classifies an IPv4 or IPv6 literal (no brackets). Returns the non-public class it belongs to,
 * or undefined when the address is public, is not an IP literal, or lies in one of the user's
 * `internalNetworks`. IPv4-mapped IPv6 addresses are classified by their IPv4 part.
 */
export declare function nonPublicClass(address: string, internalNetworks: readonly string[]): AddressClass | undefined;
