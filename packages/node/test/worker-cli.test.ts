/**
 * The `sqs-mega worker` command in a real process against ElasticMQ: queues chosen by wildcard,
 * tasks loaded from --tasks, --concurrency per queue, drain on SIGTERM, and the exit codes.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { configureTasks, defineTask } from '../src/index.js';
import { clientFor, createQueue, queueCounts, waitUntil } from './helpers/listener-harness.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/sqs-mega.ts', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../dist/cli/sqs-mega.js', import.meta.url));
const TASKS = 'test/fixtures/worker-tasks.ts';

let server: ElasticMQServer;
let sqs: SQSClient;

beforeAll(async () => {
  server = await startElasticMQ({ startTimeoutMs: 60_000 });
  sqs = clientFor(server);
  configureTasks({ client: sqs });
}, 90_000);

afterAll(async () => {
  configureTasks({ client: undefined });
  sqs?.destroy();
  await server?.stop();
});

interface Worker {
  readonly stdout: string[];
  stderr(): string;
  readonly exit: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** Runs the CLI from its TypeScript source (tsx), with dummy credentials and TASK_PREFIX for the fixture. */
function runCli(args: readonly string[], prefix = 'none'): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, TASK_PREFIX: prefix, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const stdout: string[] = [];
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const lines = out.split('\n');
    out = lines.pop() ?? '';
    stdout.push(...lines);
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stdout, stderr: () => err, exit, kill: (signal) => child.kill(signal) };
}

describe('sqs-mega worker', () => {
  it("listens to the queues a wildcard selects, runs --concurrency tasks per queue, and drains on SIGTERM (exit 0)", async () => {
    const p = `t${randomBytes(4).toString('hex')}`;
    const [sendUrl, welcomeUrl, smsUrl] = await Promise.all(['email-send', 'email-welcome', 'sms-send'].map((n) => createQueue(sqs, { name: `${p}-${n}` })));
    const worker = runCli(['worker', `${p}.email.*`, '--tasks', TASKS, '--concurrency', '2', '--visibility', '10', '--endpoint', server.endpoint], p);
    await waitUntil(() => worker.stderr().includes('running 3 task(s)'), 30_000, 'the worker to start').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${worker.stderr()}`);
    });
    expect(worker.stderr()).toContain(`from 2 queue(s): ${p}-email-send, ${p}-email-welcome (concurrency 2 per queue`);

    // The test's own copies of the tasks enqueue (same names: the worker routes by name).
    const send = defineTask(`${p}.email.send`, (_to: string, _ms: number) => undefined);
    const welcome = defineTask(`${p}.email.welcome`, (_to: string, _ms: number) => undefined);
    const sms = defineTask(`${p}.sms.send`, (_to: string, _ms: number) => undefined);
    await Promise.all([send.delay('a', 2_000), send.delay('b', 2_000), send.delay('c', 2_000), welcome.delay('w', 10), sms.delay('s', 10)]);

    const started = (task: string) => worker.stdout.filter((l) => l.startsWith(`start ${p}.${task} `));
    await waitUntil(() => started('email.send').length === 2 && worker.stdout.some((l) => l === `done ${p}.email.welcome w`), 20_000, 'two sends running');
    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(0);

    // Two sends ran at once (never three); both finished during the drain.
    expect(started('email.send').map((l) => l.split(' ').pop())).toEqual(['running=1', 'running=2']);
    expect(worker.stdout.filter((l) => l.startsWith(`done ${p}.email.send`))).toHaveLength(2);
    expect(worker.stderr()).toMatch(/SIGTERM: stopping[\s\S]*stopped \(\{"aborted":0,"abandoned":0,"released":\d+\}\)/);
    // The third send is still in the queue: handed back, or (received by a long poll the stop cut
    // short) invisible until its visibility timeout runs out — never lost.
    const left = await queueCounts(sqs, sendUrl!);
    expect(left.visible + left.inFlight).toBe(1);
    expect(await queueCounts(sqs, welcomeUrl!)).toEqual({ visible: 0, inFlight: 0 });
    expect(await queueCounts(sqs, smsUrl!)).toEqual({ visible: 1, inFlight: 0 }); // not selected by the pattern
  });

  it('exits 1 with tasks still running at --stop-timeout', async () => {
    const p = `t${randomBytes(4).toString('hex')}`;
    await createQueue(sqs, { name: `${p}-email-send` });
    const worker = runCli(['worker', `${p}.email.send`, '--tasks', TASKS, '--stop-timeout', '0.2', '--endpoint', server.endpoint], p);
    await waitUntil(() => worker.stderr().includes('running 3 task(s)'), 30_000, 'the worker to start');
    await defineTask(`${p}.email.send`, (_to: string, _ms: number) => undefined).delay('slow', 6_000);
    await waitUntil(() => worker.stdout.some((l) => l.startsWith(`start ${p}.email.send slow`)), 15_000, 'the task to start');
    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(1);
    expect(worker.stderr()).toContain('1 task(s) were still running at --stop-timeout');
  });

  it('exits 1 when a pattern matches no queue, saying so', async () => {
    const worker = runCli(['worker', 'nothing-here-*', '--tasks', TASKS, '--endpoint', server.endpoint]);
    expect(await worker.exit).toBe(1);
    expect(worker.stderr()).toContain('QUEUE_PATTERN_NO_MATCH: The queue pattern "nothing-here-*" matches none of the');
  });

  it('exits 2 on usage errors: a missing --tasks module, a bad option', async () => {
    const missing = runCli(['worker', 'q', '--tasks', './nope.js', '--endpoint', server.endpoint]);
    expect(await missing.exit).toBe(2);
    expect(missing.stderr()).toMatch(/--tasks \.\/nope\.js: .*nope\.js does not exist[\s\S]*Run sqs-mega worker --help/);
    const bad = runCli(['worker', 'q', '--concurrency', 'many']);
    expect(await bad.exit).toBe(2);
  });

  it.skipIf(!existsSync(BUILT_CLI))('runs as the built bin (dist/cli/sqs-mega.js): --help exits 0', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'worker', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(out).toMatch(/^Usage: sqs-mega worker <queues…> \[options\]/);
  });
});
