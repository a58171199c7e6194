/**
 * The page's side of the matching worker: one request at a time, each with a deadline. A pattern
 * that runs past its deadline (a catastrophic regex over some message) gets the worker terminated
 * and replaced by a fresh one loaded with the same bodies, so the page never freezes and the next
 * pattern starts clean.
 */
import type {
  Evaluation,
  EvaluationFailure,
  ExplanationView,
  PatternSource,
  WorkerReply,
  WorkerRequest,
} from './protocol.js';

/** What the engine needs of a worker (a real `Worker`, or an in-process stand-in in tests). */
export interface WorkerLike {
  postMessage(message: WorkerRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerReply>) => void): void;
  terminate(): void;
}

/** The result of an explanation request. */
export type ExplainOutcome = { readonly ok: true; readonly explanation: ExplanationView } | EvaluationFailure;

/** Options of {@link MatchEngine}. */
export interface MatchEngineOptions {
  /** Starts a worker. */
  readonly createWorker: () => WorkerLike;
  /** How long one evaluation or explanation may run before the worker is replaced. @defaultValue 1000 */
  readonly deadlineMs?: number;
  /** How long loading bodies may take. @defaultValue 60000 */
  readonly loadDeadlineMs?: number;
}

interface Task {
  readonly request: WorkerRequest;
  readonly deadlineMs: number;
  readonly settle: (reply: WorkerReply | 'timeout' | 'superseded') => void;
}

let nextId = 1;

/** Runs patterns over captured bodies in a worker, with a deadline per request. */
export class MatchEngine {
  readonly #createWorker: () => WorkerLike;
  readonly #deadlineMs: number;
  readonly #loadDeadlineMs: number;
  #bodies: string[] = [];
  #worker: WorkerLike;
  #queue: Task[] = [];
  #running: { task: Task; timer: ReturnType<typeof setTimeout> } | undefined;
  #disposed = false;

  constructor(options: MatchEngineOptions) {
    this.#createWorker = options.createWorker;
    this.#deadlineMs = options.deadlineMs ?? 1000;
    this.#loadDeadlineMs = options.loadDeadlineMs ?? 60_000;
    this.#worker = this.#start();
  }

  /** The deadline of one evaluation, in milliseconds. */
  get deadlineMs(): number {
    return this.#deadlineMs;
  }

  /** Replaces every body the worker holds. */
  reset(bodies: readonly string[]): Promise<void> {
    this.#bodies = [...bodies];
    return this.#load({ type: 'reset', bodies: [...bodies] });
  }

  /** Adds bodies after the ones the worker holds. */
  append(bodies: readonly string[]): Promise<void> {
    for (const body of bodies) this.#bodies.push(body);
    return this.#load({ type: 'append', bodies: [...bodies] });
  }

  /**
   * Which bodies match. A newer `evaluate` call supersedes one still waiting its turn: the older
   * resolves to `undefined`.
   */
  evaluate(source: PatternSource): Promise<Evaluation | EvaluationFailure | undefined> {
    for (const waiting of this.#queue) {
      if (waiting.request.type === 'evaluate') waiting.settle('superseded');
    }
    this.#queue = this.#queue.filter((waiting) => waiting.request.type !== 'evaluate');
    const id = nextId++;
    return new Promise((resolve) => {
      this.#enqueue({
        request: { type: 'evaluate', id, source },
        deadlineMs: this.#deadlineMs,
        settle: (reply) => {
          if (reply === 'superseded') resolve(undefined);
          else if (reply === 'timeout') resolve(this.#timedOut());
          else if (reply.type === 'evaluated') resolve(reply.result);
        },
      });
    });
  }

  /** Core's explanation of why the body at `index` does (not) match. */
  explain(source: PatternSource, index: number): Promise<ExplainOutcome | undefined> {
    const id = nextId++;
    return new Promise((resolve) => {
      this.#enqueue({
        request: { type: 'explain', id, source, index },
        deadlineMs: this.#deadlineMs,
        settle: (reply) => {
          if (reply === 'superseded') resolve(undefined);
          else if (reply === 'timeout') resolve(this.#timedOut());
          else if (reply.type === 'explained') resolve(reply.result);
        },
      });
    });
  }

  /** Stops the worker; pending requests resolve to `undefined`. */
  dispose(): void {
    this.#disposed = true;
    if (this.#running !== undefined) {
      clearTimeout(this.#running.timer);
      this.#running.task.settle('superseded');
      this.#running = undefined;
    }
    for (const task of this.#queue) task.settle('superseded');
    this.#queue = [];
    this.#worker.terminate();
  }

  #timedOut(): EvaluationFailure {
    const seconds = this.#deadlineMs / 1000;
    return {
      ok: false,
      problem: {
        kind: 'timeout',
        message: `This pattern took longer than ${seconds} s on the captured messages and was stopped (a regex that backtracks catastrophically?). Simplify it.`,
        path: [],
      },
    };
  }

  #load(request: WorkerRequest): Promise<void> {
    return new Promise((resolve) => {
      this.#enqueue({ request, deadlineMs: this.#loadDeadlineMs, settle: () => resolve() });
    });
  }

  #start(): WorkerLike {
    const worker = this.#createWorker();
    worker.addEventListener('message', (event) => {
      if (worker !== this.#worker) return;
      this.#finish(event.data);
    });
    return worker;
  }

  #enqueue(task: Task): void {
    if (this.#disposed) {
      task.settle('superseded');
      return;
    }
    this.#queue.push(task);
    this.#next();
  }

  #next(): void {
    if (this.#running !== undefined) return;
    const task = this.#queue.shift();
    if (task === undefined) return;
    const timer = setTimeout(() => this.#expire(), task.deadlineMs);
    this.#running = { task, timer };
    this.#worker.postMessage(task.request);
  }

  #finish(reply: WorkerReply): void {
    const running = this.#running;
    if (running === undefined) return;
    clearTimeout(running.timer);
    this.#running = undefined;
    running.task.settle(reply);
    this.#next();
  }

  /** The running request passed its deadline: replace the worker and reload every body first. */
  #expire(): void {
    const running = this.#running;
    if (running === undefined) return;
    this.#running = undefined;
    this.#worker.terminate();
    this.#worker = this.#start();
    const reload: Task = { request: { type: 'reset', bodies: [...this.#bodies] }, deadlineMs: this.#loadDeadlineMs, settle: () => {} };
    const isLoad = (task: Task): boolean => task.request.type === 'reset' || task.request.type === 'append';
    for (const task of this.#queue) if (isLoad(task)) task.settle('superseded');
    this.#queue = [reload, ...this.#queue.filter((task) => !isLoad(task))];
    running.task.settle('timeout');
    this.#next();
  }
}

/** A match engine over a real module worker running `match-worker.ts`. */
export function createBrowserMatchEngine(): MatchEngine {
  return new MatchEngine({
    createWorker: () => new Worker(new URL('./match-worker.ts', import.meta.url), { type: 'module', name: 'sqs-mega-matcher' }) as unknown as WorkerLike,
  });
}
