import { describe, expect, it } from 'vitest';
import { isQueuePattern, splitQueueArguments } from './queue-selection.js';

describe('queue arguments', () => {
  it('splits comma lists, keeping commas inside braces, and drops blanks', () => {
    expect(splitQueueArguments(['a,b', 'c', ' d , ,e '])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(splitQueueArguments(['{email,sms}-*,reports'])).toEqual(['{email,sms}-*', 'reports']);
    expect(splitQueueArguments([',', ''])).toEqual([]);
  });

  it('tells shell-style patterns from names and URLs', () => {
    for (const p of ['email-*', 'report-?', '{a,b}', 'q[12]']) expect(isQueuePattern(p)).toBe(true);
    for (const n of ['email-send', 'jobs.fifo', 'https://sqs.us-east-1.amazonaws.com/1/a*']) expect(isQueuePattern(n)).toBe(false);
  });
});
