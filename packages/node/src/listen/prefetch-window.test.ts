import { describe, expect, it } from 'vitest';
import { PrefetchWindow } from './prefetch-window.js';

describe('PrefetchWindow', () => {
  it('starts with one round of slots, within the maximum', () => {
    expect(new PrefetchWindow(10, 20).size).toBe(10);
    expect(new PrefetchWindow(2, 20).size).toBe(2);
    expect(new PrefetchWindow(10, 4).size).toBe(4);
    expect(new PrefetchWindow(10, 0).size).toBe(0);
  });

  it('covers two receive round trips plus a batch window of what the slots consume', () => {
    const window = new PrefetchWindow(10, 100);
    window.recordHandling(10); // 10 slots × 1 message per 10 ms = 1 message per ms
    window.recordReceive(4);
    expect(window.size).toBe(18); // 1/ms × (2 × 4 ms + 10 ms)
    expect(window.batchThreshold).toBe(9);
  });

  it('stays small for slow handlers and at the maximum for instant ones', () => {
    const slow = new PrefetchWindow(10, 50);
    slow.recordHandling(2_000);
    slow.recordReceive(5);
    expect(slow.size).toBe(1);
    expect(slow.batchThreshold).toBe(1);
    const fast = new PrefetchWindow(50, 50);
    fast.recordHandling(0.02);
    fast.recordReceive(5);
    expect(fast.size).toBe(50);
    expect(fast.batchThreshold).toBe(10);
  });

  it('does not mistake a long poll waiting for messages for a slow round trip', () => {
    const window = new PrefetchWindow(1, 1_000);
    window.recordHandling(100);
    window.recordReceive(20_000);
    expect(window.size).toBe(21); // 0.01/ms × (2 × 1000 ms + 10 ms), not 400
  });
});
