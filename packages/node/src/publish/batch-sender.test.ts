// The scheduler alone, driven by a plain function standing for the batch call: bounds, retries,
// FIFO order and aborts. The same paths run against ElasticMQ in test/publish-sqs.test.ts.
import { describe, expect, it } from 'vitest';
import { type BatchCall, type PublishBatchEntryResult, type SendBatchesOptions, sendBatches, summarize } from './batch-sender.js';
import type { OutgoingMessage } from './outgoing-message.js';

const messages = (n: number, group?: (i: number) => string): OutgoingMessage[] =>
  Array.from({ length: n }, (_, i) => ({ body: `m${i}`, size: 2, ...(group ? { groupId: group(i) } : {}) }));

const options: SendBatchesOptions = { concurrency: 4, maxAttempts: 3, backoff: { baseMs: 1, maxMs: 2 }, signal: undefined, service: 'SQS', fifo: false };

function okAll(batch: readonly OutgoingMessage[]) {
  return { successful: batch.map((m, k) => ({ id: String(k), messageId: `id-${m.body}` })), failed: [] };
}

async function run(msgs: OutgoingMessage[], plan: number[][], call: BatchCall, overrides: Partial<SendBatchesOptions> = {}) {
  const results: (PublishBatchEntryResult | undefined)[] = new Array(msgs.length);
  let next = 0;
  const source = { next: () => plan[next++], drain: () => plan.splice(next).flat() };
  await sendBatches([...msgs], source, call, results, { ...options, ...overrides });
  expect(results.every((r) => r !== undefined)).toBe(true);
  return results as PublishBatchEntryResult[];
}

describe('sendBatches', () => {
  it('keeps at most `concurrency` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const call: BatchCall = async (entries) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return okAll(entries);
    };
    const results = await run(messages(40), Array.from({ length: 20 }, (_, b) => [2 * b, 2 * b + 1]), call);
    expect(most).toBe(4);
    expect(summarize(results)).toMatchObject({ succeeded: 40, failed: 0 });
  });

  it('retries only the entries reported as failed by the service, then reports them', async () => {
    const carried: string[][] = [];
    const call: BatchCall = async (entries) => {
      carried.push(entries.map((m) => m.body));
      const ids = entries.map((m, k) => ({ body: m.body, id: String(k) }));
      return {
        successful: ids.filter((e) => e.body !== 'm1').map((e) => ({ id: e.id, messageId: 'x' })),
        failed: ids.filter((e) => e.body === 'm1').map((e) => ({ id: e.id, code: 'InternalError', senderFault: false })),
      };
    };
    const results = await run(messages(3), [[0, 1, 2]], call);
    expect(carried).toEqual([['m0', 'm1', 'm2'], ['m1'], ['m1']]);
    expect(results[1]).toMatchObject({ ok: false, attempts: 3, error: { code: 'PUBLISH_FAILED', awsCode: 'InternalError' } });
    expect(results[0]).toMatchObject({ ok: true, attempts: 1 });
  });

  it('does not retry entries the service blames on the request', async () => {
    let calls = 0;
    const call: BatchCall = async (entries) => {
      calls++;
      return { successful: [], failed: entries.map((_m, k) => ({ id: String(k), code: 'InvalidParameterValue', senderFault: true })) };
    };
    const results = await run(messages(2), [[0, 1]], call);
    expect(calls).toBe(1);
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, error: { senderFault: true } });
  });

  it('retries an entry the response forgot, never dropping it', async () => {
    let calls = 0;
    const call: BatchCall = async (entries) => (++calls === 1 ? { successful: [], failed: [] } : okAll(entries));
    const results = await run(messages(1), [[0]], call);
    expect(results[0]).toMatchObject({ ok: true, attempts: 2 });
  });

  it('stops sending after an error every batch would meet, reporting the rest as not sent', async () => {
    let calls = 0;
    const call: BatchCall = async () => {
      calls++;
      throw Object.assign(new Error('The specified queue does not exist.'), { name: 'QueueDoesNotExist', $fault: 'client' });
    };
    const results = await run(messages(10), [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]], call, { concurrency: 1 });
    expect(calls).toBe(1);
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, error: { awsCode: 'QueueDoesNotExist' } });
    expect(results[9]).toMatchObject({ ok: false, attempts: 0, error: { code: 'PUBLISH_FAILED', awsCode: 'QueueDoesNotExist' } });
  });

  it('retries a whole call that failed by the service, up to maxAttempts', async () => {
    let calls = 0;
    const call: BatchCall = async (entries) => {
      if (++calls < 3) throw Object.assign(new Error('boom'), { name: 'InternalError', $fault: 'server' });
      return okAll(entries);
    };
    expect((await run(messages(2), [[0, 1]], call))[1]).toMatchObject({ ok: true, attempts: 3 });
  });

  it('stops at a failure of the set-up (no region, refused connection), not only at a service refusal', async () => {
    for (const error of [
      new Error('Region is missing'),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9324 }),
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
    ]) {
      let calls = 0;
      const results = await run(messages(5), [[0], [1], [2], [3], [4]], async () => {
        calls++;
        throw error;
      }, { concurrency: 1, resource: 'http://127.0.0.1:9324/000000000000/q' });
      expect(calls).toBe(1);
      expect(results[4]).toMatchObject({ ok: false, attempts: 0, error: { code: 'PUBLISH_FAILED', retriable: false } });
    }
  });

  it('retries a call whose connection broke and entries that were throttled, then names the kind', async () => {
    let calls = 0;
    const call: BatchCall = async (entries) => {
      if (++calls === 1) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', name: 'TimeoutError' });
      return { successful: [], failed: entries.map((_m, k) => ({ id: String(k), code: 'RequestThrottled', senderFault: true })) };
    };
    const results = await run(messages(2), [[0, 1]], call);
    expect(calls).toBe(3);
    expect(results[0]).toMatchObject({ ok: false, attempts: 3, error: { kind: 'throttled', awsCode: 'RequestThrottled', senderFault: false } });
  });

  it('does not retry a call that failed in a way no AWS error does (a bug): one attempt', async () => {
    let calls = 0;
    const results = await run(messages(1), [[0]], async () => {
      calls++;
      throw new TypeError('entries.map is not a function');
    });
    expect(calls).toBe(1);
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, error: { kind: 'unknown' } });
  });

  it('keeps a FIFO group in order: a batch waits for earlier batches of its groups', async () => {
    const order: string[] = [];
    const call: BatchCall = async (entries) => {
      // The first batch is slow: without waiting, the group's second batch would land first.
      await new Promise((r) => setTimeout(r, entries[0]!.body === 'm0' ? 30 : 1));
      order.push(...entries.map((m) => m.body));
      return okAll(entries);
    };
    const msgs = messages(6, (i) => (i % 3 === 2 ? 'other' : 'g'));
    await run(msgs, [[0, 1], [2], [3, 4], [5]], call, { fifo: true });
    expect(order.filter((b) => ['m0', 'm1', 'm3', 'm4'].includes(b))).toEqual(['m0', 'm1', 'm3', 'm4']);
    expect(order.indexOf('m2')).toBeLessThan(order.indexOf('m0')); // another group was not held up
  });

  it('reports every unconfirmed entry as aborted, telling in-flight from unsent', async () => {
    const controller = new AbortController();
    const call: BatchCall = (_entries, signal) =>
      new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new Error('aborted')));
        controller.abort(new Error('shutting down'));
      });
    const results = await run(messages(3), [[0], [1], [2]], call, { concurrency: 1, signal: controller.signal });
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'PUBLISH_ABORTED', mayHaveBeenSent: true } });
    expect(results[2]).toMatchObject({ ok: false, attempts: 0, error: { code: 'PUBLISH_ABORTED', mayHaveBeenSent: false } });
  });
});
