/**
 * The bridge against an SQS endpoint that hangs, drips, answers without end, holds 10,000 queues
 * or hands back hostile data: every call ends by its deadline with a typed error, no answer is
 * read past its ceiling, a refresh costs a bounded number of calls, and odd names stay data.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUEUE_PAGE_SIZE, type BridgeErrorBody, type PeekResponse, type QueueListResponse } from '../../shared/bridge-api.js';
import { startInspector, type RunningInspector } from '../../server/start.js';
import { bridgeHttp, json, signIn, type BridgeHttp, type HttpResponse } from '../server/http.js';
import { startFakeSqs, type FakeSqs } from './fake-sqs-server.js';

let fake: FakeSqs;
let inspector: RunningInspector;
let api: BridgeHttp;

const CALL_MS = 1_500;
const LIST_MS = 3_000;

function errorOf(response: HttpResponse): BridgeErrorBody['error'] {
  return (JSON.parse(response.body) as BridgeErrorBody).error;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

beforeAll(async () => {
  fake = await startFakeSqs({ queues: ['alpha', 'beta'], dripIntervalMs: 200 });
  inspector = await startInspector({
    target: { kind: 'endpoint', endpoint: fake.endpoint },
    allowWrites: true,
    sqsDeadlines: { callMs: CALL_MS, listMs: LIST_MS },
  });
  api = bridgeHttp(inspector.port, await signIn(inspector.port, inspector.token));
});

afterAll(async () => {
  await inspector?.stop();
  await fake?.close();
});

afterEach(() => {
  fake.behaviour.clear();
  fake.defaultBehaviour = 'normal';
  fake.queues = ['alpha', 'beta'];
  fake.messages.clear();
  fake.urlBase = undefined;
  fake.resetCalls();
});

describe('deadlines', () => {
  it.each(['hang', 'drip'] as const)('answers 504 ENDPOINT_TIMEOUT by the deadline when ListQueues %ss, and 200 once it answers again', async (behaviour) => {
    fake.behaviour.set('ListQueues', behaviour);
    const { value: response, ms } = await timed(() => api.get('/api/queues?prefix=hung' + behaviour));
    expect(response.status).toBe(504);
    expect(errorOf(response).code).toBe('ENDPOINT_TIMEOUT');
    expect(errorOf(response).message).toContain(fake.endpoint);
    expect(errorOf(response).message).toMatch(/did not answer ListQueues within 1\.5 s/);
    expect(ms).toBeLessThan(CALL_MS + 2_000);
    // The bridge let go of the connection: nothing keeps dripping into it.
    await expect.poll(() => fake.openConnections(), { timeout: 3_000 }).toBe(0);
    fake.behaviour.clear();
    const recovered = await api.get('/api/queues?prefix=hung' + behaviour);
    expect(recovered.status).toBe(200);
    expect(json<QueueListResponse>(recovered).queues).toEqual([]);
  });

  it('bounds a whole page by its own deadline when every GetQueueAttributes hangs', async () => {
    fake.queues = Array.from({ length: 40 }, (_, i) => `slow-${String(i).padStart(2, '0')}`);
    fake.behaviour.set('GetQueueAttributes', 'hang');
    const { value: response, ms } = await timed(() => api.get('/api/queues?prefix=slow'));
    expect(response.status).toBe(504);
    expect(errorOf(response).code).toBe('ENDPOINT_TIMEOUT');
    // 40 hung calls, 8 at a time, would take 5 × 1.5 s one after another; the page gives up at 3 s.
    expect(ms).toBeLessThan(LIST_MS + 2_000);
  });

  it('ends a peek whose ReceiveMessage drips, with the long poll added to its deadline', async () => {
    fake.behaviour.set('ReceiveMessage', 'drip');
    const { value: response, ms } = await timed(() => api.post('/api/queues/alpha/peek', { waitTimeSeconds: 1 }));
    expect(response.status).toBe(504);
    expect(errorOf(response).message).toMatch(/ReceiveMessage on queue "alpha" within 2\.5 s/);
    expect(ms).toBeGreaterThanOrEqual(2_400);
    expect(ms).toBeLessThan(2_500 + 2_000);
  });

  it('warns at start-up instead of hanging when the endpoint does not answer', async () => {
    fake.defaultBehaviour = 'hang';
    const logs: string[] = [];
    const { value: hung, ms } = await timed(() => startInspector({ target: { kind: 'endpoint', endpoint: fake.endpoint }, log: (line) => logs.push(line) }));
    try {
      expect(ms).toBeLessThan(15_000);
      expect(logs.join('\n')).toMatch(/did not answer ListQueues within 10 s/);
    } finally {
      await hung.stop();
    }
  });
});

describe('answers without end', () => {
  it('stops reading a ListQueues answer past 8 MiB: 502 RESPONSE_TOO_LARGE, and memory stays flat', async () => {
    fake.behaviour.set('ListQueues', 'huge');
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const response = await api.get('/api/queues');
    clearInterval(sampler);
    expect(response.status).toBe(502);
    expect(errorOf(response).code).toBe('RESPONSE_TOO_LARGE');
    expect(errorOf(response).message).toMatch(/more than 8 MiB/);
    expect(errorOf(response).message).toMatch(/name prefix/);
    // It read a little past the ceiling, not the endless rest (the fake fills socket buffers too).
    expect(fake.bytesSent()).toBeLessThan(64 * 1024 * 1024);
    expect(peak - before).toBeLessThan(160 * 1024 * 1024);
  });

  it('refuses a GetQueueAttributes answer past 2 MiB as well', async () => {
    fake.behaviour.set('GetQueueAttributes', 'huge');
    const response = await api.get('/api/queues/alpha');
    expect(response.status).toBe(502);
    expect(errorOf(response).message).toMatch(/GetQueueAttributes on queue "alpha" with more than 2 MiB/);
  });
});

describe('10,000 queues', () => {
  const names = Array.from({ length: 10_000 }, (_, i) => `queue-${String(i).padStart(5, '0')}`);

  it(`describes one page of at most ${MAX_QUEUE_PAGE_SIZE} queues per request`, async () => {
    fake.queues = [...names].reverse();
    const first = json<QueueListResponse>(await api.get('/api/queues'));
    expect(first.queues).toHaveLength(MAX_QUEUE_PAGE_SIZE);
    expect(first.queues[0]?.name).toBe('queue-00000');
    expect(first.nextPage).toBeDefined();
    expect(fake.calls('ListQueues')).toBe(1);
    expect(fake.calls('GetQueueAttributes')).toBe(MAX_QUEUE_PAGE_SIZE);
    expect(fake.calls()).toBe(1 + MAX_QUEUE_PAGE_SIZE);
  });

  it('pages through every queue exactly once, each page within the same bound', async () => {
    const some = names.slice(0, 1_050);
    fake.queues = [...some].reverse();
    const seen: string[] = [];
    let page: string | undefined;
    let pages = 0;
    do {
      fake.resetCalls();
      const next = json<QueueListResponse>(await api.get(`/api/queues${page === undefined ? '' : `?page=${encodeURIComponent(page)}`}`));
      expect(fake.calls()).toBeLessThanOrEqual(1 + MAX_QUEUE_PAGE_SIZE);
      seen.push(...next.queues.map((queue) => queue.name));
      page = next.nextPage;
      pages++;
    } while (page !== undefined);
    expect(pages).toBe(11);
    expect(seen).toEqual(some);
  });

  it('lets tabs refreshing the same page at once share one answer', async () => {
    fake.queues = names;
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.get('/api/queues?pageSize=50')));
    expect(answers.every((response) => response.status === 200)).toBe(true);
    expect(fake.calls('ListQueues')).toBe(1);
    expect(fake.calls('GetQueueAttributes')).toBe(50);
  });

  it('refuses page sizes above the maximum and forged page tokens', async () => {
    expect((await api.get(`/api/queues?pageSize=${MAX_QUEUE_PAGE_SIZE + 1}`)).status).toBe(400);
    expect((await api.get('/api/queues?pageSize=0')).status).toBe(400);
    for (const page of ['not-a-token', Buffer.from('{"o":-5}').toString('base64url'), Buffer.from('{"t":5,"o":0}').toString('base64url'), 'x'.repeat(5000)]) {
      const response = await api.get(`/api/queues?page=${page}`);
      expect(response.status, page).toBe(400);
      expect(errorOf(response).message).toMatch(/page token/);
    }
    expect(fake.calls()).toBe(0);
  });
});

describe('hostile data', () => {
  it('keeps __proto__ and constructor attribute names as ordinary data', async () => {
    fake.messages.set('alpha', [
      {
        MessageId: 'm-1',
        Body: 'hello',
        Attributes: JSON.parse('{"__proto__": "system", "SentTimestamp": "1700000000000"}') as Record<string, string>,
        MessageAttributes: JSON.parse(
          '{"__proto__": {"DataType": "String", "StringValue": "proto value"}, "constructor": {"DataType": "String", "StringValue": "ctor value"}}',
        ) as Record<string, { DataType: string; StringValue: string }>,
      },
    ]);
    const response = await api.post('/api/queues/alpha/peek', {});
    expect(response.status, response.body).toBe(200);
    const message = json<PeekResponse>(response).messages[0];
    expect(Object.keys(message?.messageAttributes ?? {})).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(message?.messageAttributes, '__proto__')?.value).toEqual({ dataType: 'String', stringValue: 'proto value' });
    expect(Object.getOwnPropertyDescriptor(message?.attributes, '__proto__')?.value).toBe('system');
    expect(message?.sentTimestamp).toBe(1_700_000_000_000);
  });

  it('passes an out-of-range SentTimestamp and odd queue names through as data', async () => {
    const long = 'n'.repeat(5_000);
    fake.queues = [long, 'evil\u202Egnp.exe'];
    fake.messages.set(long, [{ MessageId: 'm-1', Body: 'x', Attributes: { SentTimestamp: '1e20', ApproximateReceiveCount: 'NaN' } }]);
    // A page size no earlier test asked for: the bridge reuses a page for 2 s, and the tests before
    // this one list other queues of the fake endpoint.
    const listed = json<QueueListResponse>(await api.get('/api/queues?pageSize=20'));
    expect(listed.queues.map((queue) => queue.name)).toEqual(expect.arrayContaining([long, 'evil\u202Egnp.exe']));
    // Such a name is no SQS queue name, so the bridge will not use it in a call.
    expect((await api.post(`/api/queues/${long}/peek`, {})).status).toBe(400);
  });

  it('never sends a request to the host a queue URL names: calls go to the endpoint it was given', async () => {
    const elsewhere = await startFakeSqs({ queues: ['alpha'] });
    try {
      fake.urlBase = elsewhere.endpoint.replace('127.0.0.1', 'localhost');
      fake.queues = ['alpha'];
      const listed = await api.get('/api/queues?prefix=alp');
      expect(listed.status).toBe(200);
      expect(json<QueueListResponse>(listed).queues[0]?.url.startsWith(fake.urlBase)).toBe(true);
      expect((await api.post('/api/queues/alpha/peek', {})).status).toBe(200);
      expect(elsewhere.calls()).toBe(0);
      expect(fake.calls('GetQueueAttributes')).toBeGreaterThan(0);
    } finally {
      await elsewhere.close();
    }
  });
});
