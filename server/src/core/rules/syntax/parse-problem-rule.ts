/**
 * Syntax rules own the problems the parser records: the rule gives them documentation and a
 * severity, and reports each one where the parser found it.
 */
import type { DocumentContext, Rule } from '../rule';
import { defineRule } from '../rule';

/** A rule that reports the parse problems whose code is its id. */
export function parseProblemRule(rule: Omit<Rule, 'checkDocument' | 'checkMessage'>): Rule {
  return defineRule({
    ...rule,
    checkDocument(ctx: DocumentContext) {
      for (const problem of ctx.problems) ctx.report(problem.range, problem.message, problem.data);
    },
  });
}
