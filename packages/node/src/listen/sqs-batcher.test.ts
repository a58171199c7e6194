import { describe, expect, it } from 'vitest';
import { SqsBatcher, type BatchFailure, type EntryFailure } from './sqs-batcher.js';

function batcher(answer: (items: readonly number[], call: number) => readonly EntryFailure[] | Error, delayMs = 5) {
  const calls: number[][] = [];
  const succeeded: number[] = [];
  const failed: { items: readonly number[]; failure: BatchFailure }[] = [];
  const b = new SqsBatcher<number>({
    delayMs,
    call: async (items) => {
      calls.push([...items]);
      const result = answer(items, calls.length);
      if (result instanceof Error) throw result;
      return result;
    },
    onSucceeded: (item) => succeeded.push(item),
    onFailed: (items, failure) => failed.push({ items, failure }),
    retryBackoff: { baseMs: 1, maxMs: 5 },
  });
  return { b, calls, succeeded, failed };
}

describe('SqsBatcher', () => {
  it('sends 10 entries at once and the rest after the delay', async () => {
    const { b, calls, succeeded } = batcher(() => []);
    for (let i = 0; i < 23; i++) b.add(i);
    expect(calls.map((c) => c.length)).toEqual([10, 10]);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(succeeded).toHaveLength(23);
    expect(b.idle).toBe(true);
  });

  it('retries entries SQS failed on its side and whole calls that threw; reports sender faults at once', async () => {
    const { b, calls, succeeded, failed } = batcher((items, call) => {
      if (call === 1) return new Error('ECONNRESET');
      if (call === 2) return [
        { index: 0, code: 'InternalError', senderFault: false },
        { index: 1, code: 'ReceiptHandleIsInvalid', senderFault: true },
      ];
      return [];
    });
    for (const i of [1, 2, 3]) b.add(i);
    await b.flush();
    expect(calls).toEqual([[1, 2, 3], [1, 2, 3], [1]]);
    expect(succeeded.sort()).toEqual([1, 3]);
    expect(failed.map((f) => [f.items, f.failure.reason])).toEqual([[[2], 'ReceiptHandleIsInvalid']]);
  });

  it('gives up after the last attempt and says why', async () => {
    const { b, calls, failed } = batcher(() => Object.assign(new Error('down'), { name: 'NetworkingError' }));
    b.add(7);
    await b.flush();
    expect(calls).toHaveLength(6);
    expect(failed).toEqual([{ items: [7], failure: { reason: 'NetworkingError', cause: expect.any(Error) } }]);
  });

  it('flush sends at once and waits for the calls in flight', async () => {
    const { b, calls, succeeded } = batcher(() => [], 60_000);
    b.add(1);
    b.add(2);
    await b.flush();
    expect(calls).toEqual([[1, 2]]);
    expect(succeeded).toEqual([1, 2]);
  });
});
