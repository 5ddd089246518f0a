/**
 * Applying fixes: turning a finding back into its fix (through the rule that reported it),
 * and applying edits to text, touching nothing outside their ranges.
 */
import type { Finding, Fix, LintSettings, TextEdit } from '../types';
import type { SipDocument } from '../sip/model';
import { ruleById } from '../rules/registry';
import { DocumentIndex } from '../rules/context';
import { messageHolding } from '../sip/parse';
import { lint } from '../lint';

/** The fix for a finding, computed by its rule from the finding's range and data. */
export function fixFor(document: SipDocument, finding: Finding, index = new DocumentIndex(document)): Fix | undefined {
  const rule = ruleById(finding.ruleId);
  if (!rule?.fix) return undefined;
  // A binary search: a fix-all asks this for every finding of the document.
  const message = messageHolding(document, finding.range.start);
  try {
    return rule.fix({ document, finding, message, values: message ? index.values(message) : undefined });
  } catch {
    return undefined;
  }
}

/**
 * Applies edits to `text`. Edits are applied from the end; an edit that overlaps one already
 * taken is skipped, so the result never depends on the order they came in.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  const taken: TextEdit[] = [];
  let floor = Infinity;
  for (const edit of sorted) {
    if (edit.range.end > floor || edit.range.start > edit.range.end || edit.range.start < 0 || edit.range.end > text.length) continue;
    taken.push(edit);
    floor = edit.range.start;
  }
  // Pieces joined once, front to back: splicing each edit into the whole text would copy it
  // once per edit (a fix-all of a large trace has thousands).
  const pieces: string[] = [];
  let at = 0;
  for (let i = taken.length - 1; i >= 0; i--) {
    const edit = taken[i];
    pieces.push(text.slice(at, edit.range.start), edit.newText);
    at = edit.range.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/**
 * Applies every available fix (safe ones, and unsafe ones when asked), re-linting after each
 * round so that fixes see each other's results (a substituted address, then Content-Length).
 * Stops when nothing changes, after at most ten rounds.
 */
export function fixAll(text: string, settings: LintSettings, options: { readonly unsafe: boolean }): { text: string; fixed: number } {
  return applyFixRounds(text, options, (current) => {
    const { document, findings } = lint(current, settings);
    const index = new DocumentIndex(document);
    return findings.map((finding) => fixFor(document, finding, index));
  });
}

/**
 * The rounds of a fix-all: `fixesOf` lints the current text and gives the fix of each finding
 * in order of place (undefined to stop); the fixes that do not overlap an earlier one are applied
 * together, unsafe ones only when asked, until nothing changes, for at most ten rounds.
 */
export function applyFixRounds(
  text: string,
  options: { readonly unsafe: boolean },
  fixesOf: (text: string) => readonly (Fix | undefined)[] | undefined,
): { text: string; fixed: number } {
  let current = text;
  let fixed = 0;
  for (let round = 0; round < 10; round++) {
    const fixes = fixesOf(current);
    if (fixes === undefined) break;
    const edits: TextEdit[] = [];
    let taken = 0;
    let floor = -1;
    // One fix per region per round keeps edits of different fixes from interleaving.
    for (const fix of fixes) {
      if (!fix || fix.edits.length === 0 || (fix.safety === 'unsafe' && !options.unsafe)) continue;
      // Loops, not spread arguments: the line-ending fix of a long message has an edit per line,
      // more than a call takes arguments.
      let start = Infinity;
      let end = -1;
      for (const edit of fix.edits) {
        if (edit.range.start < start) start = edit.range.start;
        if (edit.range.end > end) end = edit.range.end;
      }
      if (start < floor) continue;
      for (const edit of fix.edits) edits.push(edit);
      floor = end;
      taken++;
    }
    if (taken === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    current = next;
    fixed += taken;
  }
  return { text: current, fixed };
}
