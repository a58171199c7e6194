/**
 * The built browser app, served from its folder: only regular files inside it. A symbolic link
 * planted in the folder (to `~/.aws/credentials`, say) is never followed, nor a FIFO or device
 * file; unknown page paths get `index.html`, since the app routes in the browser. Files are sent
 * by `@hono/node-server`'s `serveStatic`; this module decides which ones it may send.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { MiddlewareHandler } from 'hono';
import { BridgeError } from './bridge-error.js';

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * What `path` (inside `root`) is, walking each step with `lstat` so that a link anywhere on the
 * way counts: `missing`, `file` (a regular file reached through no link), `directory`, or
 * `refused` (a link, or neither a file nor a directory).
 */
export function staticEntryKind(root: string, path: string): 'missing' | 'file' | 'directory' | 'refused' {
  const rel = relative(root, path);
  if (rel.startsWith('..') || rel.includes(`${sep}..${sep}`)) return 'refused';
  let current = root;
  let stats = lstatOrUndefined(current);
  for (const step of rel === '' ? [] : rel.split(sep)) {
    if (stats === undefined) return 'missing';
    if (stats.isSymbolicLink() || !stats.isDirectory()) return 'refused';
    current = join(current, step);
    stats = lstatOrUndefined(current);
  }
  if (stats === undefined) return 'missing';
  if (stats.isSymbolicLink()) return 'refused';
  if (stats.isFile()) return 'file';
  return stats.isDirectory() ? 'directory' : 'refused';
}

/** Whether `root` holds a built app: a regular `index.html`. */
export function hasBuiltApp(root: string): boolean {
  try {
    return staticEntryKind(realpathSync(root), join(realpathSync(root), 'index.html')) === 'file';
  } catch {
    return false;
  }
}

function notFound(): never {
  throw new BridgeError('NOT_FOUND', 'No such file in the inspector\'s app.');
}

/**
 * Middleware serving the app in `root` (resolved once, links included, so the folder itself may
 * be reached through one): GET and HEAD of a regular file inside it, `index.html` for a missing
 * path, 404 for anything refused. Call it last: it answers every GET it sees.
 */
export function staticApp(root: string): MiddlewareHandler {
  const realRoot = realpathSync(root);
  const files = serveStatic({ root: realRoot });
  const index = serveStatic({ root: realRoot, path: 'index.html' });
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    let filename: string;
    try {
      filename = decodeURI(c.req.path);
    } catch {
      return notFound();
    }
    let kind = staticEntryKind(realRoot, join(realRoot, filename));
    if (kind === 'directory') kind = staticEntryKind(realRoot, join(realRoot, filename, 'index.html'));
    if (kind === 'refused') return notFound();
    if (kind === 'file') {
      const served = await files(c, async () => undefined);
      if (served instanceof Response) return served;
    }
    if (staticEntryKind(realRoot, join(realRoot, 'index.html')) !== 'file') return notFound();
    const page = await index(c, async () => undefined);
    return page instanceof Response ? page : notFound();
  };
}
