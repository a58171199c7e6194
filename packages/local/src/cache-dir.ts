import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that overrides where fetched servers are cached. */
export const CACHE_DIR_ENV = 'SQS_MEGA_CACHE_DIR';

const PACKAGE_NAME = '@sqs-mega/local';

/** Options of {@link resolveCacheDir}. */
export interface CacheDirOptions {
  /**
   * An explicit cache directory; wins over everything else.
   * @defaultValue undefined (use the environment or the package location)
   */
  readonly cacheDir?: string | undefined;
  /**
   * The environment to read {@link CACHE_DIR_ENV} from.
   * @defaultValue `process.env`
   */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * A file or directory inside the package, to locate the repository from.
   * @defaultValue this module's own location (in `src/` or `dist/`)
   */
  readonly from?: string;
}

function readPackageJson(dir: string): Record<string, unknown> | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function findPackageDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageJson(dir)?.['name'] === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function findWorkspaceRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (readPackageJson(dir)?.['workspaces'] !== undefined) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Which rule of {@link resolveCacheDir} chose the cache directory. */
export type CacheDirSource = 'option' | 'env' | 'node_modules' | 'workspace' | 'package';

/** The cache directory and the rule that chose it. */
export interface CacheDirChoice {
  /** An absolute path (it may not exist yet). */
  readonly dir: string;
  readonly source: CacheDirSource;
}

/**
 * The cache directory (see {@link resolveCacheDir}) and which rule chose it, for messages such as
 * the CLI's help.
 */
export function chooseCacheDir(options: CacheDirOptions = {}): CacheDirChoice {
  if (options.cacheDir) return { dir: resolve(options.cacheDir), source: 'option' };
  const fromEnv = (options.env ?? process.env)[CACHE_DIR_ENV];
  if (fromEnv) return { dir: resolve(fromEnv), source: 'env' };

  const start = resolve(options.from ?? dirname(fileURLToPath(import.meta.url)));
  const packageDir = findPackageDir(start) ?? start;
  const nodeModules = packageDir.indexOf(`${sep}node_modules${sep}`);
  if (nodeModules >= 0) {
    return { dir: join(packageDir.slice(0, nodeModules), 'node_modules', '.cache', 'sqs-mega'), source: 'node_modules' };
  }
  const workspaceRoot = findWorkspaceRoot(dirname(packageDir));
  return workspaceRoot === undefined ? { dir: join(packageDir, '.cache'), source: 'package' } : { dir: join(workspaceRoot, '.cache'), source: 'workspace' };
}

/**
 * Where ElasticMQ's jars and moto's virtual environment are cached, in this order:
 * 1. `options.cacheDir`;
 * 2. the `SQS_MEGA_CACHE_DIR` environment variable;
 * 3. installed from a registry (inside `node_modules`): `<project>/node_modules/.cache/sqs-mega`;
 * 4. inside a workspace (this monorepo): `<workspace root>/.cache`;
 * 5. otherwise `<package dir>/.cache`.
 *
 * @returns an absolute path (it may not exist yet).
 */
export function resolveCacheDir(options: CacheDirOptions = {}): string {
  return chooseCacheDir(options).dir;
}
