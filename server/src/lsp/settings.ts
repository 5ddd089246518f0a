/**
 * Settings per resource: pulled from the client with `workspace/configuration` for each
 * document's URI, normalized by the core, cached until the client says they changed.
 */
import type { Connection } from 'vscode-languageserver';
import { defaultSettings, normalizeSettings, type LintSettings } from '../core/index';

/** Everything the server reads from `sipnat.*`, typed. */
export interface ServerSettings {
  readonly lint: LintSettings;
  readonly stunServers: readonly string[];
  readonly stunTimeoutMs: number;
}

export const defaultServerSettings: ServerSettings = { lint: defaultSettings, stunServers: [], stunTimeoutMs: 3000 };

export function normalizeServerSettings(raw: unknown): ServerSettings {
  const input = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const stun = input.stun && typeof input.stun === 'object' ? (input.stun as Record<string, unknown>) : {};
  const servers = Array.isArray(stun.servers) ? stun.servers.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
  const timeout = typeof stun.timeoutMs === 'number' && stun.timeoutMs > 0 ? Math.min(stun.timeoutMs, 60000) : 3000;
  return { lint: normalizeSettings(input), stunServers: servers, stunTimeoutMs: timeout };
}

export class SettingsCache {
  private readonly cache = new Map<string, Promise<ServerSettings>>();

  constructor(private readonly connection: Connection, private readonly canPull: () => boolean) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.canPull()) return Promise.resolve(defaultServerSettings);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'sipnat' })
        .then(normalizeServerSettings, () => defaultServerSettings);
      this.cache.set(uri, settings);
    }
    return settings;
  }

  clear(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}
