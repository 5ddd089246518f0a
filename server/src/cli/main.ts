/**
 * The `sip-lint` entry point: binds the CLI to the real core and to this process, runs it,
 * and sets the exit status. `bin/sip-lint.js` calls {@link main}.
 */
import * as fs from 'node:fs';
import * as core from '../core';
import type { CoreApi } from './core-api';
import { runCli, type CliIo } from './run';
import { loadToolInfo } from './tool-info';
import type { StunClient } from '../core/stun/types';

/** The real core, checked against the interface the CLI is written for. */
const realCore: CoreApi = core;

/**
 * The socket STUN client, loaded on the first query: only `--stun` sends one, and the module
 * brings Node's socket and DNS modules with it, which every other run would load for nothing.
 */
const lazyStunClient: StunClient = {
  query: async (request, cancel) => (await import('../node/stun-transport.js')).nodeStunClient.query(request, cancel),
};

/** This process's streams and working directory. */
export const processIo: CliIo = {
  cwd: process.cwd(),
  writeStdout: (data) => {
    process.stdout.write(data);
  },
  writeStderr: (text) => {
    process.stderr.write(text);
  },
  stdinIsPiped: () => {
    try {
      const stat = fs.fstatSync(0);
      return stat.isFIFO() || stat.isFile() || stat.isSocket();
    } catch {
      return false;
    }
  },
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  },
};

/**
 * Runs `sip-lint` with the given arguments, sets `process.exitCode`, and ends the process once
 * standard output and standard error have taken everything written to them.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // A reader that stops early (`sip-lint trace.sip | head`) is not an error of ours: the rest
  // of the output is dropped and the exit status stays the one the findings decide.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    process.exitCode = await runCli(argv, { core: realCore, tool: loadToolInfo(__dirname), io: processIo, stun: lazyStunClient });
  } catch (e) {
    // A bug, not a finding: say so in one line plus the stack, and exit like a usage error.
    process.stderr.write(`sip-lint: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
  exitWhenFlushed();
}

/**
 * Ends the process, with `process.exitCode`, once the streams' pending writes are done (a
 * stream calls back in the order written). Ending it at once, instead of waiting for Node to
 * tear down a heap that held a large trace, saves tens of milliseconds. After a failed write
 * the process ends as it would anyway: the stream's error is handled (EPIPE) or thrown first.
 */
function exitWhenFlushed(): void {
  let pending = 2;
  let failed = false;
  const done = (error?: Error | null): void => {
    if (error) failed = true;
    if (--pending === 0 && !failed) process.exit();
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}
