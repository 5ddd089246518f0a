// Expands a VS Code snippet body the way the editor would when every placeholder keeps its
// default value, so tests can check the text a user gets before editing anything.

/** Fixed-width stand-ins for the snippet variables the project uses; each has the width VS Code gives it. */
const variables = new Map([
  ['RANDOM', '012345'],
  ['RANDOM_HEX', '0a1b2c'],
  ['UUID', '00000000-0000-4000-8000-000000000000'],
]);

/**
 * Parses snippet syntax (tabstops, placeholders, choices, variables, escapes) into nodes.
 * Returns the nodes and the index where parsing stopped (at `}` when `inBraces`).
 */
function parseNodes(text, start, inBraces) {
  const nodes = [];
  let literal = '';
  let i = start;
  const flush = () => {
    if (literal) nodes.push({ kind: 'text', text: literal });
    literal = '';
  };
  while (i < text.length) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length && '$}\\|,'.includes(text[i + 1])) {
      literal += text[i + 1];
      i += 2;
    } else if (inBraces && ch === '}') {
      break;
    } else if (ch === '$') {
      const node = parseDollar(text, i);
      if (node === undefined) {
        literal += ch;
        i += 1;
      } else {
        flush();
        nodes.push(node.node);
        i = node.end;
      }
    } else {
      literal += ch;
      i += 1;
    }
  }
  flush();
  return { nodes, end: i };
}

/** Parses the construct that starts with `$` at `i`; undefined when it is a plain dollar sign. */
function parseDollar(text, i) {
  const simple = /^\$(?:(\d+)|([A-Z_][A-Z_0-9]*))/.exec(text.slice(i));
  if (simple) {
    const node = simple[1] !== undefined ? { kind: 'tab', index: Number(simple[1]) } : { kind: 'var', name: simple[2] };
    return { node, end: i + simple[0].length };
  }
  const braced = /^\$\{(?:(\d+)|([A-Z_][A-Z_0-9]*))/.exec(text.slice(i));
  if (!braced) return undefined;
  let j = i + braced[0].length;
  const node = braced[1] !== undefined ? { kind: 'tab', index: Number(braced[1]) } : { kind: 'var', name: braced[2] };
  if (text[j] === '|' && node.kind === 'tab') {
    const close = text.indexOf('|}', j + 1);
    if (close < 0) throw new Error(`unterminated choice at ${i}`);
    node.choices = text.slice(j + 1, close).split(',');
    return { node, end: close + 2 };
  }
  if (text[j] === ':') {
    const inner = parseNodes(text, j + 1, true);
    node.children = inner.nodes;
    j = inner.end;
  }
  if (text[j] !== '}') throw new Error(`unterminated \${ at ${i}`);
  return { node, end: j + 1 };
}

/** Renders nodes; a tabstop shows the default of its first placeholder or choice. */
function render(nodes, defaults) {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'var') {
      if (!variables.has(node.name)) throw new Error(`unknown snippet variable $${node.name}`);
      out += variables.get(node.name);
    } else out += defaults.get(node.index) ?? '';
  }
  return out;
}

/**
 * Finds each tabstop's default: the text of its first placeholder or its first choice, with
 * mirrors inside placeholders rendered from `known` (the defaults of the previous round).
 */
function collectDefaults(nodes, known, found) {
  for (const node of nodes) {
    if (node.kind !== 'tab') continue;
    if (node.choices && !found.has(node.index)) found.set(node.index, node.choices[0]);
    if (node.children) {
      collectDefaults(node.children, known, found);
      if (!found.has(node.index)) found.set(node.index, render(node.children, known));
    }
  }
}

/** The text a snippet inserts when every placeholder keeps its default (lines joined with LF). */
export function expandSnippet(body) {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const { nodes } = parseNodes(text, 0, false);
  // Placeholders may mirror other tabstops, even later ones: resolve until nothing changes.
  let defaults = new Map();
  for (let round = 0; round < 10; round++) {
    const found = new Map();
    collectDefaults(nodes, defaults, found);
    const stable = found.size === defaults.size && [...found].every(([k, v]) => defaults.get(k) === v);
    defaults = found;
    if (stable) break;
  }
  return render(nodes, defaults);
}
