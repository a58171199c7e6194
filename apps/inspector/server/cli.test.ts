import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { QueueListResponse, SessionInfo } from '../shared/bridge-api.js';
import { bridgeHttp, json, signIn } from '../test/server/http.js';
import { HELP, parseCli, runCli, UsageError } from './cli.js';
import { DEMO_QUEUES } from './demo-queues.js';

describe('parseCli', () => {
  it('starts a local ElasticMQ with the demo, read-only, on a free port by default', () => {
    expect(parseCli([])).toEqual({ kind: 'start', options: { target: { kind: 'local', demo: true }, port: 0, allowWrites: false }, open: false });
  });

  it('reads --endpoint, --aws, --region, --port, --allow-writes, --no-demo and --open', () => {
    expect(parseCli(['--endpoint', 'http://127.0.0.1:9324', '--region', 'eu-west-1', '--port', '8080', '--allow-writes'])).toEqual({
      kind: 'start',
      options: { target: { kind: 'endpoint', endpoint: 'http://127.0.0.1:9324', region: 'eu-west-1' }, port: 8080, allowWrites: true },
      open: false,
    });
    expect(parseCli(['--aws', '--open'])).toMatchObject({ options: { target: { kind: 'aws', region: undefined } }, open: true });
    expect(parseCli(['--no-demo', '--port=0'])).toMatchObject({ options: { target: { kind: 'local', demo: false }, port: 0 } });
    expect(parseCli(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--bogus'], /bogus/],
    [['extra'], /extra/],
    [['--port', '70000'], /--port must be an integer/],
    [['--port', '-1'], /--port/],
    [['--aws', '--endpoint', 'http://x'], /not both/],
    [['--aws', '--no-demo'], /--no-demo only applies/],
    [['--region', 'eu-west-1'], /--region applies to --aws or --endpoint/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
    expect(() => parseCli(argv)).toThrow(message);
  });
});

describe('runCli', () => {
  it('prints the help on --help and exits 0', async () => {
    const out: string[] = [];
    expect(await runCli(['--help'], { out: (t) => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('')).toBe(HELP);
    for (const option of ['--endpoint URL', '--aws', '--region', '--port N', '--allow-writes', '--no-demo', '--open']) expect(HELP).toContain(option);
  });

  it('prints what is wrong and the help on bad usage, and exits 2', async () => {
    const err: string[] = [];
    expect(await runCli(['--port', 'x'], { out: () => undefined, err: (t) => err.push(t) })).toBe(2);
    expect(err.join('')).toMatch(/--port must be an integer[\s\S]*Usage:/);
  });

  it('runs like npm start: local ElasticMQ with the demo queues, prints the URL, stops everything on SIGTERM', async () => {
    const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', cli], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    try {
      const url = await new Promise<string>((resolveUrl, rejectUrl) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const found = /^Inspector: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(stdout);
          if (found?.[1]) resolveUrl(found[1]);
        });
        void exited.then((code) => rejectUrl(new Error(`the CLI exited (${code}) before printing its URL:\n${stderr}`)));
      });
      const { port, searchParams } = new URL(url);
      const bridge = bridgeHttp(Number(port), await signIn(Number(port), searchParams.get('token') ?? ''));
      const session = json<SessionInfo>(await bridge.get('/api/session'));
      expect(session).toMatchObject({ mode: 'local', region: 'us-east-1', allowWrites: false });
      const names = json<QueueListResponse>(await bridge.get('/api/queues')).queues.map((queue) => queue.name);
      expect(names).toEqual(expect.arrayContaining(Object.values(DEMO_QUEUES)));
      expect(stderr).toContain('Demo queues:');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('Inspector stopped.');
      const refused = (target: URL) =>
        new Promise<boolean>((resolveRefused) => {
          const socket = connect({ host: target.hostname, port: Number(target.port) });
          socket.once('connect', () => {
            socket.destroy();
            resolveRefused(false);
          });
          socket.once('error', () => resolveRefused(true));
        });
      expect(await refused(new URL(url))).toBe(true);
      expect(await refused(new URL(session.endpoint))).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
