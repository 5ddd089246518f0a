/**
 * The NAT-traversal rules: addresses the Internet does not route where a peer must reach the
 * sender (Contact, Via, SDP), and the evidence of NAT the trace itself holds.
 */
import type { Rule } from '../rule';
import { privateContact } from './private-contact';
import { privateVia } from './private-via';
import { privateMaddr } from './private-maddr';
import { viaMissingRport } from './via-missing-rport';
import { privateSdpConnection } from './private-sdp-connection';
import { privateSdpOrigin } from './private-sdp-origin';
import { privateRtcp } from './private-rtcp';
import { privateCandidate } from './private-candidate';
import { publicMappingKnown } from './public-mapping-known';
import { sourceDiffersFromVia } from './source-differs-from-via';

export const natRules: Rule[] = [
  privateContact,
  privateVia,
  privateMaddr,
  viaMissingRport,
  privateSdpConnection,
  privateSdpOrigin,
  privateRtcp,
  privateCandidate,
  publicMappingKnown,
  sourceDiffersFromVia,
];
