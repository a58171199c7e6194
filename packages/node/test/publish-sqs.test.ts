// SqsPublisher against a real ElasticMQ with a real SQSClient. The SDK is touched only to record
// calls and, in one test, to make chosen batch entries fail (see publish-helpers.ts).
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PayloadBuilder, decodeBody } from '@sqs-mega/core';
import { type ElasticMQServer, localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  InvalidMessageBodyError,
  InvalidOptionError,
  MAX_MESSAGE_BYTES,
  MessageTooLargeError,
  PublishFailedError,
  SqsPublisher,
  batchEntry,
} from '../src/index.js';
import { failEntries, receiveAll, recordCalls } from './publish-helpers.js';

let server: ElasticMQServer;
let queueCount = 0;

beforeAll(async () => {
  server = await startElasticMQ();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

/** A fresh client (so middleware added by one test stays there) and a fresh queue. */
async function setUp(attributes: Record<string, string> = {}, fifo = false) {
  const client = new SQSClient(localClientConfig(server));
  const name = `publish-${++queueCount}${fifo ? '.fifo' : ''}`;
  const { QueueUrl } = await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: fifo ? { FifoQueue: 'true', ...attributes } : attributes }),
  );
  return { client, queueUrl: QueueUrl!, calls: recordCalls(client) };
}

/** The data object of a body that must decode as one. */
function dataOf(body: string | undefined): Record<string, unknown> {
  const decoded = decodeBody(body ?? '');
  if (decoded.kind !== 'data') throw new Error(`expected a data body, got ${decoded.kind}`);
  return decoded.data;
}

const orderPlaced = () =>
  new PayloadBuilder()
    .withEvent({ name: 'order.placed', domain: 'shop', timestamp: '2024-05-04T15:53:27.823Z' })
    .withObject({ type: 'order', id: 'o-1', current: { total: 42.5, items: ['a', 'b'] } })
    .build();

describe('SqsPublisher.publish', () => {
  it('round-trips MEGA (JSON and BSON), data, plaintext and bytes through the queue and decodeBody', async () => {
    const { client, queueUrl } = await setUp();
    const publisher = new SqsPublisher({ queueUrl, client });
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const sent = {
      megaJson: await publisher.publish(orderPlaced()),
      megaBson: await publisher.publish(orderPlaced(), { binary: true }),
      data: await publisher.publish({ orderId: 7, tags: ['x'] }),
      text: await publisher.publish('hello, queue'),
      bytes: await publisher.publish(bytes),
    };
    const byId = new Map((await receiveAll(client, queueUrl, 5)).map((m) => [m.MessageId, decodeBody(m.Body!)]));
    expect(byId.get(sent.megaJson.messageId)).toMatchObject({ kind: 'mega', encoding: 'json', payload: orderPlaced() });
    expect(byId.get(sent.megaBson.messageId)).toMatchObject({ kind: 'mega', encoding: 'bson', payload: orderPlaced() });
    expect(byId.get(sent.data.messageId)).toEqual({ kind: 'data', encoding: 'json', data: { orderId: 7, tags: ['x'] } });
    expect(byId.get(sent.text.messageId)).toEqual({ kind: 'plaintext', text: 'hello, queue' });
    expect(byId.get(sent.bytes.messageId)).toEqual({ kind: 'binary', bytes });
  });

  it('refuses an oversize body and a refused character with typed errors, making no call', async () => {
    const { client, queueUrl, calls } = await setUp();
    const publisher = new SqsPublisher({ queueUrl, client });
    const tooLarge = await publisher.publish('a'.repeat(MAX_MESSAGE_BYTES + 1)).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(MessageTooLargeError);
    expect(tooLarge).toMatchObject({ code: 'MESSAGE_TOO_LARGE', size: MAX_MESSAGE_BYTES + 1, limit: MAX_MESSAGE_BYTES });
    const badCharacter = await publisher.publish('bell \u0007').catch((e: unknown) => e);
    expect(badCharacter).toBeInstanceOf(InvalidMessageBodyError);
    expect(badCharacter).toMatchObject({ code: 'BODY_INVALID_CHARACTER', index: 5, codePoint: 7 });
    const withAttributes = await publisher.publish('a'.repeat(MAX_MESSAGE_BYTES - 4), { attributes: { k: 'v' } }).catch((e: unknown) => e);
    expect(withAttributes).toMatchObject({ code: 'MESSAGE_TOO_LARGE', attributeBytes: 8 });
    expect(calls).toEqual([]);
  });

  it('delays a message by delaySeconds', async () => {
    const { client, queueUrl } = await setUp();
    await new SqsPublisher({ queueUrl, client }).publish({ late: true }, { delaySeconds: 1 });
    const now = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    expect(now.Messages ?? []).toEqual([]);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessagesDelayed).toBe('1');
    const [later] = await receiveAll(client, queueUrl, 1, 5_000);
    expect(decodeBody(later!.Body!)).toMatchObject({ kind: 'data', data: { late: true } });
  });

  it('sends message attributes: strings, numbers, bytes and typed values', async () => {
    const { client, queueUrl } = await setUp();
    const signature = new Uint8Array([9, 8, 7]);
    await new SqsPublisher({ queueUrl, client }).publish(orderPlaced(), {
      attributes: { tenant: 'acme', retries: 3, signature, ratio: { dataType: 'Number.float', stringValue: '0.5' } },
    });
    const [message] = await receiveAll(client, queueUrl, 1);
    expect(message!.MessageAttributes).toEqual({
      tenant: { DataType: 'String', StringValue: 'acme' },
      retries: { DataType: 'Number', StringValue: '3' },
      signature: { DataType: 'Binary', BinaryValue: signature },
      ratio: { DataType: 'Number.float', StringValue: '0.5' },
    });
  });

  it('rejects with PublishFailedError, the SDK error as cause, when the queue does not exist', async () => {
    const client = new SQSClient(localClientConfig(server));
    const error = await new SqsPublisher({ queueUrl: `${server.endpoint}/000000000000/missing`, client })
      .publish('x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishFailedError);
    expect(error).toMatchObject({ code: 'PUBLISH_FAILED', senderFault: true });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('SqsPublisher.publishBatch', () => {
  it('splits 25 messages of mixed sizes into batches of ≤ 10 entries and ≤ 1 MiB, results in input order', async () => {
    const { client, queueUrl, calls } = await setUp();
    const payloads = Array.from({ length: 25 }, (_, i) => ({ i, pad: 'x'.repeat(i % 5 === 0 ? 400_000 : 2_000) }));
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(payloads, { attributes: { source: 'test' } });

    expect(result).toMatchObject({ succeeded: 25, failed: 0 });
    expect(result.results.map((r) => r.index)).toEqual(payloads.map((_, i) => i));
    const batches = calls.filter((c) => c.command === 'SendMessageBatchCommand');
    expect(batches.map((c) => (c.input.Entries as unknown[]).length).reduce((a, b) => a + b)).toBe(25);
    for (const { input } of batches) {
      const entries = input.Entries as { MessageBody: string }[];
      expect(entries.length).toBeLessThanOrEqual(10);
      const bytes = entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody) + 'source'.length + 'String'.length + 'test'.length, 0);
      expect(bytes).toBeLessThanOrEqual(1_048_576);
    }
    expect(batches.length).toBeGreaterThanOrEqual(3); // five 400 kB bodies: at most two per batch

    const received = await receiveAll(client, queueUrl, 25);
    const indexById = new Map(received.map((m) => [m.MessageId, dataOf(m.Body).i]));
    for (const r of result.results) expect(r.ok && indexById.get(r.messageId)).toBe(r.index);
  });

  it('refuses invalid entries before any call, reports them, and sends the rest', async () => {
    const { client, queueUrl, calls } = await setUp();
    const publisher = new SqsPublisher({ queueUrl, client });
    const onlyBad = await publisher.publishBatch(['a'.repeat(MAX_MESSAGE_BYTES + 1), 'nul \u0000']);
    expect(calls).toEqual([]);
    expect(onlyBad.results[0]).toMatchObject({ ok: false, attempts: 0, error: { code: 'MESSAGE_TOO_LARGE', size: MAX_MESSAGE_BYTES + 1 } });
    expect(onlyBad.results[1]).toMatchObject({ ok: false, attempts: 0, error: { code: 'BODY_INVALID_CHARACTER', index: 4 } });

    const hostile = {
      get x(): never {
        throw new TypeError('getter says no');
      },
    };
    const mixed = await publisher.publishBatch(['fine', 'a'.repeat(MAX_MESSAGE_BYTES + 1), { n: Number.NaN }, hostile, 'also fine']);
    expect(mixed).toMatchObject({ succeeded: 2, failed: 3 });
    expect(mixed.results[2]).toMatchObject({ ok: false, error: { code: 'ENCODE_UNSUPPORTED' } });
    expect(mixed.results[3]).toMatchObject({ ok: false, error: { code: 'ENCODE_UNSUPPORTED', cause: { message: 'getter says no' } } });
    expect(calls).toHaveLength(1);
    expect((calls[0]!.input.Entries as { MessageBody: string }[]).map((e) => e.MessageBody)).toEqual(['fine', 'also fine']);
  });

  it('rejects invalid shared options at once, before any call', async () => {
    const { client, queueUrl, calls } = await setUp();
    const publisher = new SqsPublisher({ queueUrl, client });
    await expect(publisher.publishBatch(['x'], { delaySeconds: 901 })).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(publisher.publishBatch(['x'], { concurrency: 0 })).rejects.toMatchObject({ option: 'concurrency' });
    expect(calls).toEqual([]);
  });

  it('retries only the entries a batch reports as failed', async () => {
    const { client, queueUrl, calls } = await setUp();
    failEntries(client, (body) => body.startsWith('flaky'));
    const bodies = Array.from({ length: 10 }, (_, i) => (i === 3 || i === 7 ? `flaky ${i}` : `steady ${i}`));
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(bodies, { backoff: { baseMs: 10 } });

    expect(result).toMatchObject({ succeeded: 10, failed: 0 });
    const sent = calls.map((c) => (c.input.Entries as { MessageBody: string }[]).map((e) => e.MessageBody));
    expect(sent).toEqual([bodies, ['flaky 3', 'flaky 7']]);
    expect(result.results.map((r) => r.attempts)).toEqual([1, 1, 1, 2, 1, 1, 1, 2, 1, 1]);
    const received = await receiveAll(client, queueUrl, 10);
    expect(received.map((m) => m.Body).sort()).toEqual([...bodies].sort());
  });

  it('reports an entry that keeps failing after maxAttempts, with the service code', async () => {
    const { client, queueUrl, calls } = await setUp();
    failEntries(client, (body) => body === 'doomed', 99);
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(['ok', 'doomed'], { maxAttempts: 2, backoff: { baseMs: 1 } });
    expect(calls).toHaveLength(2);
    expect(result.results[1]).toMatchObject({ ok: false, attempts: 2, error: { code: 'PUBLISH_FAILED', awsCode: 'InternalError' } });
    expect(result).toMatchObject({ succeeded: 1, failed: 1 });
  });

  it('publishes to a FIFO queue with group and deduplication ids, each group in order', async () => {
    const { client, queueUrl, calls } = await setUp({}, true);
    const publisher = new SqsPublisher({ queueUrl, client });
    expect(publisher.fifo).toBe(true);
    await expect(publisher.publish('no group')).rejects.toMatchObject({ code: 'OPTION_INVALID', option: 'groupId' });
    expect(calls).toEqual([]);

    const entries = Array.from({ length: 30 }, (_, i) =>
      batchEntry({ group: `g${i % 3}`, seq: i }, { groupId: `g${i % 3}`, deduplicationId: `d${i}` }),
    );
    const first = await publisher.publishBatch(entries, { concurrency: 4 });
    expect(first).toMatchObject({ succeeded: 30, failed: 0 });
    const again = await publisher.publishBatch(entries.slice(0, 5)); // same deduplication ids: accepted, not delivered twice
    expect(again.succeeded).toBe(5);

    const received = await receiveAll(client, queueUrl, 30, 8_000);
    expect(received).toHaveLength(30);
    expect(await receiveAll(client, queueUrl, 1, 1_500)).toEqual([]);
    const seqs = (group: string) =>
      received.map((m) => dataOf(m.Body)).filter((d) => d.group === group).map((d) => d.seq as number);
    for (const g of ['g0', 'g1', 'g2']) expect(seqs(g)).toEqual([...seqs(g)].sort((a, b) => a - b));
    expect(received[0]!.Attributes?.MessageGroupId).toMatch(/^g[012]$/);
  });

  it('merges per-entry attributes over the shared ones', async () => {
    const { client, queueUrl } = await setUp();
    await new SqsPublisher({ queueUrl, client }).publishBatch(['a', batchEntry('b', { attributes: { kind: 'special', extra: 1 } })], {
      attributes: { kind: 'plain', source: 'batch' },
    });
    const byBody = new Map((await receiveAll(client, queueUrl, 2)).map((m) => [m.Body, m.MessageAttributes]));
    expect(byBody.get('a')).toEqual({ kind: { DataType: 'String', StringValue: 'plain' }, source: { DataType: 'String', StringValue: 'batch' } });
    expect(byBody.get('b')).toEqual({
      kind: { DataType: 'String', StringValue: 'special' },
      source: { DataType: 'String', StringValue: 'batch' },
      extra: { DataType: 'Number', StringValue: '1' },
    });
  });

  it('reports every entry as aborted when the signal has already aborted, making no call', async () => {
    const { client, queueUrl, calls } = await setUp();
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(['a', 'b'], { signal: AbortSignal.abort() });
    expect(calls).toEqual([]);
    expect(result.results.map((r) => !r.ok && r.error.code)).toEqual(['PUBLISH_ABORTED', 'PUBLISH_ABORTED']);
  });
});

describe('SqsPublisher with a client created with cacheMiddleware: true', () => {
  it("lets the client reuse its resolved middleware: no per-call options unless a signal is given", async () => {
    const { queueUrl } = await setUp();
    const client = new SQSClient({ ...localClientConfig(server), cacheMiddleware: true });
    const publisher = new SqsPublisher({ queueUrl, client });
    const single = vi.spyOn(SendMessageCommand.prototype, 'resolveMiddleware');
    const batch = vi.spyOn(SendMessageBatchCommand.prototype, 'resolveMiddleware');
    try {
      for (let i = 0; i < 3; i++) await publisher.publish(`single ${i}`);
      await publisher.publishBatch(Array.from({ length: 25 }, (_, i) => `batch ${i}`));
      // The SDK resolves a command's middleware once per client and command class, then reuses it.
      expect(single).toHaveBeenCalledTimes(1);
      expect(batch).toHaveBeenCalledTimes(1);
      // A signal is per call: the SDK resolves anew for it, and the message still goes out.
      await publisher.publish('with a signal', { signal: new AbortController().signal });
      expect(single).toHaveBeenCalledTimes(2);
    } finally {
      single.mockRestore();
      batch.mockRestore();
      client.destroy();
    }
    expect(await receiveAll(new SQSClient(localClientConfig(server)), queueUrl, 29)).toHaveLength(29);
  });
});
