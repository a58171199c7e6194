import { describe, expect, it } from 'vitest';
import { findCharacterSqsRefuses, utf8ByteLength } from './sqs-limits.js';

describe('findCharacterSqsRefuses', () => {
  it('accepts tab, newlines, text, BMP private use and astral characters', () => {
    expect(findCharacterSqsRefuses('a\tb\nc\rd é \ue000 \ufffd 😀')).toBeUndefined();
  });

  it.each([
    ['NUL', 'ab\u0000', 2, 0x0],
    ['a C0 control', '\u0007', 0, 0x7],
    ['U+FFFE', 'x\ufffe', 1, 0xfffe],
    ['U+FFFF', '\uffff', 0, 0xffff],
    ['a lone high surrogate', 'a\ud83d', 1, 0xd83d],
    ['a lone low surrogate', '\ude00a', 0, 0xde00],
  ])('finds %s', (_what, body, index, codePoint) => {
    expect(findCharacterSqsRefuses(body)).toEqual({ index, codePoint });
  });
});

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes, as SQS does', () => {
    expect(utf8ByteLength('aé😀')).toBe(1 + 2 + 4);
  });
});
