import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generateTest, generateTestSource, matcherCodegenEnabled, setMatcherCodegen } from './codegen.js';
import { compileNode, compilePattern, newCompileContext } from './compile.js';
import { eventPattern } from './event-pattern.js';
import type { Pattern } from './pattern-form.js';

const enabled = matcherCodegenEnabled();

function sourceOf(pattern: Pattern): string {
  return generateTestSource(compileNode(pattern, [], newCompileContext()))!.source;
}

/** Keys and strings written to break out of a string literal, a template or a script element. */
const breakouts = [
  '"]; globalThis.pwned = 1; //',
  "']; globalThis.pwned = 1; //",
  '\\"]; globalThis.pwned = 1; //',
  '\\',
  '`${globalThis.pwned = 1}`',
  '\u2028globalThis.pwned = 1\u2029',
  '</script><script>globalThis.pwned = 1</script>',
  '\n}); globalThis.pwned = 1; (function(){\n',
  '\ud800 lone surrogate',
];

afterEach(() => {
  setMatcherCodegen('auto');
  delete (globalThis as { pwned?: unknown }).pwned;
});

describe.skipIf(!enabled)('generated source', () => {
  it('reads keys and compares strings through JSON.stringify literals only', () => {
    for (const text of breakouts) {
      const key = text.startsWith('$') ? `$${text}` : text;
      const pattern = { [key]: text, nested: { [key]: { $oneOf: [text, 'b'] } } } as Pattern;
      const source = sourceOf(pattern);
      expect(source).toContain(`[${JSON.stringify(text)}]`);
      const compiled = compilePattern(pattern);
      const value = { [text]: text, nested: { [text]: 'b' } };
      expect(compiled.test(value)).toBe(true);
      expect(compiled.test({ ...value, [text]: 'other' })).toBe(false);
      expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    }
  });

  it('passes regexes, dates, predicates and byte arrays as constants, not as source text', () => {
    const predicate = (x: unknown) => x === 'globalThis.pwned = 1';
    const source = sourceOf({
      a: { $match: 'pwned|x' },
      b: /pwned/i,
      c: predicate,
      d: new Uint8Array([1]),
      e: { $gt: { $date: '2020-01-01' } },
    });
    expect(source).not.toContain('pwned');
    expect(source).not.toContain('2020');
  });

  it('writes numbers and bigints as literals, and NaN/Infinity as constants', () => {
    const source = sourceOf({ a: 5, b: -0, c: 12345678901234567890n, d: NaN, e: { $lt: Infinity }, f: -1e-7 });
    expect(source).toContain('(5)');
    expect(source).toContain('(-0)');
    expect(source).toContain('(12345678901234567890n)');
    expect(source).toContain('(-1e-7)');
    expect(source).not.toMatch(/NaN|Infinity/);
  });

  it('generates event subscriber patterns, reading event and object once each', () => {
    const p = eventPattern({ name: 'a', objectCurrent: { id: { $gt: 0 } } });
    const payload = { protocol: 'mega', version: 1, event: { name: 'a' }, object: { current: { id: 1 } } };
    expect(p.test(payload as never)).toBe(true);
    expect(p.test({ ...payload, object: { current: { id: 0 } } } as never)).toBe(false);
    expect(p.test({ ...payload, object: undefined } as never)).toBe(false);
    expect(eventPattern({ objectId: { $empty: true } }).test({ event: { name: 'a' } } as never)).toBe(true);
  });

  it('calls closures below a depth limit, and keeps closures for trees too big to generate', () => {
    let deep: Pattern = 'x';
    for (let i = 0; i < 300; i++) deep = { a: deep };
    let value: unknown = 'x';
    for (let i = 0; i < 300; i++) value = { a: value };
    const node = compileNode(deep, [], newCompileContext());
    expect(generateTest(node)?.(value)).toBe(true);
    expect(compilePattern(deep).test(value)).toBe(true);

    const wide = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])) as Pattern;
    expect(generateTestSource(compileNode(wide, [], newCompileContext()))).toBeUndefined();
    const wideValue = Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, String(i)]));
    expect(compilePattern(wide).test(wideValue)).toBe(true);
  });

  it("setMatcherCodegen('off') keeps the closures for patterns compiled afterwards", () => {
    setMatcherCodegen('off');
    expect(matcherCodegenEnabled()).toBe(false);
    expect(generateTest(compileNode({ a: 1 }, [], newCompileContext()))).toBeUndefined();
    expect(compilePattern({ a: 1 }).test({ a: '1.0' })).toBe(true);
    setMatcherCodegen('auto');
    expect(matcherCodegenEnabled()).toBe(true);
    expect(() => setMatcherCodegen('on' as never)).toThrow(TypeError);
  });

  it("'auto' tests on closures first and on generated code after 500 calls, with the same answers", () => {
    const compiled = compilePattern({ a: { $gt: 1 }, b: { $oneOf: ['x', 'y'] } });
    for (let i = 0; i < 1200; i++) {
      expect(compiled.test({ a: i % 3, b: i % 2 === 0 ? 'x' : 'z' })).toBe(i % 3 === 2 && i % 2 === 0);
    }
    setMatcherCodegen('eager');
    expect(compilePattern({ a: 1 }).test({ a: 1n })).toBe(true);
  });
});

describe.skipIf(!enabled)('shared generated code', () => {
  it('gives patterns that differ only in compared strings the same source (one factory, one optimized function)', () => {
    const sourceOf = (pattern: Pattern) => generateTestSource(compileNode(pattern, [], newCompileContext()))?.source;
    const a = sourceOf({ name: 'user.created', kind: { $oneOf: ['a', 'b'] }, id: { $match: '^u-' } });
    const b = sourceOf({ name: 'order.paid', kind: { $oneOf: ['c', 'd'] }, id: { $match: '^o-' } });
    expect(a).toBeDefined();
    expect(b).toBe(a);
    expect(a).not.toContain('user.created');
  });
});

describe('where code generation from strings is forbidden', () => {
  it('detects the EvalError once and uses the closures (node --disallow-code-generation-from-strings)', () => {
    const here = fileURLToPath(new URL('.', import.meta.url));
    const script = `
      const { compilePattern, matcherCodegenEnabled } = await import(${JSON.stringify(`${here}index.ts`)});
      const p = compilePattern({ a: { $gt: 1 }, b: 'x' });
      console.log(JSON.stringify([matcherCodegenEnabled(), p.test({ a: 2, b: 'x' }), p.test({ a: 1, b: 'x' })]));
    `;
    const run = spawnSync(
      process.execPath,
      ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout.trim())).toEqual([false, true, false]);
  });
});
