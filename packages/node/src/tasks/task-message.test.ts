import { decodeBody, encodeBody } from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { TaskMessageInvalidError } from './task-errors.js';
import { parseTaskMessage, planEnqueue, remainingDelaySeconds } from './task-message.js';

const NOW = Date.parse('2025-05-04T15:53:27.823Z');

describe('the task message', () => {
  it('is a MEGA data object: core decodes it as data and reads it back unchanged', () => {
    const { message } = planEnqueue('email.send', ['ada@example.com', 3], NOW);
    expect(message).toEqual({ task: 'email.send', args: ['ada@example.com', 3], id: expect.stringMatching(/^[0-9a-f-]{36}$/), enqueuedAt: '2025-05-04T15:53:27.823Z' });
    const decoded = decodeBody(encodeBody({ ...message }));
    expect(decoded.kind).toBe('data');
    if (decoded.kind === 'data') expect(parseTaskMessage(decoded.data)).toEqual(message);
  });

  it('uses SQS DelaySeconds up to 900 s (rounded up), and 900 s plus runAt beyond', () => {
    expect(planEnqueue('t', [], NOW).delaySeconds).toBeUndefined();
    expect(planEnqueue('t', [], NOW, 0).delaySeconds).toBe(0);
    expect(planEnqueue('t', [], NOW, 1.2).delaySeconds).toBe(2);
    expect(planEnqueue('t', [], NOW, 1.2).message).not.toHaveProperty('runAt');
    expect(planEnqueue('t', [], NOW, 900).message.runAt).toBeUndefined();
    const long = planEnqueue('t', [], NOW, 3600);
    expect(long).toMatchObject({ delaySeconds: 900, message: { runAt: '2025-05-04T16:53:27.823Z' } });
  });

  it('says how long a received message still has to wait, at most 900 s', () => {
    const { message } = planEnqueue('t', [], NOW, 3600);
    expect(remainingDelaySeconds(message, NOW)).toBe(900);
    expect(remainingDelaySeconds(message, NOW + 3000_000)).toBe(600);
    expect(remainingDelaySeconds(message, NOW + 3599_500)).toBe(1);
    expect(remainingDelaySeconds(message, NOW + 3600_000)).toBe(0);
    expect(remainingDelaySeconds(planEnqueue('t', [], NOW).message, NOW)).toBe(0);
  });

  it.each([
    [{ args: [], id: 'i', enqueuedAt: '2025-05-04T15:53:27Z' }, /"task"/],
    [{ task: 't', args: 'x', id: 'i', enqueuedAt: '2025-05-04T15:53:27Z' }, /"args"/],
    [{ task: 't', args: [], enqueuedAt: '2025-05-04T15:53:27Z' }, /"id"/],
    [{ task: 't', args: [], id: 'i', enqueuedAt: 'yesterday' }, /"enqueuedAt"/],
    [{ task: 't', args: [], id: 'i', enqueuedAt: '2025-05-04T15:53:27Z', runAt: 5 }, /"runAt"/],
  ])('refuses a malformed message %o', (data, message) => {
    expect(() => parseTaskMessage(data)).toThrow(TaskMessageInvalidError);
    expect(() => parseTaskMessage(data)).toThrow(message);
  });
});
