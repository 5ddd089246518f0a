/**
 * Every rule, in one list. A rule is added by writing its file under `rules/<group>/` and
 * listing it in that group's `index.ts`; nothing else registers rules.
 */
import type { Rule } from './rule';
import { syntaxRules } from './syntax';
import { headerRules } from './header';
import { messageRules } from './message';
import { sdpRules } from './sdp';
import { natRules } from './nat';
import { templateRules } from '../template/rules';

export const rules: readonly Rule[] = [...syntaxRules, ...messageRules, ...headerRules, ...sdpRules, ...natRules, ...templateRules];

const byId = new Map(rules.map((rule) => [rule.id, rule]));

/** The rule with this id, or undefined. */
export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
