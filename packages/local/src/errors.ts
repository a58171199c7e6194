/**
 * Typed errors of `@sqs-mega/local`. Every error is a {@link LocalServerError} with a stable
 * {@link LocalServerError.code}; branch on the code, never on the message. Messages say what to
 * install or do.
 */

/** Which local server an error is about. */
export type LocalServerKind = 'elasticmq' | 'moto';

/** Stable codes of {@link LocalServerError}s. */
export type LocalServerErrorCode =
  | 'JAVA_MISSING'
  | 'MAVEN_MISSING'
  | 'PYTHON_MISSING'
  | 'FETCH_FAILED'
  | 'START_TIMEOUT'
  | 'PORT_IN_USE'
  | 'SERVER_EXITED'
  | 'START_ABORTED'
  | 'RESET_FAILED'
  | 'UNSUPPORTED_PLATFORM'
  | 'INVALID_OPTION'
  | 'BROWSER_REFUSED_PORTS_TAKEN';

const SERVER_NAMES: Record<LocalServerKind, string> = { elasticmq: 'ElasticMQ', moto: 'moto' };

function formatLogTail(log: readonly string[]): string {
  if (log.length === 0) return ' It printed nothing.';
  return `\nLast log lines:\n  ${log.slice(-15).join('\n  ')}`;
}

/** Base class of every error thrown by `@sqs-mega/local`. */
export abstract class LocalServerError extends Error {
  /** Stable, machine-readable reason. */
  abstract readonly code: LocalServerErrorCode;
}

/** `java` was not found: ElasticMQ cannot run. */
export class JavaMissingError extends LocalServerError {
  readonly code = 'JAVA_MISSING' as const;
  override readonly name = 'JavaMissingError';
  /** The path or command name that was looked for. */
  readonly tried: string;

  constructor(tried: string) {
    super(
      `ElasticMQ needs a Java runtime (11 or newer; 17 is tested), but none was found at "${tried}". ` +
        'Install one (Debian/Ubuntu: `apt-get install -y openjdk-17-jre-headless`; macOS: `brew install openjdk@17`), ' +
        'or set JAVA_HOME, or pass `javaPath`.',
    );
    this.tried = tried;
  }
}

/** `mvn` was not found: the ElasticMQ jars cannot be fetched (only needed once; they are cached). */
export class MavenMissingError extends LocalServerError {
  readonly code = 'MAVEN_MISSING' as const;
  override readonly name = 'MavenMissingError';
  /** The path or command name that was looked for. */
  readonly tried: string;

  constructor(tried: string, cacheDir: string) {
    super(
      `Fetching ElasticMQ from Maven Central needs Maven once, but "${tried}" was not found. ` +
        'Install it (Debian/Ubuntu: `apt-get install -y maven`; macOS: `brew install maven`), or pass `mavenPath`. ' +
        `The jars are then cached in ${cacheDir}.`,
    );
    this.tried = tried;
  }
}

/**
 * Python 3 was not found (`missing: 'python'`), or it cannot create a virtual environment
 * (`missing: 'venv'`, Debian's separate `python3-venv` package): moto cannot be installed.
 */
export class PythonMissingError extends LocalServerError {
  readonly code = 'PYTHON_MISSING' as const;
  override readonly name = 'PythonMissingError';
  /** The path or command name that was looked for. */
  readonly tried: string;
  /** What is missing: the interpreter itself, or its `venv` module. */
  readonly missing: 'python' | 'venv';

  constructor(tried: string, missing: 'python' | 'venv', detail = '') {
    super(
      missing === 'python'
        ? `moto (the local SNS server) needs Python 3.9 or newer, but "${tried}" was not found. ` +
            'Install it (Debian/Ubuntu: `apt-get install -y python3 python3-venv`; macOS: `brew install python`), ' +
            'or pass `pythonPath`.'
        : `"${tried}" cannot create a virtual environment for moto (the venv/ensurepip module is missing). ` +
            `Debian/Ubuntu: \`apt-get install -y python3-venv\`.${detail ? ` Python said: ${detail}` : ''}`,
    );
    this.tried = tried;
    this.missing = missing;
  }
}

/** Fetching ElasticMQ (Maven) or installing moto (pip) failed, or waiting for another fetch timed out. */
export class FetchFailedError extends LocalServerError {
  readonly code = 'FETCH_FAILED' as const;
  override readonly name = 'FetchFailedError';
  /** Which server was being fetched. */
  readonly server: LocalServerKind;
  /** The tool's exit code, or `null` when it did not run to an exit (timeout, lock). */
  readonly exitCode: number | null;
  /** The tool's last output lines. */
  readonly output: readonly string[];

  constructor(
    server: LocalServerKind,
    what: string,
    exitCode: number | null,
    output: readonly string[],
    advice: string,
    options?: ErrorOptions,
  ) {
    super(`${what}${exitCode === null ? '' : ` (exit code ${exitCode})`}. ${advice}${output.length ? formatLogTail(output) : ''}`, options);
    this.server = server;
    this.exitCode = exitCode;
    this.output = output;
  }
}

/** The server did not print its "ready" line within `startTimeoutMs`. It has been stopped. */
export class StartTimeoutError extends LocalServerError {
  readonly code = 'START_TIMEOUT' as const;
  override readonly name = 'StartTimeoutError';
  /** Which server timed out. */
  readonly server: LocalServerKind;
  /** The timeout that elapsed. */
  readonly timeoutMs: number;
  /** The server's last log lines. */
  readonly log: readonly string[];

  constructor(server: LocalServerKind, timeoutMs: number, log: readonly string[]) {
    super(
      `${SERVER_NAMES[server]} was not ready within ${timeoutMs} ms and has been stopped. ` +
        `On a slow or busy machine raise \`startTimeoutMs\`.${formatLogTail(log)}`,
    );
    this.server = server;
    this.timeoutMs = timeoutMs;
    this.log = log;
  }
}

/** The requested port is already taken on 127.0.0.1. */
export class PortInUseError extends LocalServerError {
  readonly code = 'PORT_IN_USE' as const;
  override readonly name = 'PortInUseError';
  /** Which server could not bind. */
  readonly server: LocalServerKind;
  /** The port that is taken. */
  readonly port: number;

  constructor(server: LocalServerKind, port: number) {
    super(
      `${SERVER_NAMES[server]} cannot listen on 127.0.0.1:${port}: the port is already in use. ` +
        'Stop whatever listens there, pick another `port`, or pass `port: 0` for a free one.',
    );
    this.server = server;
    this.port = port;
  }
}

/** The server process exited before it was ready. */
export class ServerExitedError extends LocalServerError {
  readonly code = 'SERVER_EXITED' as const;
  override readonly name = 'ServerExitedError';
  /** Which server exited. */
  readonly server: LocalServerKind;
  /** Its exit code, or `null` when a signal ended it. */
  readonly exitCode: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** The server's last log lines. */
  readonly log: readonly string[];

  constructor(
    server: LocalServerKind,
    exitCode: number | null,
    signal: NodeJS.Signals | null,
    log: readonly string[],
  ) {
    super(
      `${SERVER_NAMES[server]} exited before it was ready (${signal ? `signal ${signal}` : `exit code ${exitCode}`}).${formatLogTail(log)}`,
    );
    this.server = server;
    this.exitCode = exitCode;
    this.signal = signal;
    this.log = log;
  }
}

/** The `signal` passed to a start function was aborted; the server (if any) has been stopped. */
export class StartAbortedError extends LocalServerError {
  readonly code = 'START_ABORTED' as const;
  override readonly name = 'StartAbortedError';
  /** Which server was starting. */
  readonly server: LocalServerKind;

  constructor(server: LocalServerKind, reason: unknown) {
    super(`Starting ${SERVER_NAMES[server]} was aborted.`, { cause: reason });
    this.server = server;
  }
}

/** moto's `POST /moto-api/reset` did not answer 200 (is the server still running?). */
export class ResetFailedError extends LocalServerError {
  readonly code = 'RESET_FAILED' as const;
  override readonly name = 'ResetFailedError';

  constructor(endpoint: string, detail: string, options?: ErrorOptions) {
    super(`Resetting moto at ${endpoint} failed: ${detail}. Check that the server is still running.`, options);
  }
}

/** The platform has no POSIX `sh`/`kill` (Windows): use WSL or a container. */
export class UnsupportedPlatformError extends LocalServerError {
  readonly code = 'UNSUPPORTED_PLATFORM' as const;
  override readonly name = 'UnsupportedPlatformError';

  constructor(platform: string) {
    super(
      `@sqs-mega/local supervises its servers with a POSIX shell, which ${platform} lacks. ` +
        'Run it under WSL or in a Linux container.',
    );
  }
}

/** An option has a value the server cannot take; the message names the option and what it accepts. */
export class InvalidOptionError extends LocalServerError {
  readonly code = 'INVALID_OPTION' as const;
  override readonly name = 'InvalidOptionError';
  /** The option's name, e.g. `contextPath`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
}

/** `hideFromBrowsers` was asked for, but every port browsers refuse is taken on 127.0.0.1. */
export class BrowserRefusedPortsTakenError extends LocalServerError {
  readonly code = 'BROWSER_REFUSED_PORTS_TAKEN' as const;
  override readonly name = 'BrowserRefusedPortsTakenError';
  /** Which server could not start. */
  readonly server: LocalServerKind;

  constructor(server: LocalServerKind, ports: readonly number[]) {
    super(
      `${SERVER_NAMES[server]} cannot hide from browsers: every port they refuse to connect to (${ports.join(', ')}) is already in use on 127.0.0.1. ` +
        'Stop one of the servers on them (other local inspectors or demos, for instance), or start without hideFromBrowsers.',
    );
    this.server = server;
  }
}
