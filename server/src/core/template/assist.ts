/**
 * Authoring help inside templates, in plain shapes the language server turns into LSP ones:
 * keyword completion after `[`, and a description of the keyword under the cursor.
 */
import type { Range } from '../types';
import { classifyKeyword, keywordCatalogue, keywordInfo, readKeyword } from './keywords';

/** One completion proposal. */
export interface KeywordCompletion {
  readonly label: string;
  /** What replaces `replace`: the name and the closing bracket (a snippet when `snippet`). */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly detail: string;
  readonly documentation: string;
  /** The range the insertion replaces: from after `[` to the cursor. */
  readonly replace: Range;
}

/**
 * Keyword proposals when the cursor follows `[` and a partial name on its line; undefined
 * elsewhere, so that the caller can offer its own completions.
 */
export function keywordCompletions(text: string, offset: number): KeywordCompletion[] | undefined {
  let open = offset - 1;
  while (open >= 0 && offset - open <= 40) {
    const c = text.charCodeAt(open);
    if (c === 0x5b) break;
    if (!(isNameChar(c))) return undefined;
    open--;
  }
  if (open < 0 || text.charCodeAt(open) !== 0x5b) return undefined;
  const replace = { start: open + 1, end: offset };
  // A closing bracket right after the cursor is reused rather than doubled.
  const closed = text.charCodeAt(offset) === 0x5d;
  return keywordCatalogue.map((info) => {
    const snippet = info.snippet !== undefined;
    let insertText = info.snippet ?? `${info.name}]`;
    if (closed && insertText.endsWith(']')) insertText = insertText.slice(0, -1);
    return { label: info.name, insertText, snippet, detail: `SIPp keyword (${info.kind})`, documentation: info.summary, replace };
  });
}

/** The description of the keyword at `offset`, in Markdown, with its range. */
export function keywordHover(text: string, offset: number): { range: Range; markdown: string } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let open = text.lastIndexOf('[', offset);
  if (open < lineStart) return undefined;
  if (text.charCodeAt(offset) === 0x5b) open = offset;
  const use = readKeyword(text, open);
  if (use.unterminated || offset >= use.range.end) return undefined;
  const { family } = classifyKeyword(use.name);
  let title = `[${use.name}]`;
  let summary: string;
  switch (family.type) {
    case 'simple':
      summary = family.info.summary;
      break;
    case 'last':
      summary = family.valueOnly
        ? `The value of the \`${family.header}\` header of the last message received, without its name.`
        : (keywordInfo(`last_${family.header}:`)?.summary ?? `The \`${family.header}\` header(s) of the last message received, as whole lines; nothing (and the rest of the line) when it had none.`);
      break;
    case 'field':
      summary = `Field ${family.index} of the current line of the injection file (\`-inf\`)${use.params ? `; parameters: \`${use.params}\`` : ''}.`;
      break;
    case 'variable':
      summary = `The value of the call variable \`${family.variable}\`, set by an action (\`<ereg assign_to="${family.variable}">\`...).`;
      break;
    case 'unknown':
      return undefined;
    default:
      summary = keywordInfo(family.type)?.summary ?? 'SIPp SRTP keyword: the crypto attribute of an `rtp_stream` or `rtp_echo` stream.';
  }
  if (use.offset !== 0) title += ` (offset ${use.offset > 0 ? '+' : ''}${use.offset})`;
  return { range: use.range, markdown: `**SIPp keyword ${title}**\n\n${summary}` };
}

function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c === 0x2d || c === 0x3a;
}
