/**
 * Builds the lint settings of one run from, in increasing priority: the core's defaults, the
 * `--config` file, and the `--rule` and `--internal-network` options. The config file has the
 * shape of the editor settings, so one file serves both: `{ "sipnat.rules": { "id": "off" },
 * "sipnat.internalNetworks": ["10.20.0.0/16"] }`; the nested form `{ "sipnat": { "rules": ...,
 * "internalNetworks": ... } }` and the bare form `{ "rules": ..., "internalNetworks": ... }` are
 * read as well. The core's `normalizeSettings` has the last word on what each value means.
 */
import type { LintSettings, SeveritySetting } from '../core/types';
import type { CoreApi } from './core-api';
import { looksLikeCidr, SEVERITY_SETTINGS } from './args';

/** The settings as the editor stores them: what `normalizeSettings` reads. */
export interface RawSettings {
  rules: { [ruleId: string]: unknown };
  internalNetworks: unknown[];
}

/** The result of {@link readConfigText}: raw settings, or one line saying what is wrong. */
export type ConfigResult = { readonly ok: true; readonly raw: RawSettings } | { readonly ok: false; readonly error: string };

/** Reads the text of a `--config` file. */
export function readConfigText(text: string): ConfigResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `is not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObject(json)) return { ok: false, error: 'must hold a JSON object' };
  const nested = isObject(json.sipnat) ? json.sipnat : undefined;
  const rules = json['sipnat.rules'] ?? nested?.rules ?? json.rules ?? {};
  const networks = json['sipnat.internalNetworks'] ?? nested?.internalNetworks ?? json.internalNetworks ?? [];
  if (!isObject(rules)) return { ok: false, error: '"sipnat.rules" must be an object of rule id to severity' };
  if (!Array.isArray(networks)) return { ok: false, error: '"sipnat.internalNetworks" must be an array of CIDR strings' };
  // A typo must not quietly leave a rule at its default or a network reported: the options
  // on the command line refuse the same values.
  for (const [id, severity] of Object.entries(rules)) {
    if (typeof severity !== 'string' || !SEVERITY_SETTINGS.includes(severity)) {
      return { ok: false, error: `sets ${id} to ${JSON.stringify(severity)}; a severity is error, warning, info or off` };
    }
  }
  for (const network of networks) {
    if (typeof network !== 'string' || !looksLikeCidr(network)) {
      return { ok: false, error: `lists ${JSON.stringify(network)} among "sipnat.internalNetworks"; it needs CIDRs such as 10.20.0.0/16` };
    }
  }
  return { ok: true, raw: { rules: { ...rules }, internalNetworks: [...networks] } };
}

/**
 * Merges the command-line options over the raw settings and normalizes the result. Networks
 * add up; a rule override replaces what the file said for that rule.
 */
export function resolveSettings(
  core: Pick<CoreApi, 'normalizeSettings'>,
  raw: RawSettings | undefined,
  ruleOverrides: readonly { readonly id: string; readonly severity: SeveritySetting }[],
  internalNetworks: readonly string[],
): LintSettings {
  const merged: RawSettings = {
    rules: { ...(raw?.rules ?? {}) },
    internalNetworks: [...(raw?.internalNetworks ?? []), ...internalNetworks],
  };
  for (const { id, severity } of ruleOverrides) merged.rules[id] = severity;
  return core.normalizeSettings(merged);
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
