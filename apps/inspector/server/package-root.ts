/**
 * Where the inspector package lives on disk, found the same way from its sources (`server/`, run by
 * tsx in tests) and from its build (`dist/server/`): the nearest `package.json` above this module.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The inspector package's directory (`apps/inspector`). */
export function inspectorPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}: is the inspector installed whole?`);
    dir = parent;
  }
}

/** The inspector's version, from its `package.json`. */
export function inspectorVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(inspectorPackageRoot(), 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}

/** The built browser app: `dist/client` of the inspector package (`vite build` writes it). */
export function defaultStaticDir(): string {
  return join(inspectorPackageRoot(), 'dist', 'client');
}
