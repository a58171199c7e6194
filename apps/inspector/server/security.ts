/**
 * The bridge's guards, run before routing on every request, static files included:
 * 1. `Host` must be the bridge's own address (`127.0.0.1:PORT` or `localhost:PORT`): a page on a
 *    rebound DNS name that resolves to 127.0.0.1 is refused (DNS rebinding);
 * 2. `Origin`, when present, must be the bridge's own origin, and `Sec-Fetch-Site` must not say
 *    `cross-site` or `same-site` (another port of 127.0.0.1 is the same site but not this app);
 * 3. the launch URL's token is exchanged for an HttpOnly SameSite=Strict session cookie, and every
 *    other request without that cookie is answered 401.
 * Both secrets are compared in constant time. No response ever carries CORS headers.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { TOKEN_PARAM, sessionCookieName } from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';

/** What the guards check requests against. */
export interface SecurityOptions {
  /** The port the bridge listens on (the `Host` header must name it). */
  readonly port: number;
  /** The launch token printed in the URL. */
  readonly token: string;
  /** The value of the session cookie the token is exchanged for. */
  readonly sessionKey: string;
}

/** A fresh random secret: 32 bytes from the system's CSPRNG, Base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Compares a presented secret with the expected one in constant time (hashes of both, so even the
 * length of the expected secret does not leak). `undefined` never matches.
 */
export function secretMatches(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The `Host` values the bridge answers to: exactly `127.0.0.1:PORT` and `localhost:PORT`. */
export function ownHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

function isApi(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

const NOT_SIGNED_IN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SQS MEGA inspector: open the printed URL</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Open the URL the inspector printed</h1>
<p>This inspector only answers browsers that opened its launch URL, the one it printed when it
started (<code>Inspector: http://127.0.0.1:PORT/?token=…</code>). The token changes on every launch:
copy the URL from the terminal where <code>npm start</code> runs and open it here.</p>
</body></html>
`;

function notSignedIn(c: Context): Response {
  c.header('Cache-Control', 'no-store');
  if (isApi(c.req.path)) {
    const error = new BridgeError('UNAUTHORIZED', 'No valid session: open the URL the inspector printed when it started (it carries a token that signs this browser in).');
    return c.json(error.toBody(), error.status);
  }
  return c.html(NOT_SIGNED_IN_PAGE, 401);
}

/**
 * Refuses requests that do not come from the bridge's own page: a foreign `Host` (403
 * `FORBIDDEN_HOST`), a foreign `Origin` or a cross-site / same-site `Sec-Fetch-Site` (403
 * `FORBIDDEN_ORIGIN`).
 */
export function requestOriginGuard(options: Pick<SecurityOptions, 'port'>): MiddlewareHandler {
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
 * Signs browsers in and keeps everyone else out. `GET /?token=…` with the right token sets the
 * session cookie (named by {@link sessionCookieName} after the port: HttpOnly, SameSite=Strict, Path=/) and redirects to `/`
 * without the token; a wrong token gets the 401 page. Every other request needs the cookie: 401
 * `UNAUTHORIZED` (JSON under `/api`, a page saying to open the printed URL elsewhere).
 */
export function sessionGuard(options: SecurityOptions): MiddlewareHandler {
  const cookieName = sessionCookieName(options.port);
  return async (c, next) => {
    const presented = c.req.query(TOKEN_PARAM);
    if (presented !== undefined && c.req.path === '/' && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      if (!secretMatches(presented, options.token)) return notSignedIn(c);
      setCookie(c, cookieName, options.sessionKey, { httpOnly: true, sameSite: 'Strict', path: '/' });
      c.header('Cache-Control', 'no-store');
      return c.redirect('/', 303);
    }
    if (!secretMatches(getCookie(c, cookieName), options.sessionKey)) return notSignedIn(c);
    await next();
  };
}
