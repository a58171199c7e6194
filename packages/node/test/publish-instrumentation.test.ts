// What an instrumentation sees of each message SqsPublisher sends, and what it adds, against a
// real ElasticMQ. The SDK is touched only to make one batch entry fail (see publish-helpers.ts).
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type ElasticMQServer, localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SqsPublisher,
  batchEntry,
  type OutgoingMessageInfo,
  type OutgoingMessageOutcome,
  type PublishInstrumentation,
} from '../src/index.js';
import { failEntries, receiveAll } from './publish-helpers.js';

let server: ElasticMQServer;
let queueCount = 0;

beforeAll(async () => {
  server = await startElasticMQ();
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function setUp() {
  const client = new SQSClient(localClientConfig(server));
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: `instrumented-${++queueCount}` }));
  return { client, queueUrl: QueueUrl! };
}

/** An instrumentation that stamps each message with a sequence attribute and records what it saw. */
function recorder() {
  const seen: OutgoingMessageInfo[] = [];
  const outcomes: { stamp: string; outcome: OutgoingMessageOutcome }[] = [];
  const noRoom: string[] = [];
  const instrumentation: PublishInstrumentation = {
    message: (info) => {
      seen.push(info);
      const stamp = `m${seen.length}`;
      return {
        attributes: { stamp },
        onNoRoom: () => noRoom.push(stamp),
        onSettled: (outcome) => outcomes.push({ stamp, outcome }),
      };
    },
  };
  return { instrumentation, seen, outcomes, noRoom };
}

describe('a publisher instrumentation', () => {
  it('adds its attributes to what publish sends and learns the message id', async () => {
    const { client, queueUrl } = await setUp();
    const { instrumentation, seen, outcomes } = recorder();
    const publisher = new SqsPublisher({ queueUrl, client, instrumentation });
    const { messageId } = await publisher.publish({ order: 1 }, { attributes: { tenant: 'acme' } });
    const [received] = await receiveAll(client, queueUrl, 1);
    expect(received!.MessageAttributes).toMatchObject({ tenant: { StringValue: 'acme' }, stamp: { StringValue: 'm1' } });
    expect(seen).toEqual([{ service: 'SQS', destination: queueUrl, operation: 'publish', attributeNames: ['tenant'], room: { attributes: 9, bytes: expect.any(Number) } }]);
    expect(outcomes).toEqual([{ stamp: 'm1', outcome: { ok: true, messageId } }]);
  });

  it('sees each batch entry with its index, and settles each with its own outcome after its last attempt', async () => {
    const { client, queueUrl } = await setUp();
    const { instrumentation, seen, outcomes } = recorder();
    const publisher = new SqsPublisher({ queueUrl, client }).instrument(instrumentation);
    failEntries(client, (body) => /"n": ?2/.test(body), 99); // entry 2 fails every attempt
    const result = await publisher.publishBatch([{ n: 0 }, batchEntry({ n: 1 }, { attributes: { own: 'yes' } }), { n: 2 }, 'bad\u0000'], { maxAttempts: 2 });
    expect(result.results.map((r) => r.ok)).toEqual([true, true, false, false]);
    // The invalid entry (index 3) is refused before any call: the instrumentation never sees it.
    expect(seen.map((info) => [info.operation, info.batch, info.attributeNames])).toEqual([
      ['publishBatch', { size: 4, index: 0 }, []],
      ['publishBatch', { size: 4, index: 1 }, ['own']],
      ['publishBatch', { size: 4, index: 2 }, []],
    ]);
    const byStamp = new Map(outcomes.map((o) => [o.stamp, o.outcome]));
    expect(outcomes).toHaveLength(3);
    expect(byStamp.get('m1')).toEqual({ ok: true, messageId: (result.results[0] as { messageId: string }).messageId });
    expect(byStamp.get('m2')).toEqual({ ok: true, messageId: (result.results[1] as { messageId: string }).messageId });
    expect(byStamp.get('m3')).toMatchObject({ ok: false, error: { code: 'PUBLISH_FAILED' } });
    const received = await receiveAll(client, queueUrl, 2);
    expect(received.map((m) => m.MessageAttributes?.['stamp']?.StringValue).sort()).toEqual(['m1', 'm2']);
  });

  it('sends a message with no room left as it was, and tells the instrumentation, never failing the publish', async () => {
    const { client, queueUrl } = await setUp();
    const { instrumentation, noRoom, outcomes } = recorder();
    const publisher = new SqsPublisher({ queueUrl, client, instrumentation });
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v']));
    const { messageId } = await publisher.publish({ order: 2 }, { attributes: ten });
    const [received] = await receiveAll(client, queueUrl, 1);
    expect(Object.keys(received!.MessageAttributes ?? {}).sort()).toEqual(Object.keys(ten).sort());
    expect(noRoom).toEqual(['m1']);
    expect(outcomes).toEqual([{ stamp: 'm1', outcome: { ok: true, messageId } }]);
  });

  it('refuses an instrumentation without a message function', () => {
    expect(() => new SqsPublisher({ queueUrl: 'http://127.0.0.1:9324/000000000000/q', instrumentation: {} as never })).toThrow(/instrumentation/);
  });
});
