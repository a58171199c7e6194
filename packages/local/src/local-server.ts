import { createServer } from 'node:net';
import { spawnGuarded, type GuardedExit, type GuardedProcess, type LogStream } from './child-process-guard.js';
import {
  type LocalServerError,
  PortInUseError,
  ServerExitedError,
  StartAbortedError,
  StartTimeoutError,
  type LocalServerKind,
} from './errors.js';

/** The region every local server reports (ElasticMQ and moto accept any). */
export const LOCAL_REGION = 'us-east-1';

/** A running local server. Stop it with {@link LocalServer.stop}. */
export interface LocalServer {
  /** Which server this is. */
  readonly kind: LocalServerKind;
  /** `http://127.0.0.1:PORT`: the `endpoint` for AWS SDK clients. */
  readonly endpoint: string;
  /** The region to configure clients with: always `us-east-1`. */
  readonly region: string;
  /** The port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** The server process's pid (the JVM, or Python). */
  readonly pid: number;
  /** Resolves when the server process has exited, whether stopped or not. Never rejects. */
  readonly exited: Promise<GuardedExit>;
  /** The server's last log lines (up to 200), oldest first. */
  recentLog(): readonly string[];
  /** Stops the server; resolves once its process has exited. Idempotent. */
  stop(): Promise<void>;
}

/** Options shared by {@link startElasticMQ} and {@link startMoto}. */
export interface LocalServerOptions {
  /**
   * The port on 127.0.0.1; `0` picks a free one.
   * @defaultValue 0
   */
  readonly port?: number;
  /**
   * How long the server may take to become ready, not counting the first-use fetch.
   * @defaultValue 30_000
   */
  readonly startTimeoutMs?: number;
  /**
   * After SIGTERM on {@link LocalServer.stop}, how long the server may take to exit before SIGKILL.
   * @defaultValue 5_000
   */
  readonly stopTimeoutMs?: number;
  /**
   * Called with every line the server prints, and with the fetch tools' output on first use.
   * @defaultValue none (lines are only kept for {@link LocalServer.recentLog} and error messages)
   */
  readonly onLog?: ((line: string, stream: LogStream) => void) | undefined;
  /**
   * Aborts the start: the server is stopped and the promise rejects with a `StartAbortedError`.
   * @defaultValue none
   */
  readonly signal?: AbortSignal | undefined;
  /**
   * Where fetched servers are cached.
   * @defaultValue see {@link resolveCacheDir}: `SQS_MEGA_CACHE_DIR`, else `.cache/` at the repository root
   */
  readonly cacheDir?: string | undefined;
  /**
   * Whether the running server keeps Node's event loop alive. By default it does not: a script
   * that never calls `stop()` still exits, and the server dies with it.
   * @defaultValue false
   */
  readonly keepProcessAlive?: boolean;
  /**
   * Listen on one of the ports every browser refuses to connect to ({@link BROWSER_REFUSED_PORTS},
   * the Fetch standard's "bad ports": 6665 first), so that no web page open on this machine can
   * send the server a request — local servers check neither credentials nor `Origin`, and a page
   * from any site can otherwise post forms to them. SDKs, CLIs and other programs connect as usual.
   * Cannot be combined with a `port` other than 0.
   * @defaultValue false
   */
  readonly hideFromBrowsers?: boolean | undefined;
}

/** What a server line means for its start. */
export type StartSignal = { readonly kind: 'ready'; readonly port: number } | { readonly kind: 'port-in-use' };

/** How to launch one kind of server (internal to this package). */
export interface LaunchSpec {
  readonly kind: LocalServerKind;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly requestedPort: number;
  /** Reads one log line; returns a {@link StartSignal} when the line decides the start. */
  readonly detect: (line: string) => StartSignal | undefined;
  /**
   * A last check once ready (e.g. an HTTP health probe): resolves when healthy, retrying as
   * needed until `signal` aborts (the start timed out or failed otherwise).
   */
  readonly verify?: (endpoint: string, signal: AbortSignal) => Promise<void>;
}

/** The running process behind a {@link LocalServer}, and its log. */
export interface Launched {
  readonly process: GuardedProcess;
  readonly port: number;
  readonly endpoint: string;
  readonly recentLog: () => readonly string[];
}

const LOG_LINES = 200;

/** Thrown from the start race; converted to a typed error after the process is stopped. */
type StartFailure =
  | { readonly kind: 'exited'; readonly exit: GuardedExit }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted'; readonly reason: unknown }
  | { readonly kind: 'port-in-use' };

/** Whether 127.0.0.1:port can be bound right now (checked before paying for a JVM start). */
function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolveFree(false));
    probe.listen({ host: '127.0.0.1', port, exclusive: true }, () => probe.close(() => resolveFree(true)));
  });
}

function startError(
  spec: LaunchSpec,
  failure: StartFailure | { readonly kind: 'port-in-use' },
  startTimeoutMs: number,
  log: readonly string[],
): LocalServerError {
  switch (failure.kind) {
    case 'port-in-use':
      return new PortInUseError(spec.kind, spec.requestedPort);
    case 'timeout':
      return new StartTimeoutError(spec.kind, startTimeoutMs, log);
    case 'aborted':
      return new StartAbortedError(spec.kind, failure.reason);
    case 'exited':
      if (log.some((line) => /address already in use/i.test(line))) {
        return new PortInUseError(spec.kind, spec.requestedPort);
      }
      return new ServerExitedError(spec.kind, failure.exit.exitCode, failure.exit.signal, log);
  }
}

/**
 * Starts a server under the watchdog and waits until it is ready: its ready line was printed and
 * `verify` passed. On any failure the process is stopped before the typed error is thrown.
 */
export async function launchServer(spec: LaunchSpec, options: LocalServerOptions): Promise<Launched> {
  const { startTimeoutMs = 30_000, signal } = options;
  if (signal?.aborted) throw new StartAbortedError(spec.kind, signal.reason);
  // A fast path only: the server's own bind error is still detected below.
  if (spec.requestedPort > 0 && !(await isPortFree(spec.requestedPort))) {
    throw new PortInUseError(spec.kind, spec.requestedPort);
  }

  const log: string[] = [];
  const recentLog = (): readonly string[] => log.slice();
  let settle: ((signal: StartSignal) => void) | undefined;
  const decided = new Promise<StartSignal>((resolveDecided) => {
    settle = resolveDecided;
  });

  const child = await spawnGuarded(spec.command, spec.args, {
    ...(spec.env ? { env: spec.env } : {}),
    ...(options.stopTimeoutMs !== undefined ? { termGraceMs: options.stopTimeoutMs } : {}),
    keepProcessAlive: options.keepProcessAlive ?? false,
    onLine: (line, stream) => {
      log.push(line);
      if (log.length > LOG_LINES) log.shift();
      options.onLog?.(line, stream);
      const decision = spec.detect(line);
      if (decision) settle?.(decision);
    },
  });

  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const failures = new Promise<StartFailure>((resolveFailure) => {
    timer = setTimeout(() => resolveFailure({ kind: 'timeout' }), startTimeoutMs);
    onAbort = () => resolveFailure({ kind: 'aborted', reason: signal?.reason });
    signal?.addEventListener('abort', onAbort, { once: true });
    void child.exited.then((exit) => resolveFailure({ kind: 'exited', exit }));
  });

  const verifying = new AbortController();
  try {
    const first = await Promise.race([decided, failures]);
    let outcome: StartFailure | StartSignal = first;
    if (first.kind === 'ready' && spec.verify) {
      const healthy = spec.verify(`http://127.0.0.1:${first.port}`, verifying.signal).then(() => first);
      outcome = await Promise.race([healthy, failures]);
    }
    if (outcome.kind === 'ready') {
      return { process: child, port: outcome.port, endpoint: `http://127.0.0.1:${outcome.port}`, recentLog };
    }
    verifying.abort();
    await child.stop();
    throw startError(spec, outcome, startTimeoutMs, recentLog());
  } catch (error) {
    await child.stop(); // idempotent: already stopped for the typed errors above
    throw error;
  } finally {
    verifying.abort();
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/** Builds the public handle over a launched process. */
export function toLocalServer(kind: LocalServerKind, launched: Launched): LocalServer {
  let stopping: Promise<void> | undefined;
  return {
    kind,
    endpoint: launched.endpoint,
    region: LOCAL_REGION,
    port: launched.port,
    pid: launched.process.pid,
    exited: launched.process.exited,
    recentLog: launched.recentLog,
    stop: () => (stopping ??= launched.process.stop().then(() => undefined)),
  };
}
