import { describe, expect, it } from 'vitest';
import { PayloadBuilder, decodeBody, encodeBody } from '@sqs-mega/core';
import { decodedSummary } from './decoded-message.js';
import { valueText } from './value-text.js';
import { BIDI_CONTROLS, escapeBidiControls, visibleSegments } from './visible-text.js';

const CONTROLS = [0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
/** Any bidi control character, as a check on output: none may survive. */
const ANY_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('escapeBidiControls', () => {
  it('writes every bidi control character as its escape and keeps other text', () => {
    for (const code of CONTROLS) {
      const escape = `\\u${code.toString(16).padStart(4, '0')}`;
      expect(escapeBidiControls(`a${String.fromCharCode(code)}b`)).toBe(`a${escape}b`);
    }
    expect(escapeBidiControls('abc\u202Edef')).toBe('abc\\u202edef');
    expect(escapeBidiControls('plain שלום 😀 \u0000')).toBe('plain שלום 😀 \u0000');
  });

  it('names every character it escapes', () => {
    expect([...BIDI_CONTROLS.keys()].sort()).toEqual([...CONTROLS].sort());
  });
});

describe('visibleSegments', () => {
  it('cuts a text into runs and named controls, in order', () => {
    expect(visibleSegments('abc\u202Edef\u2066')).toEqual([
      { kind: 'text', text: 'abc' },
      { kind: 'bidi-control', escape: '\\u202e', description: 'U+202E RIGHT-TO-LEFT OVERRIDE' },
      { kind: 'text', text: 'def' },
      { kind: 'bidi-control', escape: '\\u2066', description: 'U+2066 LEFT-TO-RIGHT ISOLATE' },
    ]);
    expect(visibleSegments('')).toEqual([]);
    expect(visibleSegments('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
  });

  it('escapes the controls past the styled limit inside the text, so none is ever passed through', () => {
    const segments = visibleSegments('\u202E'.repeat(5), 2);
    expect(segments.filter((s) => s.kind === 'bidi-control')).toHaveLength(2);
    expect(segments.at(-1)).toEqual({ kind: 'text', text: '\\u202e'.repeat(3) });
  });
});

describe('one-line previews', () => {
  it('write bidi controls in keys and strings as JSON escapes, so one cannot reorder the line', () => {
    const preview = valueText({ '\u202Eevil': 'abc\u202Edef', list: ['\u2067x'] });
    expect(preview).toBe('{"\\u202eevil": "abc\\u202edef", "list": ["\\u2067x"]}');
    expect(preview).not.toMatch(ANY_CONTROL);
  });

  it('show an out-of-range date as invalid instead of throwing', () => {
    expect(valueText({ at: new Date(1e20) })).toBe('{"at": Date invalid time (NaN)}');
  });

  it('summarize event names and plain text with their bidi controls escaped', () => {
    const payload = new PayloadBuilder().withEvent({ name: 'order\u202Edecalp', domain: 'shop\u202D' }).withObject({ type: 't\u200F', id: 'i\u061C', current: { a: 1 } }).build();
    expect(decodedSummary(decodeBody(encodeBody(payload, { encoding: 'json' })))).toBe('shop\\u202d/order\\u202edecalp · t\\u200f i\\u061c');
    expect(decodedSummary(decodeBody('abc\u202Edef'))).toBe('abc\\u202edef');
  });
});
