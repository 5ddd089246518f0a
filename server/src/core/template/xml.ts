/**
 * A small, forgiving XML reader for SIPp scenario files: elements with their attributes and
 * content pieces (CDATA sections and text), every part with its range in the file. It reads
 * what scenarios contain (prolog, DOCTYPE, comments, processing instructions, CDATA, the five
 * predefined entities and character references) and never throws: problems are recorded and
 * the reader goes on.
 */
import type { Range } from '../types';
import { MappedTextBuilder, type MappedText } from './mapped';

export interface XmlAttribute {
  readonly name: string;
  /** The value with entities decoded. */
  readonly value: string;
  readonly nameRange: Range;
  /** The value inside the quotes. */
  readonly valueRange: Range;
}

/** A piece of element content: a CDATA section (its inside) or character data. */
export interface XmlContent {
  readonly kind: 'cdata' | 'text';
  readonly range: Range;
}

export interface XmlElement {
  readonly name: string;
  /** From `<` of the start tag to `>` of the end tag (or of the start tag when self-closing). */
  range: Range;
  readonly nameRange: Range;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlElement[];
  readonly content: XmlContent[];
  readonly parent: XmlElement | undefined;
}

export interface XmlProblem {
  readonly message: string;
  readonly range: Range;
}

export interface XmlDocument {
  /** The first element of the file; undefined when there is none. */
  readonly root: XmlElement | undefined;
  readonly problems: readonly XmlProblem[];
}

/** The value of an attribute, if present. */
export function attribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.name === name);
}

/** The name of the first element of `text`, skipping the prolog; undefined when there is none. */
export function rootElementName(text: string): string | undefined {
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3c) return undefined;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return undefined;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return undefined;
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      i = skipDeclaration(text, i);
    } else {
      let end = i + 1;
      while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
      return text.slice(i + 1, end);
    }
  }
}

/** Reads the whole file. */
export function parseXml(text: string): XmlDocument {
  const problems: XmlProblem[] = [];
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let textStart = i;
  const flushText = (end: number) => {
    const top = stack[stack.length - 1];
    if (top && end > textStart) top.content.push({ kind: 'text', range: { start: textStart, end } });
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt === -1) break;
    flushText(lt);
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end === -1) {
        problems.push({ message: 'Comment not closed: `-->` is missing.', range: { start: lt, end: lt + 4 } });
        i = text.length;
        break;
      }
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      const top = stack[stack.length - 1];
      if (end === -1) {
        problems.push({ message: 'CDATA section not closed: `]]>` is missing.', range: { start: lt, end: lt + 9 } });
        top?.content.push({ kind: 'cdata', range: { start: lt + 9, end: text.length } });
        i = text.length;
        break;
      }
      top?.content.push({ kind: 'cdata', range: { start: lt + 9, end } });
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (text.startsWith('<!', lt)) {
      i = skipDeclaration(text, lt);
    } else if (text.startsWith('</', lt)) {
      let nameEnd = lt + 2;
      while (nameEnd < text.length && isNameChar(text.charCodeAt(nameEnd))) nameEnd++;
      const name = text.slice(lt + 2, nameEnd);
      const gt = text.indexOf('>', nameEnd);
      const end = gt === -1 ? text.length : gt + 1;
      const at = findOpen(stack, name);
      if (at === -1) {
        problems.push({ message: `End tag </${name}> has no matching start tag.`, range: { start: lt, end } });
      } else {
        for (let s = stack.length - 1; s > at; s--) {
          const unclosed = stack[s];
          problems.push({ message: `<${unclosed.name}> is not closed before </${name}>.`, range: unclosed.nameRange });
          unclosed.range = { start: unclosed.range.start, end: lt };
        }
        stack[at].range = { start: stack[at].range.start, end };
        stack.length = at;
      }
      i = end;
    } else {
      const parsed = readStartTag(text, lt, stack[stack.length - 1], problems);
      if (!parsed) {
        i = lt + 1;
      } else {
        const { element, selfClosing, end } = parsed;
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(element);
        else if (!root) root = element;
        else problems.push({ message: `A second top-level element <${element.name}>: a scenario has one <scenario> root.`, range: element.nameRange });
        if (!selfClosing) stack.push(element);
        i = end;
      }
    }
    textStart = i;
  }
  flushText(text.length);
  for (let s = stack.length - 1; s >= 0; s--) {
    problems.push({ message: `<${stack[s].name}> is not closed.`, range: stack[s].nameRange });
    stack[s].range = { start: stack[s].range.start, end: text.length };
  }
  return { root, problems };
}

function findOpen(stack: readonly XmlElement[], name: string): number {
  for (let s = stack.length - 1; s >= 0; s--) if (stack[s].name === name) return s;
  return -1;
}

function readStartTag(
  text: string,
  lt: number,
  parent: XmlElement | undefined,
  problems: XmlProblem[],
): { element: XmlElement; selfClosing: boolean; end: number } | undefined {
  let i = lt + 1;
  while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
  if (i === lt + 1) return undefined;
  const nameRange = { start: lt + 1, end: i };
  const attributes: XmlAttribute[] = [];
  let selfClosing = false;
  let end = text.length;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 0x3e) {
      end = i + 1;
      break;
    }
    if (c === 0x2f && text.charCodeAt(i + 1) === 0x3e) {
      selfClosing = true;
      end = i + 2;
      break;
    }
    if (c === 0x3c || Number.isNaN(c)) {
      problems.push({ message: `Start tag <${text.slice(nameRange.start, nameRange.end)}> is not closed by \`>\`.`, range: nameRange });
      end = i;
      break;
    }
    const nameStart = i;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    if (i === nameStart) {
      i++;
      continue;
    }
    const attrNameRange = { start: nameStart, end: i };
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3d) {
      problems.push({ message: `Attribute ${text.slice(nameStart, attrNameRange.end)} has no value.`, range: attrNameRange });
      continue;
    }
    i++;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) {
      problems.push({ message: `The value of ${text.slice(nameStart, attrNameRange.end)} is not quoted.`, range: attrNameRange });
      continue;
    }
    const close = text.indexOf(String.fromCharCode(quote), i + 1);
    const valueEnd = close === -1 ? text.length : close;
    const valueRange = { start: i + 1, end: valueEnd };
    attributes.push({ name: text.slice(nameStart, attrNameRange.end), value: decodeXmlText(text, valueRange).text, nameRange: attrNameRange, valueRange });
    i = valueEnd + 1;
  }
  const element: XmlElement = { name: text.slice(nameRange.start, nameRange.end), range: { start: lt, end }, nameRange, attributes, children: [], content: [], parent };
  return { element, selfClosing, end };
}

/** Skips `<!DOCTYPE ...>` (with an internal subset in brackets) or another declaration. */
function skipDeclaration(text: string, lt: number): number {
  let depth = 0;
  for (let i = lt + 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b) depth++;
    else if (c === 0x5d) depth--;
    else if (c === 0x3e && depth <= 0) return i + 1;
  }
  return text.length;
}

/**
 * Decodes character data: the predefined entities and character references, with each decoded
 * character mapped to its reference. A CR LF pair reads as LF, as XML prescribes.
 */
export function decodeXmlText(text: string, range: Range): MappedText {
  const builder = new MappedTextBuilder();
  let i = range.start;
  while (i < range.end) {
    const c = text.charCodeAt(i);
    if (c === 0x26) {
      const semi = text.indexOf(';', i + 1);
      if (semi !== -1 && semi < range.end && semi - i <= 10) {
        const decoded = decodeEntity(text.slice(i + 1, semi));
        if (decoded !== undefined) {
          builder.insert(decoded, { start: i, end: semi + 1 });
          i = semi + 1;
          continue;
        }
      }
    } else if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      i++;
      continue;
    }
    builder.push(text[i], i, i + 1);
    i++;
  }
  return builder.build(range.end);
}

/** The inside of a CDATA section, with CR LF read as LF. */
export function cdataText(text: string, range: Range): MappedText {
  const builder = new MappedTextBuilder();
  let runStart = range.start;
  for (let i = text.indexOf('\r', range.start); i !== -1 && i < range.end; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 0x0a) continue;
    builder.copy(text, runStart, i);
    runStart = i + 1;
  }
  builder.copy(text, runStart, range.end);
  return builder.build(range.end);
}

function decodeEntity(name: string): string | undefined {
  switch (name) {
    case 'lt': return '<';
    case 'gt': return '>';
    case 'amp': return '&';
    case 'quot': return '"';
    case 'apos': return "'";
  }
  const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : name.startsWith('#') ? parseInt(name.slice(1), 10) : NaN;
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2e || c === 0x3a || c > 0x7f;
}
