// listQueueUrls follows ListQueues' NextToken. ElasticMQ answers in one page whatever MaxResults
// says, so the paging is tested against moto's SQS, which pages like AWS.
import { CreateQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type MotoServer, localClientConfig, startMoto } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError, listQueueUrls, selectQueues } from '../src/index.js';
import { recordCalls } from './publish-helpers.js';

let moto: MotoServer;
let client: SQSClient;
const names = ['listing-a', 'listing-b', 'listing-c', 'listing-d', 'listing-e'];

beforeAll(async () => {
  moto = await startMoto();
  client = new SQSClient(localClientConfig(moto));
  for (const name of names) await client.send(new CreateQueueCommand({ QueueName: name }));
}, 120_000);
afterAll(async () => {
  client?.destroy();
  await moto?.stop();
});

describe('listQueueUrls', () => {
  it('follows NextToken page after page until the last', async () => {
    const calls = recordCalls(client);
    const urls = await listQueueUrls(client, undefined, 2);
    expect(urls.map((url) => url.split('/').pop()).sort()).toEqual(names);
    const listCalls = calls.filter((c) => c.command === 'ListQueuesCommand');
    expect(listCalls).toHaveLength(3); // 2 + 2 + 1
    expect(listCalls.map((c) => c.input.MaxResults)).toEqual([2, 2, 2]);
    expect(listCalls[0]!.input.NextToken).toBeUndefined();
    expect(listCalls[1]!.input.NextToken).toEqual(expect.any(String));
  });

  it('the server does page: one call with MaxResults 2 returns 2 queues and a NextToken', async () => {
    const page = await client.send(new ListQueuesCommand({ MaxResults: 2 }));
    expect(page.QueueUrls).toHaveLength(2);
    expect(page.NextToken).toEqual(expect.any(String));
  });

  it('refuses a page size outside 1–1000 before any call', async () => {
    for (const pageSize of [0, 1001, 2.5]) {
      await expect(listQueueUrls(client, undefined, pageSize)).rejects.toBeInstanceOf(InvalidOptionError);
    }
  });

  it('selectQueues expands a wildcard against every listed queue', async () => {
    const selected = await selectQueues(client, ['listing-[a-c]']);
    expect(selected.map((q) => q.name)).toEqual(['listing-a', 'listing-b', 'listing-c']);
  });
});
