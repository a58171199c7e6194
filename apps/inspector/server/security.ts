/**
 * The bridge's guards, run before routing on every request, static files included:
 * 1. `Host` must be the bridge's own address (`127.0.0.1:PORT` or `localhost:PORT`): a page on a
 *    rebound DNS name that resolves to 127.0.0.1 is refused (DNS rebinding);
 * 2. `Origin`, when present, must be the bridge's own origin, and `Sec-Fetch-Site` must not say
 *    `cross-site` or `same-site` (another port of 127.0.0.1 is the same site but not this app);
 * 3. every API call but `POST /api/sign-in` needs `Authorization: Bearer <session key>` (see
 *    {@link SessionRegistry}); a browser can send that header to another origin only after a CORS
 *    preflight, which the bridge never grants. The static app itself holds no secret and loads
 *    without a session.
 * No response ever carries CORS headers, and no cookie is read or set.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AUTHORIZATION_SCHEME } from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import type { SessionRegistry } from './sessions.js';

/** The `Host` values the bridge answers to: exactly `127.0.0.1:PORT` and `localhost:PORT`. */
export function ownHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function isApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** The session key of an `Authorization: Bearer …` header, if it has one. */
function bearerKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(header);
  if (match === null || match[1]?.toLowerCase() !== AUTHORIZATION_SCHEME.toLowerCase()) return undefined;
  return match[2];
}

/**
 * Refuses requests that do not come from the bridge's own page: a foreign `Host` (403
 * `FORBIDDEN_HOST`), a foreign `Origin` or a cross-site / same-site `Sec-Fetch-Site` (403
 * `FORBIDDEN_ORIGIN`).
 */
export function requestOriginGuard(options: { readonly port: number }): MiddlewareHandler {
  const hosts = ownHosts(options.port);
  return async (c, next) => {
    const host = c.req.header('host')?.toLowerCase();
    if (host === undefined || !hosts.has(host)) {
      throw new BridgeError(
        'FORBIDDEN_HOST',
        `Refused: this inspector only answers requests addressed to 127.0.0.1:${options.port} or localhost:${options.port}. Open the URL it printed.`,
      );
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      throw new BridgeError('FORBIDDEN_ORIGIN', 'Refused: cross-origin requests are not allowed. Use the inspector from the URL it printed.');
    }
    const site = c.req.header('sec-fetch-site')?.toLowerCase();
    if (site === 'cross-site' || site === 'same-site') {
      throw new BridgeError('FORBIDDEN_ORIGIN', `Refused: requests from other sites (Sec-Fetch-Site: ${site}) are not allowed. Use the inspector from the URL it printed.`);
    }
    await next();
  };
}

/**
 * Keeps the API to signed-in browsers: every `/api/*` request but `POST /api/sign-in` needs
 * `Authorization: Bearer <key>` of a session in `sessions`, else 401 `UNAUTHORIZED` saying to open
 * the printed URL. Pages and assets pass: the app asks for a session itself.
 */
export function sessionGuard(sessions: SessionRegistry): MiddlewareHandler {
  return async (c: Context, next) => {
    if (isApi(c.req.path) && !(c.req.path === '/api/sign-in' && c.req.method === 'POST')) {
      if (!sessions.isSession(bearerKey(c.req.header('authorization')))) {
        throw new BridgeError(
          'UNAUTHORIZED',
          'No valid session: open the URL the inspector printed when it started (it signs one browser in, once), or a sign-in link made in a browser that is signed in.',
        );
      }
    }
    await next();
  };
}
