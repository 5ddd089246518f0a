/**
 * The document parser: finds every SIP message in a file that holds one message or a whole
 * trace, in any of the formats people paste (plain, SIPp `-trace_msg`, sngrep .txt, ngrep
 * byline, Kamailio sipdump), with no setting. It frames messages (start line, headers,
 * Content-Length body) and keeps the trace's packet metadata with each message.
 *
 * It never throws and runs in one pass: a line that does not fit is recorded as a problem and
 * parsing resumes at the next line, so a broken message never hides the next one.
 */
import type { ParseProblem, Range } from '../types';
import { utf8Length } from '../text';
import { canonicalHeaderName, compactForms } from './headers';
import { parseTraceLine, traceMeta, type TraceLine } from './trace';
import type { PacketMeta, RequestLine, SipDocument, SipHeader, SipMessage, StatusLine, TraceFormat } from './model';

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;

/** Problem codes raised by the parser; each is the id of the syntax rule that documents it. */
export const syntaxCodes = {
  malformedStartLine: 'syntax/malformed-start-line',
  unsupportedVersion: 'syntax/unsupported-sip-version',
  headerWithoutColon: 'syntax/header-without-colon',
  invalidHeaderName: 'syntax/invalid-header-name',
  lfLineEndings: 'syntax/lf-line-endings',
  missingEmptyLine: 'syntax/missing-empty-line',
  strayText: 'syntax/stray-text',
  noMessage: 'syntax/no-sip-message',
} as const;

/** A header field. Ranges are materialized on access, so a parsed trace stays small in memory. */
class Header implements SipHeader {
  constructor(
    readonly name: string,
    readonly compact: boolean,
    private readonly start: number,
    private readonly nameEnd: number,
    readonly valueStart: number,
    public valueEnd: number,
    public end: number,
  ) {}
  get range(): Range {
    return { start: this.start, end: this.end };
  }
  get nameRange(): Range {
    return { start: this.start, end: this.nameEnd };
  }
  get valueRange(): Range {
    return { start: this.valueStart, end: Math.max(this.valueStart, this.valueEnd) };
  }
}

/** True for the characters of an RFC 3261 `token`. */
export function isTokenChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x2e || c === 0x21 || c === 0x25 || c === 0x2a || c === 0x5f ||
    c === 0x2b || c === 0x60 || c === 0x27 || c === 0x7e
  );
}

/** The end of the line content at `pos`: the offset of its CR LF, LF, or the text end. */
function lineContentEnd(text: string, eol: number, pos: number): number {
  return eol > pos && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== SP && c !== HT && c !== CR) return false;
  }
  return true;
}

/** Starts with `SIP/` in any case. */
function startsWithSipSlash(text: string, at: number): boolean {
  return (
    (text.charCodeAt(at) | 0x20) === 0x73 && (text.charCodeAt(at + 1) | 0x20) === 0x69 &&
    (text.charCodeAt(at + 2) | 0x20) === 0x70 && text.charCodeAt(at + 3) === 0x2f
  );
}

/**
 * Whether the line `[start, end)` is a SIP start line: `SIP/x.y NNN ...` or
 * `METHOD SP ... SP SIP/x.y`. Cheap, for finding message boundaries.
 */
export function isStartLine(text: string, start: number, end: number): boolean {
  if (end - start < 8) return false;
  if (startsWithSipSlash(text, start)) {
    const sp = text.indexOf(' ', start);
    if (sp === -1 || sp >= end) return false;
    let i = sp;
    while (i < end && text.charCodeAt(i) === SP) i++;
    const c = text.charCodeAt(i);
    return c >= 0x30 && c <= 0x39;
  }
  if (!isTokenChar(text.charCodeAt(start))) return false;
  let i = start;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  if (i >= end || text.charCodeAt(i) !== SP) return false;
  let last = end;
  while (last > i && (text.charCodeAt(last - 1) === SP || text.charCodeAt(last - 1) === HT)) last--;
  const lastSpace = text.lastIndexOf(' ', last - 1);
  if (lastSpace > i && startsWithSipSlash(text, lastSpace + 1)) return true;
  return isVersionlessRequestLine(text, start, i, last);
}

/**
 * `METHOD SP scheme:rest` with no SIP version: a request line missing its version (an
 * upper-case method and a URI with a scheme, nothing else), read as a message so that the
 * missing version is reported where it is missing.
 */
function isVersionlessRequestLine(text: string, start: number, methodEnd: number, last: number): boolean {
  for (let k = start; k < methodEnd; k++) {
    const c = text.charCodeAt(k);
    if (c < 0x41 || c > 0x5a) return false;
  }
  const uriStart = methodEnd + 1;
  const colon = text.indexOf(':', uriStart);
  if (colon === -1 || colon >= last || colon === uriStart) return false;
  for (let k = uriStart; k < last; k++) {
    const c = text.charCodeAt(k);
    if (c === SP || c === HT) return false;
    if (k < colon && !((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) && !(c >= 0x30 && c <= 0x39) && c !== 0x2b && c !== 0x2d && c !== 0x2e) return false;
  }
  return true;
}

interface LineCursor {
  /** Start of the line. */
  start: number;
  /** End of the line content (before CR LF / LF). */
  end: number;
  /** Start of the next line. */
  next: number;
  /** True when the line ended with a bare LF. */
  bareLf: boolean;
}

/**
 * Reads the line at `pos`. With `crShownAsDot` (ngrep), a `.` before the LF stands for the CR
 * that ngrep cannot print, and so ends the line content.
 */
function readLine(text: string, pos: number, into: LineCursor, crShownAsDot = false): void {
  const eol = text.indexOf('\n', pos);
  const len = text.length;
  if (eol === -1) {
    into.start = pos;
    into.end = len;
    into.next = len;
    into.bareLf = false;
    return;
  }
  let end = lineContentEnd(text, eol, pos);
  if (crShownAsDot && end === eol && eol > pos && text.charCodeAt(eol - 1) === 0x2e) end = eol - 1;
  into.start = pos;
  into.end = end;
  into.next = eol + 1;
  into.bareLf = end === eol;
}

/** Parses a document: one message or a trace of many. Never throws. */
export function parseDocument(text: string): SipDocument {
  const problems: ParseProblem[] = [];
  const messages: SipMessage[] = [];
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  let format: TraceFormat = 'plain';
  let pendingMeta: TraceLine[] = [];
  let strayStart = -1;
  let strayEnd = -1;
  const flushStray = (): void => {
    if (strayStart !== -1) {
      problems.push({
        code: syntaxCodes.strayText,
        message: 'Text outside any SIP message is ignored.',
        range: { start: strayStart, end: strayEnd },
      });
      strayStart = -1;
    }
  };
  let pos = 0;
  const len = text.length;
  while (pos < len) {
    readLine(text, pos, line);
    if (isBlank(text, line.start, line.end)) {
      pos = line.next;
      continue;
    }
    if (isStartLine(text, line.start, line.end)) {
      flushStray();
      const meta = pendingMeta.length ? traceMeta(pendingMeta) : undefined;
      pendingMeta = [];
      const message = parseMessage(text, line.start, messages.length, meta, problems);
      messages.push(message);
      pos = message.range.end;
      // Resume at the start of the next line.
      if (pos < len && text.charCodeAt(pos - 1) !== LF) {
        const eol = text.indexOf('\n', pos);
        if (eol === -1) pos = len;
        else {
          if (!isBlank(text, pos, lineContentEnd(text, eol, pos))) {
            problems.push({ code: syntaxCodes.strayText, message: 'Text after the body, outside Content-Length, is ignored.', range: { start: pos, end: lineContentEnd(text, eol, pos) } });
          }
          pos = eol + 1;
        }
      }
      continue;
    }
    const traceLine = parseTraceLine(text, line.start, line.end);
    if (traceLine) {
      flushStray();
      if (traceLine.format !== 'plain' && format === 'plain') format = traceLine.format;
      if (traceLine.opensRecord) pendingMeta = [];
      pendingMeta.push(traceLine);
    } else {
      if (strayStart === -1) strayStart = line.start;
      strayEnd = line.end;
      pendingMeta = [];
    }
    pos = line.next;
  }
  flushStray();
  if (messages.length === 0 && len > 0 && !isBlank(text, 0, len)) {
    problems.push({ code: syntaxCodes.noMessage, message: 'No SIP message found: no request line or status line.', range: { start: 0, end: Math.min(len, text.indexOf('\n') === -1 ? len : text.indexOf('\n')) } });
  }
  problems.sort((a, b) => a.range.start - b.range.start);
  return { text, format, messages, problems };
}

/** Parses the message whose start line begins at `start`. */
export function parseMessage(
  text: string,
  start: number,
  index: number,
  meta: PacketMeta | undefined,
  problems: ParseProblem[],
): SipMessage {
  const len = text.length;
  const line: LineCursor = { start: 0, end: 0, next: 0, bareLf: false };
  const crShownAsDot = meta?.format === 'ngrep';
  readLine(text, start, line, crShownAsDot);
  const startLine = parseStartLine(text, line.start, line.end, problems);
  let crlf = line.bareLf || line.next === len ? 0 : 1;
  let lf = line.bareLf ? 1 : 0;
  const headers: Header[] = [];
  let contentLength = -1;
  let pos = line.next;
  let headerEnd = -1;
  let bodyStart = -1;
  let lastContentEnd = line.end;
  while (pos < len) {
    readLine(text, pos, line, crShownAsDot);
    if (line.end === line.start || isBlank(text, line.start, line.end)) {
      headerEnd = line.start;
      bodyStart = line.next;
      if (line.bareLf) lf++;
      else if (line.next < len || line.end < len) crlf++;
      break;
    }
    const first = text.charCodeAt(line.start);
    if (first === SP || first === HT) {
      // A continuation line folds into the header above it (RFC 3261 7.3.1).
      const previous = headers[headers.length - 1];
      if (previous) {
        let valueEnd = line.end;
        while (valueEnd > line.start && isWsp(text.charCodeAt(valueEnd - 1))) valueEnd--;
        if (valueEnd > line.start) previous.valueEnd = valueEnd;
        previous.end = line.end;
      } else {
        problems.push({ code: syntaxCodes.headerWithoutColon, message: 'A continuation line with no header before it.', range: { start: line.start, end: line.end } });
      }
    } else {
      const colon = text.indexOf(':', line.start);
      if (colon === -1 || colon >= line.end) {
        if (isStartLine(text, line.start, line.end) || parseTraceLine(text, line.start, line.end)) {
          // The next message or trace record starts: this one has no empty line after its headers.
          headerEnd = line.start;
          break;
        }
        problems.push({ code: syntaxCodes.headerWithoutColon, message: 'Header line without a colon.', range: { start: line.start, end: line.end } });
      } else {
        const header = readHeader(text, line.start, colon, line.end, problems);
        headers.push(header);
        if (contentLength === -1 && header.name === 'content-length') contentLength = readContentLength(text, header);
      }
    }
    if (line.bareLf) lf++;
    else if (line.next < len) crlf++;
    lastContentEnd = line.end;
    pos = line.next;
  }
  let body: Range | undefined;
  let end: number;
  if (headerEnd === -1) {
    // End of text with no empty line after the headers.
    headerEnd = lastContentEnd;
    end = lastContentEnd;
    problems.push({ code: syntaxCodes.missingEmptyLine, message: 'The header section does not end with an empty line.', range: { start: lastContentEnd, end: lastContentEnd } });
  } else if (bodyStart === -1) {
    end = headerEnd;
    problems.push({ code: syntaxCodes.missingEmptyLine, message: 'The header section does not end with an empty line.', range: { start: headerEnd, end: headerEnd } });
  } else {
    const bodyEnd = frameBody(text, bodyStart, contentLength, lf > 0 && crlf === 0);
    body = bodyEnd > bodyStart ? { start: bodyStart, end: bodyEnd } : undefined;
    end = Math.max(bodyEnd, bodyStart);
  }
  const lineEnding = lf === 0 ? 'crlf' : crlf === 0 ? 'lf' : 'mixed';
  if (lf > 0) {
    problems.push({
      code: syntaxCodes.lfLineEndings,
      message: lineEnding === 'lf' ? 'Lines end with LF only; SIP on the wire needs CRLF.' : 'Some lines end with LF only; SIP on the wire needs CRLF.',
      range: startLine.range,
      data: { messageStart: start },
    });
  }
  return {
    index,
    range: { start, end },
    startLine,
    headers,
    headerEnd,
    body,
    lineEnding,
    meta,
    crShownAsDot,
  };
}

function isWsp(c: number): boolean {
  return c === SP || c === HT || c === CR;
}

function readHeader(text: string, start: number, colon: number, lineEnd: number, problems: ParseProblem[]): Header {
  let nameEnd = colon;
  while (nameEnd > start && (text.charCodeAt(nameEnd - 1) === SP || text.charCodeAt(nameEnd - 1) === HT)) nameEnd--;
  for (let i = start; i < nameEnd; i++) {
    if (!isTokenChar(text.charCodeAt(i))) {
      problems.push({ code: syntaxCodes.invalidHeaderName, message: `Header name "${text.slice(start, nameEnd)}" has a character that is not allowed in a token.`, range: { start, end: nameEnd } });
      break;
    }
  }
  const written = text.slice(start, nameEnd);
  const name = canonicalHeaderName(written);
  let valueStart = colon + 1;
  while (valueStart < lineEnd && (text.charCodeAt(valueStart) === SP || text.charCodeAt(valueStart) === HT)) valueStart++;
  let valueEnd = lineEnd;
  while (valueEnd > valueStart && isWsp(text.charCodeAt(valueEnd - 1))) valueEnd--;
  const compact = written.length === 1 && compactForms.has(written.toLowerCase());
  return new Header(name, compact, start, nameEnd, valueStart, valueEnd, lineEnd);
}

/** The declared length, or -1 when it is not a plain decimal number. */
function readContentLength(text: string, header: Header): number {
  const start = header.valueStart;
  const end = header.valueEnd;
  if (end <= start || end - start > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Where the body that starts at `bodyStart` ends. Content-Length frames it when the octet
 * count lands on a boundary (the end of the text, or a line that is empty, trace metadata or
 * the next start line). A message written with LF-only line endings (a pasted trace) was sent
 * with CRLF, so there each bare LF may count as two octets. When the count does not land on a
 * boundary (absent, wrong, or larger than the text), the body runs to the next boundary.
 */
function frameBody(text: string, bodyStart: number, contentLength: number, lfOnly: boolean): number {
  if (contentLength === 0) return bodyStart;
  if (contentLength > 0) {
    const exact = advanceOctets(text, bodyStart, contentLength, false);
    if (exact !== -1 && isBoundary(text, exact)) return exact;
    if (lfOnly) {
      const wire = advanceOctets(text, bodyStart, contentLength, true);
      if (wire !== -1 && isBoundary(text, wire)) return wire;
    }
  }
  return nextBoundary(text, bodyStart);
}

/** The offset after `octets` UTF-8 octets from `start`, or -1 past the end of the text. */
function advanceOctets(text: string, start: number, octets: number, bareLfIsTwo: boolean): number {
  let remaining = octets;
  let i = start;
  const len = text.length;
  while (remaining > 0) {
    if (i >= len) return -1;
    const c = text.charCodeAt(i);
    let size: number;
    if (c < 0x80) size = bareLfIsTwo && c === LF && (i === 0 || text.charCodeAt(i - 1) !== CR) ? 2 : 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      size = 4;
      i++;
    } else size = 3;
    remaining -= size;
    i++;
  }
  return remaining === 0 ? Math.min(i, len) : -1;
}

/** True when `pos` is at the end of the text or starts a line that can follow a message. */
function isBoundary(text: string, pos: number): boolean {
  const len = text.length;
  if (pos >= len) return true;
  if (pos > 0 && text.charCodeAt(pos - 1) !== LF) {
    // Mid-line: only the rest of the line being blank makes it a boundary.
    const eol = text.indexOf('\n', pos);
    return isBlank(text, pos, eol === -1 ? len : eol);
  }
  const eol = text.indexOf('\n', pos);
  const end = lineContentEnd(text, eol === -1 ? len : eol, pos);
  return isBlank(text, pos, end) || isStartLine(text, pos, end) || parseTraceLine(text, pos, end) !== undefined;
}

/**
 * The end of a body framed by what follows it: the start of the first line that is a start
 * line or trace metadata following an empty line, or the end of the text; trailing empty
 * lines are not part of the body.
 */
function nextBoundary(text: string, bodyStart: number): number {
  const len = text.length;
  let pos = bodyStart;
  let lastNonBlankEnd = bodyStart;
  let previousBlank = true;
  while (pos < len) {
    let eol = text.indexOf('\n', pos);
    if (eol === -1) eol = len;
    const end = lineContentEnd(text, eol, pos);
    const blank = isBlank(text, pos, end);
    if (!blank) {
      if (previousBlank && pos > bodyStart && (isStartLine(text, pos, end) || parseTraceLine(text, pos, end))) break;
      if (pos > bodyStart && parseTraceLine(text, pos, end)?.opensRecord) break;
      lastNonBlankEnd = eol < len ? eol + 1 : len;
    }
    previousBlank = blank;
    pos = eol + 1;
  }
  return lastNonBlankEnd;
}

function parseStartLine(text: string, start: number, end: number, problems: ParseProblem[]): RequestLine | StatusLine {
  const range = { start, end };
  if (startsWithSipSlash(text, start)) {
    const sp = text.indexOf(' ', start);
    const versionRange = { start, end: sp };
    let i = sp;
    while (i < end && text.charCodeAt(i) === SP) i++;
    if (i - sp > 1) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the SIP version and the status code.', range: { start: sp, end: i } });
    const codeStart = i;
    while (i < end && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    const statusRange = { start: codeStart, end: i };
    const digits = i - codeStart;
    const status = digits > 0 && digits <= 15 ? Number(text.slice(codeStart, i)) : NaN;
    let reasonStart = i;
    if (i < end && text.charCodeAt(i) === SP) reasonStart = i + 1;
    else if (i < end) problems.push({ code: syntaxCodes.malformedStartLine, message: 'A space must follow the status code.', range: { start: i, end: i + 1 } });
    const version = text.slice(start, sp);
    checkVersion(version, versionRange, problems);
    return { kind: 'response', range, version, versionRange, status, statusRange, reason: text.slice(reasonStart, end), reasonRange: { start: reasonStart, end } };
  }
  let i = start;
  while (i < end && isTokenChar(text.charCodeAt(i))) i++;
  const methodRange = { start, end: i };
  const method = text.slice(start, i);
  let uriStart = i;
  while (uriStart < end && text.charCodeAt(uriStart) === SP) uriStart++;
  if (uriStart - i > 1) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the method and the Request-URI.', range: { start: i, end: uriStart } });
  let last = end;
  while (last > uriStart && (text.charCodeAt(last - 1) === SP || text.charCodeAt(last - 1) === HT)) last--;
  if (last < end) problems.push({ code: syntaxCodes.malformedStartLine, message: 'White space after the SIP version.', range: { start: last, end } });
  const versionStart = text.lastIndexOf(' ', last - 1) + 1;
  if (versionStart <= uriStart || !startsWithSipSlash(text, versionStart)) {
    problems.push({ code: syntaxCodes.malformedStartLine, message: 'The request line has no SIP version: write "SIP/2.0" after the Request-URI.', range: { start: last, end: last } });
    return { kind: 'request', range, method, methodRange, uriRange: { start: uriStart, end: last }, version: '', versionRange: { start: last, end: last } };
  }
  let uriEnd = versionStart - 1;
  const spacesEnd = uriEnd;
  while (uriEnd > uriStart && text.charCodeAt(uriEnd - 1) === SP) uriEnd--;
  if (spacesEnd - uriEnd > 0) problems.push({ code: syntaxCodes.malformedStartLine, message: 'More than one space between the Request-URI and the SIP version.', range: { start: uriEnd, end: spacesEnd + 1 } });
  for (let k = uriStart; k < uriEnd; k++) {
    const c = text.charCodeAt(k);
    if (c === SP || c === HT) {
      problems.push({ code: syntaxCodes.malformedStartLine, message: 'White space inside the Request-URI.', range: { start: uriStart, end: uriEnd } });
      break;
    }
  }
  const versionRange = { start: versionStart, end: last };
  const version = text.slice(versionStart, last);
  checkVersion(version, versionRange, problems);
  return { kind: 'request', range, method, methodRange, uriRange: { start: uriStart, end: uriEnd }, version, versionRange };
}

function checkVersion(version: string, range: Range, problems: ParseProblem[]): void {
  if (version !== 'SIP/2.0') {
    const upper = version.toUpperCase();
    problems.push(
      upper === 'SIP/2.0'
        ? { code: syntaxCodes.unsupportedVersion, message: `The SIP version is written "${version}"; write "SIP/2.0".`, range }
        : { code: syntaxCodes.unsupportedVersion, message: `Unsupported SIP version "${version}": only SIP/2.0 exists (a server answers 505).`, range },
    );
  }
}

/** A header's value with folded continuation lines joined by a single space. */
export function headerValueText(text: string, header: SipHeader): string {
  const { start, end } = header.valueRange;
  const raw = text.slice(start, end);
  if (raw.indexOf('\n') === -1) return raw;
  return raw.replace(/[ \t]*\r?\n[ \t]+/g, ' ');
}

/** The number of octets a body takes on the wire, as written (`utf8`) and with CRLF line ends (`wire`). */
export function bodyOctets(text: string, body: Range | undefined): { written: number; wire: number } {
  if (!body) return { written: 0, wire: 0 };
  const written = utf8Length(text, body.start, body.end);
  let bareLf = 0;
  for (let i = text.indexOf('\n', body.start); i !== -1 && i < body.end; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== CR) bareLf++;
  }
  return { written, wire: written + bareLf };
}
