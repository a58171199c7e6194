import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.js';
import { httpStatus } from '../src/http-status.js';
import { exitOf, firstLine, PACKAGE_DIR, spawnTsNode } from './helpers/node-child.js';
import { waitUntilGone } from './helpers/processes.js';

const CLI = 'src/cli.ts';

async function run(args: readonly string[], env?: NodeJS.ProcessEnv) {
  const child = spawnTsNode(CLI, args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const { code } = await exitOf(child);
  return { code, stdout, stderr };
}

describe('sqs-mega-local', () => {
  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: sqs-mega-local <command>/);
    expect(stdout).toMatch(/fetch \[--elasticmq\] \[--moto\]/);
  });

  it('rejects unknown commands, unknown options and misplaced options with exit code 2', async () => {
    const cases = [['bogus'], ['elasticmq', '--nope'], ['fetch', '--port', '1'], ['moto', '--port', 'x'], []];
    const results = await Promise.all(cases.map((args) => run(args)));
    results.forEach(({ code, stderr }, index) => {
      expect(code, cases[index]?.join(' ')).toBe(2);
      expect(stderr).toMatch(/Usage:/);
    });
  });

  it('fetch reports the cached servers', async () => {
    const { code, stderr } = await run(['fetch']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/ElasticMQ 1\.7\.1 ready in .*elasticmq\/1\.7\.1\/lib/);
    expect(stderr).toMatch(/moto 5\.2\.5 ready in .*moto-venv\/5\.2\.5/);
  });

  it('runs moto in the foreground and stops it on SIGINT', async () => {
    const child = spawnTsNode(CLI, ['moto', '--port', '0', '--json']);
    const info = JSON.parse(await firstLine(child)) as { kind: string; endpoint: string; region: string; pid: number };
    expect(info).toMatchObject({ kind: 'moto', region: 'us-east-1' });
    expect(await httpStatus(`${info.endpoint}/moto-api/data.json`)).toBe(200);

    child.kill('SIGINT');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(await waitUntilGone(info.pid, 0)).toBe(true);
  });

  it('reports a typed error with its code, and exit code 1', async () => {
    const { JAVA_HOME: _javaHome, ...env } = process.env;
    const { code, stderr } = await run(['elasticmq', '--port', '0'], { ...env, PATH: '/nonexistent' });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^sqs-mega-local: JAVA_MISSING: ElasticMQ needs a Java runtime/);
  });
});

describe('sqs-mega-local, installed in a project', () => {
  let app: string;
  let installed: string;
  beforeAll(async () => {
    app = await mkdtemp(join(tmpdir(), 'sqs-mega-local-app-'));
    installed = join(app, 'node_modules', '@sqs-mega', 'local');
    await mkdir(installed, { recursive: true });
    await writeFile(join(installed, 'package.json'), '{"name":"@sqs-mega/local","type":"module"}');
    await cp(join(PACKAGE_DIR, 'src'), join(installed, 'src'), { recursive: true });
  });
  afterAll(async () => {
    await rm(app, { recursive: true, force: true });
  });

  it('--help names the cache folder it uses there, node_modules/.cache/sqs-mega of the project', async () => {
    const out: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: () => undefined };
    expect(await runCli(['--help'], io, { env: {}, from: join(installed, 'src', 'cli.ts') })).toBe(0);
    const cacheDir = join(app, 'node_modules', '.cache', 'sqs-mega');
    expect(out.join('')).toContain(`--cache-dir DIR   Cache directory. Default: ${cacheDir}\n`);
    expect(out.join('')).toContain('(node_modules/.cache/sqs-mega of the project this package is installed in; $SQS_MEGA_CACHE_DIR overrides it)');
    expect(out.join('')).not.toContain('repository root');
    out.length = 0;
    expect(await runCli(['cache-dir'], io, { env: {}, from: join(installed, 'src', 'cli.ts') })).toBe(0);
    expect(out.join('')).toBe(`${cacheDir}\n`);
  });

  it('prints that folder when run from node_modules, in --help and cache-dir alike', async () => {
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const { SQS_MEGA_CACHE_DIR: _cacheDir, ...env } = process.env;
    const run = async (args: string[]) => {
      const child = spawn(process.execPath, ['--import', tsx, join(installed, 'src', 'cli.ts'), ...args], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      const code = await new Promise((resolveExit) => child.once('exit', resolveExit));
      return { code, stdout };
    };
    const cacheDir = join(app, 'node_modules', '.cache', 'sqs-mega');
    const [help, printed] = await Promise.all([run(['--help']), run(['cache-dir'])]);
    expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining(`Default: ${cacheDir}\n`) });
    expect(printed).toEqual({ code: 0, stdout: `${cacheDir}\n` });
  });

  it('names $SQS_MEGA_CACHE_DIR when it is set, and the workspace .cache in this repository', async () => {
    const out: string[] = [];
    const io = { out: (text: string) => void out.push(text), err: () => undefined };
    await runCli(['--help'], io, { env: { SQS_MEGA_CACHE_DIR: '/srv/cache' } });
    expect(out.join('')).toContain('Default: /srv/cache\n                    (from $SQS_MEGA_CACHE_DIR)');
    out.length = 0;
    await runCli(['--help'], io, { env: {} });
    expect(out.join('')).toContain(`Default: ${join(PACKAGE_DIR, '..', '..', '.cache')}\n                    (.cache/ at the root of this workspace`);
  });
});
