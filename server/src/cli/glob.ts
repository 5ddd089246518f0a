/**
 * Turns the command line's file arguments into a list of files. A plain path names a file (linted
 * whatever its extension) or a directory (searched recursively for the `--ext` extensions). A
 * pattern with `*`, `**` or `?` is matched segment by segment while walking the directories
 * under its literal prefix: `*` and `?` stay inside one path segment, `**` spans any number of
 * directories. Walking never enters `node_modules`, and wildcards do not match names starting
 * with a dot unless the pattern segment itself starts with one (as in a shell).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Resolves a path as written (relative to the run's working directory) for the file system. */
type FsPath = (p: string) => string;

/** The files one argument named, or why it named none. */
export type Expansion =
  | { readonly files: string[]; readonly error?: undefined; readonly unreadable: readonly string[] }
  | { readonly files?: undefined; readonly error: string; readonly unreadable?: undefined };

/** True when the argument holds a wildcard and must be matched rather than opened. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/**
 * Compiles one path segment of a pattern (`*.sip`, `call-??.log`) into a matcher. Characters
 * other than `*` and `?` match themselves.
 */
export function segmentMatcher(segment: string): (name: string) => boolean {
  let source = '^';
  for (const ch of segment) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
  }
  const re = new RegExp(source + '$', 's');
  const allowDot = segment.startsWith('.');
  return (name) => (allowDot || !name.startsWith('.')) && re.test(name);
}

/**
 * Expands one argument. Files are returned in a stable order (directory entries sorted by
 * name), with paths that start with the argument's own prefix, so relative arguments give
 * relative paths; relative arguments are resolved against `cwd`.
 */
export function expandArgument(arg: string, extensions: readonly string[], cwd: string): Expansion {
  const fsPath = (p: string): string => path.resolve(cwd, p === '' ? '.' : p);
  // Directories below the argument that could not be read: said, not skipped in silence.
  const unreadable: string[] = [];
  const readDirectory = (dir: string): fs.Dirent[] => readEntries(dir, unreadable, cwd);
  if (!isGlob(arg)) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(fsPath(arg));
    } catch (e) {
      return { error: `cannot read ${arg}: ${errorCode(e)}` };
    }
    if (stat.isDirectory()) {
      const files = walkDirectory(arg, extensions, fsPath, readDirectory);
      return files.length > 0 || unreadable.length > 0 ? { files, unreadable } : { error: `no ${extensions.join(', ')} files in ${arg}` };
    }
    return { files: [arg], unreadable };
  }
  const normalized = arg.replace(/\\/g, '/');
  const absolute = normalized.startsWith('/');
  const segments = normalized.split('/').filter((s, i) => s !== '' || i === 0);
  // A pattern ending in `**` means every file below: read it as `**/*`.
  if (segments[segments.length - 1] === '**') segments.push('*');
  // The literal prefix is opened as is; matching starts at the first segment with a wildcard.
  let firstMagic = segments.findIndex(isGlob);
  if (firstMagic < 0) firstMagic = segments.length;
  const prefixSegments = segments.slice(0, firstMagic);
  const base = absolute ? '/' + prefixSegments.slice(1).join('/') : prefixSegments.join('/');
  const files: string[] = [];
  matchSegments(base, segments.slice(firstMagic), files, fsPath, readDirectory);
  if (files.length === 0 && unreadable.length === 0) return { error: `no files match ${arg}` };
  // A pattern such as `a/**/**/x` reaches one file along several paths: keep it once.
  return { files: [...new Set(files)], unreadable };
}

/** Matches `rest` (pattern segments) below the directory `dir`, pushing the files found. */
function matchSegments(dir: string, rest: readonly string[], out: string[], fsPath: FsPath, readDirectory: ReadDirectory): void {
  if (rest.length === 0) return;
  const [head, ...tail] = rest;
  const entries = readDirectory(fsPath(dir));
  if (head === '**') {
    // `**` matches zero directories (try the rest here) or one more (descend and keep `**`).
    matchSegments(dir, tail, out, fsPath, readDirectory);
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        matchSegments(joinPath(dir, entry.name), rest, out, fsPath, readDirectory);
      }
    }
    return;
  }
  const matches = segmentMatcher(head);
  for (const entry of entries) {
    if (!matches(entry.name)) continue;
    if (entry.name === 'node_modules' && head !== 'node_modules') continue;
    const full = joinPath(dir, entry.name);
    if (tail.length === 0) {
      if (isFileEntry(entry, fsPath(full))) out.push(full);
    } else if (isDirectoryEntry(entry, fsPath(full))) {
      matchSegments(full, tail, out, fsPath, readDirectory);
    }
  }
}

/** Every file below `dir` whose extension is one of `extensions`, skipping dot directories and node_modules. */
function walkDirectory(dir: string, extensions: readonly string[], fsPath: FsPath, readDirectory: ReadDirectory): string[] {
  const out: string[] = [];
  const visit = (current: string): void => {
    for (const entry of readDirectory(fsPath(current))) {
      const full = joinPath(current, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') visit(full);
      } else if (extensions.some((ext) => entry.name.endsWith(ext)) && isFileEntry(entry, fsPath(full))) {
        out.push(full);
      }
    }
  };
  visit(dir);
  return out;
}

/** Reads a directory's entries. */
type ReadDirectory = (dir: string) => fs.Dirent[];

/**
 * A directory's entries sorted by name; an unreadable directory has none, and is noted in
 * `unreadable` with the reason (relative to `cwd` when below it).
 */
function readEntries(dir: string, unreadable: string[], cwd: string): fs.Dirent[] {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    // A directory a pattern's prefix names but that is not there simply matches nothing.
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    const shown = path.relative(cwd, dir);
    unreadable.push(`cannot read ${shown === '' ? '.' : shown.startsWith('..') ? dir : shown}: ${code}`);
    return [];
  }
}

function joinPath(dir: string, name: string): string {
  if (dir === '' || dir === '.') return name;
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** Regular files, and symbolic links that lead to one. */
function isFileEntry(entry: fs.Dirent, full: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(full).isFile();
  } catch {
    return false;
  }
}

/** Directories, and symbolic links that lead to one (not followed by `**`, to avoid cycles). */
function isDirectoryEntry(entry: fs.Dirent, full: string): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** The system error code of a failed call (`ENOENT`), or its message. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
    return (error as { code: string }).code;
  }
  return error instanceof Error ? error.message : String(error);
}
