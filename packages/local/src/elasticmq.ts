import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InvalidOptionError, JavaMissingError } from './errors.js';
import { ELASTICMQ_VERSION, fetchElasticMQ } from './fetch-elasticmq.js';
import { startOnBrowserRefusedPort } from './browser-refused-ports.js';
import { findExecutable } from './find-executable.js';
import { elasticMQStartDetector } from './elasticmq-start-log.js';
import { httpStatus } from './http-status.js';
import { launchServer, LOCAL_REGION, toLocalServer, type Launched, type LocalServer, type LocalServerOptions } from './local-server.js';

/** JVM flags used unless {@link ElasticMQOptions.jvmArgs} replaces them: small, fast to start. */
export const DEFAULT_ELASTICMQ_JVM_ARGS: readonly string[] = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

/** Options of {@link startElasticMQ}. */
export interface ElasticMQOptions extends LocalServerOptions {
  /**
   * The `java` executable, a path or a name on `PATH`.
   * @defaultValue `$JAVA_HOME/bin/java` when `JAVA_HOME` is set, else `'java'`
   */
  readonly javaPath?: string | undefined;
  /** The `mvn` executable, used once to fetch the jars. @defaultValue `'mvn'` */
  readonly mavenPath?: string | undefined;
  /** ElasticMQ version. @defaultValue {@link ELASTICMQ_VERSION} (`'1.7.1'`) */
  readonly version?: string | undefined;
  /**
   * Maximum JVM heap (`-Xmx`). Without a cap ElasticMQ grows to 1.5 GB under load at no gain.
   * @defaultValue `'256m'`
   */
  readonly heap?: string | undefined;
  /**
   * JVM flags, replacing {@link DEFAULT_ELASTICMQ_JVM_ARGS} (e.g. `[]` for full JIT in long benchmarks).
   * @defaultValue {@link DEFAULT_ELASTICMQ_JVM_ARGS}
   */
  readonly jvmArgs?: readonly string[] | undefined;
  /** How long the first-use fetch may take. @defaultValue 600_000 */
  readonly fetchTimeoutMs?: number | undefined;
  /**
   * Keep queues and messages in this H2 database file (a path without the `.mv.db` ElasticMQ's H2
   * adds; made absolute). A server started again with the same file has every queue and message it
   * had when it stopped, in-flight messages with their visibility; with the same `port`, queue URLs
   * stay valid. For tests of restarts; every operation is also written to disk, so it is slower.
   * @defaultValue none: in memory, everything is gone when the server stops
   */
  readonly persistTo?: string | undefined;
  /**
   * Serve SQS only under this path: calls that name a queue by URL, and the queue URLs
   * themselves, must start with `/<contextPath>`, so a caller without it cannot send to, receive
   * from, delete from or purge any queue; `GET /health` stays at the root. The server's `endpoint`
   * carries the path, so clients made from it ({@link localClientConfig}) need nothing else.
   * Against web pages it is a second line, not the first: ElasticMQ 1.7 still runs `CreateQueue`
   * (before its path check) and `StartMessageMoveTask` (queues named by ARN) without it — use
   * `hideFromBrowsers` for that. Letters, digits and `-._~`, segments separated by `/`.
   * @defaultValue none: served at the root, like a stock ElasticMQ
   */
  readonly contextPath?: string | undefined;
}

/** A running ElasticMQ: an SQS-compatible server on 127.0.0.1. */
export interface ElasticMQServer extends LocalServer {
  /** Always `'elasticmq'`. */
  readonly kind: 'elasticmq';
  /**
   * `http://127.0.0.1:PORT/<contextPath>` with {@link ElasticMQOptions.contextPath}, else
   * `http://127.0.0.1:PORT`: the `endpoint` for AWS SDK clients.
   */
  readonly endpoint: string;
  /** The {@link ElasticMQOptions.contextPath} it serves under, `''` for the root. */
  readonly contextPath: string;
}

const CONTEXT_PATH = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*$/;

/** The context path as ElasticMQ takes it (no leading or trailing `/`), or a typed refusal. */
function checkedContextPath(contextPath: string | undefined): string {
  if (contextPath === undefined || contextPath === '') return '';
  const trimmed = contextPath.replace(/^\/+|\/+$/g, '');
  if (!CONTEXT_PATH.test(trimmed) || trimmed.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw new InvalidOptionError(
      'contextPath',
      `contextPath "${contextPath.slice(0, 100)}" is not a URL path ElasticMQ can serve under: use letters, digits and -._~, with segments separated by / (for example a random Base64url secret).`,
    );
  }
  return trimmed;
}

function defaultJava(): string {
  const home = process.env['JAVA_HOME'];
  if (home) {
    const java = join(home, 'bin', 'java');
    if (findExecutable(java)) return java;
  }
  return 'java';
}

async function waitHealthy(endpoint: string, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    const status = await httpStatus(`${endpoint}/health`, 'GET', 2_000).catch(() => 0);
    if (status === 200) return;
    await sleep(50, undefined, { signal }).catch(() => undefined);
  }
}

/**
 * Starts ElasticMQ (an SQS-compatible server) on 127.0.0.1, fetching it from Maven Central on
 * first use, and resolves once it answers `GET /health`. The server dies with this Node process,
 * however that ends. Queue URLs point at the returned `endpoint`; queue ARNs use `us-east-1`.
 *
 * @example
 * ```ts
 * const server = await startElasticMQ();
 * const sqs = new SQSClient(localClientConfig(server));
 * // ...
 * await server.stop();
 * ```
 * @throws JavaMissingError, MavenMissingError, FetchFailedError, PortInUseError,
 *   StartTimeoutError, ServerExitedError, StartAbortedError, InvalidOptionError,
 *   BrowserRefusedPortsTakenError (all `LocalServerError`s).
 */
export async function startElasticMQ(options: ElasticMQOptions = {}): Promise<ElasticMQServer> {
  const { port = 0, version = ELASTICMQ_VERSION, heap = '256m', jvmArgs = DEFAULT_ELASTICMQ_JVM_ARGS } = options;
  const contextPath = checkedContextPath(options.contextPath);
  const javaPath = options.javaPath ?? defaultJava();
  const java = findExecutable(javaPath);
  if (!java) throw new JavaMissingError(javaPath);

  const lib = await fetchElasticMQ({
    version,
    cacheDir: options.cacheDir,
    mavenPath: options.mavenPath,
    timeoutMs: options.fetchTimeoutMs,
    onLog: options.onLog && ((line) => options.onLog?.(line, 'stdout')),
  });

  // Settings go in as system properties, which override the defaults without replacing them
  // (a `-Dconfig.file` would drop the bundled application.conf, and long polls would fail).
  const launch = (bindPort: number): Promise<Launched> =>
    launchServer(
      {
        kind: 'elasticmq',
        command: java,
        args: [
          `-Xmx${heap}`,
          ...jvmArgs,
          `-Drest-sqs.bind-port=${bindPort}`,
          '-Drest-sqs.bind-hostname=127.0.0.1',
          // Queue URLs: with a context path, taken from each request's own address (host `*`), so
          // they carry the path on whatever port was picked; generate-node-address would drop it.
          ...(contextPath === '' ? ['-Dgenerate-node-address=true'] : ['-Dnode-address.host=*', `-Dnode-address.context-path=${contextPath}`]),
          `-Daws.region=${LOCAL_REGION}`,
          ...(options.persistTo === undefined
            ? []
            : ['-Dmessages-storage.enabled=true', `-Dmessages-storage.uri=jdbc:h2:${resolve(options.persistTo)}`]),
          '-cp',
          join(lib, '*'),
          'org.elasticmq.server.Main',
        ],
        requestedPort: bindPort,
        detect: elasticMQStartDetector(),
        verify: waitHealthy,
      },
      options,
    );
  const launched = options.hideFromBrowsers === true ? await startOnBrowserRefusedPort('elasticmq', options.port, launch) : await launch(port);
  const server = toLocalServer('elasticmq', launched);
  return { ...server, kind: 'elasticmq', endpoint: contextPath === '' ? server.endpoint : `${server.endpoint}/${contextPath}`, contextPath };
}
