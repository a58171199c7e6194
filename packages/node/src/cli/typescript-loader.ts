/**
 * `--tasks ./tasks.ts`: Node 20 cannot import TypeScript by itself, so the worker uses the
 * project's own `tsx` when one is installed — resolved from the tasks module's directory, then the
 * current directory, as the project's scripts would find it — and registers its loader (`tsx/esm/api`
 * and `tsx/cjs/api`, what `node --import tsx` does) before importing the tasks. Without one, the
 * import fails and the worker says how to run TypeScript tasks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The file extensions of TypeScript modules. */
const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx'] as const;

/** Whether `file` is a TypeScript module (by its extension). */
export function isTypeScriptFile(file: string): boolean {
  return TYPESCRIPT_EXTENSIONS.some((extension) => file.endsWith(extension));
}

/** What `tsx`'s API modules export (the part used here). */
interface TsxApi {
  register(): unknown;
}

/** The file an `exports` entry of tsx's package.json points `import` to (`./esm/api` → `./dist/esm/api/index.mjs`). */
function importTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports !== 'object' || exports === null) return undefined;
  const entry = (exports as Record<string, unknown>)[subpath];
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const target = (entry as Record<string, unknown>)['import'];
  if (typeof target === 'string') return target;
  const nested = typeof target === 'object' && target !== null ? (target as Record<string, unknown>)['default'] : undefined;
  return typeof nested === 'string' ? nested : undefined;
}

/**
 * The package directory of the `tsx` that resolves from the first of `dirs` that has one (as
 * `require('tsx')` there would find it), or `undefined` when none does.
 */
export function findTsx(dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    try {
      return dirname(createRequire(join(dir, 'noop.js')).resolve('tsx/package.json'));
    } catch {
      // not from here
    }
  }
  return undefined;
}

/** How {@link registerTsx} went. */
export type TsxRegistration = { readonly kind: 'registered'; readonly dir: string } | { readonly kind: 'not-found' };

let registered: Promise<TsxRegistration> | undefined;

/**
 * Registers the loader of the `tsx` that resolves from the first of `dirs` that has one (ESM and
 * CommonJS hooks), once per process. Registering it while tsx already runs (`node --import tsx`) is
 * harmless.
 *
 * @param dirs - where to look: the tasks module's directory, then the current directory.
 * @returns `not-found` when no `tsx` resolves from any of them.
 * @throws what tsx's own modules throw when they cannot be loaded (a broken install).
 */
export function registerTsx(dirs: readonly string[]): Promise<TsxRegistration> {
  registered ??= (async (): Promise<TsxRegistration> => {
    const dir = findTsx(dirs);
    if (dir === undefined) return { kind: 'not-found' };
    const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports?: unknown };
    for (const subpath of ['./esm/api', './cjs/api']) {
      const target = importTarget(exports, subpath);
      if (target === undefined) throw new Error(`the tsx in ${dir} has no "${subpath}" export (tsx 4 or later has it)`);
      const api = (await import(pathToFileURL(join(dir, target)).href)) as TsxApi;
      api.register();
    }
    return { kind: 'registered', dir };
  })();
  const attempt = registered;
  // A failed attempt may be retried (after the user fixes the install); a success stays.
  attempt.catch(() => {
    if (registered === attempt) registered = undefined;
  });
  return attempt;
}
