/**
 * The part of the core facade (`server/src/core/index.ts`) that the CLI uses, written as an
 * interface. The CLI is written against this interface and receives the real core from
 * `main.ts`, so its modules can be tested with a small fake and type-checked on their own.
 * `main.ts` assigns the real core to a `CoreApi`, so a drift between the two is a compile error.
 */
import type { Finding, LintSettings } from '../core/types';
import type { SipDocument } from '../core/sip/model';
import type { Rule } from '../core/rules/rule';

export interface CoreApi {
  /** Parses `text` and runs every enabled rule; findings are sorted by `range.start`. */
  lint(text: string, settings?: LintSettings): { document: SipDocument; findings: Finding[] };
  /** Applies offline fixes until the text is stable; unsafe fixes only when asked. */
  fixAll(text: string, settings: LintSettings, options: { unsafe: boolean }): { text: string; fixed: number };
  /** Every rule, in registry order. */
  readonly rules: readonly Rule[];
  ruleById(id: string): Rule | undefined;
  /** Turns raw settings (`{ rules, internalNetworks }`, as the editor stores them) into typed ones. */
  normalizeSettings(raw: unknown): LintSettings;
  readonly defaultSettings: LintSettings;
  /**
   * Lints a SIPp scenario (XML with a `<scenario>` root) or a SIP template with SIPp keywords;
   * undefined for any other text (plain SIP goes to `lint`, other XML is not linted).
   */
  lintTemplate?(text: string, settings?: LintSettings): { readonly kind: 'scenario' | 'template'; readonly findings: Finding[] } | undefined;
  /** Applies the template rules' fixes to a scenario or template. */
  fixAllTemplate?(text: string, settings: LintSettings, options: { unsafe: boolean }): { text: string; fixed: number };
}
