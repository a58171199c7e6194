import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { withFileLock, type FileLockOptions } from './file-lock.js';

/** Options of {@link ensureCacheEntry}. */
export interface CacheEntryOptions {
  /** The final directory of the entry, e.g. `.cache/elasticmq/1.7.1`. */
  readonly dir: string;
  /** Whether a directory holds a complete entry (checked before and after taking the lock). */
  readonly isComplete: (dir: string) => boolean;
  /** Fills `tmpDir` (which does not exist yet) with a complete entry; it is then renamed to `dir`. */
  readonly build: (tmpDir: string) => Promise<void>;
  /** Lock tuning. @defaultValue see {@link FileLockOptions} */
  readonly lock?: FileLockOptions;
}

const TMP_PREFIX = '.tmp-';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary build directories left by processes of this host that died mid-build. */
async function removeDeadBuilds(parent: string, name: string): Promise<void> {
  const prefix = `${TMP_PREFIX}${name}-${hostname()}-`;
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) {
      await rm(join(parent, entry), { recursive: true, force: true });
    }
  }
}

/**
 * Makes sure a cache directory holds a complete entry, building it at most once across
 * concurrent processes: under a lock file, into a temporary sibling directory that is renamed
 * into place only when complete. Readers never see a half-built entry, and a process killed
 * mid-build leaves nothing that blocks the next one.
 *
 * @returns `dir`
 */
export async function ensureCacheEntry(options: CacheEntryOptions): Promise<string> {
  const { dir, isComplete, build } = options;
  if (isComplete(dir)) return dir;

  const parent = dirname(dir);
  const name = basename(dir);
  await mkdir(parent, { recursive: true });
  await withFileLock(
    join(parent, `${name}.lock`),
    async () => {
      if (isComplete(dir)) return;
      await removeDeadBuilds(parent, name);
      const tmpDir = join(
        parent,
        `${TMP_PREFIX}${name}-${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
      );
      try {
        await build(tmpDir);
        // Someone who took the lock over as stale may have finished first: keep theirs.
        if (isComplete(dir)) return;
        // Only a complete build is ever renamed to `dir`, so anything else there is debris.
        await rm(dir, { recursive: true, force: true });
        await rename(tmpDir, dir);
      } finally {
        await rm(tmpDir, { recursive: true, force: true });
      }
    },
    options.lock,
  );
  return dir;
}
