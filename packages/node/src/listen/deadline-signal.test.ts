import { describe, expect, it } from 'vitest';
import { CallTimeoutError, deadlineSignal } from './deadline-signal.js';

describe('deadlineSignal', () => {
  it('aborts after the timeout, and explains the call failure as a timeout', async () => {
    const deadline = deadlineSignal(undefined, 10);
    await new Promise((r) => setTimeout(r, 30));
    expect(deadline.signal.reason).toBeInstanceOf(CallTimeoutError);
    expect(deadline.explain(new Error('Request aborted'))).toBeInstanceOf(CallTimeoutError);
  });

  it('aborts with the parent, and then leaves the call failure as it is', () => {
    const parent = new AbortController();
    const deadline = deadlineSignal(parent.signal, 60_000);
    parent.abort(new Error('stopping'));
    expect(deadline.signal.aborted).toBe(true);
    const failure = new Error('Request aborted');
    expect(deadline.explain(failure)).toBe(failure);
    deadline.dispose();
  });

  it('releases its timer and its listener on the parent when disposed', () => {
    const parent = new AbortController();
    const deadline = deadlineSignal(parent.signal, 10);
    deadline.dispose();
    parent.abort();
    expect(deadline.signal.aborted).toBe(false);
  });
});
