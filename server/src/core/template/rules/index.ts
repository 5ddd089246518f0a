/**
 * The template rules: SIPp scenarios and `.sip` templates with SIPp keywords. They run through
 * `lintTemplate` (not the core `lint()`), which hands them the substituted messages; they are
 * listed here once, and exported so that the registry can document them and find their fixes.
 */
import type { TemplateRule } from '../context';
import { malformedScenario } from './malformed-scenario';
import { unknownKeyword } from './unknown-keyword';
import { misplacedKeyword } from './misplaced-keyword';
import { lenWithoutEmptyLine } from './len-without-empty-line';
import { extraEmptyLineBeforeBody } from './extra-empty-line-before-body';
import { routesAfterContentLength } from './routes-after-content-length';
import { ipv6AddressForm } from './ipv6-address-form';
import { literalPrivateAddress } from './literal-private-address';
import { localIpBehindNat } from './local-ip-behind-nat';
import { unexpectedResponse } from './unexpected-response';
import { invalidRecv } from './invalid-recv';
import { undefinedLabel } from './undefined-label';
import { optionalRecvBeforeSend } from './optional-recv-before-send';

export const templateRules: readonly TemplateRule[] = [
  malformedScenario, unknownKeyword, misplacedKeyword, lenWithoutEmptyLine, extraEmptyLineBeforeBody,
  routesAfterContentLength, ipv6AddressForm, literalPrivateAddress, localIpBehindNat,
  unexpectedResponse, invalidRecv, undefinedLabel, optionalRecvBeforeSend,
];
