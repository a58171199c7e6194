/**
 * Nothing lost, nothing silent, against a real ElasticMQ: messages no subscriber matched are
 * counted, announced and logged (aggregated); receive failures are logged as a few lines, not one
 * per attempt; and a listener restarted right after another one stopped gets new messages within
 * the initial visibility, not the whole visibility timeout (SQS cannot tell an aborted long poll
 * was abandoned).
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { dataSubscriber, encodeBody, eventSubscriber, PayloadBuilder } from '@sqs-mega/core';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsListener, type ListenerLogger, type SqsListenerOptions } from '../src/index.js';
import { createQueue, delay, nextEvents, queueCounts, sendBodies, useElasticMQ, waitUntil } from './helpers/listener-harness.js';

const local = useElasticMQ();
const listeners: SqsListener[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop({ timeoutMs: 1_000, abortGraceMs: 200 })));
});

function listen(queueUrl: string, options: Partial<SqsListenerOptions> = {}): SqsListener {
  const listener = new SqsListener({ queueUrl, client: local.sqs, waitTimeSeconds: 1, visibilityTimeout: 30, logger: false, ...options });
  listeners.push(listener);
  return listener;
}

/** A logger that keeps its lines. */
function recordingLogger(): ListenerLogger & { readonly lines: { level: string; line: string }[] } {
  const lines: { level: string; line: string }[] = [];
  return {
    lines,
    error: (line) => lines.push({ level: 'error', line }),
    warn: (line) => lines.push({ level: 'warn', line }),
  };
}

const megaEvent = (name: string): string => encodeBody(new PayloadBuilder().withEvent({ name, domain: 'accounts' }).withObject({ current: { id: 1 } }).build());

describe('messages no subscriber matched', () => {
  it('are counted in stats, announced by an event, and still deleted by default', async () => {
    const queueUrl = await createQueue(local.sqs);
    const listener = listen(queueUrl);
    listener.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
    const unrecognized = nextEvents(listener, 'unrecognized', 3);
    const deleted = nextEvents(listener, 'deleted', 3);
    listener.start();
    await sendBodies(local.sqs, queueUrl, ['plain text', megaEvent('nobody.listens'), '{"kind": "unmatched"}']);
    const events = await unrecognized;
    expect(events.map((e) => e.outcome.action)).toEqual(['delete', 'delete', 'delete']);
    await deleted;
    expect(listener.stats).toMatchObject({ unrecognized: 3, deleted: 3 });
  });

  it('are written to the default log once, then summed up, never one line per message', async () => {
    const queueUrl = await createQueue(local.sqs);
    const logger = recordingLogger();
    const listener = listen(queueUrl, { logger });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
    listener.start();
    await sendBodies(local.sqs, queueUrl, Array.from({ length: 26 }, () => megaEvent('order.placed')));
    await waitUntil(() => listener.stats.unrecognized === 26, 15_000, '26 unmatched messages');
    await waitUntil(() => listener.stats.deleted === 26, 15_000, '26 deletes');
    await listener.stop();
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings.length).toBeLessThanOrEqual(3);
    expect(warnings[0]?.line).toMatch(/deleted message .+: no subscriber matched it \(a MEGA event "order\.placed" \(domain "accounts"\)\)/);
    expect(warnings[0]?.line).toContain("unrecognized option to 'keep'");
    // The rest are summed up (here at stop, the window being still open).
    const counted = warnings.slice(1).reduce((sum, w) => sum + Number(/deleted (\d+) more messages/.exec(w.line)?.[1] ?? 0), 0);
    expect(counted).toBe(25);
  });

  it("stay in the queue with unrecognized: 'keep', and reach its dead-letter queue", async () => {
    const dlqUrl = await createQueue(local.sqs);
    const { Attributes } = await local.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const queueUrl = await createQueue(local.sqs, {
      attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!['QueueArn'], maxReceiveCount: 2 }) },
    });
    const logger = recordingLogger();
    const listener = listen(queueUrl, { unrecognized: 'keep', logger, retryBackoff: { baseSeconds: 0 } });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
    listener.start();
    await sendBodies(local.sqs, queueUrl, ['{"kind": "unmatched"}']);
    await waitUntil(() => listener.stats.unrecognized >= 2, 15_000, 'two deliveries');
    // The next receive finds it past maxReceiveCount: SQS moves it to the dead-letter queue.
    const deadline = Date.now() + 15_000;
    while ((await queueCounts(local.sqs, dlqUrl)).visible === 0 && Date.now() < deadline) await delay(200);
    await listener.stop();
    expect((await queueCounts(local.sqs, dlqUrl)).visible).toBe(1);
    expect(listener.stats.deleted).toBe(0);
    expect(logger.lines[0]?.line).toMatch(/kept message .+: no subscriber matched it \(a data object with keys "kind"\)/);
  });

  it('are not logged when an "unrecognized" handler takes them', async () => {
    const queueUrl = await createQueue(local.sqs);
    const logger = recordingLogger();
    const listener = listen(queueUrl, { logger });
    listener.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
    const seen: string[] = [];
    listener.on('unrecognized', ({ message }) => seen.push(message.messageId));
    listener.start();
    await sendBodies(local.sqs, queueUrl, ['{"kind": "unmatched"}', 'plain']);
    await waitUntil(() => seen.length === 2);
    await listener.stop();
    expect(logger.lines).toEqual([]);
  });
});

describe('receive failures in the default log', () => {
  it('are a few lines however many attempts fail, and the recovery is said once', async () => {
    const queueName = `created-later-${Date.now()}`;
    const queueUrl = `${local.server.endpoint}/000000000000/${queueName}`;
    const logger = recordingLogger();
    const listener = listen(queueUrl, { logger, receiveErrorBackoff: { baseMs: 5, maxMs: 40 } });
    listener.register(dataSubscriber(undefined, () => undefined));
    listener.start();
    await waitUntil(() => listener.stats.receiveCalls >= 20, 15_000, '20 failed receives');
    const attempts = listener.stats.receiveCalls;
    const failureLines = logger.lines.filter((l) => l.level === 'error');
    expect(failureLines.length).toBe(1);
    expect(failureLines[0]?.line).toMatch(/Receiving from SQS failed/);
    await createQueue(local.sqs, { name: queueName });
    await waitUntil(() => logger.lines.some((l) => l.line.includes('receiving works again')), 15_000, 'the recovery line');
    await listener.stop();
    const summary = logger.lines.find((l) => l.line.includes('receive still failing'));
    expect(summary?.line).toMatch(/receive still failing: \d+ more failed attempts in the last \d+ s \(\d+ in a row\)/);
    expect(logger.lines.length).toBeLessThanOrEqual(4);
    expect(attempts).toBeGreaterThanOrEqual(20);
  });
});

describe('a listener restarted right after another stopped', () => {
  it('gets new messages within the initial visibility, not the visibility timeout', async () => {
    const queueUrl = await createQueue(local.sqs);
    // One long poll in flight (each poll left behind would hold the message for one initial visibility).
    const first = listen(queueUrl, { waitTimeSeconds: 20, concurrency: 1, prefetch: 0 });
    first.register(dataSubscriber(undefined, () => undefined));
    first.start();
    await delay(1_000); // its long poll is waiting on the server
    await first.stop();
    const arrived: number[] = [];
    const second = listen(queueUrl, { waitTimeSeconds: 20 });
    second.register(dataSubscriber(undefined, (data) => void arrived.push(data['n'] as number)));
    second.start();
    const sentAt = Date.now();
    await sendBodies(local.sqs, queueUrl, ['{"n": 1}']);
    // The abandoned poll takes it (invisible for the initial 5 s); without the short initial
    // visibility it would come back only after 30 s.
    await waitUntil(() => arrived.length === 1, 20_000, 'the message');
    expect(Date.now() - sentAt).toBeLessThan(15_000);
  }, 30_000);

  it('hands back what its receives bring during the stop grace, at once', async () => {
    const queueUrl = await createQueue(local.sqs);
    const listener = listen(queueUrl, { waitTimeSeconds: 5, concurrency: 1, prefetch: 0 });
    listener.register(dataSubscriber(undefined, () => undefined));
    listener.start();
    await delay(500);
    const stopped = listener.stop({ receiveGraceMs: 6_000 });
    await sendBodies(local.sqs, queueUrl, ['{"n": 1}']);
    const result = await stopped;
    expect(result.released).toBe(1);
    const { Messages } = await local.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
    );
    expect(Messages?.length).toBe(1);
    expect(Messages?.[0]?.Attributes?.['ApproximateReceiveCount']).toBe('2');
  });

  it('extends a short initial visibility before it runs out while a handler is slow', async () => {
    const queueUrl = await createQueue(local.sqs);
    const listener = listen(queueUrl, { initialVisibilityTimeout: 2, visibilityTimeout: 30 });
    listener.register(dataSubscriber(undefined, () => delay(3_500)));
    const deleted = nextEvents(listener, 'deleted', 1, 15_000);
    listener.start();
    await sendBodies(local.sqs, queueUrl, ['{"slow": true}']);
    await delay(2_500);
    // Past the initial 2 s: still invisible, because the heartbeat extended it at 1 s.
    expect(await queueCounts(local.sqs, queueUrl)).toEqual({ visible: 0, inFlight: 1 });
    await deleted;
    expect(listener.stats).toMatchObject({ received: 1, deleted: 1 });
  });
});
