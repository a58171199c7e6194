import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchPlanner, planBatches } from './batch-plan.js';

const limits = { maxEntries: 10, maxBytes: 1000 };

describe('planBatches', () => {
  it('fills batches of 10 in input order', () => {
    const sizes = Array.from({ length: 25 }, () => 1);
    const plan = planBatches(sizes, sizes.map((_, i) => i), limits);
    expect(plan.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(plan.flat()).toEqual(sizes.map((_, i) => i));
  });

  it('starts a new batch when the next entry would pass the byte limit', () => {
    expect(planBatches([600, 400, 1, 999, 1000], [0, 1, 2, 3, 4], limits)).toEqual([[0, 1], [2, 3], [4]]);
  });

  it('plans only the given indexes', () => {
    expect(planBatches([1, 2000, 1], [0, 2], limits)).toEqual([[0, 2]]);
  });

  it('refuses an entry larger than a batch (the caller must have refused it)', () => {
    expect(() => planBatches([1001], [0], limits)).toThrow(RangeError);
  });

  it('keeps every entry once, in order, within both limits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), (sizes) => {
        const indexes = sizes.map((_, i) => i);
        const plan = planBatches(sizes, indexes, limits);
        expect(plan.flat()).toEqual(indexes);
        for (const batch of plan) {
          expect(batch.length).toBeGreaterThan(0);
          expect(batch.length).toBeLessThanOrEqual(10);
          expect(batch.reduce((sum, i) => sum + sizes[i]!, 0)).toBeLessThanOrEqual(1000);
        }
      }),
    );
  });

  it('prepares entries only as batches are asked for, and drains the rest unprepared', () => {
    const prepared: number[] = [];
    const planner = new BatchPlanner(30, (i) => (prepared.push(i), i === 3 ? undefined : 1), limits);
    expect(planner.next()).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10]); // 3 was left out (invalid)
    expect(prepared).toHaveLength(11);
    expect(planner.drain()).toEqual(Array.from({ length: 19 }, (_, k) => 11 + k));
    expect(prepared).toHaveLength(11);
    expect(planner.next()).toBeUndefined();
  });

  it('drains an entry carried over by the byte limit', () => {
    const planner = new BatchPlanner(3, () => 600, limits);
    expect(planner.next()).toEqual([0]);
    expect(planner.drain()).toEqual([1, 2]);
  });
});
