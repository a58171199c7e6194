import { describe, expect, it } from 'vitest';
import { FifoGroups } from './fifo-groups.js';
import { ArrivalOrderQueue } from './ready-queue.js';

const groupOf = (item: string) => item[0];

describe('FifoGroups', () => {
  it('hands out one message per group at a time, in order, groups side by side', () => {
    const q = new FifoGroups(groupOf);
    for (const item of ['a1', 'a2', 'b1', 'a3', 'b2']) q.push(item);
    expect([q.take(), q.take(), q.take()]).toEqual(['a1', 'b1', undefined]);
    expect(q.hasReady()).toBe(false);
    expect(q.finish('b1', false)).toEqual([]);
    expect(q.take()).toBe('b2');
    q.finish('a1', false);
    expect([q.take(), q.take()]).toEqual(['a2', undefined]);
    q.finish('a2', false);
    expect(q.take()).toBe('a3');
    expect(q.size).toBe(0);
  });

  it('takes out the rest of a group when its message is kept, so nothing overtakes it', () => {
    const q = new FifoGroups(groupOf);
    for (const item of ['a1', 'a2', 'a3', 'b1']) q.push(item);
    expect(q.take()).toBe('a1');
    expect(q.finish('a1', true)).toEqual(['a2', 'a3']);
    expect(q.size).toBe(1);
    expect([q.take(), q.take()]).toEqual(['b1', undefined]);
    q.push('a4'); // a later delivery of the group starts fresh
    expect(q.take()).toBe('a4');
  });

  it('drains everything waiting', () => {
    const q = new FifoGroups(groupOf);
    for (const item of ['a1', 'a2', 'b1']) q.push(item);
    q.take();
    expect(q.drain().sort()).toEqual(['a2', 'b1']);
    expect(q.size).toBe(0);
    expect(q.finish('a1', false)).toEqual([]);
  });
});

describe('ArrivalOrderQueue', () => {
  it('hands messages out in arrival order, many at once', () => {
    const q = new ArrivalOrderQueue<number>();
    for (let i = 0; i < 3000; i++) q.push(i);
    const taken: number[] = [];
    for (let i = 0; i < 2000; i++) taken.push(q.take()!);
    expect(taken).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(q.size).toBe(1000);
    expect(q.drain()[0]).toBe(2000);
    expect(q.take()).toBeUndefined();
  });
});
