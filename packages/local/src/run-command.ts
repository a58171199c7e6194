import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Working directory. @defaultValue `process.cwd()` */
  readonly cwd?: string;
  /** Environment. @defaultValue `process.env` */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this long. @defaultValue 600_000 */
  readonly timeoutMs?: number;
  /** Called with every output line (stdout and stderr). @defaultValue none */
  readonly onLine?: ((line: string) => void) | undefined;
  /** How many of the last output lines to keep in the result. @defaultValue 40 */
  readonly keepLines?: number;
}

/** How a {@link runCommand} ended. */
export interface CommandResult {
  /** The exit code, or `null` when a signal (or the timeout) ended it. */
  readonly exitCode: number | null;
  /** Whether `timeoutMs` elapsed and the command was killed. */
  readonly timedOut: boolean;
  /** The last output lines, stdout and stderr interleaved. */
  readonly output: readonly string[];
}

/**
 * Runs a tool (mvn, python, pip) to completion and collects its output.
 *
 * @throws the spawn error (e.g. `ENOENT`) when the command cannot be started at all.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunCommandOptions = {},
): Promise<CommandResult> {
  const { timeoutMs = 600_000, keepLines = 40 } = options;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const onLine = (line: string): void => {
      output.push(line);
      if (output.length > keepLines) output.shift();
      options.onLine?.(line);
    };
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', onLine);
    createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', onLine);

    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, timedOut, output });
    });
  });
}
