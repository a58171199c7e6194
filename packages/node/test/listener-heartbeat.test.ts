/**
 * The visibility heartbeat against a real ElasticMQ: a slow handler keeps its message; when
 * extensions fail, the handler's AbortSignal fires. Faults a real server cannot be made to produce
 * on demand are injected with an SDK middleware on the real client (nothing else is mocked).
 */
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { messageSubscriber, ProcessStatus } from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqsListener, VisibilityChangeFailedError, VisibilityLostError, type SqsListenerOptions } from '../src/index.js';
import { clientFor, createQueue, delay, nextEvents, queueCounts, sendBodies } from './helpers/listener-harness.js';

let server: ElasticMQServer;
let sqs: SQSClient;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
}, 90_000);

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

type Fault = 'refuse-entries' | 'throw' | undefined;

/** A real client whose ChangeMessageVisibilityBatch calls fail as `fault()` says, counted. */
function faultyClient(fault: () => Fault): { client: SQSClient; extensions: () => number } {
  const client = clientFor(server);
  let extensions = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'ChangeMessageVisibilityBatchCommand') return next(args);
      extensions++;
      const mode = fault();
      if (mode === 'throw') throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
      if (mode === 'refuse-entries') {
        const entries = (args.input as { Entries: { Id: string }[] }).Entries;
        const Failed = entries.map((e) => ({ Id: e.Id, Code: 'ReceiptHandleIsInvalid', SenderFault: true, Message: 'injected' }));
        return { output: { Failed, Successful: [], $metadata: {} } as never, response: {} };
      }
      return next(args);
    },
    { step: 'initialize', name: 'inject-visibility-faults' },
  );
  return { client, extensions: () => extensions };
}

function listen(queueUrl: string, client: SQSClient, options: Partial<SqsListenerOptions> = {}): SqsListener {
  const listener = new SqsListener({ queueUrl, client, waitTimeSeconds: 1, visibilityTimeout: 2, logger: false, ...options });
  cleanups.push(async () => {
    await listener.stop({ timeoutMs: 500, abortGraceMs: 200 });
    client.destroy();
  });
  return listener;
}

describe('visibility heartbeat', () => {
  it('extends the visibility of a slow handler, so no other consumer gets its message', async () => {
    const { client, extensions } = faultyClient(() => undefined);
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, client); // visibility 2 s, heartbeat every 0.67 s
    const deliveries: number[] = [];
    listener.register(
      messageSubscriber(undefined, async (_d, ctx) => {
        deliveries.push(ctx.receiveCount);
        await delay(4_500);
      }),
    );
    const received = nextEvents(listener, 'received');
    const deleted = nextEvents(listener, 'deleted');
    await sendBodies(sqs, queueUrl, ['slow']);
    listener.start();
    await received;
    // Another consumer polls the queue the whole time the handler runs: it must see nothing.
    const stolen: string[] = [];
    const started = performance.now();
    while (performance.now() - started < 4_000) {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
      for (const m of Messages ?? []) stolen.push(m.Body ?? '');
    }
    await deleted;
    expect(stolen).toEqual([]);
    expect(deliveries).toEqual([1]);
    expect(extensions()).toBeGreaterThanOrEqual(4);
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('aborts the handler with VisibilityLostError when SQS refuses the extension', async () => {
    const { client } = faultyClient(() => 'refuse-entries');
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, client);
    const errors: unknown[] = [];
    listener.on('error', (e) => errors.push(e));
    const aborted = new Promise<{ reason: unknown; afterMs: number }>((resolve) => {
      listener.register(
        messageSubscriber(undefined, (_d, { signal }) => {
          const started = performance.now();
          return new Promise((settle) => {
            signal.addEventListener('abort', () => {
              resolve({ reason: signal.reason, afterMs: performance.now() - started });
              settle(ProcessStatus.RETRIABLE_ERROR);
            });
          });
        }),
      );
    });
    await sendBodies(sqs, queueUrl, ['doomed']);
    listener.start();
    const { reason, afterMs } = await aborted;
    expect(reason).toBeInstanceOf(VisibilityLostError);
    expect((reason as VisibilityLostError).message).toMatch(/ReceiptHandleIsInvalid/);
    expect(afterMs).toBeLessThan(1_500); // at the first heartbeat (0.67 s), not at the visibility timeout
    expect(errors.some((e) => e instanceof VisibilityChangeFailedError && e.purpose === 'heartbeat')).toBe(true);
  });

  it('leaves a waiting message whose visibility was lost to SQS instead of starting it', async () => {
    const { client } = faultyClient(() => 'refuse-entries');
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, client, { concurrency: 1, prefetch: 5 });
    const started: string[] = [];
    listener.register(
      messageSubscriber(undefined, (decoded, { signal }) => {
        started.push(decoded.kind === 'plaintext' ? decoded.text : '?');
        return new Promise((settle) => signal.addEventListener('abort', () => settle(ProcessStatus.RETRIABLE_ERROR)));
      }),
    );
    const received = nextEvents(listener, 'received', 2);
    await sendBodies(sqs, queueUrl, ['first', 'second']);
    listener.start();
    await received;
    await delay(1_200); // both lost at the first heartbeat (0.67 s); the slot has freed since
    expect(started).toHaveLength(1);
    expect(listener.stats).toMatchObject({ handling: 0, waiting: 0, processed: 1 });
  });

  it('retries an extension whose call failed, and aborts only once the visibility has run out', async () => {
    let failing = true;
    const { client, extensions } = faultyClient(() => (failing ? 'throw' : undefined));
    const queueUrl = await createQueue(sqs);
    const listener = listen(queueUrl, client, { prefetch: 0, concurrency: 1 });
    const errors: unknown[] = [];
    listener.on('error', (e) => errors.push(e));
    const aborted = new Promise<{ reason: unknown; afterMs: number }>((resolve) => {
      listener.register(
        messageSubscriber(undefined, (_d, { signal }) => {
          const started = performance.now();
          return new Promise((settle) => {
            signal.addEventListener('abort', () => {
              resolve({ reason: signal.reason, afterMs: performance.now() - started });
              settle(ProcessStatus.DONE);
            });
          });
        }),
      );
    });
    await sendBodies(sqs, queueUrl, ['unlucky']);
    listener.start();
    const { reason, afterMs } = await aborted;
    failing = false;
    expect(reason).toBeInstanceOf(VisibilityLostError);
    expect((reason as VisibilityLostError).message).toMatch(/visibility timeout ran out/);
    expect(afterMs).toBeGreaterThan(1_500); // kept trying until the 2 s visibility was gone
    expect(afterMs).toBeLessThan(3_000);
    expect(extensions()).toBeGreaterThanOrEqual(2);
    expect(errors.filter((e) => e instanceof VisibilityChangeFailedError).length).toBeGreaterThanOrEqual(2);
  });
});
