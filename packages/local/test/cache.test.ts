import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CACHE_DIR_ENV, resolveCacheDir } from '../src/index.js';
import { ensureCacheEntry } from '../src/cache-entry.js';
import { withFileLock } from '../src/file-lock.js';
import { exitOf, PACKAGE_DIR, spawnTsNode } from './helpers/node-child.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'sqs-mega-local-cache-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('resolveCacheDir', () => {
  it('is .cache at the root of this monorepo, from src/ or dist/', () => {
    const root = join(PACKAGE_DIR, '..', '..');
    expect(resolveCacheDir({ env: {} })).toBe(join(root, '.cache'));
    expect(resolveCacheDir({ env: {}, from: join(PACKAGE_DIR, 'dist', 'index.js') })).toBe(join(root, '.cache'));
  });

  it('prefers the option, then SQS_MEGA_CACHE_DIR', () => {
    expect(resolveCacheDir({ cacheDir: '/opt/c', env: { [CACHE_DIR_ENV]: '/env/c' } })).toBe('/opt/c');
    expect(resolveCacheDir({ env: { [CACHE_DIR_ENV]: '/env/c' } })).toBe('/env/c');
  });

  it('is node_modules/.cache/sqs-mega when installed from a registry', async () => {
    const installed = join(tmp, 'app', 'node_modules', '@sqs-mega', 'local');
    await mkdir(join(installed, 'dist'), { recursive: true });
    await writeFile(join(installed, 'package.json'), '{"name":"@sqs-mega/local"}');
    expect(resolveCacheDir({ env: {}, from: join(installed, 'dist', 'index.js') })).toBe(
      join(tmp, 'app', 'node_modules', '.cache', 'sqs-mega'),
    );
  });
});

describe('ensureCacheEntry', () => {
  it('builds once when several processes ask at the same time', async () => {
    const cacheDir = join(tmp, 'concurrent');
    const children = Array.from({ length: 4 }, () => spawnTsNode('test/fixtures/ensure-entry.mts', [cacheDir]));
    const exits = await Promise.all(children.map(exitOf));
    expect(exits.every((exit) => exit.code === 0)).toBe(true);
    expect((await readFile(join(cacheDir, 'builds.log'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await readFile(join(cacheDir, 'entry', 'payload.txt'), 'utf8')).toBe('complete');
    expect((await readdir(cacheDir)).sort()).toEqual(['builds.log', 'entry']); // no lock, no temp dir left
  });

  it('publishes nothing when the build fails, and builds again next time', async () => {
    const dir = join(tmp, 'failing', 'entry');
    const isComplete = (candidate: string) => existsSync(join(candidate, 'ok'));
    await expect(
      ensureCacheEntry({
        dir,
        isComplete,
        build: async (tmpDir) => {
          await mkdir(tmpDir);
          await writeFile(join(tmpDir, 'half'), '');
          throw new Error('network down');
        },
      }),
    ).rejects.toThrow('network down');
    expect(await readdir(join(tmp, 'failing'))).toEqual([]);

    await ensureCacheEntry({
      dir,
      isComplete,
      build: async (tmpDir) => {
        await mkdir(tmpDir);
        await writeFile(join(tmpDir, 'ok'), '');
      },
    });
    expect(await readdir(dir)).toEqual(['ok']);
  });
});

describe('withFileLock', () => {
  it('takes over a lock whose holder died', async () => {
    const lockPath = join(tmp, 'dead.lock');
    await writeFile(lockPath, JSON.stringify({ pid: 2 ** 22 + 12_345, host: hostname(), token: 'x' }));
    const started = Date.now();
    await expect(withFileLock(lockPath, async () => 'mine', { timeoutMs: 2_000 })).resolves.toBe('mine');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits for a live holder and gives up after timeoutMs', async () => {
    const lockPath = join(tmp, 'live.lock');
    await withFileLock(lockPath, async () => {
      await expect(withFileLock(lockPath, async () => 'never', { timeoutMs: 300, pollMs: 50 })).rejects.toMatchObject({
        name: 'LockTimeoutError',
      });
    });
    await expect(withFileLock(lockPath, async () => 'after', { timeoutMs: 300 })).resolves.toBe('after');
  });
});
