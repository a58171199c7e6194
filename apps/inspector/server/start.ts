/**
 * `startInspector`: everything `npm start` does, importable so tests and e2e start it in-process —
 * connect to SQS (a fresh local ElasticMQ with the demo queues, a given endpoint, or real AWS),
 * then serve the bridge and the built app on 127.0.0.1 only, behind a per-launch token.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListQueuesCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { getRequestListener } from '@hono/node-server';
import { localClientConfig, startElasticMQ, type ElasticMQOptions, type ElasticMQServer } from '@sqs-mega/local';
import type { SessionInfo } from '../shared/bridge-api.js';
import { createBridgeApp } from './bridge-app.js';
import { BridgeError } from './bridge-error.js';
import { bundleContracts } from './contracts-bundle.js';
import { createDemoQueues, type DemoQueue } from './demo-queues.js';
import type { SqsDeadlines } from './queue-operations.js';
import { defaultStaticDir, inspectorVersion } from './package-root.js';
import { generateSecret } from './sessions.js';
import { toBridgeError } from './sqs-errors.js';
import { InspectorStartError } from './start-error.js';

/** The only address the bridge listens on. */
export const BRIDGE_HOST = '127.0.0.1';

/** Where the inspector's SQS calls go. */
export type InspectorTarget =
  /**
   * Start a local ElasticMQ (fetched on first use) and, unless `demo` is false, fill it with the
   * demo queues. It listens on a port browsers refuse (`hideFromBrowsers`) under a random
   * `contextPath`, so no web page can reach it; `elasticmq` overrides those options.
   */
  | { readonly kind: 'local'; readonly demo?: boolean | undefined; readonly elasticmq?: ElasticMQOptions | undefined }
  /**
   * An SQS-compatible endpoint (ElasticMQ, LocalStack, a VPC endpoint). Credentials come from the
   * SDK's default chain, or are dummy ones when it finds none (local servers accept any).
   * `region` defaults to `us-east-1`. A given `sqs` client is used as is (and not destroyed on stop).
   */
  | { readonly kind: 'endpoint'; readonly endpoint: string; readonly region?: string | undefined; readonly sqs?: SQSClient | undefined }
  /**
   * Real AWS: region and credentials from the SDK's default chain (`AWS_REGION`, `AWS_PROFILE`,
   * SSO, …) unless `region` is given. A given `sqs` client is used as is.
   */
  | { readonly kind: 'aws'; readonly region?: string | undefined; readonly sqs?: SQSClient | undefined };

/** Options of {@link startInspector}. */
export interface StartInspectorOptions {
  /** Where SQS calls go. @defaultValue `{ kind: 'local' }` (a demo ElasticMQ) */
  readonly target?: InspectorTarget | undefined;
  /** The port on 127.0.0.1; `0` picks a free one. @defaultValue 0 */
  readonly port?: number | undefined;
  /** Allow sending, deleting, purging and redriving. @defaultValue false */
  readonly allowWrites?: boolean | undefined;
  /**
   * A module exporting event contracts (`defineEvent`), bundled for the app, which labels every
   * captured MEGA event with the contract it keeps or breaks (`--contracts`).
   * @defaultValue none
   */
  readonly contracts?: string | undefined;
  /** The built app to serve. @defaultValue `apps/inspector/dist/client` */
  readonly staticDir?: string | undefined;
  /** Deadlines of the bridge's SQS calls. @defaultValue see {@link SqsDeadlines} */
  readonly sqsDeadlines?: SqsDeadlines | undefined;
  /** Progress lines (starting ElasticMQ, demo queues, warnings). @defaultValue none */
  readonly log?: ((line: string) => void) | undefined;
}

/** A running inspector. */
export interface RunningInspector {
  /** The launch URL to open: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Always `127.0.0.1`. */
  readonly host: typeof BRIDGE_HOST;
  readonly port: number;
  /** This launch's token (in {@link url}). */
  readonly token: string;
  /** What `GET /api/session` answers. */
  readonly session: SessionInfo;
  /** The demo queues created, when the target was a local ElasticMQ with the demo. */
  readonly demoQueues: readonly DemoQueue[];
  /** The local ElasticMQ the inspector started, if it did. */
  readonly elasticmq: ElasticMQServer | undefined;
  /** Stops the HTTP server, then the local ElasticMQ (if started). Idempotent. */
  stop(): Promise<void>;
}

/** Request headers the bridge accepts: room for a browser's whole cookie jar of one host. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** How long the start-up check of a given endpoint waits for its first answer. */
const STARTUP_CHECK_MS = 10_000;

/**
 * Connection settings of the bridge's own clients; the deadlines that end a call live with the
 * calls (`QueueOperations`), since `requestTimeout` alone never ends a slowly dripping answer.
 */
const REQUEST_HANDLER = { connectionTimeout: 3_000, requestTimeout: 30_000 } as const;

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The SDK's default credential chain, or dummy local credentials when it finds none (resolved once). */
function credentialsOrLocal(region: string): NonNullable<SQSClientConfig['credentials']> {
  const chain = new SQSClient({ region }).config.credentials;
  let resolved: ReturnType<typeof chain> | undefined;
  return () => (resolved ??= chain().catch(() => LOCAL_CREDENTIALS));
}

/** The endpoint without user info, query or fragment: what is shown and put in messages. */
function displayEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch (cause) {
    throw new InspectorStartError('INVALID_ENDPOINT', `"${endpoint}" is not a URL: pass --endpoint like http://127.0.0.1:9324.`, { cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InspectorStartError('INVALID_ENDPOINT', `"${endpoint}" is not an http(s) URL: pass --endpoint like http://127.0.0.1:9324.`);
  }
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

interface Connection {
  readonly sqs: SQSClient;
  readonly ownsClient: boolean;
  readonly session: Omit<SessionInfo, 'allowWrites'>;
  readonly elasticmq: ElasticMQServer | undefined;
  readonly demoQueues: readonly DemoQueue[];
}

async function resolveRegion(sqs: SQSClient): Promise<string> {
  try {
    return await sqs.config.region();
  } catch (cause) {
    throw new InspectorStartError('REGION_MISSING', 'No AWS region: pass --region, or set AWS_REGION or a region in your AWS profile.', { cause });
  }
}

async function connectLocal(target: Extract<InspectorTarget, { kind: 'local' }>, version: string, log: (line: string) => void): Promise<Connection> {
  log('Starting ElasticMQ (fetched from Maven Central on first use)…');
  // Any web page open in the user's browser could otherwise post SQS forms to it: it listens where
  // browsers refuse to connect, and answers queue calls only under a path that changes every launch.
  const elasticmq = await startElasticMQ({ hideFromBrowsers: true, contextPath: generateSecret(), ...target.elasticmq });
  const sqs = new SQSClient({ ...localClientConfig(elasticmq), requestHandler: REQUEST_HANDLER });
  try {
    let demoQueues: DemoQueue[] = [];
    if (target.demo ?? true) {
      try {
        demoQueues = await createDemoQueues(sqs);
      } catch (cause) {
        throw new InspectorStartError('DEMO_FAILED', `Could not create the demo queues on ${elasticmq.endpoint}: ${(cause as Error).message}. Retry, or pass --no-demo.`, { cause });
      }
      log(`Demo queues: ${demoQueues.map((queue) => `${queue.name} (${queue.messages})`).join(', ')}`);
    }
    const session = { mode: 'local', endpoint: elasticmq.endpoint, region: elasticmq.region, version } as const;
    return { sqs, ownsClient: true, session, elasticmq, demoQueues };
  } catch (error) {
    sqs.destroy();
    await elasticmq.stop();
    throw error;
  }
}

async function connectRemote(target: Exclude<InspectorTarget, { kind: 'local' }>, version: string): Promise<Connection> {
  if (target.kind === 'endpoint') {
    const endpoint = displayEndpoint(target.endpoint);
    const region = target.region ?? 'us-east-1';
    const sqs =
      target.sqs ?? new SQSClient({ endpoint: target.endpoint, region, credentials: credentialsOrLocal(region), requestHandler: REQUEST_HANDLER });
    const session = { mode: 'endpoint', endpoint, region: target.sqs ? await resolveRegion(sqs) : region, version } as const;
    return { sqs, ownsClient: target.sqs === undefined, session, elasticmq: undefined, demoQueues: [] };
  }
  const sqs = target.sqs ?? new SQSClient({ ...(target.region === undefined ? {} : { region: target.region }), requestHandler: REQUEST_HANDLER });
  const region = await resolveRegion(sqs);
  let endpoint = `https://sqs.${region}.amazonaws.com`;
  try {
    endpoint = displayEndpoint((await sqs.config.endpointProvider({ Region: region, UseFIPS: false, UseDualStack: false })).url.href);
  } catch {
    // keep the usual regional endpoint
  }
  const session = { mode: 'aws', endpoint, region, version } as const;
  return { sqs, ownsClient: target.sqs === undefined, session, elasticmq: undefined, demoQueues: [] };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolveListen, rejectListen) => {
    const onError = (error: NodeJS.ErrnoException) => {
      rejectListen(
        error.code === 'EADDRINUSE'
          ? new InspectorStartError('PORT_IN_USE', `Port ${port} on ${BRIDGE_HOST} is taken: pass another --port, or --port 0 for a free one.`, { cause: error })
          : error,
      );
    };
    server.once('error', onError);
    server.listen({ host: BRIDGE_HOST, port, exclusive: true }, () => {
      server.off('error', onError);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

/** Answers requests the Node adapter could not even turn into a `Request` (a malformed Host, a bad path). */
function malformedRequest(error: Error): Response {
  const hostProblem = /host header/i.test(error.message);
  const refusal = hostProblem
    ? new BridgeError('FORBIDDEN_HOST', 'Refused: the Host header is not this inspector\'s address. Open the URL it printed.')
    : new BridgeError('BAD_REQUEST', `Malformed request: ${error.message}.`);
  return new Response(JSON.stringify(refusal.toBody()), { status: refusal.status, headers: { 'content-type': 'application/json' } });
}

/**
 * Starts the inspector: connects to SQS (by default a fresh local ElasticMQ filled with the demo
 * queues), then serves the bridge and the built app on 127.0.0.1 only. Open {@link RunningInspector.url}.
 *
 * @example
 * ```ts
 * const inspector = await startInspector({ port: 0 });
 * console.log(`Inspector: ${inspector.url}`);
 * // ...
 * await inspector.stop();
 * ```
 * @throws InspectorStartError (`PORT_IN_USE`, `INVALID_ENDPOINT`, `REGION_MISSING`, `DEMO_FAILED`, `CONTRACTS_FAILED`),
 *   or `LocalServerError`s from `@sqs-mega/local` when ElasticMQ cannot start.
 */
export async function startInspector(options: StartInspectorOptions = {}): Promise<RunningInspector> {
  const log = options.log ?? (() => undefined);
  const target = options.target ?? { kind: 'local' };
  const version = inspectorVersion();
  // Before SQS: a module that does not build should not cost an ElasticMQ start.
  const contractsBundle = options.contracts === undefined ? undefined : await bundleContracts(options.contracts);
  if (options.contracts !== undefined) log(`Contracts: ${options.contracts} bundled for the app (${Math.round((contractsBundle?.length ?? 0) / 1024)} KiB).`);
  const connection = target.kind === 'local' ? await connectLocal(target, version, log) : await connectRemote(target, version);
  const { sqs, session: connected } = connection;

  const token = generateSecret();
  const allowWrites = options.allowWrites ?? false;
  // Any page on another port of 127.0.0.1 can fill the browser's cookie jar for this host (up to
  // ~180 cookies of 4 KB, sent with every request); Node's default 16 KB header limit would then
  // answer every request 431 and lock the user out. The bridge reads no cookie, but must take them.
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES });
  let port: number;
  try {
    port = await listen(server, options.port ?? 0);
  } catch (error) {
    if (connection.ownsClient) sqs.destroy();
    await connection.elasticmq?.stop();
    throw error;
  }
  const app = createBridgeApp({
    sqs,
    session: connected,
    token,
    allowWrites,
    staticDir: options.staticDir ?? defaultStaticDir(),
    port,
    sqsDeadlines: options.sqsDeadlines,
    contractsBundle,
    onUnexpectedError: (error) => log(`Unexpected error: ${(error as Error)?.stack ?? String(error)}`),
  });
  server.on('request', getRequestListener(app.fetch, { errorHandler: (error) => malformedRequest(error as Error) }));

  if (target.kind !== 'local') {
    // Say now, not on the first click, when the endpoint cannot be reached or the credentials fail.
    const deadline = AbortSignal.timeout(STARTUP_CHECK_MS);
    try {
      await sqs.send(new ListQueuesCommand({ MaxResults: 1 }), { abortSignal: deadline });
    } catch (error) {
      log(
        deadline.aborted
          ? `Warning: the SQS endpoint ${connected.endpoint} did not answer ListQueues within ${STARTUP_CHECK_MS / 1000} s: check that it is running and not overloaded.`
          : `Warning: ${toBridgeError(error, { action: 'ListQueues', endpoint: connected.endpoint }).message}`,
      );
    }
  }

  const origin = `http://${BRIDGE_HOST}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    await new Promise<void>((resolveClose) => {
      server.close(() => resolveClose());
      server.closeAllConnections();
    });
    if (connection.ownsClient) sqs.destroy();
    await connection.elasticmq?.stop();
  };
  return {
    url: `${origin}/?token=${token}`,
    origin,
    host: BRIDGE_HOST,
    port,
    token,
    session: { ...connected, allowWrites },
    demoQueues: connection.demoQueues,
    elasticmq: connection.elasticmq,
    stop: () => (stopping ??= stop()),
  };
}
