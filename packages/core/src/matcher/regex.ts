/**
 * Regular expressions in matching (spec §5.3, M4): `$match` strings are JavaScript regexes with no
 * flags (Annex B syntax) that must match at index 0 and may end anywhere; a `RegExp` value in a
 * pattern is tested the same way with its own flags. Also: the literal prefix every match starts
 * with, which lets simple regexes run as `startsWith` and lets the router index them.
 */

/** A regex ready to test strings at index 0. */
export interface AnchoredRegex {
  /** True when the string matches starting at index 0. */
  readonly test: (text: string) => boolean;
  /** How it reads in explanations: `/^user:/`, `/abc/i`. */
  readonly text: string;
  /**
   * A string every match starts with (`""` when there is none to rely on), and whether the regex
   * is exactly "starts with that prefix".
   */
  readonly prefix: LiteralPrefix;
  /**
   * For the code generator: the sticky `RegExp` that `test` runs (reset `lastIndex` to 0 first),
   * or, when `test` is `startsWith`, the prefix in `startsWith`. Exactly one is set.
   */
  readonly sticky?: RegExp;
  readonly startsWith?: string;
}

/** The literal start of a regex. */
export interface LiteralPrefix {
  /** Every string the regex matches (at index 0) starts with this text. */
  readonly text: string;
  /** True when the regex matches exactly the strings starting with `text`. */
  readonly complete: boolean;
}

const NO_PREFIX: LiteralPrefix = { text: '', complete: false };

/** Characters with a meaning of their own in a regex (outside a character class). */
const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|']);
/** Quantifiers that make the atom before them optional (`{` conservatively counts as one). */
const OPTIONAL_QUANTIFIERS = new Set(['*', '?', '{']);

/** True when `|` appears outside every group and character class: alternatives at the top level. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === '|' && depth === 0) {
      return true;
    }
  }
  return false;
}

/**
 * The literal prefix of a regex source (no `i` flag): the plain characters and escaped punctuation
 * it starts with, after an optional `^`. Conservative: stops at the first construct it does not
 * fully understand, and drops a character made optional by the quantifier after it.
 */
export function literalPrefixOf(source: string): LiteralPrefix {
  if (hasTopLevelAlternation(source)) return NO_PREFIX;
  let i = source.startsWith('^') ? 1 : 0;
  let text = '';
  while (i < source.length) {
    const c = source[i]!;
    let literal: string;
    let width: number;
    if (c === '\\') {
      const next = source[i + 1];
      // Escaped ASCII punctuation is the character itself; letters and digits are classes,
      // assertions, back-references or control escapes.
      if (next === undefined || !/^[!-/:-@[-`{-~]$/.test(next)) return { text, complete: false };
      literal = next;
      width = 2;
    } else if (SYNTAX.has(c)) {
      return { text, complete: false };
    } else {
      // A surrogate pair is one character to a `u`/`v` regex: keep it whole (safe in both modes).
      const high = c.charCodeAt(0);
      const low = source.charCodeAt(i + 1);
      width = high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
      literal = source.slice(i, i + width);
    }
    const after = source[i + width];
    if (after !== undefined && OPTIONAL_QUANTIFIERS.has(after)) return { text, complete: false };
    text += literal;
    i += width;
    if (after === '+') return { text, complete: false };
  }
  return { text, complete: true };
}

function anchored(regex: RegExp, text: string, prefix: LiteralPrefix): AnchoredRegex {
  if (prefix.complete) {
    const start = prefix.text;
    return { test: (s) => s.startsWith(start), text, prefix, startsWith: start };
  }
  return {
    test: (s) => {
      regex.lastIndex = 0;
      return regex.test(s);
    },
    text,
    prefix,
    sticky: regex,
  };
}

/**
 * Compiles a `$match` string (no flags, Annex B syntax). Throws the engine's `SyntaxError` when
 * the source is not a valid JavaScript regex; the caller turns it into a `PatternError`.
 */
export function compileMatchRegex(source: string): AnchoredRegex {
  const regex = new RegExp(source, 'y');
  return anchored(regex, `/${source}/`, literalPrefixOf(source));
}

/**
 * A `RegExp` from code, tested anchored at index 0 with its own flags (`g` dropped, `y` added so
 * the match starts at index 0).
 */
export function compileRegExpValue(value: RegExp): AnchoredRegex {
  const flags = value.flags.replace('g', '');
  const regex = new RegExp(value.source, flags.includes('y') ? flags : `${flags}y`);
  const prefix = flags.includes('i') ? NO_PREFIX : literalPrefixOf(value.source);
  return anchored(regex, `/${value.source}/${value.flags}`, prefix);
}
