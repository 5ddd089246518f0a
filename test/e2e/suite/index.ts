/**
 * The extension-host test runner: VS Code loads this file (the `extensionTestsPath`) inside the
 * extension host and awaits `run()`. A rejected promise makes the host exit non-zero.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Runs every `*.test.js` next to this file and prints the pass and fail counts. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  // SIPNAT_E2E_GREP narrows the run to matching tests, as `mocha --grep` would.
  const grep = process.env.SIPNAT_E2E_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort();
  for (const name of files) mocha.addFile(path.join(__dirname, name));

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        console.log(`sipnat e2e: ${stats?.passes ?? 0} passing, ${failures} failing, ${stats?.pending ?? 0} pending (extension host, VS Code ${vscode.version})`);
        if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
        else if ((stats?.passes ?? 0) === 0) reject(new Error('no extension-host test ran'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
