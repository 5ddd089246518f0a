/**
 * Lint settings: one function turns whatever a user wrote (VS Code settings, a CLI config file,
 * command-line flags) into the typed {@link LintSettings}, dropping what it cannot read.
 */
import type { LintSettings, SeveritySetting } from './types';

export const defaultSettings: LintSettings = Object.freeze({
  severities: Object.freeze({}),
  internalNetworks: Object.freeze([]) as readonly string[],
});

const severityNames = new Set<SeveritySetting>(['error', 'warning', 'info', 'off']);

/**
 * Normalizes raw settings of the shape `{ rules: { id: severity }, internalNetworks: [cidr] }`
 * (the `sipnat.*` settings). `severities` is accepted as a synonym of `rules`. Unknown keys and
 * malformed values are ignored; `hint` and `information` are read as `info`.
 */
export function normalizeSettings(raw: unknown): LintSettings {
  if (!raw || typeof raw !== 'object') return defaultSettings;
  const input = raw as Record<string, unknown>;
  const severities: Record<string, SeveritySetting> = {};
  const rulesInput = input.rules ?? input.severities;
  if (rulesInput && typeof rulesInput === 'object') {
    for (const [id, value] of Object.entries(rulesInput as Record<string, unknown>)) {
      const severity = normalizeSeverity(value);
      if (severity) severities[id] = severity;
    }
  }
  const internalNetworks = Array.isArray(input.internalNetworks)
    ? input.internalNetworks.filter((cidr): cidr is string => typeof cidr === 'string' && cidr.trim() !== '').map((cidr) => cidr.trim())
    : [];
  return { severities, internalNetworks };
}

function normalizeSeverity(value: unknown): SeveritySetting | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  if (lower === 'hint' || lower === 'information') return 'info';
  if (lower === 'warn') return 'warning';
  return severityNames.has(lower as SeveritySetting) ? (lower as SeveritySetting) : undefined;
}
