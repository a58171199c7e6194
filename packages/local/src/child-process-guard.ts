import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { UnsupportedPlatformError } from './errors.js';

/**
 * The watchdog. `sh -c WATCHDOG sqs-mega-guard GRACE_TENTHS COMMAND ARGS...`:
 * - starts the server in the background, without the watchdog's pipes (fd 3, 4);
 * - reports the server's pid on fd 3;
 * - a guard subshell blocks on the parent's stdin pipe (kept as fd 4). The pipe closes when the
 *   Node parent ends it (`stop()`) or dies in any way, SIGKILL included, because the kernel closes
 *   a dead process's descriptors. Then the guard sends SIGTERM, and SIGKILL after the grace time;
 * - the shell waits for the server, then ends the guard and waits for it too (so nothing of the
 *   watchdog outlives the server), and exits with the server's status.
 * A background job's stdin is /dev/null in a shell without job control, hence the explicit fd 4.
 */
const WATCHDOG = `
grace=$1; shift
exec 4<&0 </dev/null
"$@" 3>&- 4<&- &
server=$!
echo "$server" >&3
exec 3>&-
(
  while read -r _ <&4; do :; done
  kill -TERM "$server" 2>/dev/null
  i=0
  while kill -0 "$server" 2>/dev/null; do
    if [ "$i" -ge "$grace" ]; then kill -KILL "$server" 2>/dev/null; break; fi
    i=$((i + 1))
    sleep 0.1
  done
) >/dev/null 2>&1 &
guard=$!
exec 4<&-
wait "$server"
status=$?
kill "$guard" 2>/dev/null
wait "$guard"
exit "$status"
`;

/** Which stream a log line came from. */
export type LogStream = 'stdout' | 'stderr';

/** Options of {@link spawnGuarded}. */
export interface GuardedProcessOptions {
  /** Environment of the server. @defaultValue `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory of the server. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Called with every line the server prints. @defaultValue none */
  readonly onLine?: (line: string, stream: LogStream) => void;
  /**
   * After SIGTERM, how long the server may take to exit before SIGKILL.
   * @defaultValue 5_000
   */
  readonly termGraceMs?: number;
  /**
   * Whether the running server keeps Node's event loop alive. When `false`, a script that
   * forgets to stop it still exits, and the server dies with it.
   * @defaultValue false
   */
  readonly keepProcessAlive?: boolean;
}

/** How a guarded server ended. */
export interface GuardedExit {
  /** Exit code, or `null` when a signal ended the server. */
  readonly exitCode: number | null;
  /** The signal that ended the server, if any. */
  readonly signal: NodeJS.Signals | null;
}

/** A server process that cannot outlive its Node parent. */
export interface GuardedProcess {
  /** The server's own pid (not the watchdog's). */
  readonly pid: number;
  /** Resolves once the server has exited, for whatever reason. Never rejects. */
  readonly exited: Promise<GuardedExit>;
  /** Whether the server has exited. */
  readonly hasExited: () => boolean;
  /**
   * Stops the server (SIGTERM, then SIGKILL after the grace time) and resolves once it has
   * exited. Idempotent.
   */
  readonly stop: () => Promise<GuardedExit>;
}

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

/** The shell reports a server killed by signal N as status 128 + N. */
function toExit(status: number | null, signal: NodeJS.Signals | null): GuardedExit {
  if (signal) return { exitCode: null, signal };
  if (status !== null && status > 128 && SIGNAL_NAMES.has(status - 128)) {
    return { exitCode: null, signal: SIGNAL_NAMES.get(status - 128) ?? null };
  }
  return { exitCode: status, signal: null };
}

function unrefAll(child: ChildProcess): void {
  child.unref();
  for (const stream of child.stdio) {
    (stream as { unref?: () => void } | null | undefined)?.unref?.();
  }
}

function readPid(stream: Readable): Promise<number | undefined> {
  return new Promise((resolvePid) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.once('close', () => {
      const pid = Number.parseInt(text.trim(), 10);
      resolvePid(Number.isInteger(pid) && pid > 0 ? pid : undefined);
    });
    stream.once('error', () => resolvePid(undefined));
  });
}

/**
 * Starts `command` under a `sh` watchdog so that it dies with this Node process: on `stop()`,
 * on a normal exit, on a crash, and on SIGKILL. Needs a POSIX `sh` (Linux, macOS).
 *
 * @throws UnsupportedPlatformError on Windows.
 */
export async function spawnGuarded(
  command: string,
  args: readonly string[],
  options: GuardedProcessOptions = {},
): Promise<GuardedProcess> {
  if (process.platform === 'win32') throw new UnsupportedPlatformError(process.platform);
  const termGraceMs = options.termGraceMs ?? 5_000;
  const child = spawn(
    'sh',
    ['-c', WATCHDOG, 'sqs-mega-guard', String(Math.ceil(termGraceMs / 100)), command, ...args],
    {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
    },
  );
  // The stdin pipe is the lifeline; nothing is ever written to it.
  child.stdin?.on('error', () => undefined);

  let exit: GuardedExit | undefined;
  const exited = new Promise<GuardedExit>((resolveExit) => {
    const closed = new Promise<void>((resolveClose) => child.once('close', () => resolveClose()));
    child.once('error', () => {
      exit ??= { exitCode: null, signal: null };
      resolveExit(exit);
    });
    child.once('exit', (status, signal) => {
      exit = toExit(status, signal);
      child.stdin?.destroy();
      // Let the last log lines (the reason it died) arrive, but do not hang on a stray holder.
      const grace = new AbortController();
      void Promise.race([closed, sleep(500, undefined, { signal: grace.signal }).catch(() => undefined)]).then(
        () => {
          grace.abort();
          resolveExit(exit ?? toExit(status, signal));
        },
      );
    });
  });

  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    if (!stream) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => options.onLine?.(line, name));
  }

  const spawnError = new Promise<Error>((resolveError) => child.once('error', resolveError));
  const pid = await Promise.race([readPid(child.stdio[3] as Readable), spawnError]);
  if (pid instanceof Error) throw pid;
  if (pid === undefined) {
    const { exitCode, signal } = await exited;
    throw new Error(`The watchdog shell exited before starting the server (${signal ?? `exit code ${exitCode}`}).`);
  }
  if (!options.keepProcessAlive) unrefAll(child);

  let stopping: Promise<GuardedExit> | undefined;
  const stop = (): Promise<GuardedExit> => {
    stopping ??= (async () => {
      if (exit) return exited;
      // Keep the event loop alive until the server is really gone.
      child.ref();
      child.stdin?.end();
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<'stuck'>((resolveStuck) => {
        timer = setTimeout(() => resolveStuck('stuck'), termGraceMs + 2_000);
      });
      const first = await Promise.race([exited, stuck]);
      clearTimeout(timer);
      if (first !== 'stuck') return first;
      // The watchdog itself is stuck: kill its whole process group (it leads one: detached).
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      return exited;
    })();
    return stopping;
  };

  return { pid, exited, hasExited: () => exit !== undefined, stop };
}
