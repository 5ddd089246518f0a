#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests() spawns, so the
// standard harness (test/e2e/runTest.ts) drives a real VS Code extension host without Electron or
// a display: code-server (VS Code 1.100 for the browser, installed offline by
// scripts/install-code-server.sh) serves the workbench, and Debian's headless chromium, driven by
// playwright-core, opens it with the extension-development and extension-tests paths in the URL.
//
// It understands the arguments runTests() and the VS Code CLI pass:
//   --extensionDevelopmentPath=P  --extensionTestsPath=P  --user-data-dir=P  --extensions-dir=P
//   a positional workspace folder; anything else is ignored.
// With --install-extension it behaves as the VS Code CLI instead: it forwards the arguments to
// `code-server --install-extension ...` and exits with its code.
//
// The exit code is the one the test runner reports (0 when every test passed), or 1 when the run
// could not start or timed out (SIPNAT_E2E_TIMEOUT_MS, default 10 minutes).
'use strict';

const cp = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { URLSearchParams } = require('node:url');
const util = require('node:util');

const root = path.resolve(__dirname, '../..');
const codeServerBin = process.env.SIPNAT_CODE_SERVER ?? path.join(root, '.code-server/node_modules/.bin/code-server');
const chromiumPath = process.env.SIPNAT_CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.SIPNAT_E2E_TIMEOUT_MS ?? 10 * 60 * 1000);

/** Chromium flags for a quiet, offline, headless run in a container. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Splits the command line into the options this launcher understands and the workspace folder. */
function parseArgs(argv) {
  const options = { developmentPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? (eq > 0 ? arg.slice(2, eq) : arg.slice(2)) : undefined;
    const inlineValue = eq > 0 ? arg.slice(eq + 1) : undefined;
    const takeValue = () => inlineValue ?? argv[++i];
    switch (name) {
      case undefined: options.folder = path.resolve(arg); break;
      case 'extensionDevelopmentPath': options.developmentPaths.push(path.resolve(takeValue())); break;
      case 'extensionTestsPath': options.testsPath = path.resolve(takeValue()); break;
      case 'user-data-dir': options.userDataDir = path.resolve(takeValue()); break;
      case 'extensions-dir': options.extensionsDir = path.resolve(takeValue()); break;
      default: break; // Electron-only switches (--no-sandbox, --skip-welcome, ...) mean nothing here.
    }
  }
  return options;
}

/** Asks the kernel for a free loopback port. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once code-server answers its health check, or rejects after `limitMs`. */
function waitForHealth(port, limitMs) {
  const deadline = Date.now() + limitMs;
  return new Promise((resolve, reject) => {
    const probe = () => {
      const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else retry();
      });
      req.on('error', retry);
      req.on('timeout', () => req.destroy());
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`code-server did not answer on 127.0.0.1:${port} within ${limitMs} ms`));
      else setTimeout(probe, 250);
    };
    probe();
  });
}

/**
 * Turns a console call forwarded by the workbench into one plain line. The arguments are the
 * original console arguments: printf-style placeholders (mocha's `%s`, `%d`) and `%c` styling,
 * which util.format drops together with its CSS argument.
 */
function formatLogArgs(args) {
  return Array.isArray(args) ? util.format(...args) : String(args);
}

/** Workbench chatter that says nothing about the tests; everything else is printed. */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[Service Worker\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /^Extension host \(Remote\) is (un)?responsive/,
  /^Creation of workbench contribution/,
];

/** Writes code-server's user settings: nothing on startup, no update or network chatter. */
function writeUserSettings(userDataDir) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'settings.json');
  if (fs.existsSync(file)) return;
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.enableExperiments': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    // The suite must never make sipnat query a STUN server outside this machine.
    'sipnat.stun.servers': [],
  };
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
}

/** Runs code-server as the VS Code CLI (for --install-extension) and returns its exit code. */
function runCli(argv, env) {
  const result = cp.spawnSync(codeServerBin, argv, { stdio: 'inherit', env });
  return result.status ?? 1;
}

/** Starts code-server in its own process group so the whole tree can be stopped at the end. */
function startCodeServer(options, port, runDir, env) {
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\n');
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--config', configFile,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
  ];
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  const child = cp.spawn(codeServerBin, args, { detached: true, stdio: ['ignore', log, log], env });
  fs.closeSync(log);
  return { child, logFile };
}

/** Stops code-server and everything it started (extension host, language server). */
function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    try {
      process.kill(-child.pid, 0);
    } catch {
      return;
    }
    cp.spawnSync('sleep', ['0.1']);
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Builds the workbench URL that opens `folder` and runs the tests in the extension host. */
function workbenchUrl(port, options) {
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ...options.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(options.testsPath)],
    ['skipWelcome', 'true'],
  ];
  const query = new URLSearchParams();
  if (options.folder !== undefined) query.set('folder', options.folder);
  query.set('payload', JSON.stringify(payload));
  return `http://${authority}/?${query.toString()}`;
}

/** Opens the workbench in headless chromium and resolves with the test runner's exit code. */
async function runInBrowser(url, onLog) {
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    let settle;
    const exited = new Promise((resolve) => { settle = resolve; });
    // Both hooks must exist before the workbench loads: it looks them up on `window` at startup.
    await page.exposeFunction('codeAutomationLog', (type, args) => onLog(type, formatLogArgs(args)));
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    page.on('pageerror', (err) => onLog('error', `[page] ${err.message}`));
    // The overall timeout governs; the workbench may take long to load on a busy machine.
    await page.goto(url, { waitUntil: 'commit', timeout: 0 });
    return await exited;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipnat-code-server-'));
  // Keep code-server's own config and logs out of the user's home directory.
  // An empty gallery turns the marketplace off, so the workbench never tries to reach it.
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(runDir, 'config'),
    XDG_DATA_HOME: path.join(runDir, 'data'),
    EXTENSIONS_GALLERY: '{}',
  };

  if (argv.includes('--install-extension')) {
    const configFile = path.join(runDir, 'config.yaml');
    fs.writeFileSync(configFile, 'auth: none\n');
    const code = runCli([...argv, '--config', configFile], env);
    fs.rmSync(runDir, { recursive: true, force: true });
    return code;
  }

  const options = parseArgs(argv);
  if (options.testsPath === undefined || options.developmentPaths.length === 0) {
    console.error('code-server-launcher: --extensionTestsPath and --extensionDevelopmentPath are required');
    return 1;
  }
  options.userDataDir ??= path.join(runDir, 'user-data');
  options.extensionsDir ??= path.join(runDir, 'extensions');
  writeUserSettings(options.userDataDir);

  const port = await freePort();
  const { child, logFile } = startCodeServer(options, port, runDir, env);
  const stop = () => stopProcessGroup(child);
  process.once('SIGINT', () => { stop(); process.exit(130); });
  process.once('SIGTERM', () => { stop(); process.exit(143); });

  let timer;
  let keepRunDir = true;
  try {
    await waitForHealth(port, 60_000);
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        console.error(`code-server-launcher: no result after ${timeoutMs} ms`);
        resolve(1);
      }, timeoutMs);
    });
    const onLog = (type, line) => {
      if (process.env.SIPNAT_E2E_VERBOSE === '1') { console.log(`[${type}] ${JSON.stringify(line)}`); return; }
      // The extension host's console reaches us through the workbench; print the test output only,
      // plus errors, so the run reads like a normal mocha run.
      if (type === 'trace' || type === 'debug' || WORKBENCH_NOISE.some((re) => re.test(line))) return;
      if (type === 'error') console.error(line);
      else console.log(line);
    };
    const code = await Promise.race([runInBrowser(workbenchUrl(port, options), onLog), timeout]);
    if (code !== 0) console.error(`code-server-launcher: code-server log: ${logFile}`);
    else keepRunDir = false;
    return code;
  } catch (err) {
    console.error(`code-server-launcher: ${err instanceof Error ? err.message : String(err)}`);
    console.error(`code-server-launcher: code-server log: ${logFile}`);
    return 1;
  } finally {
    clearTimeout(timer);
    stop();
    if (!keepRunDir) fs.rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
