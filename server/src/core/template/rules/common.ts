/**
 * What the template rules share: the fix that writes `data.replacement` over the finding's
 * range, and small readers of keyword uses. Not a rule: `index.ts` lists the rules.
 */
import type { Fix, FindingData } from '../../types';
import type { FixContext } from '../../rules/rule';
import type { SubstitutedKeyword } from '../substitute';

/** A fix that replaces the finding's range by `data.replacement`; keyed on data only. */
export function replacementFix(ctx: FixContext, title: (data: FindingData) => string, safety: Fix['safety']): Fix | undefined {
  const data = ctx.finding.data;
  if (!data || typeof data.replacement !== 'string') return undefined;
  return { title: title(data), safety, edits: [{ range: ctx.finding.range, newText: data.replacement }] };
}

/** The name of a built-in keyword use (`local_ip`), or undefined for the parameterised families. */
export function simpleName(keyword: SubstitutedKeyword): string | undefined {
  return keyword.use.family.type === 'simple' ? keyword.use.family.info.name : undefined;
}
