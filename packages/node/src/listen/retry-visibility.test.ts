import { describe, expect, it } from 'vitest';
import { retryVisibilitySeconds } from './retry-visibility.js';

const options = { baseSeconds: 1, factor: 2, maxSeconds: 43_200, jitter: 'none' } as const;

describe('retryVisibilitySeconds', () => {
  it('doubles with each delivery, up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryVisibilitySeconds(n, options, 0))).toEqual([1, 2, 4, 8, 512]);
    expect(retryVisibilitySeconds(30, options, 0)).toBe(43_200);
    expect(retryVisibilitySeconds(5_000, options, 0)).toBe(43_200);
    expect(retryVisibilitySeconds(3, { ...options, maxSeconds: 3 }, 0)).toBe(3);
    expect(retryVisibilitySeconds(5_000, { ...options, baseSeconds: 0 }, 0)).toBe(0);
  });

  it('never asks for more than 12 h from the receive', () => {
    expect(retryVisibilitySeconds(30, options, 3_600_000)).toBe(43_200 - 3_600);
    expect(retryVisibilitySeconds(30, options, 50_000_000)).toBe(0);
  });

  it('jitters between 0 and the ceiling when asked', () => {
    expect(retryVisibilitySeconds(4, { ...options, jitter: 'full' }, 0, () => 0)).toBe(0);
    expect(retryVisibilitySeconds(4, { ...options, jitter: 'full' }, 0, () => 0.999)).toBe(8);
  });
});
