/**
 * Fixes in templates. Only the template rules' fixes apply: the core rules' fixes compute
 * their edits on the substituted text, which is not the text the user edits.
 */
import type { Finding, Fix, LintSettings } from '../types';
import { parseDocument } from '../sip/parse';
import { applyFixRounds } from '../fix/apply';
import { templateRules } from './rules';
import { lintTemplate } from './lint';

const byId = new Map(templateRules.map((rule) => [rule.id, rule]));
const emptyDocument = parseDocument('');

/** The fix of a template finding, from its rule id, range and data; undefined when it has none. */
export function templateFixFor(finding: Finding): Fix | undefined {
  const rule = byId.get(finding.ruleId);
  if (!rule?.fix) return undefined;
  try {
    return rule.fix({ document: emptyDocument, message: undefined, finding, values: undefined });
  } catch {
    return undefined;
  }
}

/**
 * Applies every template fix (safe ones, and unsafe ones when asked), re-linting after each
 * round, for at most ten rounds. Text that is no template comes back unchanged.
 */
export function fixAllTemplate(text: string, settings: LintSettings, options: { readonly unsafe: boolean }): { text: string; fixed: number } {
  return applyFixRounds(text, options, (current) => lintTemplate(current, settings)?.findings.map(templateFixFor));
}
