/**
 * The bridge over real HTTP against a real ElasticMQ filled with the demo queues: its guards
 * (Host, Origin, Sec-Fetch-Site, one-time sign-in, session key, read-only), the static app, and
 * every API route.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
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
  QueueSummary,
  RedriveResponse,
  SendResponse,
  SessionInfo,
} from '../../shared/bridge-api.js';
import { createDemoQueues, DEMO_MAX_RECEIVE_COUNT, DEMO_QUEUES } from '../../server/demo-queues.js';
import { startInspector, type RunningInspector } from '../../server/start.js';
import { authorization, bridgeHttp, http, json, recordedResponses, signIn, type BridgeHttp, type HttpResponse } from './http.js';

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
  const response = await api.get(`/api/queues/${name}`);
  if (response.status !== 200) throw new Error(`no queue ${name}: ${response.body}`);
  const queue = json<QueueSummary>(response);
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

describe('sign-in and sessions', () => {
  it('signs one browser in with the launch token, once: the same token again is SIGN_IN_LINK_USED', async () => {
    const fresh = await startInspector({ target: { kind: 'endpoint', endpoint: elasticmq.endpoint, sqs }, staticDir });
    try {
      expect(fresh.url).toBe(`http://127.0.0.1:${fresh.port}/?token=${fresh.token}`);
      const first = await http(fresh.port, { method: 'POST', path: '/api/sign-in', body: { token: fresh.token } });
      expect(first.status).toBe(200);
      const { sessionKey } = json<{ sessionKey: string }>(first);
      expect(sessionKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(sessionKey).not.toBe(fresh.token);
      expect(first.headers['set-cookie']).toBeUndefined();
      expect((await http(fresh.port, { path: '/api/session', headers: authorization(sessionKey) })).status).toBe(200);
      // The URL left in the browser's history is dead now.
      const again = await http(fresh.port, { method: 'POST', path: '/api/sign-in', body: { token: fresh.token } });
      expect(again.status).toBe(401);
      expect(errorOf(again).code).toBe('SIGN_IN_LINK_USED');
      expect(errorOf(again).message).toMatch(/Sign in another browser/);
    } finally {
      await fresh.stop();
    }
  });

  it('refuses a wrong token and the token of another launch with 401 UNAUTHORIZED', async () => {
    for (const token of ['not-the-token', writable.token.slice(0, -1), '']) {
      const response = await http(readOnly.port, { method: 'POST', path: '/api/sign-in', body: { token } });
      expect(response.status, token).toBe(token === '' ? 400 : 401);
    }
    const other = await http(readOnly.port, { method: 'POST', path: '/api/sign-in', body: { token: 'x'.repeat(43) } });
    expect(errorOf(other).code).toBe('UNAUTHORIZED');
  });

  it('answers API calls without a session key, with a wrong one, or with a token as key 401 UNAUTHORIZED', async () => {
    for (const headers of [{}, authorization('wrong'), authorization(readOnly.token), { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: '' }]) {
      const response = await http(readOnly.port, { path: '/api/session', headers });
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(errorOf(response).code).toBe('UNAUTHORIZED');
      expect(errorOf(response).message).toMatch(/open the URL the inspector printed/);
    }
  });

  it("does not accept one launch's session key at another", async () => {
    const key = await signIn(writable.port, (json<{ url: string }>(await writeApi.post('/api/sign-in-links')).url.split('token=')[1] ?? ''));
    expect((await http(writable.port, { path: '/api/session', headers: authorization(key) })).status).toBe(200);
    expect((await http(readOnly.port, { path: '/api/session', headers: authorization(key) })).status).toBe(401);
  });

  it('reads no cookie: a session key sent as a cookie is refused, and cookies planted beside the key change nothing', async () => {
    const key = await signIn(readOnly.port, (json<{ url: string }>(await api.post('/api/sign-in-links')).url.split('token=')[1] ?? ''));
    for (const cookie of [`sqs_mega_inspector_${readOnly.port}=${key}`, `session=${key}`, `authorization=${key}`]) {
      expect((await http(readOnly.port, { path: '/api/session', headers: { cookie } })).status).toBe(401);
    }
    // What a page on another port can plant for this host: shadowing cookies, many of them.
    const planted = Array.from({ length: 50 }, (_, i) => `sqs_mega_inspector_${readOnly.port}=planted${i}`).join('; ');
    expect((await http(readOnly.port, { path: '/api/session', headers: { cookie: planted, ...authorization(key) } })).status).toBe(200);
    // A full jar: some 180 cookies of 4 KB, far past Node's default 16 KB of headers.
    const jar = Array.from({ length: 180 }, (_, i) => `filler${i}=${'x'.repeat(4000)}`).join('; ');
    expect((await http(readOnly.port, { path: '/api/session', headers: { cookie: jar, ...authorization(key) } })).status).toBe(200);
    expect((await http(readOnly.port, { path: '/', headers: { cookie: jar } })).status).toBe(200);
  });

  it('makes one-time sign-in links for other browsers, only for a browser that is signed in', async () => {
    expect((await http(readOnly.port, { method: 'POST', path: '/api/sign-in-links', body: {} })).status).toBe(401);
    const made = await api.post('/api/sign-in-links');
    expect(made.status).toBe(200);
    const { url, expiresAt } = json<{ url: string; expiresAt: number }>(made);
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${readOnly.port}/\\?token=[A-Za-z0-9_-]{43}$`));
    expect(expiresAt).toBeGreaterThan(Date.now() + 9 * 60_000);
    const token = new URL(url).searchParams.get('token') ?? '';
    const key = await signIn(readOnly.port, token);
    expect((await http(readOnly.port, { path: '/api/queues', headers: authorization(key) })).status).toBe(200);
    const again = await http(readOnly.port, { method: 'POST', path: '/api/sign-in', body: { token } });
    expect(errorOf(again).code).toBe('SIGN_IN_LINK_USED');
  });

  it('serves the app without a session (it holds no secret), never setting a cookie', async () => {
    for (const path of ['/', `/?token=${readOnly.token}`, '/assets/app.js', '/queues/demo-orders']) {
      const response = await http(readOnly.port, { path });
      expect(response.status, path).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a foreign Host header with 403 FORBIDDEN_HOST, even with a token or a session key', async () => {
    const port = readOnly.port;
    const token = new URL(json<{ url: string }>(await api.post('/api/sign-in-links')).url).searchParams.get('token') ?? '';
    for (const host of [`evil.example:${port}`, `127.0.0.1:${port + 1}`, '127.0.0.1', `localhost.evil.example:${port}`, `[::1]:${port}`]) {
      const withKey = await api.get('/api/queues', { host });
      expect(withKey.status, host).toBe(403);
      expect(errorOf(withKey).code).toBe('FORBIDDEN_HOST');
      const exchange = await http(port, { method: 'POST', path: '/api/sign-in', body: { token }, headers: { host } });
      expect(exchange.status).toBe(403);
      const page = await http(port, { path: '/', headers: { host } });
      expect(page.status).toBe(403);
      expect(page.body).not.toContain('inspector app');
    }
    // The link was not burnt by the refused attempts.
    expect((await http(port, { method: 'POST', path: '/api/sign-in', body: { token } })).status).toBe(200);
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
      const exchange = await http(readOnly.port, { method: 'POST', path: '/api/sign-in', body: { token: 'x' }, headers: { 'sec-fetch-site': site } });
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

  it('serves only regular files inside its folder: links planted in it are not followed', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'inspector-outside-'));
    try {
      await writeFile(join(outside, 'credentials'), 'aws_secret_access_key = PLANTED-SECRET');
      await mkdir(join(outside, 'dir'));
      await writeFile(join(outside, 'dir', 'inner.js'), 'PLANTED-SECRET');
      await symlink(join(outside, 'credentials'), join(staticDir, 'assets', 'linked.js'));
      await symlink(join(outside, 'dir'), join(staticDir, 'linked-dir'));
      await symlink(join(outside, 'dir'), join(staticDir, 'assets', 'deeper'));
      for (const path of ['/assets/linked.js', '/linked-dir/inner.js', '/assets/deeper/inner.js', '/linked-dir/', '/assets/deeper']) {
        const response = await http(readOnly.port, { path });
        expect(response.status, path).toBe(404);
        expect(response.body, path).not.toContain('PLANTED-SECRET');
      }
      // Regular files beside them are still served.
      expect((await http(readOnly.port, { path: '/assets/app.js' })).status).toBe(200);
    } finally {
      await rm(outside, { recursive: true, force: true });
      for (const link of [join(staticDir, 'assets', 'linked.js'), join(staticDir, 'linked-dir'), join(staticDir, 'assets', 'deeper')]) await rm(link, { force: true });
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
    // One queue by name: its dead-letter sources from ListDeadLetterSourceQueues, not from a page.
    const single = json<QueueSummary>(await api.get(`/api/queues/${DEMO_QUEUES.deadLetter}`));
    expect(single).toMatchObject({ name: DEMO_QUEUES.deadLetter, deadLetterSources: [DEMO_QUEUES.orders], counts: { visible: 2 } });
    expect((await api.get('/api/queues/no-such-queue')).status).toBe(404);
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

  it('keep __proto__ and constructor message attributes as ordinary data, sent and peeked', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'inspector-test-proto' }));
    const attributes = JSON.parse(
      '{"__proto__": {"dataType": "String", "stringValue": "proto value"}, "constructor": {"dataType": "String", "stringValue": "ctor value"}, "plain": {"dataType": "Number", "stringValue": "7"}}',
    ) as Record<string, unknown>;
    const sent = await writeApi.post('/api/queues/inspector-test-proto/messages', { body: 'proto', messageAttributes: attributes });
    expect(sent.status).toBe(200);
    const peeked = await writeApi.post('/api/queues/inspector-test-proto/peek', {});
    expect(peeked.status, peeked.body).toBe(200);
    const message = json<PeekResponse>(peeked).messages[0];
    expect(Object.keys(message?.messageAttributes ?? {}).sort()).toEqual(['__proto__', 'constructor', 'plain']);
    expect(Object.getOwnPropertyDescriptor(message?.messageAttributes, '__proto__')?.value).toEqual({ dataType: 'String', stringValue: 'proto value' });
    expect(Object.getOwnPropertyDescriptor(message?.messageAttributes, 'constructor')?.value).toEqual({ dataType: 'String', stringValue: 'ctor value' });
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
