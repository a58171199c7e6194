import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';

/** The package directory, to run fixtures and the CLI from. */
export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Runs a TypeScript file in a fresh Node process (through tsx), as a user's script would run.
 * The process is SIGKILLed when the test finishes, if it still runs.
 */
export function spawnTsNode(
  file: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: PACKAGE_DIR,
    env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return child;
}

/** Resolves with the child's first stdout line (rejects if it exits first, with its stderr). */
export function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolveLine(line));
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited (${signal ?? code}) before printing a line:\n${stderr}`)),
    );
  });
}

/** Resolves with the child's exit code or signal. */
export function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
}
