// The grammar, language configuration and snippet files are valid and wired into package.json:
// every include resolves, every regular expression compiles in the editor's regex engine
// (Oniguruma), and no repository rule is left unused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { URL } from 'node:url';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);
const readJson = (path) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));
const pkg = readJson('package.json');
const grammarPath = 'syntaxes/sip.tmLanguage.json';
const grammar = readJson(grammarPath);

/** Calls `visit(rule, path)` for every rule object of the grammar (patterns, repository, captures). */
function walkRules(rule, path, visit) {
  visit(rule, path);
  for (const [i, child] of (rule.patterns ?? []).entries()) walkRules(child, `${path}.patterns[${i}]`, visit);
  for (const key of ['captures', 'beginCaptures', 'endCaptures', 'whileCaptures']) {
    for (const [n, capture] of Object.entries(rule[key] ?? {})) walkRules(capture, `${path}.${key}[${n}]`, visit);
  }
  for (const [name, child] of Object.entries(rule.repository ?? {})) walkRules(child, `${path}.repository.${name}`, visit);
}

test('the grammar declares source.sip and top-level patterns', () => {
  assert.equal(grammar.scopeName, 'source.sip');
  assert.ok(Array.isArray(grammar.patterns) && grammar.patterns.length > 0);
});

test('every include resolves to a repository rule of this grammar', () => {
  const unresolved = [];
  walkRules(grammar, '$', (rule, path) => {
    if (rule.include === undefined) return;
    if (rule.include === '$self' || rule.include === '$base' || rule.include === grammar.scopeName) return;
    if (!rule.include.startsWith('#') || !Object.hasOwn(grammar.repository, rule.include.slice(1))) {
      unresolved.push(`${path}: ${rule.include}`);
    }
  });
  assert.deepEqual(unresolved, []);
});

test('every repository rule is reachable from the top-level patterns', () => {
  const reached = new Set();
  const follow = (rule) => walkRules(rule, '', (r) => {
    const name = r.include?.startsWith('#') ? r.include.slice(1) : undefined;
    if (name !== undefined && !reached.has(name)) {
      reached.add(name);
      follow(grammar.repository[name]);
    }
  });
  follow({ patterns: grammar.patterns });
  assert.deepEqual(Object.keys(grammar.repository).filter((name) => !reached.has(name)), []);
});

test('every rule is well formed: begin has an end, match and begin exclude each other, scope names are dotted', () => {
  const problems = [];
  walkRules(grammar, '$', (rule, path) => {
    if (rule.begin !== undefined && rule.end === undefined && rule.while === undefined) problems.push(`${path}: begin without end`);
    if (rule.end !== undefined && rule.begin === undefined) problems.push(`${path}: end without begin`);
    if (rule.match !== undefined && rule.begin !== undefined) problems.push(`${path}: both match and begin`);
    // The root's name is the grammar's display name, not a scope.
    if (path !== '$' && rule.name !== undefined && !/^[a-z0-9-]+(\.[a-z0-9+-]+)*( [a-z0-9-]+(\.[a-z0-9+-]+)*)*$/.test(rule.name)) {
      problems.push(`${path}: odd scope name "${rule.name}"`);
    }
  });
  assert.deepEqual(problems, []);
});

test('every regular expression compiles in Oniguruma', async () => {
  const oniguruma = require('vscode-oniguruma');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const broken = [];
  let count = 0;
  walkRules(grammar, '$', (rule, path) => {
    for (const key of ['match', 'begin', 'end', 'while']) {
      if (typeof rule[key] !== 'string') continue;
      count++;
      try {
        new oniguruma.OnigScanner([rule[key]]).dispose();
      } catch (error) {
        broken.push(`${path}.${key}: ${error.message}`);
      }
    }
  });
  assert.deepEqual(broken, []);
  assert.ok(count > 50, `checked ${count} expressions`);
});

test('package.json contributes the grammar, the language configuration and the snippets', () => {
  const language = pkg.contributes.languages[0];
  assert.equal(language.id, 'sip');
  const grammars = pkg.contributes.grammars.filter((g) => g.language === 'sip');
  assert.equal(grammars.length, 1);
  assert.equal(grammars[0].scopeName, grammar.scopeName);
  assert.equal(grammars[0].path, `./${grammarPath}`);
  assert.ok(existsSync(new URL(language.configuration, root)), 'language configuration exists');
  const snippets = pkg.contributes.snippets.filter((s) => s.language === 'sip');
  assert.equal(snippets.length, 1);
  assert.ok(existsSync(new URL(snippets[0].path, root)), 'snippet file exists');
});

test('the language configuration is consistent', () => {
  const config = readJson(pkg.contributes.languages[0].configuration);
  const pairs = [...config.brackets, ...config.surroundingPairs, ...config.autoClosingPairs.map((p) => [p.open, p.close])];
  for (const pair of pairs) assert.ok(Array.isArray(pair) && pair.length === 2 && pair.every((s) => typeof s === 'string' && s.length === 1));
  const word = new RegExp(config.wordPattern, 'g');
  assert.equal(''.match(word), null, 'the word pattern never matches the empty string');
  const words = (text) => text.match(word);
  assert.deepEqual(words('Call-ID: 1-13510@127.0.0.1'), ['Call-ID', '1-13510', '127.0.0.1']);
  assert.deepEqual(words('c=IN IP6 2001:db8::1'), ['c', 'IN', 'IP6', '2001:db8::1']);
  assert.deepEqual(words('Via: SIP/2.0/UDP 100.64.0.10:5060;branch=z9hG4bK-1-0'), ['Via', 'SIP', '2.0', 'UDP', '100.64.0.10', '5060', 'branch', 'z9hG4bK-1-0']);
});

test('firstLine recognises the first line of every trace format and of a plain message', () => {
  const firstLine = new RegExp(pkg.contributes.languages[0].firstLine);
  const tracesDir = new URL('test/fixtures/traces/', root);
  const firsts = [];
  for (const format of ['sipp', 'sngrep', 'sipdump', 'plain']) {
    const dir = new URL(`${format}/`, tracesDir);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) firsts.push(readFileSync(new URL(file, dir), 'latin1').split(/\r?\n/)[0]);
  }
  firsts.push('INVITE sip:bob@biloxi.example.com SIP/2.0', 'SIP/2.0 200 OK', 'REGISTER sips:registrar.example.com SIP/2.0');
  for (const line of firsts) assert.match(line, firstLine);
  for (const line of ['hello world', 'Via: SIP/2.0/UDP host', 'v=0', '# SIP/2.0 200 OK', '2026-11-24 log line']) {
    assert.doesNotMatch(line, firstLine);
  }
});
