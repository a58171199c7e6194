/**
 * Runs a command the way a user's terminal would, with a deadline, and keeps everything it
 * printed: the consumer tests report a failing command's own output instead of a bare exit code.
 */
import { spawn } from 'node:child_process';

/** What a finished (or killed) command left behind. */
export interface CommandResult {
  /** The exit code; `null` when the command was killed (timeout) or ended by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the deadline ran out and the command was killed. */
  readonly timedOut: boolean;
  /** Wall time, milliseconds. */
  readonly durationMs: number;
}

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  readonly cwd: string;
  /** The whole environment of the child (nothing is inherited beyond it). */
  readonly env: NodeJS.ProcessEnv;
  /** @defaultValue 60_000 */
  readonly timeoutMs?: number;
}

/** Runs `command args…` without a shell; never rejects for a failing command. */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut, durationMs: Math.round(performance.now() - started) });
    });
  });
}

/** The command line and everything it printed, for an assertion message. */
export function describeResult(label: string, result: CommandResult): string {
  const status = result.timedOut ? 'timed out (killed)' : `exited with ${result.code}`;
  return [`${label} ${status} after ${result.durationMs} ms`, indent('stdout', result.stdout), indent('stderr', result.stderr)]
    .filter((part) => part !== '')
    .join('\n');
}

function indent(name: string, text: string): string {
  const trimmed = text.trimEnd();
  if (trimmed === '') return '';
  return `--- ${name}\n${trimmed}`;
}

/**
 * The environment for npm and node children: this process's, without the `npm_*` variables that
 * `npm run` sets (a child `npm install` would read them as its own configuration, and the temp
 * project must be installed as a user's would be).
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
  }
  return { ...env, ...extra };
}
