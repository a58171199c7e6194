import { describe, expect, it } from 'vitest';
import { invocationDeadline } from './invocation-deadline.js';
import { LambdaDeadlineError } from './lambda-errors.js';

describe('invocationDeadline', () => {
  it('has no deadline without getRemainingTimeInMillis, or when it throws or says nothing useful', () => {
    for (const context of [undefined, {}, { getRemainingTimeInMillis: () => NaN }, { getRemainingTimeInMillis: (): number => { throw new Error('x'); } }]) {
      const deadline = invocationDeadline(context, 1000, 500);
      expect(deadline.signal.aborted).toBe(false);
      expect(deadline.remainingAtStartMs).toBeUndefined();
      deadline.dispose();
    }
  });

  it('aborts at once, with a LambdaDeadlineError, when the invocation starts inside the margin', async () => {
    const deadline = invocationDeadline({ getRemainingTimeInMillis: () => 800 }, 1000, 100);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(LambdaDeadlineError);
    expect(deadline.signal.reason).toMatchObject({ code: 'LAMBDA_DEADLINE', safetyMarginMs: 1000 });
    await deadline.givenUp; // 100 ms later
    deadline.dispose();
  });

  it('aborts once the margin is reached, then gives up abortGraceMs later', async () => {
    const deadline = invocationDeadline({ getRemainingTimeInMillis: () => 1100 }, 1000, 50);
    expect(deadline.signal.aborted).toBe(false);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    await deadline.givenUp;
    deadline.dispose();
  });
});
