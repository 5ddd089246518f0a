/**
 * Fixes in templates. Only the template rules' fixes apply: the core rules' fixes compute
 * their edits on the substituted text, which is not the text the user edits.
 */
import type { Finding, Fix, LintSettings } from '../types';
import { parseDocument } from '../sip/parse';
import { applyEdits } from '../fix/apply';
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
  let current = text;
  let fixed = 0;
  for (let round = 0; round < 10; round++) {
    const result = lintTemplate(current, settings);
    if (!result) break;
    const edits = [];
    let taken = 0;
    let floor = -1;
    for (const finding of result.findings) {
      const fix = templateFixFor(finding);
      if (!fix || fix.edits.length === 0 || (fix.safety === 'unsafe' && !options.unsafe)) continue;
      const start = Math.min(...fix.edits.map((e) => e.range.start));
      if (start < floor) continue;
      edits.push(...fix.edits);
      floor = Math.max(...fix.edits.map((e) => e.range.end));
      taken++;
    }
    if (taken === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    fixed += taken;
  }
  return { text: current, fixed };
}
