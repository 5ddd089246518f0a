/**
 * `sip-lint --fix --stun HOST:PORT [--stun HOST2:PORT] [--local-port N]`: the STUN fix of the
 * whole file, as the editor's "fix every NAT finding in this file" does it. For each SIP port
 * the NAT findings name (or `--local-port` alone), ask the servers from that port, check the
 * NAT's behaviour with the second server, print what was seen, and write the mappings into
 * every finding's message. The STUN client comes in from the caller, so tests can pass a fake.
 */
import type { LintSettings } from '../core/types';
import type { StunClient, StunServerAddress } from '../core/stun/types';
import { lint } from '../core/lint';
import { applyEdits } from '../core/fix/apply';
import { DocumentIndex } from '../core/rules/context';
import { lookupByPort, mappingLine, nextHop, probeStunMapping, queryPorts, stunFixForTargets, stunTargets, type StunMapping } from '../core/fix/stun-fix';

/** What the command line asked of the STUN fix. */
export interface StunFixOptions {
  readonly servers: readonly StunServerAddress[];
  /** Query from this local port for every finding, instead of each finding's SIP port. */
  readonly localPort: number | undefined;
  /** The time limit of each query. */
  readonly timeoutMs: number;
}

/** What the STUN fix did to one text: the new text, the lines to print, or why it failed. */
export interface StunFixOutcome {
  readonly text: string;
  /** `stun: 100.64.0.10:8214 -> 203.0.113.1:5410 via 203.0.113.5:3478 (mapping: ...)`, warnings. */
  readonly lines: readonly string[];
  /** Set when a query failed; the text is then unchanged. */
  readonly error?: string;
}

/** Default time limit of one query, as the editor's `sipnat.stun.timeoutMs`. */
export const DEFAULT_STUN_TIMEOUT_MS = 3000;

/** Applies the STUN fix to every eligible NAT finding of `text`. Never throws. */
export async function applyStunFix(text: string, settings: LintSettings, options: StunFixOptions, client: StunClient): Promise<StunFixOutcome> {
  const { document, findings } = lint(text, settings);
  const index = new DocumentIndex(document);
  const targets = stunTargets(document, findings, index);
  if (targets.length === 0) return { text, lines: ['stun: no private address without a known mapping; nothing asked'] };

  const ports = options.localPort !== undefined ? [options.localPort] : queryPorts(targets);
  const mappings = new Map<number | undefined, StunMapping>();
  const lines: string[] = [];
  for (const port of ports) {
    const target = targets.find((t) => t.port === port) ?? targets[0];
    const message = document.messages[target.messageIndex];
    const probed = await probeStunMapping(client, {
      servers: options.servers,
      localPort: port,
      timeoutMs: options.timeoutMs,
      sipServer: nextHop(document, message, index.values(message)),
    });
    if (!probed.ok) return { text, lines, error: `stun: ${probed.error.message}` };
    mappings.set(port, probed.value);
    lines.push(`stun: ${mappingLine(target.address, probed.value)}`);
    for (const warning of probed.value.warnings) lines.push(`stun: warning: ${warning}`);
  }
  // With --local-port, one answer serves every finding, whatever port it names.
  const only = options.localPort !== undefined ? mappings.get(options.localPort) : undefined;
  const fix = stunFixForTargets(document, targets, only !== undefined ? () => only : lookupByPort(mappings), index);
  if (fix === undefined) return { text, lines };
  return { text: applyEdits(text, fix.edits), lines };
}
