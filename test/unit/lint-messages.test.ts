/**
 * `lintMessages` (the language server's re-lint of the messages an edit touched) gives each
 * message exactly the findings `lintDocument` gives it, on every real trace of the fixtures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSettings, lintDocument, lintMessages, parseDocument, type Finding } from '../../server/src/core/index';
import { DocumentIndex } from '../../server/src/core/rules/context';

const tracesDir = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'traces');

const files = readdirSync(tracesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((dir) => readdirSync(join(tracesDir, dir.name)).filter((f) => !f.endsWith('.pcap') && !f.endsWith('.md') && !f.endsWith('.sh')).map((f) => join(tracesDir, dir.name, f)));

test('there are traces to compare', () => assert.ok(files.length >= 15, `${files.length} trace files`));

for (const file of files) {
  test(`lintMessages agrees with lintDocument: ${file.slice(tracesDir.length + 1)}`, () => {
    const document = parseDocument(readFileSync(file, 'utf8'));
    const whole = lintDocument(document, defaultSettings, { documentRules: false });
    const seen: number[] = [];
    const parts: Finding[] = [];
    lintMessages(document, defaultSettings, document.messages, new DocumentIndex(document), (message, findings) => {
      seen.push(message.index);
      parts.push(...findings);
    });
    assert.deepEqual(seen, document.messages.map((m) => m.index));
    parts.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
    // A finding may stand outside its message, on packet metadata that several messages share
    // (a tshark Node line): each message reports it, while one pass over the document keeps the
    // first report of a rule at a place. The language server merges its lists the same way.
    const once = new Map<string, Finding>();
    for (const finding of parts) {
      const key = `${finding.ruleId}|${finding.range.start}|${finding.range.end}`;
      if (!once.has(key)) once.set(key, finding);
    }
    assert.deepEqual([...once.values()], whole);
  });
}
