import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { JavaMissingError } from './errors.js';
import { ELASTICMQ_VERSION, fetchElasticMQ } from './fetch-elasticmq.js';
import { findExecutable } from './find-executable.js';
import { elasticMQStartDetector } from './elasticmq-start-log.js';
import { httpStatus } from './http-status.js';
import { launchServer, LOCAL_REGION, toLocalServer, type LocalServer, type LocalServerOptions } from './local-server.js';

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
}

/** A running ElasticMQ: an SQS-compatible server on 127.0.0.1. */
export interface ElasticMQServer extends LocalServer {
  /** Always `'elasticmq'`. */
  readonly kind: 'elasticmq';
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
 *   StartTimeoutError, ServerExitedError, StartAbortedError (all `LocalServerError`s).
 */
export async function startElasticMQ(options: ElasticMQOptions = {}): Promise<ElasticMQServer> {
  const { port = 0, version = ELASTICMQ_VERSION, heap = '256m', jvmArgs = DEFAULT_ELASTICMQ_JVM_ARGS } = options;
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
  const launched = await launchServer(
    {
      kind: 'elasticmq',
      command: java,
      args: [
        `-Xmx${heap}`,
        ...jvmArgs,
        `-Drest-sqs.bind-port=${port}`,
        '-Drest-sqs.bind-hostname=127.0.0.1',
        '-Dgenerate-node-address=true',
        `-Daws.region=${LOCAL_REGION}`,
        ...(options.persistTo === undefined
          ? []
          : ['-Dmessages-storage.enabled=true', `-Dmessages-storage.uri=jdbc:h2:${resolve(options.persistTo)}`]),
        '-cp',
        join(lib, '*'),
        'org.elasticmq.server.Main',
      ],
      requestedPort: port,
      detect: elasticMQStartDetector(),
      verify: waitHealthy,
    },
    options,
  );
  return { ...toLocalServer('elasticmq', launched), kind: 'elasticmq' };
}
