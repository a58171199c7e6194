import { describe, expect, it } from 'vitest';
import { httpStatus } from '../src/http-status.js';
import { exitOf, firstLine, spawnTsNode } from './helpers/node-child.js';
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
