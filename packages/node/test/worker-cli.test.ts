/**
 * The `sqs-mega worker` command in a real process against ElasticMQ: queues chosen by wildcard,
 * tasks loaded from --tasks (TypeScript through the project's tsx), --concurrency per queue, drain
 * on SIGTERM, messages it cannot run kept and logged, and the exit codes with their messages.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { configureTasks, defineTask } from '../src/index.js';
import { clientFor, createQueue, queueCounts, sendBodies, waitUntil } from './helpers/listener-harness.js';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CLI = fileURLToPath(new URL('../src/cli/sqs-mega.ts', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../dist/cli/sqs-mega.js', import.meta.url));
const TASKS = 'test/fixtures/worker-tasks.ts';
/** tsx's loader by URL, so that the CLI's source runs from any directory (tsx need not resolve from there). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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

/** Where {@link runCli} runs the CLI from. */
interface RunOptions {
  /** The tasks fixture's TASK_PREFIX. @defaultValue 'none' */
  readonly prefix?: string;
  /** The current directory. @defaultValue the package directory */
  readonly cwd?: string;
  /**
   * Run the built bin (dist/cli/sqs-mega.js) with plain Node, no TypeScript loader, as an installed
   * `sqs-mega` runs. @defaultValue false: the TypeScript source, through tsx
   */
  readonly built?: boolean;
}

/** The built bin, which the tests of plain-Node behaviour run (`npm test` builds it first). */
function builtCli(): string {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: build first (npm run build -w @sqs-mega/node)`);
  return BUILT_CLI;
}

/** Runs the CLI (by default from its TypeScript source, through tsx), with dummy credentials and TASK_PREFIX for the fixture. */
function runCli(args: readonly string[], options: RunOptions | string = {}): Worker {
  const { prefix = 'none', cwd = PACKAGE_DIR, built = false } = typeof options === 'string' ? { prefix: options } : options;
  const child = spawn(process.execPath, built ? [builtCli(), ...args] : ['--import', TSX_LOADER, CLI, ...args], {
    cwd,
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

  it('keeps and logs what it cannot run: another format, a task it does not have (never deleted)', async () => {
    const p = `t${randomBytes(4).toString('hex')}`;
    const queueUrl = await createQueue(sqs, { name: `${p}-email-send` });
    const worker = runCli(['worker', `${p}.email.send`, '--tasks', TASKS, '--endpoint', server.endpoint], p);
    await waitUntil(() => worker.stderr().includes('running 3 task(s)'), 30_000, 'the worker to start');
    const pyqs = JSON.stringify({ task: `${p}.email.send`, args: ['a@b.c'], kwargs: {} });
    const unknown = JSON.stringify({ ...defineTask(`${p}.email.snd`, () => undefined).message(), args: [] });
    await sendBodies(sqs, queueUrl, ['plain text', pyqs, unknown]);
    await waitUntil(() => (worker.stderr().match(/HANDLER_FAILED/g) ?? []).length >= 3, 15_000, 'three messages reported').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${worker.stderr()}`);
    });
    const log = worker.stderr();
    expect(log).toContain(`[${p}-email-send] HANDLER_FAILED: No subscriber matched message`);
    expect(log).toContain('Not a task message: it is plaintext (10 characters), not a JSON object. This worker runs SQS MEGA task messages');
    expect(log).toContain('Not a task message: it looks like a PyQS task (task/args/kwargs, no id/enqueuedAt)');
    expect(log).toContain(`No task named "${p}.email.snd" runs on this worker (it runs "${p}.email.send", "${p}.sms.send", "${p}.email.welcome"; did you mean "${p}.email.send"?)`);
    expect(log).toContain('status RETRIABLE_ERROR');
    const counts = await queueCounts(sqs, queueUrl);
    expect(counts.visible + counts.inFlight).toBe(3);
    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
  });

  it("loads a TypeScript --tasks module through the project's tsx when run with plain Node (the built bin)", async () => {
    const p = `t${randomBytes(4).toString('hex')}`;
    await createQueue(sqs, { name: `${p}-email-send` });
    const worker = runCli(['worker', `${p}.email.send`, '--tasks', TASKS, '--endpoint', server.endpoint], { prefix: p, built: true });
    await waitUntil(() => worker.stderr().includes('running 3 task(s)'), 30_000, 'the worker to start').catch((e: unknown) => {
      throw new Error(`${String(e)}\n${worker.stderr()}`);
    });
    await defineTask(`${p}.email.send`, (_to: string, _ms: number) => undefined).delay('ts', 10);
    await waitUntil(() => worker.stdout.includes(`done ${p}.email.send ts`), 15_000, 'the task to run');
    worker.kill('SIGTERM');
    expect(await worker.exit).toBe(0);
  });

  describe('--tasks modules that cannot load, each with its real cause', () => {
    let dir: string;
    beforeAll(async () => {
      // Outside the repository: no tsx resolves from here.
      dir = await mkdtemp(join(tmpdir(), 'sqs-mega-worker-'));
      await writeFile(join(dir, 'tasks.ts'), 'export const answer: number = 42;\n');
      await writeFile(join(dir, 'boom.mjs'), 'throw new Error("cannot reach the mailer at import");\n');
      await writeFile(join(dir, 'broken.mjs'), 'export const = 1;\n');
      await writeFile(join(dir, 'needs.mjs'), 'import "not-installed-anywhere";\n');
      await mkdir(join(dir, 'dist'));
      await writeFile(join(dir, 'dist', 'index.js'), 'export {};\n');
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('TypeScript when the project has no tsx: exit 2, naming the three fixes', async () => {
      const worker = runCli(['worker', 'q', '--tasks', 'tasks.ts'], { cwd: dir, built: true });
      expect(await worker.exit).toBe(2);
      expect(worker.stderr()).toContain(`sqs-mega: --tasks tasks.ts is TypeScript, which Node ${process.version} cannot import by itself, and no tsx resolves from ${dir}.`);
      expect(worker.stderr()).toContain('npm install --save-dev tsx');
      expect(worker.stderr()).toContain('node --import tsx ./node_modules/.bin/sqs-mega worker …');
      expect(worker.stderr()).toContain('--tasks ./dist/tasks.js');
      expect(worker.stderr()).not.toContain('ERR_UNKNOWN_FILE_EXTENSION');
    });

    it('a missing file: exit 2, with the sibling meant', async () => {
      const worker = runCli(['worker', 'q'], { cwd: dir, built: true });
      expect(await worker.exit).toBe(2);
      expect(worker.stderr()).toContain(`--tasks ./tasks.js: ${join(dir, 'tasks.js')} does not exist. Did you mean --tasks ./tasks.ts?`);
    });

    it('a directory: exit 2, with the module inside it', async () => {
      const worker = runCli(['worker', 'q', '--tasks', 'dist'], { cwd: dir });
      expect(await worker.exit).toBe(2);
      expect(worker.stderr()).toContain(`--tasks dist: ${join(dir, 'dist')} is a directory; pass the module file that exports your tasks (such as --tasks ./dist/index.js).`);
    });

    it('a module that throws, does not parse, or imports something missing: exit 1, saying which', async () => {
      const boom = runCli(['worker', 'q', '--tasks', 'boom.mjs'], { cwd: dir });
      const broken = runCli(['worker', 'q', '--tasks', 'broken.mjs'], { cwd: dir });
      const needs = runCli(['worker', 'q', '--tasks', 'needs.mjs'], { cwd: dir });
      expect(await Promise.all([boom.exit, broken.exit, needs.exit])).toEqual([1, 1, 1]);
      expect(boom.stderr()).toContain('--tasks boom.mjs threw while loading (Error: cannot reach the mailer at import)');
      expect(broken.stderr()).toContain('--tasks broken.mjs does not parse (SyntaxError:');
      expect(needs.stderr()).toMatch(/--tasks needs\.mjs imports a module that cannot be found \(Cannot find package 'not-installed-anywhere'/);
    });

    it('a module exporting no task, and a mistyped option: exit 2', async () => {
      const none = runCli(['worker', 'q', '--tasks', 'dist/index.js'], { cwd: dir });
      const typo = runCli(['worker', 'q', '--task', 'dist/index.js'], { cwd: dir });
      expect(await Promise.all([none.exit, typo.exit])).toEqual([2, 2]);
      expect(none.stderr()).toContain('--tasks dist/index.js exports no task');
      expect(typo.stderr()).toBe('sqs-mega: unknown option --task; did you mean --tasks?\nRun sqs-mega worker --help for the usage.\n');
    });
  });

  it.skipIf(!existsSync(BUILT_CLI))('runs as the built bin (dist/cli/sqs-mega.js): --help exits 0', async () => {
    const child = spawn(process.execPath, [BUILT_CLI, 'worker', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(out).toMatch(/^Usage: sqs-mega worker <queues…> \[options\]/);
  });
});
