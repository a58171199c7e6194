/**
 * decodeBody under hostile input, the long run of `npm run test:faults`: at least 1,000,000 generated
 * and mutated bodies (FUZZ_CASES overrides the count, FUZZ_SEED the seed). The figures go to
 * test/faults/results/decode-body-fuzz.json, which docs/reliability.md quotes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fuzzDecodeBody } from '../fuzz/decode-body-fuzz.js';

const CASES = Number(process.env.FUZZ_CASES ?? 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

describe('decodeBody fuzzing (long)', () => {
  it(`survives ${CASES.toLocaleString('en')} hostile bodies: one of four kinds, well formed, no prototype touched`, () => {
    const figures = fuzzDecodeBody(CASES, SEED);
    expect(figures.cases).toBe(CASES);
    for (const kind of ['mega', 'data', 'plaintext', 'binary']) expect(figures.byKind[kind]).toBeGreaterThan(0);
    const results = new URL('./results/', import.meta.url);
    mkdirSync(results, { recursive: true });
    writeFileSync(new URL('decode-body-fuzz.json', results), `${JSON.stringify({ ...figures, node: process.version, date: new Date().toISOString() }, null, 2)}\n`);
    console.log(`decodeBody fuzz: ${JSON.stringify(figures)}`);
  }, 600_000);
});
