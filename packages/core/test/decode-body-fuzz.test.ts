/**
 * decodeBody under hostile input, the quick run (the long one, ≥ 1,000,000 cases, is
 * test/faults/decode-body-fuzz.faults.test.ts in `npm run test:faults`).
 */
import { describe, expect, it } from 'vitest';
import { CORPUS, fuzzDecodeBody } from './fuzz/decode-body-fuzz.js';

describe('decodeBody fuzzing (quick)', () => {
  it('has the spec vectors as its seed corpus', () => {
    expect(CORPUS.length).toBeGreaterThan(700);
  });

  it('returns a well-formed result of one of the four kinds for 20,000 hostile bodies, touching no prototype', () => {
    const figures = fuzzDecodeBody(20_000, Date.now() % 2 ** 31);
    expect(figures.cases).toBe(20_000);
    // The generators reach every kind, and SNS envelopes.
    for (const kind of ['mega', 'data', 'plaintext', 'binary']) expect(figures.byKind[kind]).toBeGreaterThan(100);
    expect(figures.withSns).toBeGreaterThan(100);
  });
});
