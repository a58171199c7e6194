/**
 * Text from a message, made to show what is really there. Unicode's bidirectional control
 * characters (overrides, embeddings, isolates, marks) are invisible and reorder the text around
 * them: a key `"\u202Eevil"` shows as `"live"` and can flip the rest of its line. A devtool must not
 * let data disguise itself, so each control is shown as its escape, `\u202e`, never passed through.
 *
 * The plain-text form ({@link escapeBidiControls}) is for places that hold a string only: titles,
 * aria-labels, one-line previews. The segmented form ({@link visibleSegments}) lets
 * `VisibleText` style each escape and name the character in its title.
 */

/** The bidirectional control characters, by code point, with their Unicode names. */
export const BIDI_CONTROLS: ReadonlyMap<number, string> = new Map([
  [0x061c, 'ARABIC LETTER MARK'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
]);

const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One piece of a text: plain text, or one bidi control character shown as its escape. */
export type VisibleSegment =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'bidi-control';
      /** The escape shown in its place: `\u202e`. */
      readonly escape: string;
      /** `U+202E RIGHT-TO-LEFT OVERRIDE`. */
      readonly description: string;
    };

function escapeOf(control: string): string {
  return `\\u${control.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` with every bidi control character replaced by its escape (`\u202e`, lowercase hex), so it
 * is safe wherever only plain text fits. Other text is kept as it is.
 */
export function escapeBidiControls(text: string): string {
  return text.replace(BIDI_CONTROL, escapeOf);
}

/**
 * `text` cut into plain runs and bidi controls, in order. After `maxStyled` controls (default
 * 1,000), the rest are escaped inside the text runs: still visible, without one element each, so a
 * body of a million controls cannot swamp the page.
 */
export function visibleSegments(text: string, maxStyled = 1000): VisibleSegment[] {
  const segments: VisibleSegment[] = [];
  let start = 0;
  let styled = 0;
  for (const found of text.matchAll(BIDI_CONTROL)) {
    if (styled >= maxStyled) break;
    const at = found.index;
    if (at > start) segments.push({ kind: 'text', text: text.slice(start, at) });
    const code = found[0].charCodeAt(0);
    segments.push({
      kind: 'bidi-control',
      escape: escapeOf(found[0]),
      description: `U+${code.toString(16).toUpperCase().padStart(4, '0')} ${BIDI_CONTROLS.get(code) ?? 'BIDI CONTROL'}`,
    });
    styled++;
    start = at + 1;
  }
  if (start < text.length) segments.push({ kind: 'text', text: escapeBidiControls(text.slice(start)) });
  return segments;
}
