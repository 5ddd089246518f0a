#!/usr/bin/env node
// Generates docs/rules.md and the README's rule table from the rules' own `docs`, so that a
// rule is documented in one place: its file. With --check, fails when either is out of date.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { rules } = require(path.join(root, 'out/server/src/core/rules/registry.js'));

/** The anchor of a rule in docs/rules.md; also used by diagnostics' codeDescription.href. */
const anchor = (id) => id.replace(/[^a-z0-9]+/g, '-');

function rulesMarkdown() {
  const out = ['# Rules', '', 'Generated from each rule\'s documentation by `npm run docs`; edit the rule\'s file, not this page.', ''];
  for (const rule of rules) {
    const d = rule.docs;
    out.push(`<a id="${anchor(rule.id)}"></a>`, `## \`${rule.id}\``, '', `**${rule.summary.replace(/\.$/, '')}.** Default severity: ${rule.defaultSeverity}. Fix: ${rule.fixable === 'offline' ? 'yes, offline' : rule.fixable === 'stun' ? 'yes, from a STUN answer' : 'none'}.`, '');
    out.push(`**What it flags.** ${d.what}`, '', `**Why it matters.** ${d.why}`, '', `**Example.** ${d.example}`, '');
    if (d.fix) out.push(`**Fix.** ${d.fix}`, '');
    if (rule.wholeMessage) out.push('**Whole messages only.** Not run on a message that a trace prints in pieces (TCP segments, TLS records or IP fragments, in tcpdump -A, tshark follow, ngrep): a piece the trace lacks would look like a missing header or line, and such prints do not show every octet sent.', '');
    out.push(`**References.** ${d.references.join('; ')}`, '');
  }
  return out.join('\n');
}

function readmeTable() {
  const rows = ['| Rule | Default | Fix | What it flags |', '| --- | --- | --- | --- |'];
  for (const rule of rules) {
    rows.push(`| [\`${rule.id}\`](docs/rules.md#${anchor(rule.id)}) | ${rule.defaultSeverity} | ${rule.fixable ?? ''} | ${rule.summary} |`);
  }
  return rows.join('\n');
}

const check = process.argv.includes('--check');
const docsPath = path.join(root, 'docs/rules.md');
const readmePath = path.join(root, 'README.md');
const docs = rulesMarkdown();
const readme = fs.readFileSync(readmePath, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const i = readme.indexOf(start);
const j = readme.indexOf(end);
if (i === -1 || j === -1) {
  console.error('gen-rule-docs: README.md lacks the rules:start/rules:end markers');
  process.exit(1);
}
const newReadme = readme.slice(0, i + start.length) + '\n' + readmeTable() + '\n' + readme.slice(j);
if (check) {
  const stale = [];
  if (!fs.existsSync(docsPath) || fs.readFileSync(docsPath, 'utf8') !== docs) stale.push('docs/rules.md');
  if (newReadme !== readme) stale.push('README.md');
  if (stale.length) {
    console.error(`gen-rule-docs: ${stale.join(' and ')} out of date with the rules; run npm run docs`);
    process.exit(1);
  }
  console.log(`gen-rule-docs: ${rules.length} rules, docs up to date`);
} else {
  fs.writeFileSync(docsPath, docs);
  fs.writeFileSync(readmePath, newReadme);
  console.log(`gen-rule-docs: wrote docs/rules.md and the README table (${rules.length} rules)`);
}
module.exports = { anchor };
