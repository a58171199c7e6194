/**
 * `createBridgeApp`: the inspector's bridge as a Hono app — guards first (Host, Origin, session),
 * then the `/api` routes and the built browser app. No I/O happens at import or construction: the
 * app only calls SQS and reads files while answering requests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { SessionInfo } from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { QueueOperations } from './queue-operations.js';
import { createQueueRoutes } from './queue-routes.js';
import { generateSecret, requestOriginGuard, sessionGuard } from './security.js';
import { toBridgeError } from './sqs-errors.js';

/** Options of {@link createBridgeApp}. */
export interface BridgeAppOptions {
  /** The client every SQS call goes through (its credentials never leave the bridge). */
  readonly sqs: SQSClient;
  /** What `GET /api/session` reports, apart from `allowWrites`. */
  readonly session: Omit<SessionInfo, 'allowWrites'>;
  /** The launch token (printed in the URL), exchanged for the session cookie. */
  readonly token: string;
  /**
   * The session cookie's value the token is exchanged for.
   * @defaultValue a fresh random secret
   */
  readonly sessionKey?: string | undefined;
  /**
   * Allow sending, deleting, purging and redriving (`--allow-writes`).
   * @defaultValue false
   */
  readonly allowWrites?: boolean | undefined;
  /**
   * The built browser app (`vite build` output) to serve; unknown non-API GET paths get its
   * `index.html`.
   * @defaultValue none: pages answer 503 saying to build the app
   */
  readonly staticDir?: string | undefined;
  /** The port the bridge listens on: requests must be addressed to `127.0.0.1:PORT` or `localhost:PORT`. */
  readonly port: number;
  /**
   * Told about failures that are not SQS's or the request's (bugs), with the error.
   * @defaultValue none
   */
  readonly onUnexpectedError?: ((error: unknown) => void) | undefined;
}

/** The largest request body the API accepts: a 1 MiB SQS message, JSON-escaped, with attributes. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

const APP_NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SQS MEGA inspector: app not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The inspector's app is not built</h1>
<p>The bridge is running, but there is no built app to serve. Run <code>npm run build -w inspector</code>
(or <code>npm start</code> from the repository root, which builds everything) and reload.</p>
</body></html>
`;

/**
 * Creates the bridge. Every request passes, in order: security headers; the Host/Origin guard
 * (403); the session guard (token exchange, else 401 without the cookie); then `/api/*` or the
 * static app. Errors answer `{ error: { code, message } }` with the code's status.
 *
 * @example
 * ```ts
 * const app = createBridgeApp({ sqs, session, token, port });
 * http.createServer(getRequestListener(app.fetch)).listen(port, '127.0.0.1');
 * ```
 */
export function createBridgeApp(options: BridgeAppOptions): Hono {
  const allowWrites = options.allowWrites ?? false;
  const session: SessionInfo = { ...options.session, allowWrites };
  const sessionKey = options.sessionKey ?? generateSecret();
  const operations = new QueueOperations({ sqs: options.sqs, endpoint: session.endpoint });
  const app = new Hono();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // CodeMirror injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      // Plain HTTP on loopback: HSTS would be meaningless.
      strictTransportSecurity: false,
      referrerPolicy: 'no-referrer',
      xFrameOptions: 'DENY',
    }),
  );
  app.use('*', requestOriginGuard({ port: options.port }));
  app.use('*', sessionGuard({ port: options.port, token: options.token, sessionKey }));
  app.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new BridgeError('BAD_REQUEST', `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB; SQS messages are at most 1 MiB.`);
      },
    }),
  );
  app.route('/api', createQueueRoutes({ operations, session }));

  const staticDir = options.staticDir;
  if (staticDir !== undefined && existsSync(join(staticDir, 'index.html'))) {
    app.use('*', serveStatic({ root: staticDir }));
    // The app routes in the browser: any other page path gets its index.html.
    app.get('*', serveStatic({ root: staticDir, path: 'index.html' }));
  } else {
    app.get('*', (c) => c.html(APP_NOT_BUILT_PAGE, 503));
  }

  app.onError((error, c) => {
    const bridgeError = toBridgeError(error, { action: 'the request', endpoint: session.endpoint });
    if (!(error instanceof BridgeError)) options.onUnexpectedError?.(error);
    return c.json(bridgeError.toBody(), bridgeError.status);
  });
  return app;
}
