/** The README's "Testing subscribers" example is readme-example.test.ts, word for word, so it compiles and passes. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (relative: string) => readFileSync(new URL(relative, import.meta.url), 'utf8');

describe('the README', () => {
  it('shows the testing example that readme-example.test.ts runs', () => {
    const readme = read('../../README.md');
    const section = readme.slice(readme.indexOf('### Testing subscribers'));
    const example = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBe(read('./readme-example.test.ts'));
  });
});
