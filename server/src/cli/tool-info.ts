/**
 * What the CLI says about itself: its version for `--version`, and the tool description and
 * rule documentation links in SARIF. Read from the package's own `package.json`, found by
 * walking up from this file, so it works from `out/server/src/cli/` and from a bundle in
 * `dist/` alike.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleAnchor, type ToolInfo } from './format/sarif';

interface PackageJson {
  name?: string;
  version?: string;
  homepage?: string;
}

/** The package root: the nearest directory above `from` whose package.json is sipnat's. */
export function findPackageRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    try {
      const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as PackageJson;
      if (pkg.name === 'sipnat') return dir;
    } catch {
      // No readable package.json here: keep walking up.
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The tool description. Rule links go to `docs/rules.md`: under the package's `homepage` when
 * it declares one, else to the copy installed with the package.
 */
export function loadToolInfo(from: string): ToolInfo {
  const root = findPackageRoot(from);
  let pkg: PackageJson = {};
  if (root !== undefined) {
    try {
      pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      pkg = {};
    }
  }
  const base = pkg.homepage !== undefined
    ? pkg.homepage.replace(/\/+$/, '')
    : pathToFileURL(root ?? from).href.replace(/\/+$/, '');
  return {
    name: 'sip-lint',
    version: pkg.version ?? '0.0.0',
    informationUri: pkg.homepage ?? `${base}/README.md`,
    ruleHelpUri: (ruleId) => `${base}/docs/rules.md#${ruleAnchor(ruleId)}`,
  };
}
