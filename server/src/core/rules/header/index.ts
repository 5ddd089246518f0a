import type { Rule } from '../rule';
import { malformedValue } from './malformed-value';
import { duplicateSingleValued } from './duplicate-single-valued';
import { scalarOutOfRange } from './scalar-out-of-range';
import { viaBranch } from './via-branch';
import { viaProtocol } from './via-protocol';
import { fromMissingTag } from './from-missing-tag';
import { toMissingTag } from './to-missing-tag';
import { dateNotGmt } from './date-not-gmt';
import { nonSipUri } from './non-sip-uri';
import { viaBroadcast } from './via-broadcast';
import { suspiciousIpv6Reference } from './suspicious-ipv6-reference';

/** Rules about single header values. */
export const headerRules: readonly Rule[] = [malformedValue, duplicateSingleValued, scalarOutOfRange, viaBranch, viaProtocol, viaBroadcast, fromMissingTag, toMissingTag, dateNotGmt, nonSipUri, suspiciousIpv6Reference];
