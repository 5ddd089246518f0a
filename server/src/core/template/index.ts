/**
 * SIPp scenarios and `.sip` templates with SIPp keywords: the one entry the front ends use.
 * Pure, like the rest of the core.
 */
export { lintTemplate, templateKind, type TemplateKind, type TemplateLintResult } from './lint';
export { templateRules } from './rules';
export { keywordCompletions, keywordHover, type KeywordCompletion } from './assist';
export { keywordCatalogue, type KeywordInfo, type KeywordKind } from './keywords';
export { templateFixFor, fixAllTemplate } from './fix';
