/**
 * The fault suite's harness: spawns listener processes (fixtures/fault-worker.ts), collects their
 * JSON-line records, publishes with the real publishers, reconciles what was sent with what was
 * processed, and writes each test's figures to results/NAME.json (under the faults config only).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const WORKER = fileURLToPath(new URL('./fixtures/fault-worker.ts', import.meta.url));
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

/** One JSON line of a worker (see fixtures/fault-worker.ts). */
export interface WorkerRecord {
  readonly e: string;
  readonly id?: string;
  readonly mid?: string;
  readonly rc?: number;
  readonly at?: number;
  readonly ok?: boolean;
  readonly reason?: string;
  readonly name?: string;
  readonly code?: string;
  readonly result?: { aborted: number; abandoned: number; released: number };
  readonly stats?: Record<string, number>;
  readonly [key: string]: unknown;
}

/** A running worker process and what it has reported so far. */
export interface Worker {
  readonly name: string;
  readonly process: ChildProcess;
  readonly records: WorkerRecord[];
  /** Ids whose handler finished in this process (kept as records arrive). */
  readonly finished: ReadonlySet<string>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `predicate` holds over the records (rejects on timeout or exit). */
  waitFor(predicate: (records: readonly WorkerRecord[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  /** Records of one kind. */
  of(kind: string): WorkerRecord[];
  stderr(): string;
}

/** Whether a process has not exited yet. */
function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Spawns a worker (killed with SIGKILL when the test ends, if still running) and resolves once it
 * reports `ready`.
 */
export async function startWorker(name: string, env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    // Records arrive on fd 3 (see the fixture); stdout is drained and ignored.
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const recordStream = child.stdio[3] as Readable;
  child.stdout!.resume();
  onTestFinished(() => {
    if (alive(child)) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const records: WorkerRecord[] = [];
  const finished = new Set<string>();
  const waiters = new Set<() => void>();
  createInterface({ input: recordStream }).on('line', (line) => {
    try {
      const record = JSON.parse(line) as WorkerRecord;
      records.push(record);
      if (record.e === 'finish' && record.id !== undefined) finished.add(record.id);
    } catch {
      records.push({ e: 'text', text: line });
    }
    for (const check of [...waiters]) check();
  });
  // 'close', not 'exit': every record line has been read by then.
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const worker: Worker = {
    name,
    process: child,
    records,
    finished,
    exit,
    stderr: () => stderr,
    of: (kind) => records.filter((r) => r.e === kind),
    waitFor: (predicate, what, timeoutMs = 60_000) =>
      new Promise<void>((resolve, reject) => {
        const done = (error?: Error) => {
          waiters.delete(check);
          clearTimeout(timer);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (predicate(records)) done();
        };
        const timer = setTimeout(() => done(new Error(`${name}: timed out after ${timeoutMs} ms waiting for ${what}\n${stderr}`)), timeoutMs);
        waiters.add(check);
        check();
        void exit.then(({ code, signal }) => {
          // Give the last lines a turn to arrive before deciding.
          setImmediate(() => {
            check();
            if (waiters.has(check)) done(new Error(`${name} exited (${code ?? signal}) before ${what}\n${stderr}`));
          });
        });
      }),
  };
  await worker.waitFor((r) => r.some((x) => x.e === 'ready'), 'ready', 60_000);
  return worker;
}

/** Sends SIGTERM (or another signal) and resolves with the exit. */
export async function signalWorker(worker: Worker, signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (alive(worker.process)) worker.process.kill(signal);
  return worker.exit;
}

/** Ids whose handler finished, over all workers (a Set: unique). */
export function finishedIds(workers: readonly Worker[]): Set<string> {
  const ids = new Set<string>();
  for (const w of workers) for (const id of w.finished) ids.add(id);
  return ids;
}

/** What reconciling the sent ids with the workers' records found. */
export interface Reconciliation {
  readonly sent: number;
  /** Distinct sent ids whose handler finished somewhere. */
  readonly processed: number;
  /** Sent ids never finished. */
  readonly lost: number;
  readonly lostIds: readonly string[];
  /** Handler runs that finished beyond the first for their id (at-least-once deliveries). */
  readonly duplicates: number;
  /** Handler starts in all (finished, aborted or killed). */
  readonly handlerStarts: number;
  /** Deletes reported by a worker before its handler for that delivery finished: must be 0. */
  readonly deletedBeforeFinish: number;
  /** Finished ids that were never sent (must be 0). */
  readonly unknown: number;
}

/**
 * Reconciles `sent` ids with the records: every id finished at least once (lost), extra finishes
 * (duplicates), and each `deleted` record preceded, in the same process, by the `finish` of the
 * same SQS delivery (same message id) — the process writes its records in order.
 */
export function reconcile(sent: ReadonlySet<string> | readonly string[], workers: readonly Worker[]): Reconciliation {
  const sentSet = sent instanceof Set ? sent : new Set(sent as readonly string[]);
  const finishes = new Map<string, number>();
  let handlerStarts = 0;
  let deletedBeforeFinish = 0;
  for (const w of workers) {
    const finishedHere = new Set<string>();
    for (const r of w.records) {
      if (r.e === 'start') handlerStarts++;
      if (r.e === 'finish' && r.id !== undefined) {
        finishes.set(r.id, (finishes.get(r.id) ?? 0) + 1);
        finishedHere.add(r.mid ?? '');
      }
      if (r.e === 'deleted' && !finishedHere.has(r.mid ?? '')) deletedBeforeFinish++;
    }
  }
  const lostIds = [...sentSet].filter((id) => !finishes.has(id));
  let duplicates = 0;
  for (const count of finishes.values()) duplicates += count - 1;
  return {
    sent: sentSet.size,
    processed: [...finishes.keys()].filter((id) => sentSet.has(id)).length,
    lost: lostIds.length,
    lostIds: lostIds.slice(0, 20),
    duplicates,
    handlerStarts,
    deletedBeforeFinish,
    unknown: [...finishes.keys()].filter((id) => !sentSet.has(id)).length,
  };
}

/** Receive attempts (`rx` records) of all workers with `from <= at < to`, and how many failed. */
export function receiveAttempts(workers: readonly Worker[], from: number, to: number): { attempts: number; failed: number } {
  let attempts = 0;
  let failed = 0;
  for (const w of workers) {
    for (const r of w.records) {
      if (r.e !== 'rx' || r.at === undefined || r.at < from || r.at >= to) continue;
      attempts++;
      if (!r.ok) failed++;
    }
  }
  return { attempts, failed };
}

/** Error records of all workers, counted by error name. */
export function errorsByName(workers: readonly Worker[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of workers) for (const r of w.of('error')) counts[r.name ?? '?'] = (counts[r.name ?? '?'] ?? 0) + 1;
  return counts;
}

/** The worker's listener stats from its `stopped` record. */
export function stoppedStats(worker: Worker): Record<string, number> | undefined {
  return worker.of('stopped')[0]?.stats;
}

/**
 * Writes a test's figures to results/NAME.json when FAULTS_WRITE_RESULTS is set (the faults
 * config sets it; `npm test` runs leave the committed figures alone).
 */
export function writeResult(name: string, figures: Record<string, unknown>): void {
  if (!process.env['FAULTS_WRITE_RESULTS']) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = { test: name, measuredAt: new Date().toISOString(), node: process.version, ...figures };
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves once `predicate` holds (polling every 100 ms), rejects after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}
