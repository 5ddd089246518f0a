/**
 * Types shared by every part of the core. The core speaks in offsets: a {@link Range} is a
 * half-open span of UTF-16 code units into the document text, exactly what JavaScript string
 * indices are. Line and column numbers exist only at the edges (CLI output, LSP positions),
 * computed with {@link LineIndex} from `text.ts`.
 */

/** A half-open span `[start, end)` of UTF-16 code-unit offsets into the document text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** How serious a finding is. `info` is for things worth knowing that do not break calls. */
export type Severity = 'error' | 'warning' | 'info';

/** A severity as a user may set it: any {@link Severity}, or `off` to silence the rule. */
export type SeveritySetting = Severity | 'off';

/** A replacement of the text in `range` by `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

/**
 * A fix: edits that are applied together as one undoable change. Edits of one fix never
 * overlap. `safe` fixes keep the message's meaning (recounting Content-Length); `unsafe` ones
 * change what the message says (writing another address into Contact) and are applied by
 * `--fix` only when the user asked for them.
 */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly safety: 'safe' | 'unsafe';
}

/** A JSON value: what may travel in a finding's `data` (and so in an LSP `diagnostic.data`). */
export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

/** What a rule hands to its own fix provider. It must survive a JSON round trip. */
export type FindingData = { readonly [key: string]: Json };

/** One problem found in a document by a rule. */
export interface Finding {
  /** The rule's stable kebab-case id, for example `nat/private-contact`. */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  /** What the rule's fix provider needs; travels in `diagnostic.data`. */
  readonly data?: FindingData;
}

/**
 * A problem met while parsing: the parser never throws, it records these and goes on.
 * `code` is the id of the rule that owns the problem (its documentation and severity);
 * the rule turns the problem into a {@link Finding}.
 */
export interface ParseProblem {
  readonly code: string;
  readonly message: string;
  readonly range: Range;
  readonly data?: FindingData;
}

/**
 * An error inside one header value (a URI, a Via, a CSeq...). Value parsers return the value
 * they could read plus these; the rule that reports malformed values gives them their id.
 */
export interface ValueError {
  readonly message: string;
  readonly range: Range;
}

/** A parsed value plus the errors met while reading it. Parsing never fails. */
export interface Parsed<T> {
  readonly value: T;
  readonly errors: readonly ValueError[];
}

/** Settings that change what the linter reports; normalized by `normalizeSettings`. */
export interface LintSettings {
  /** Per-rule severity overrides, keyed by rule id. */
  readonly severities: { readonly [ruleId: string]: SeveritySetting };
  /**
   * The user's own networks (CIDR, for example `10.20.0.0/16` or `fd00:1::/48`): addresses in
   * them are never reported as non-public, because the user routes them.
   */
  readonly internalNetworks: readonly string[];
}
