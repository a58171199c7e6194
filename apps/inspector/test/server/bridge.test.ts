/**
 * The bridge over real HTTP against a real ElasticMQ filled with the demo queues: its guards
 * (Host, Origin, Sec-Fetch-Site, token, cookie, read-only), the static app, and every API route.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { decodeBody } from '@sqs-mega/core';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BridgeErrorBody,
  PeekResponse,
  QueueListResponse,
  RedriveResponse,
  SendResponse,
  SessionInfo,
} from '../../shared/bridge-api.js';
import { sessionCookieName } from '../../shared/bridge-api.js';
import { createDemoQueues, DEMO_MAX_RECEIVE_COUNT, DEMO_QUEUES } from '../../server/demo-queues.js';
import { startInspector, type RunningInspector } from '../../server/start.js';
import { bridgeHttp, http, json, recordedResponses, signIn, type BridgeHttp, type HttpResponse } from './http.js';

/** Distinctive fake credentials: ElasticMQ accepts any, and no response may ever contain them. */
const ACCESS_KEY_ID = 'AKIDINSPECTORTEST0042';
const SECRET_ACCESS_KEY = 'inspector-test-SECRET-wJalrXUtnFEMI-K7MDENG-bPxRfiCY';

let elasticmq: ElasticMQServer;
let sqs: SQSClient;
let staticDir: string;
let readOnly: RunningInspector;
let writable: RunningInspector;
let api: BridgeHttp;
let writeApi: BridgeHttp;

function errorOf(response: HttpResponse): BridgeErrorBody['error'] {
  return json<BridgeErrorBody>(response).error;
}

async function queueCount(name: string): Promise<number> {
  const queues = json<QueueListResponse>(await api.get('/api/queues')).queues;
  const queue = queues.find((q) => q.name === name);
  if (queue === undefined) throw new Error(`no queue ${name}`);
  return queue.counts.visible + queue.counts.inFlight;
}

beforeAll(async () => {
  elasticmq = await startElasticMQ();
  sqs = new SQSClient({
    endpoint: elasticmq.endpoint,
    region: elasticmq.region,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
  });
  await createDemoQueues(sqs);
  staticDir = await mkdtemp(join(tmpdir(), 'inspector-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>inspector app</title><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("inspector app");');
  const target = { kind: 'endpoint', endpoint: elasticmq.endpoint, sqs } as const;
  [readOnly, writable] = await Promise.all([
    startInspector({ target, staticDir }),
    startInspector({ target, staticDir, allowWrites: true }),
  ]);
  api = bridgeHttp(readOnly.port, await signIn(readOnly.port, readOnly.token));
  writeApi = bridgeHttp(writable.port, await signIn(writable.port, writable.token));
});

afterAll(async () => {
  await Promise.all([readOnly?.stop(), writable?.stop()]);
  sqs?.destroy();
  await elasticmq?.stop();
  if (staticDir) await rm(staticDir, { recursive: true, force: true });
});

describe('launch token and session cookie', () => {
  it('exchanges the printed token for an HttpOnly SameSite=Strict cookie and redirects to / without the token', async () => {
    expect(readOnly.url).toBe(`http://127.0.0.1:${readOnly.port}/?token=${readOnly.token}`);
    const response = await http(readOnly.port, { path: `/?token=${readOnly.token}` });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/');
    const cookie = response.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^${sessionCookieName(readOnly.port)}=[A-Za-z0-9_-]{43};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain(readOnly.token);
  });

  it('answers a wrong token with a 401 page that says to open the printed URL, and sets no cookie', async () => {
    const response = await http(readOnly.port, { path: '/?token=not-the-token' });
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Open the URL the inspector printed');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses the token of another launch', async () => {
    const response = await http(readOnly.port, { path: `/?token=${writable.token}` });
    expect(response.status).toBe(401);
  });

  it('answers API calls without the cookie, with a wrong cookie, or with the token as cookie 401 UNAUTHORIZED', async () => {
    const name = sessionCookieName(readOnly.port);
    for (const cookie of [undefined, `${name}=wrong`, `${name}=${readOnly.token}`]) {
      const response = await http(readOnly.port, { path: '/api/session', headers: cookie === undefined ? {} : { cookie } });
      expect(response.status).toBe(401);
      expect(errorOf(response).code).toBe('UNAUTHORIZED');
      expect(errorOf(response).message).toMatch(/open the URL the inspector printed/);
    }
  });

  it("does not accept one launch's cookie at another", async () => {
    const cookie = await signIn(readOnly.port, readOnly.token);
    const response = await http(writable.port, { path: '/api/session', headers: { cookie } });
    expect(response.status).toBe(401);
    // Nor under the other launch's cookie name.
    const renamed = cookie.replace(sessionCookieName(readOnly.port), sessionCookieName(writable.port));
    expect((await http(writable.port, { path: '/api/session', headers: { cookie: renamed } })).status).toBe(401);
  });

  it('keeps two inspectors signed in in one browser: each cookie is named after its port', async () => {
    // A browser sends every cookie of 127.0.0.1 to every port of it, so the two must not share a name.
    const jar = [await signIn(readOnly.port, readOnly.token), await signIn(writable.port, writable.token)].join('; ');
    for (const port of [readOnly.port, writable.port]) {
      const response = await http(port, { path: '/api/session', headers: { cookie: jar } });
      expect(response.status).toBe(200);
    }
  });

  it('guards the static app too: no cookie, no page', async () => {
    for (const path of ['/', '/assets/app.js', '/queues/demo-orders']) {
      const response = await http(readOnly.port, { path });
      expect(response.status).toBe(401);
      expect(response.body).not.toContain('inspector app');
    }
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a foreign Host header with 403 FORBIDDEN_HOST, even with the token or the cookie', async () => {
    const cookie = await signIn(readOnly.port, readOnly.token);
    const port = readOnly.port;
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, `[::1]:${port}`]) {
      const withCookie = await http(port, { path: '/api/queues', headers: { host, cookie } });
      expect(withCookie.status, host).toBe(403);
      expect(errorOf(withCookie).code).toBe('FORBIDDEN_HOST');
      const exchange = await http(port, { path: `/?token=${readOnly.token}`, headers: { host } });
      expect(exchange.status).toBe(403);
      expect(exchange.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers its own addresses: 127.0.0.1:PORT and localhost:PORT', async () => {
    for (const host of [`127.0.0.1:${readOnly.port}`, `localhost:${readOnly.port}`]) {
      const response = await api.get('/api/session', { host });
      expect(response.status).toBe(200);
    }
  });

  it('refuses a cross-site Origin (and the opaque "null") with 403 FORBIDDEN_ORIGIN', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${readOnly.port + 1}`, `http://localhost:${readOnly.port}`]) {
      const read = await api.get('/api/queues', { origin });
      expect(read.status, origin).toBe(403);
      expect(errorOf(read).code).toBe('FORBIDDEN_ORIGIN');
      const write = await writeApi.post(`/api/queues/${DEMO_QUEUES.notifications}/purge`, { confirm: DEMO_QUEUES.notifications }, { origin });
      expect(write.status).toBe(403);
      expect(errorOf(write).code).toBe('FORBIDDEN_ORIGIN');
    }
    expect(await queueCount(DEMO_QUEUES.notifications)).toBe(7);
  });

  it('accepts its own Origin', async () => {
    const response = await api.get('/api/session', { origin: readOnly.origin });
    expect(response.status).toBe(200);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site, accepts same-origin and none', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const response = await api.get('/api/queues', { 'sec-fetch-site': site });
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('FORBIDDEN_ORIGIN');
      const exchange = await http(readOnly.port, { path: `/?token=${readOnly.token}`, headers: { 'sec-fetch-site': site } });
      expect(exchange.status).toBe(403);
    }
    for (const site of ['same-origin', 'none']) expect((await api.get('/api/session', { 'sec-fetch-site': site })).status).toBe(200);
  });

  it('never answers a CORS preflight with CORS headers', async () => {
    const response = await http(readOnly.port, {
      method: 'OPTIONS',
      path: '/api/queues',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(403);
    expect(Object.keys(response.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('listens on 127.0.0.1 only: other loopback addresses and every other interface refuse connections', async () => {
    expect(readOnly.host).toBe('127.0.0.1');
    const others = ['127.0.0.2', '::1'];
    for (const addresses of Object.values(networkInterfaces())) {
      for (const address of addresses ?? []) if (!address.internal) others.push(address.address);
    }
    const attempt = (host: string) =>
      new Promise<string>((resolveAttempt) => {
        const socket = connect({ host, port: readOnly.port, timeout: 2_000 });
        socket.once('connect', () => {
          socket.destroy();
          resolveAttempt('connected');
        });
        socket.once('timeout', () => {
          socket.destroy();
          resolveAttempt('timeout');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolveAttempt(error.code ?? 'error'));
      });
    for (const host of others) expect(await attempt(host), host).not.toBe('connected');
    expect(await attempt('127.0.0.1')).toBe('connected');
  });

  it('sends headers that keep the app out of frames and its URLs out of Referer', async () => {
    const response = await api.get('/');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the built app', () => {
  it('serves index.html at /, the assets, and index.html for unknown page paths', async () => {
    const index = await api.get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>inspector app</title>');
    const script = await api.get('/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const deepLink = await api.get('/queues/demo-orders');
    expect(deepLink.status).toBe(200);
    expect(deepLink.body).toContain('<title>inspector app</title>');
  });

  it('serves nothing outside its directory', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await api.get(path);
      expect(response.body).not.toContain('"name"');
    }
  });

  it('says to build the app when there is none', async () => {
    const bare = await startInspector({ target: { kind: 'endpoint', endpoint: elasticmq.endpoint, sqs }, staticDir: join(staticDir, 'missing') });
    try {
      const response = await bridgeHttp(bare.port, await signIn(bare.port, bare.token)).get('/');
      expect(response.status).toBe(503);
      expect(response.body).toContain('npm run build -w inspector');
    } finally {
      await bare.stop();
    }
  });
});

describe('GET /api/session and /api/queues', () => {
  it('reports the endpoint, region, version and read-only mode', async () => {
    const session = json<SessionInfo>(await api.get('/api/session'));
    expect(session).toEqual({ mode: 'endpoint', endpoint: elasticmq.endpoint, region: 'us-east-1', allowWrites: false, version: '0.0.0' });
    expect(json<SessionInfo>(await writeApi.get('/api/session')).allowWrites).toBe(true);
  });

  it('lists the demo queues with their counts, FIFO flag and redrive links both ways', async () => {
    const { queues } = json<QueueListResponse>(await api.get('/api/queues'));
    const byName = new Map(queues.map((queue) => [queue.name, queue]));
    const orders = byName.get(DEMO_QUEUES.orders);
    const dlq = byName.get(DEMO_QUEUES.deadLetter);
    expect(orders?.counts).toEqual({ visible: 8, inFlight: 0, delayed: 1 });
    expect(orders?.redrive).toEqual({
      deadLetterQueueName: DEMO_QUEUES.deadLetter,
      deadLetterQueueArn: `arn:aws:sqs:us-east-1:000000000000:${DEMO_QUEUES.deadLetter}`,
      maxReceiveCount: DEMO_MAX_RECEIVE_COUNT,
    });
    expect(orders?.deadLetterSources).toEqual([]);
    expect(dlq?.counts.visible).toBe(2);
    expect(dlq?.deadLetterSources).toEqual([DEMO_QUEUES.orders]);
    expect(dlq?.redrive).toBeUndefined();
    expect(byName.get(DEMO_QUEUES.payments)).toMatchObject({ fifo: true, counts: { visible: 5 } });
    expect(byName.get(DEMO_QUEUES.notifications)).toMatchObject({ fifo: false, counts: { visible: 7 } });
    expect(orders?.url).toBe(`${elasticmq.endpoint}/000000000000/${DEMO_QUEUES.orders}`);
    expect(orders?.attributes['RedrivePolicy']).toContain(DEMO_QUEUES.deadLetter);
  });
});

describe('POST /api/queues/:name/peek', () => {
  it('returns raw bodies that core decodes into every kind, SNS-wrapped and raw', async () => {
    const seen = new Map<string, string>();
    for (let round = 0; round < 4 && seen.size < 7; round++) {
      const { messages } = json<PeekResponse>(await api.post(`/api/queues/${DEMO_QUEUES.notifications}/peek`, { maxMessages: 10 }));
      for (const message of messages) {
        const decoded = decodeBody(message.body);
        seen.set(message.messageId, `${decoded.kind}${decoded.sns ? ' via SNS' : ''}`);
      }
    }
    expect(new Set(seen.values())).toEqual(new Set(['mega via SNS', 'data via SNS', 'plaintext via SNS', 'binary via SNS', 'mega', 'data']));
  });

  it('increments the receive count with every peek, and leaves the messages visible', async () => {
    const first = json<PeekResponse>(await api.post(`/api/queues/${DEMO_QUEUES.deadLetter}/peek`, {})).messages;
    const second = json<PeekResponse>(await api.post(`/api/queues/${DEMO_QUEUES.deadLetter}/peek`, {})).messages;
    expect(first.length).toBeGreaterThan(0);
    for (const message of first) {
      const again = second.find((m) => m.messageId === message.messageId);
      expect(again?.receiveCount).toBe(message.receiveCount + 1);
    }
    expect(await queueCount(DEMO_QUEUES.deadLetter)).toBe(2);
  });

  it('answers 409 for a queue with a redrive policy until the receive count is acknowledged', async () => {
    const refused = await api.post(`/api/queues/${DEMO_QUEUES.orders}/peek`, { maxMessages: 1 });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('RECEIVE_COUNT_NOT_ACKNOWLEDGED');
    expect(errorOf(refused).message).toContain(`after ${DEMO_MAX_RECEIVE_COUNT} receives`);
    const peeked = await api.post(`/api/queues/${DEMO_QUEUES.orders}/peek`, { maxMessages: 1, acknowledgeReceiveCount: true });
    expect(peeked.status).toBe(200);
    const body = json<PeekResponse>(peeked);
    expect(body.maxReceiveCount).toBe(DEMO_MAX_RECEIVE_COUNT);
    expect(body.messages[0]).toMatchObject({ queueName: DEMO_QUEUES.orders, receiveCount: 1 });
    expect(body.messages[0]?.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
  });

  it('returns FIFO group ids, system attributes and message attributes', async () => {
    const { messages } = json<PeekResponse>(await api.post(`/api/queues/${DEMO_QUEUES.payments}/peek`, {}));
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]?.messageGroupId).toMatch(/^customer-/);
    expect(messages[0]?.sentTimestamp).toBeGreaterThan(0);
    expect(messages[0]?.attributes['SentTimestamp']).toBeDefined();
  });

  it('answers 404 QUEUE_NOT_FOUND for a missing queue and 400 for a bad name or bad parameters', async () => {
    const missing = await api.post('/api/queues/no-such-queue/peek', {});
    expect(missing.status).toBe(404);
    expect(errorOf(missing)).toMatchObject({ code: 'QUEUE_NOT_FOUND', sqsCode: 'QueueDoesNotExist' });
    expect(errorOf(missing).message).toContain('no-such-queue');
    const badName = await api.post('/api/queues/bad%20name/peek', {});
    expect(badName.status).toBe(400);
    for (const body of [{ maxMessages: 11 }, { waitTimeSeconds: 21 }, { maxMessages: 'ten' }, { acknowledgeReceiveCount: 'yes' }]) {
      const response = await api.post(`/api/queues/${DEMO_QUEUES.notifications}/peek`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(response).code).toBe('BAD_REQUEST');
    }
    const notJson = await api.post(`/api/queues/${DEMO_QUEUES.notifications}/peek`, 'maxMessages=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(notJson.status).toBe(400);
    expect((await api.get('/api/nothing-here')).status).toBe(400);
  });
});

describe('writes', () => {
  it('are all refused with 403 WRITES_DISABLED without --allow-writes, and change nothing', async () => {
    const attempts = [
      api.post(`/api/queues/${DEMO_QUEUES.notifications}/messages`, { body: 'hello' }),
      api.post(`/api/queues/${DEMO_QUEUES.notifications}/delete`, { receiptHandle: 'x' }),
      api.post(`/api/queues/${DEMO_QUEUES.notifications}/purge`, { confirm: DEMO_QUEUES.notifications }),
      api.post(`/api/queues/${DEMO_QUEUES.deadLetter}/redrive`, {}),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(errorOf(response).code).toBe('WRITES_DISABLED');
      expect(errorOf(response).message).toContain('--allow-writes');
    }
    expect(await queueCount(DEMO_QUEUES.notifications)).toBe(7);
    expect(await queueCount(DEMO_QUEUES.deadLetter)).toBe(2);
  });

  it('send a message with attributes, delete it by the receipt handle of a peek', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'inspector-test-writes' }));
    const sent = await writeApi.post('/api/queues/inspector-test-writes/messages', {
      body: '{"hello": "world"}',
      messageAttributes: {
        source: { dataType: 'String', stringValue: 'inspector' },
        checksum: { dataType: 'Binary', binaryValueBase64: 'yv66vg==' },
      },
    });
    expect(sent.status).toBe(200);
    const { messageId } = json<SendResponse>(sent);
    const { messages } = json<PeekResponse>(await writeApi.post('/api/queues/inspector-test-writes/peek', {}));
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      messageId,
      body: '{"hello": "world"}',
      messageAttributes: {
        source: { dataType: 'String', stringValue: 'inspector' },
        checksum: { dataType: 'Binary', binaryValueBase64: 'yv66vg==' },
      },
    });
    const deleted = await writeApi.post('/api/queues/inspector-test-writes/delete', { receiptHandle: messages[0]?.receiptHandle });
    expect(deleted.status).toBe(204);
    expect(await queueCount('inspector-test-writes')).toBe(0);
  });

  it('report what SQS refuses as 400 BAD_REQUEST with its code (a FIFO send without a group id)', async () => {
    const response = await writeApi.post(`/api/queues/${DEMO_QUEUES.payments}/messages`, { body: 'no group' });
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('BAD_REQUEST');
    expect(errorOf(response).sqsCode).toBeDefined();
    const empty = await writeApi.post(`/api/queues/${DEMO_QUEUES.notifications}/messages`, { body: '' });
    expect(empty.status).toBe(400);
  });

  it('purge only with the queue name repeated in confirm', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'inspector-test-purge' }));
    await writeApi.post('/api/queues/inspector-test-purge/messages', { body: 'one' });
    await writeApi.post('/api/queues/inspector-test-purge/messages', { body: 'two' });
    for (const body of [{}, { confirm: 'inspector-test-other' }]) {
      const refused = await writeApi.post('/api/queues/inspector-test-purge/purge', body);
      expect(refused.status).toBe(400);
      expect(errorOf(refused).message).toContain('repeat its name');
    }
    expect(await queueCount('inspector-test-purge')).toBe(2);
    expect((await writeApi.post('/api/queues/inspector-test-purge/purge', { confirm: 'inspector-test-purge' })).status).toBe(204);
    expect(await queueCount('inspector-test-purge')).toBe(0);
  });

  it('redrive the dead-letter queue back to its source with StartMessageMoveTask', async () => {
    const before = await queueCount(DEMO_QUEUES.orders);
    const response = await writeApi.post(`/api/queues/${DEMO_QUEUES.deadLetter}/redrive`, {});
    expect(response.status).toBe(200);
    const { taskHandle, destination } = json<RedriveResponse>(response);
    expect(destination).toBe(DEMO_QUEUES.orders);
    expect(taskHandle).not.toBe('');
    for (let i = 0; i < 50 && (await queueCount(DEMO_QUEUES.deadLetter)) > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await queueCount(DEMO_QUEUES.deadLetter)).toBe(0);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: `${elasticmq.endpoint}/000000000000/${DEMO_QUEUES.orders}`, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Number(Attributes?.['ApproximateNumberOfMessages'])).toBe(before + 2);
  });

  it('refuse to redrive a queue that is no dead-letter queue, or to a missing destination', async () => {
    const notDlq = await writeApi.post(`/api/queues/${DEMO_QUEUES.notifications}/redrive`, {});
    expect(notDlq.status).toBe(400);
    expect(errorOf(notDlq).message).toContain('not the dead-letter queue');
    const missing = await writeApi.post(`/api/queues/${DEMO_QUEUES.deadLetter}/redrive`, { destination: 'no-such-queue' });
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('QUEUE_NOT_FOUND');
  });
});

describe('SQS failures', () => {
  it('answers 502 ENDPOINT_DOWN with what to do when the endpoint does not answer', async () => {
    // A port that was free a moment ago: bound, then released.
    const closedPort = await new Promise<number>((resolvePort) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolvePort(port));
      });
    });
    const logs: string[] = [];
    const down = await startInspector({ target: { kind: 'endpoint', endpoint: `http://127.0.0.1:${closedPort}` }, staticDir, log: (line) => logs.push(line) });
    try {
      expect(logs.join('\n')).toContain('Warning: Cannot reach the SQS endpoint');
      const response = await bridgeHttp(down.port, await signIn(down.port, down.token)).get('/api/queues');
      expect(response.status).toBe(502);
      expect(errorOf(response).code).toBe('ENDPOINT_DOWN');
      expect(errorOf(response).message).toContain(`http://127.0.0.1:${closedPort}`);
      expect(errorOf(response).message).toMatch(/check that the server is running/);
    } finally {
      await down.stop();
    }
  });
});

describe('credentials', () => {
  it('never appear in any response the bridge gave in this file', () => {
    expect(recordedResponses.length).toBeGreaterThan(50);
    for (const response of recordedResponses) {
      expect(response).not.toContain(SECRET_ACCESS_KEY);
      expect(response).not.toContain(ACCESS_KEY_ID);
    }
  });
});
