import { describe, expect, it } from 'vitest';
import { TaskNameInvalidError } from './task-errors.js';
import { checkTaskName, isQueueName, queueNameForTask, queueNameFromArgument, queueNameOfUrl } from './task-name.js';

describe('task names and their queues', () => {
  it('derives a valid SQS queue name: dots become hyphens', () => {
    expect(queueNameForTask('email.send')).toBe('email-send');
    expect(queueNameForTask('billing.invoice_paid.v2')).toBe('billing-invoice_paid-v2');
    for (const name of ['email.send', 'a', 'x'.repeat(80), 'a-b_c.d']) expect(isQueueName(queueNameForTask(checkTaskName(name)))).toBe(true);
  });

  it.each(['', 'email send', 'email..send', '.email', 'email.', 'émail', 'x'.repeat(81), 'jobs.fifo', 'a/b'])('refuses the task name %j', (name) => {
    expect(() => checkTaskName(name)).toThrow(TaskNameInvalidError);
  });

  it('reads worker arguments like task names, keeping a final .fifo', () => {
    expect(queueNameFromArgument('email.send')).toBe('email-send');
    expect(queueNameFromArgument('email.*')).toBe('email-*');
    expect(queueNameFromArgument('email-send')).toBe('email-send');
    expect(queueNameFromArgument('orders.fifo')).toBe('orders.fifo');
    expect(queueNameFromArgument('shop.orders.fifo')).toBe('shop-orders.fifo');
  });

  it('takes the queue name from a URL', () => {
    expect(queueNameOfUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/email-send')).toBe('email-send');
    expect(queueNameOfUrl('http://127.0.0.1:9324/000000000000/jobs.fifo/')).toBe('jobs.fifo');
  });
});
