/**
 * The core's one entry point, used by the `sip-lint` CLI and the language server alike.
 * Pure: no editor, LSP, socket or file-system code below this folder.
 */
export type * from './types';
export type * from './sip/model';
export type { Rule, RuleDocs } from './rules/rule';
export { lint, lintDocument, lintMessages, type LintResult } from './lint';
export { parseDocument } from './sip/parse';
export { fixFor, fixAll, applyEdits } from './fix/apply';
export { LineIndex } from './text';
export { rules, ruleById } from './rules/registry';
export { normalizeSettings, defaultSettings } from './settings';
export { lintTemplate, templateKind, fixAllTemplate, templateFixFor, keywordCompletions, keywordHover, templateRules, type TemplateKind, type TemplateLintResult, type KeywordCompletion } from './template';
