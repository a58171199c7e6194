import { describe, expect, it } from 'vitest';
import { checkTaskArgs } from './task-args.js';
import { TaskArgsNotJsonError } from './task-errors.js';

function refusal(args: unknown[]): TaskArgsNotJsonError {
  try {
    checkTaskArgs('email.send', args);
  } catch (error) {
    if (error instanceof TaskArgsNotJsonError) return error;
    throw error;
  }
  throw new Error('expected a TaskArgsNotJsonError');
}

describe('checkTaskArgs', () => {
  it('accepts what JSON carries unchanged: strings, finite numbers, booleans, null, arrays, plain objects', () => {
    const args = ['a', 1.5, -0, true, null, [1, [2]], { a: { b: ['c'] } }, Object.create(null) as object];
    expect(checkTaskArgs('t', args)).toEqual(args);
  });

  it('drops trailing undefined arguments (optional parameters left out) and undefined object members', () => {
    expect(checkTaskArgs('t', ['a', undefined, undefined])).toEqual(['a']);
    expect(checkTaskArgs('t', [{ a: 1, b: undefined }])).toEqual([{ a: 1, b: undefined }]);
  });

  it.each([
    [[undefined, 'x'], 'args[0]', /undefined/],
    [[1, NaN], 'args[1]', /NaN/],
    [[{ n: Infinity }], 'args[0].n', /Infinity/],
    [[new Date(0)], 'args[0]', /a Date.*toISOString/],
    [[{ to: ['a', new Map()] }], 'args[0].to[1]', /an instance of Map/],
    [[{ 'a key': 10n }], 'args[0]["a key"]', /bigint/],
    [[() => 1], 'args[0]', /a function/],
    [[Symbol('s')], 'args[0]', /a symbol/],
    [[[1, undefined]], 'args[0][1]', /undefined/],
    [[new Uint8Array(2)], 'args[0]', /Uint8Array.*Base64/],
  ])('refuses %o at %s, naming the path and what to do', (args, path, message) => {
    const error = refusal(args);
    expect(error).toMatchObject({ code: 'TASK_ARGS_NOT_JSON', taskName: 'email.send', path });
    expect(error.message).toMatch(message);
    expect(error.message).toContain(`Cannot enqueue task "email.send": ${path} is`);
  });

  it('refuses holes in sparse arrays (JSON would turn them into null)', () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(refusal([[1, , 3]])).toMatchObject({ path: 'args[0][1]', message: expect.stringMatching(/sparse/) });
  });

  it('refuses cycles but accepts a value shared by two branches', () => {
    const shared = { x: 1 };
    expect(checkTaskArgs('t', [{ a: shared, b: shared }])).toHaveLength(1);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(refusal([cyclic]).path).toBe('args[0].self');
  });
});
