/**
 * The vectors are copied into the repository so that a clone tests itself. Where the spec's own
 * folder sits beside the repository (development machines, CI), the copy must be identical.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const copies = [
  ['./fixtures/vectors-public.json', 'vectors-public.json'],
  ['../SPEC.md', 'mega-spec.md'],
] as const;

const specDir = new URL('../../../../shared/spec/', import.meta.url);

describe.runIf(existsSync(specDir))('copies of the shared spec', () => {
  it.each(copies)('%s is the same as ../shared/spec/%s (copy it again when the spec changes)', (copy, original) => {
    const ours = readFileSync(new URL(copy, import.meta.url), 'utf8');
    expect(ours === readFileSync(new URL(original, specDir), 'utf8')).toBe(true);
  });
});
