/**
 * The `sip-lint` entry point: binds the CLI to the real core and to this process, runs it,
 * and sets the exit status. `bin/sip-lint.js` calls {@link main}.
 */
import * as fs from 'node:fs';
import * as core from '../core';
import type { CoreApi } from './core-api';
import { runCli, type CliIo } from './run';
import { loadToolInfo } from './tool-info';
import { nodeStunClient } from '../node/stun-transport';

/** The real core, checked against the interface the CLI is written for. */
const realCore: CoreApi = core;

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
 * Runs `sip-lint` with the given arguments. The exit status is set on `process.exitCode`,
 * not by `process.exit`, so that everything written to a pipe is flushed first.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // A reader that stops early (`sip-lint trace.sip | head`) is not an error of ours: the rest
  // of the output is dropped and the exit status stays the one the findings decide.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  try {
    process.exitCode = await runCli(argv, { core: realCore, tool: loadToolInfo(__dirname), io: processIo, stun: nodeStunClient });
  } catch (e) {
    // A bug, not a finding: say so in one line plus the stack, and exit like a usage error.
    process.stderr.write(`sip-lint: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) void main();
