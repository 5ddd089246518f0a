/**
 * Runs the extension-host tests with the standard @vscode/test-electron harness against the
 * PACKAGED extension.
 *
 * How the packaged extension gets under test: the .vsix is installed, with the editor's own
 * `--install-extension`, into a fresh extensions folder, exactly as a user installs it. The
 * `extensionDevelopmentPath` is not the repository but test/e2e/extension/, an empty extension
 * that only depends on `sipnat.sipnat` and hosts `extensionTestsPath`. So the code that runs is
 * the bundle inside the .vsix (dist/, package.json, grammars) and not the source tree, and the
 * smoke test checks that (the installed folder has a .vsixmanifest and no sources). Pointing
 * `extensionDevelopmentPath` at the unpacked .vsix would skip the install step and its checks.
 *
 * Editor host, chosen with SIPNAT_E2E_HOST:
 *   code-server (default): offline and headless. The "executable" is test/e2e/code-server-launcher.js,
 *     which serves VS Code 1.100 with code-server (scripts/install-code-server.sh) and drives it
 *     with headless chromium. Needs no display and no network.
 *   electron: the harness downloads VS Code (SIPNAT_E2E_VSCODE_VERSION, default 1.100.3) and runs
 *     the same suite in desktop VS Code. Needs network access once, and a display (or xvfb-run).
 *
 * Other switches: SIPNAT_VSIX (the package to test, default ./sipnat.vsix), SIPNAT_E2E_GREP (run
 * only matching tests), SIPNAT_E2E_KEEP=1 (keep the run folder with logs and the workspace copy).
 */
import * as cp from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';

/** The repository root; this file runs from out/e2e/ and is written in test/e2e/. */
const root = path.resolve(__dirname, '../..');

/** Where the editor comes from, and how to install an extension into it. */
interface EditorHost {
  readonly executable: string;
  /** The command line of the editor's CLI, before `--install-extension`. */
  readonly cli: readonly string[];
}

async function editorHost(): Promise<EditorHost> {
  const kind = process.env.SIPNAT_E2E_HOST ?? 'code-server';
  if (kind === 'code-server') {
    const launcher = path.join(root, 'test/e2e/code-server-launcher.js');
    const codeServer = path.join(root, '.code-server/node_modules/.bin/code-server');
    if (!fs.existsSync(codeServer)) throw new Error('code-server is not installed: run scripts/install-code-server.sh');
    return { executable: launcher, cli: [launcher] };
  }
  if (kind === 'electron') {
    const executable = await downloadAndUnzipVSCode(process.env.SIPNAT_E2E_VSCODE_VERSION ?? '1.100.3');
    return { executable, cli: resolveCliArgsFromVSCodeExecutablePath(executable, { reuseMachineInstall: true }) };
  }
  throw new Error(`SIPNAT_E2E_HOST must be code-server or electron, not ${kind}`);
}

/** Installs the .vsix into `extensionsDir` with the editor's own CLI. */
function installVsix(host: EditorHost, vsix: string, extensionsDir: string, userDataDir: string): void {
  const [command, ...args] = host.cli;
  const result = cp.spawnSync(command, [...args, '--install-extension', vsix, '--force', `--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed with exit code ${result.status}`);
}

/** A coturn STUN server on loopback for the STUN quick-fix test, stopped when the run ends. */
interface LoopbackStun {
  readonly port: number;
  stop(): void;
}

/** A UDP port on 127.0.0.1 that is free now. */
function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** True when a STUN Binding request to 127.0.0.1:`port` gets any answer within 300 ms. */
function stunAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    // A Binding request: type 0x0001, length 0, the magic cookie, a fixed transaction id.
    const request = Buffer.from('000100002112a442' + '7369706e6174653265310000', 'hex');
    const timer = setTimeout(() => done(false), 300);
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    socket.once('error', () => done(false));
    socket.once('message', () => done(true));
    socket.send(request, port, '127.0.0.1');
  });
}

/** Starts Debian's coturn as a STUN-only server on 127.0.0.1 and waits until it answers. */
async function startLoopbackStun(): Promise<LoopbackStun> {
  const port = await freeUdpPort();
  let altPort = await freeUdpPort();
  while (altPort === port) altPort = await freeUdpPort();
  const child = cp.spawn('turnserver', [
    '-n', '--stun-only', '--no-cli', '--no-tls', '--no-dtls', '--log-file', 'stdout', '--simple-log',
    '--pidfile', path.join(os.tmpdir(), `sipnat-e2e-coturn-${port}.pid`),
    '--listening-port', String(port), '--alt-listening-port', String(altPort), '-L', '127.0.0.1',
  ], { stdio: 'ignore' });
  const stop = (): void => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', stop);
  const deadline = Date.now() + 10_000;
  while (!(await stunAnswers(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      stop();
      throw new Error(`coturn (turnserver) did not answer on 127.0.0.1:${port}; is Debian's coturn installed?`);
    }
  }
  return { port, stop };
}

async function main(): Promise<number> {
  const vsix = path.resolve(process.env.SIPNAT_VSIX ?? path.join(root, 'sipnat.vsix'));
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run npm run package first`);

  // Every run starts from scratch: a fresh copy of the fixture workspace, profile and extensions.
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipnat-e2e-'));
  const workspace = path.join(runDir, 'workspace');
  const userDataDir = path.join(runDir, 'user-data');
  const extensionsDir = path.join(runDir, 'extensions');
  fs.cpSync(path.join(root, 'test/e2e/workspace'), workspace, { recursive: true });

  // The STUN quick-fix test asks a coturn on loopback, never a server outside this machine. Its
  // address goes into the settings file of this run's workspace copy, beside STUN still off for
  // every other test; stun.test.ts turns it on for its own test only.
  const stun = await startLoopbackStun();
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(
    settingsFile,
    [
      '{',
      '  // The extension-host tests never let sipnat query a STUN server outside this machine.',
      '  "sipnat.stun.servers": [],',
      '  // The coturn on loopback that test/e2e/runTest.ts started for this run.',
      `  "sipnatE2e.stunServer": "127.0.0.1:${stun.port}"`,
      '}',
      '',
    ].join('\n'),
  );

  const host = await editorHost();
  installVsix(host, vsix, extensionsDir, userDataDir);

  let code = 1;
  try {
    code = await runTests({
      vscodeExecutablePath: host.executable,
      extensionDevelopmentPath: path.join(root, 'test/e2e/extension'),
      extensionTestsPath: path.join(__dirname, 'suite/index.js'),
      launchArgs: [workspace, `--extensions-dir=${extensionsDir}`, `--user-data-dir=${userDataDir}`],
    });
  } catch (err) {
    // runTests rejects when the editor exits non-zero, which is how failing tests are reported.
    console.error(err instanceof Error ? err.message : String(err));
    code = 1;
  } finally {
    stun.stop();
  }
  if (code === 0 && process.env.SIPNAT_E2E_KEEP !== '1') fs.rmSync(runDir, { recursive: true, force: true });
  else console.error(`e2e run folder kept: ${runDir}`);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
