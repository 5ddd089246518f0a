import type { Rule } from '../rule';
import { malformedStartLine } from './malformed-start-line';
import { unsupportedSipVersion } from './unsupported-sip-version';
import { headerWithoutColon } from './header-without-colon';
import { invalidHeaderName } from './invalid-header-name';
import { missingEmptyLine } from './missing-empty-line';
import { lfLineEndings } from './lf-line-endings';
import { strayText } from './stray-text';
import { noSipMessage } from './no-sip-message';
import { invalidUtf8 } from './invalid-utf8';

/** Rules that report what the parser found. */
export const syntaxRules: readonly Rule[] = [
  malformedStartLine, unsupportedSipVersion, headerWithoutColon, invalidHeaderName,
  missingEmptyLine, lfLineEndings, strayText, noSipMessage, invalidUtf8,
];
