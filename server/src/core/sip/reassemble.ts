/**
 * A message that a trace prints in pieces (TCP segments, TLS records, IP fragments), written out
 * as it was sent: its lines in order without the trace's lines between the pieces, each line
 * that a piece's end cut made whole again, every line ended by CRLF. With the way back from an
 * offset of that text to the document, so that what is found on a cut line is reported where
 * its pieces stand.
 */
import type { SipMessage } from './model';

export interface Reassembled {
  /** The message as sent, from its start line on. */
  readonly text: string;
  /** The document offset of an offset of {@link text} taken as the start of a range. */
  startAt(offset: number): number;
  /** The document offset of an offset of {@link text} taken as the end of a range. */
  endAt(offset: number): number;
}

const CR = 0x0d;
const DOT = 0x2e;
const LF = 0x0a;

/** Writes `message` out whole; undefined when no line of it was cut (it is then one range already). */
export function reassemble(text: string, message: SipMessage): Reassembled | undefined {
  const cuts = message.cuts;
  if (cuts === undefined || cuts.length === 0) return undefined;
  // What is read: the stretches of the message outside its gaps, and the pieces of the cut lines
  // (which lie in gaps), in document order; `line` names the cut line a piece is of.
  const regions: { start: number; end: number; line: number }[] = [];
  let pos = message.range.start;
  for (const gap of message.gaps ?? []) {
    if (gap.start > pos) regions.push({ start: pos, end: gap.start, line: -1 });
    pos = Math.max(pos, gap.end);
  }
  if (message.range.end > pos) regions.push({ start: pos, end: message.range.end, line: -1 });
  cuts.forEach((pieces, line) => {
    for (const piece of pieces) regions.push({ start: piece.start, end: piece.end, line });
  });
  regions.sort((a, b) => a.start - b.start);

  const parts: string[] = [];
  // Runs of characters copied as they are: [offset in the text made, document offset, length].
  const runs: number[] = [];
  let length = 0;
  const copy = (from: number, to: number): void => {
    if (to <= from) return;
    parts.push(text.slice(from, to));
    runs.push(length, from, to - from);
    length += to - from;
  };
  /** Copies the content of the line `[from, to)` (without its CR, or the `.` a print shows for it) and ends it. */
  const copyLine = (from: number, to: number): void => {
    if (to > from && (text.charCodeAt(to - 1) === CR || (message.crShownAsDot && text.charCodeAt(to - 1) === DOT))) to--;
    copy(from, to);
    parts.push('\r\n');
    length += 2;
  };
  // Where a print shows a CR that no LF follows in its piece as `.` (tcpdump, ngrep).
  const dotForCr = message.crShownAsDot || message.meta?.format === 'tcpdump';
  for (let r = 0; r < regions.length; r++) {
    const region = regions[r];
    let at = region.start;
    if (dotForCr && region.line >= 0 && text.charCodeAt(at) === LF && regions[r - 1]?.line === region.line && text.charCodeAt(region.start - 1) !== LF) {
      // The piece before ended with the line's CR, shown as `.`: not the line's.
      const last = parts.length - 1;
      if (last >= 0 && parts[last].endsWith('.')) {
        parts[last] = parts[last].slice(0, -1);
        runs[runs.length - 1]--;
        length--;
      }
    }
    while (at < region.end) {
      const lineBreak = text.indexOf('\n', at);
      if (lineBreak !== -1 && lineBreak < region.end) {
        copyLine(at, lineBreak);
        at = lineBreak + 1;
        continue;
      }
      const next = regions[r + 1];
      if ((region.line >= 0 && next?.line === region.line) || region.end === message.range.end) {
        // The line goes on in the next piece of its cut line, or ends the message.
        copy(at, region.end);
      } else {
        // The piece ended between the line's CR and its LF: the next one starts after the LF.
        copyLine(at, region.end);
      }
      break;
    }
  }
  const whole = parts.join('');

  /** The run that holds `offset` (as a start when `asEnd` is false), or the last one before it. */
  const runAt = (offset: number, asEnd: boolean): number => {
    let low = 0;
    let high = runs.length / 3;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (asEnd ? runs[mid * 3] < offset : runs[mid * 3] <= offset) low = mid + 1;
      else high = mid;
    }
    return Math.max(0, low - 1) * 3;
  };
  return {
    text: whole,
    startAt(offset) {
      if (runs.length === 0) return message.range.start;
      const r = runAt(offset, false);
      return runs[r + 1] + Math.min(Math.max(0, offset - runs[r]), runs[r + 2]);
    },
    endAt(offset) {
      if (runs.length === 0) return message.range.start;
      const r = runAt(offset, true);
      return runs[r + 1] + Math.min(Math.max(0, offset - runs[r]), runs[r + 2]);
    },
  };
}
