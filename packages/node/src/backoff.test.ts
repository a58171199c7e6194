import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const ceilings = [1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, { baseMs: 100, maxMs: 1000, jitter: 'none' }));
    expect(ceilings).toEqual([100, 200, 400, 800, 1000, 1000]);
  });
  it('jitters uniformly below the ceiling', () => {
    expect(backoffDelay(3, { baseMs: 100 }, () => 0.5)).toBe(200);
    expect(backoffDelay(3, { baseMs: 100 }, () => 0)).toBe(0);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(slept).rejects.toThrow('stopped');
  });
});
