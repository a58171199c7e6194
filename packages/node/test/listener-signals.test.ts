/**
 * stopOnSignals in a real process: SIGTERM drains the listener and exits 0; handlers that never
 * return make it exit 1 after the timeout; a second signal exits at once with 128 + signal.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { clientFor, createQueue, queueCounts, sendBodies } from './helpers/listener-harness.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./fixtures/listener-child.ts', import.meta.url));

let server: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
}, 90_000);

afterAll(async () => {
  sqs?.destroy();
  await server?.stop();
});

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** Resolves once the child printed a line starting with `prefix` (count times). */
  waitFor(prefix: string, count?: number): Promise<void>;
  readonly lines: string[];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runService(queueUrl: string, env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, SQS_ENDPOINT: server.endpoint, QUEUE_URL: queueUrl, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) w();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    lines,
    exit,
    waitFor: (prefix, count = 1) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (lines.filter((l) => l.startsWith(prefix)).length >= count) {
            waiters.splice(waiters.indexOf(check), 1);
            resolve();
          }
        };
        waiters.push(check);
        check();
        void exit.then(({ code }) => reject(new Error(`child exited (${code}) before "${prefix}":\n${lines.join('\n')}\n${stderr}`)));
      }),
  };
}

describe('stopOnSignals', () => {
  it('on SIGTERM, finishes the running handlers, deletes their messages and exits 0', async () => {
    const queueUrl = await createQueue(sqs);
    const service = runService(queueUrl, { HANDLER_MS: '1500' });
    await service.waitFor('ready');
    await sendBodies(sqs, queueUrl, ['one', 'two']);
    await service.waitFor('handling', 2);
    const signalled = performance.now();
    service.process.kill('SIGTERM');
    const { code } = await service.exit;
    expect(code).toBe(0);
    expect(performance.now() - signalled).toBeLessThan(4_000); // the 20 s long poll was cut short
    expect(service.lines.filter((l) => l.startsWith('handled')).sort()).toEqual(['handled one', 'handled two']);
    expect(service.lines.at(-1)).toBe('stopped {"aborted":0,"abandoned":0,"released":0}');
    expect(await queueCounts(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('exits 1 when a handler does not return within the stop timeout and its grace', async () => {
    const queueUrl = await createQueue(sqs);
    const service = runService(queueUrl, { HANDLER_MS: 'forever', STOP_TIMEOUT_MS: '200' });
    await service.waitFor('ready');
    await sendBodies(sqs, queueUrl, ['stuck']);
    await service.waitFor('handling');
    service.process.kill('SIGTERM');
    expect((await service.exit).code).toBe(1);
    expect(service.lines.at(-1)).toBe('stopped {"aborted":1,"abandoned":1,"released":0}');
  });

  it('exits at once with 130 on a second SIGINT', async () => {
    const queueUrl = await createQueue(sqs);
    const service = runService(queueUrl, { HANDLER_MS: 'forever' });
    await service.waitFor('ready');
    await sendBodies(sqs, queueUrl, ['stuck']);
    await service.waitFor('handling');
    service.process.kill('SIGINT');
    await service.waitFor('signal SIGINT');
    service.process.kill('SIGINT');
    expect((await service.exit).code).toBe(130);
  });
});
