import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeStrictBase64, isStrictBase64 } from './base64.js';

/** The spec's definition, literally: the reference the fast check must agree with. */
const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;

describe('strict Base64', () => {
  it.each(['test', 'AAAA', 'QQ==', 'QR==', 'QUI=', 'QUJD', 'aGVsbG8gd29ybGQ='])('accepts %j', (text) => {
    expect(isStrictBase64(text)).toBe(true);
  });

  it.each(['', 'QQ', 'QQ=', '====', 'Q===', 'QQ==QQ==', 'ab-_', 'ab+/ab-_', 'QU JD', 'QUJD\n', ' QUJD', 'QUJD====', 'QU=D', '#$%^',
    // Node's decoder reads U+0141 as its low byte "A", and skips Latin-1 "Á": neither is Base64
    '\u0141UJDQUJD', 'QUJD\u0141UJD', 'QUJDQ\u00c1JD', 'QUJD\ud83d\ude00JD', 'QUJD' + 'QUJD'.repeat(20_000) + '\u0141UJD'])(
    'refuses %j',
    (text) => {
      expect(isStrictBase64(text)).toBe(false);
    },
  );

  it('agrees with the literal definition on Base64-like text', () => {
    const alphabet = fc.constantFrom(...'ABCQabz019+/=-_ \n\u0141\u00c1\u0100\ufffd'.split(''), '\ud83d\ude00');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 24 }).map((c) => c.join('')), (text) => {
        expect(isStrictBase64(text)).toBe(STRICT.test(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it('decodes to the bytes, whatever the padding bits', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (bytes) => {
        // The web platform's own encoder as the oracle (core's code and tests stay free of Node's Buffer).
        expect(Array.from(decodeStrictBase64(btoa(String.fromCharCode(...bytes)))!)).toEqual(Array.from(bytes));
      }),
    );
    expect(Array.from(decodeStrictBase64('QR==')!)).toEqual([0x41]);
  });

  it('decodes long text (beyond one 64 KiB check chunk) and refuses a bad character anywhere in it', () => {
    const bytes = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 7) & 0xff);
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    const text = btoa(binary);
    expect(new Uint8Array(decodeStrictBase64(text)!)).toEqual(bytes);
    for (const at of [0, 65_535, 65_536, 131_072, text.length - 5]) {
      for (const bad of ['-', '_', ' ', '\u0141', '\u00c1']) {
        expect(decodeStrictBase64(text.slice(0, at) + bad + text.slice(at + 1))).toBeUndefined();
      }
    }
  });
});
