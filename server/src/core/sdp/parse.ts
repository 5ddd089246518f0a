/**
 * The SDP parser (RFC 8866): reads the body text at a range line by line. It never throws;
 * a line it cannot read becomes an error and parsing goes on at the next line.
 */
import type { Parsed, Range } from '../types';
import type { SdpSession } from './model';

/** Parses the SDP text at `range` of `text`. */
export declare function parseSdp(text: string, range: Range): Parsed<SdpSession>;

/**
 * Finds the SDP inside a message body: the body itself when Content-Type is application/sdp
 * (or absent and the body starts with `v=`), or each application/sdp part of a multipart body.
 */
export declare function findSdpRanges(text: string, contentType: string | undefined, body: Range): Range[];
