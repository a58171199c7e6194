import { randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link withFileLock}. */
export interface FileLockOptions {
  /**
   * A lock whose file was not touched for this long is taken over (its holder died without
   * cleaning up). The holder touches it every third of this.
   * @defaultValue 30_000
   */
  readonly staleMs?: number;
  /**
   * Give up waiting for another holder after this long.
   * @defaultValue 600_000
   */
  readonly timeoutMs?: number;
  /**
   * How often to look again while another process holds the lock.
   * @defaultValue 200
   */
  readonly pollMs?: number;
}

/** Thrown by {@link withFileLock} when another holder kept the lock past `timeoutMs`. */
export class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  constructor(readonly lockPath: string, readonly timeoutMs: number) {
    super(`Another process held ${lockPath} for more than ${timeoutMs} ms.`);
  }
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    const owner = JSON.parse(text) as Partial<LockOwner>;
    return owner.host === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid);
  } catch {
    // Gone meanwhile: not stale, just retry. Half-written JSON: its writer is alive (mtime is fresh).
    return false;
  }
}

/**
 * Runs `fn` while holding an exclusive lock file, shared by every process on the machine (and
 * on a shared file system). The lock is created with `O_EXCL`; a lock whose holder died (its pid
 * is gone, or the file went untouched for `staleMs`) is taken over.
 *
 * The lock avoids duplicate work; callers still publish results atomically (build in a temporary
 * directory, then rename), so even a lock taken over by mistake cannot corrupt a cache.
 *
 * @throws LockTimeoutError when another holder keeps the lock longer than `timeoutMs`.
 */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const { staleMs = 30_000, timeoutMs = 600_000, pollMs = 200 } = options;
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomUUID() };
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      try {
        await handle.writeFile(JSON.stringify(owner));
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath, staleMs)) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, timeoutMs);
    await sleep(pollMs);
  }

  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lockPath, now, now).catch(() => undefined);
  }, Math.max(1, Math.floor(staleMs / 3)));
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    // Remove the lock only while it is still ours (it may have been taken over as stale).
    const text = await readFile(lockPath, 'utf8').catch(() => '');
    if (text.includes(owner.token)) await unlink(lockPath).catch(() => undefined);
  }
}
