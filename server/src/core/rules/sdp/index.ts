/**
 * The SDP rules (RFC 8866), in the order they appear in the rule table.
 */
import type { Rule } from '../rule';
import { malformedLine } from './malformed-line';
import { missingRequiredLine } from './missing-required-line';
import { badVersion } from './bad-version';
import { lineOrder } from './line-order';
import { missingConnection } from './missing-connection';
import { invalidPort } from './invalid-port';
import { invalidFormat } from './invalid-format';
import { missingRtpmap } from './missing-rtpmap';

export const sdpRules: Rule[] = [
  malformedLine,
  missingRequiredLine,
  badVersion,
  lineOrder,
  missingConnection,
  invalidPort,
  invalidFormat,
  missingRtpmap,
];
