import type { Rule } from '../rule';
import { missingMandatoryHeader } from './missing-mandatory-header';
import { cseqMethodMismatch } from './cseq-method-mismatch';
import { contentLengthMismatch } from './content-length-mismatch';
import { statusCodeOutOfRange } from './status-code-out-of-range';
import { responseMissingRequiredHeader } from './response-missing-required-header';
import { malformedRequestUri } from './malformed-request-uri';
import { unusualRequestUriScheme } from './unusual-request-uri-scheme';
import { bodyWithoutContentType } from './body-without-content-type';
import { acceptExcludesBodyType } from './accept-excludes-body-type';
import { dialogWithoutContact } from './dialog-without-contact';

/** Rules about a message as a whole: its start line, framing and required headers. */
export const messageRules: readonly Rule[] = [
  missingMandatoryHeader, cseqMethodMismatch, contentLengthMismatch, statusCodeOutOfRange,
  responseMissingRequiredHeader, malformedRequestUri, unusualRequestUriScheme, bodyWithoutContentType, acceptExcludesBodyType,
  dialogWithoutContact,
];
