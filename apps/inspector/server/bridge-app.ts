/**
 * `createBridgeApp`: the inspector's bridge as a Hono app — guards first (Host, Origin, session),
 * then the `/api` routes and the built browser app. No I/O happens at import or construction: the
 * app only calls SQS and reads files while answering requests.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { CONTRACTS_BUNDLE_PATH, type SessionInfo } from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { QueueOperations, type SqsDeadlines } from './queue-operations.js';
import { createQueueRoutes } from './queue-routes.js';
import { requestOriginGuard, sessionGuard } from './security.js';
import { createSessionRoutes } from './session-routes.js';
import { SessionRegistry } from './sessions.js';
import { redactSqsText } from './sqs-errors.js';
import { hasBuiltApp, staticApp } from './static-files.js';

/** Options of {@link createBridgeApp}. */
export interface BridgeAppOptions {
  /** The client every SQS call goes through (its credentials never leave the bridge). */
  readonly sqs: SQSClient;
  /** What `GET /api/session` reports, apart from `allowWrites`. */
  readonly session: Omit<SessionInfo, 'allowWrites'>;
  /** The launch token (printed in the URL): signs one browser in, once. */
  readonly token: string;
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
  /**
   * The contracts worker bundled from `--contracts` (see `bundleContracts`), served to signed-in
   * pages at `GET /api/contracts.js`.
   * @defaultValue none: that route answers 204 No Content
   */
  readonly contractsBundle?: string | undefined;
  /** The port the bridge listens on: requests must be addressed to `127.0.0.1:PORT` or `localhost:PORT`. */
  readonly port: number;
  /** Deadlines of the bridge's SQS calls. @defaultValue see {@link SqsDeadlines} */
  readonly sqsDeadlines?: SqsDeadlines | undefined;
  /**
   * The clock for sign-in links' expiry and `peekedAt`.
   * @defaultValue `Date.now`
   */
  readonly now?: (() => number) | undefined;
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
 * (403); the session guard (401 for an API call without a session key); then `/api/*` or the
 * static app. Errors answer `{ error: { code, message } }` with the code's status; a failure
 * that is no `BridgeError` is a bug, answered 500 `INTERNAL`.
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
  const sessions = new SessionRegistry({ launchToken: options.token, now: options.now });
  const operations = new QueueOperations({ sqs: options.sqs, endpoint: session.endpoint, now: options.now, deadlines: options.sqsDeadlines });
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
  app.use('*', sessionGuard(sessions));
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
  const contractsBundle = options.contractsBundle;
  app.get(`/api${CONTRACTS_BUNDLE_PATH}`, (c) => {
    // Not 404: a browser logs every 404 as an error, and no contracts is no error.
    if (contractsBundle === undefined) return c.body(null, 204);
    return c.body(contractsBundle, 200, { 'content-type': 'text/javascript; charset=utf-8' });
  });
  app.route('/api', createSessionRoutes({ sessions, origin: `http://127.0.0.1:${options.port}` }));
  app.route('/api', createQueueRoutes({ operations, session }));

  const staticDir = options.staticDir;
  if (staticDir !== undefined && hasBuiltApp(staticDir)) {
    app.use('*', staticApp(staticDir));
  } else {
    app.get('*', (c) => c.html(APP_NOT_BUILT_PAGE, 503));
  }

  app.onError((error, c) => {
    if (error instanceof BridgeError) return c.json(error.toBody(), error.status);
    options.onUnexpectedError?.(error);
    const what = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const bug = new BridgeError(
      'INTERNAL',
      `The inspector failed while answering ${c.req.method} ${c.req.path} (${redactSqsText(what)}). This is a bug in the inspector: the terminal it runs in has the details.`,
    );
    return c.json(bug.toBody(), bug.status);
  });
  return app;
}
