/**
 * What the `sqs-mega` command line shares between its commands: where it writes, its usage error,
 * and its exit codes.
 */

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  /** Help text and results. @defaultValue `process.stdout` */
  readonly out: (text: string) => void;
  /** Progress, logs and errors. @defaultValue `process.stderr` */
  readonly err: (text: string) => void;
}

/** The CLI's exit codes. */
export const EXIT = {
  /** Stopped cleanly: every running task finished. */
  OK: 0,
  /** Failed while running: AWS calls, a queue not found, the tasks module threw, or the drain ran past `--stop-timeout`. */
  FAILURE: 1,
  /** The command line cannot work as written: unknown option, bad value, no queue, no tasks module. */
  USAGE: 2,
} as const;

/** A command line that cannot be run as written; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Always `USAGE`. */
  readonly code = 'USAGE';
}

/** Writes to the process's stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
