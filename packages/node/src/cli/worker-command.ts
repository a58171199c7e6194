/**
 * `sqs-mega worker <queues…>`: runs the tasks of a module from SQS queues — one `SqsListener` per
 * queue, one shared client — until SIGTERM or SIGINT, which drain it. `parseWorkerArgs` is pure;
 * `runWorker` does the I/O.
 */
import { constants } from 'node:os';
import { SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { SqsMegaNodeError } from '../errors.js';
import { MAX_VISIBILITY_TIMEOUT_SECONDS } from '../sqs-limits.js';
import { isQueuePattern, QueueArgumentInvalidError, selectQueues, splitQueueArguments } from '../tasks/queue-selection.js';
import { isQueueName, isQueueUrl, queueNameFromArgument } from '../tasks/task-name.js';
import { configureTasks } from '../tasks/task-client.js';
import { TaskWorker } from '../tasks/task-worker.js';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { loadTasks, TasksModuleError } from './tasks-module.js';

/** The defaults of the worker's options. */
export const WORKER_DEFAULTS = { tasks: './tasks.js', concurrency: 10, visibility: 30, stopTimeout: 20 } as const;

/** The help text of `sqs-mega worker --help`. */
export const WORKER_HELP = `Usage: sqs-mega worker <queues…> [options]

Runs the tasks of a module (defineTask from @sqs-mega/node) from SQS queues, until SIGTERM or Ctrl+C.

Queues (one or more arguments; each may be a comma list, a,b):
  email-send           a queue name
  email.send           a task name: dots become hyphens, as in the task's default queue (email-send)
  'email.*'            a shell-style pattern (* ? [ab] {a,b}) matched against ListQueues; quote it
  https://sqs.…/name   a queue URL, used as is
  A pattern that matches no queue, or a name that does not exist, is an error.

Options:
  --tasks PATH         The module whose exported tasks run, resolved from the current directory
                       and loaded with import(); repeat for several (default: ${WORKER_DEFAULTS.tasks}).
                       A .ts module is loaded through the project's tsx (npm install -D tsx).
  --concurrency N      Tasks run at once, per queue (1–100000; default ${WORKER_DEFAULTS.concurrency}).
  --visibility S       Visibility timeout of received messages, in seconds (1–43200; default ${WORKER_DEFAULTS.visibility}),
                       extended every S/3 while a task runs.
  --stop-timeout S     On SIGTERM/SIGINT: seconds running tasks may take to finish before their
                       AbortSignal fires (then 2 s more) (default ${WORKER_DEFAULTS.stopTimeout}).
  --endpoint URL       An SQS-compatible endpoint (ElasticMQ, LocalStack) instead of AWS.
  --region REGION      The region (default: the AWS SDK's chain, e.g. AWS_REGION; us-east-1 with --endpoint).
  -h, --help           Show this help.

Credentials come from the AWS SDK's default chain (dummy ones with --endpoint when it finds none).
A task that returns is done (its message deleted); one that throws a RetriableError is retried
after 1 s, 2 s, 4 s… (give each queue a dead-letter queue with a maxReceiveCount); any other throw
is final. A message the worker cannot run is kept and logged (once per delivery), never deleted:
a task the modules do not export, a task message without id/enqueuedAt, another system's message
(PyQS, sqsq, Celery), a MEGA event, plaintext. It comes back after the same backoff and reaches
the DLQ at maxReceiveCount.

SIGTERM or SIGINT stops receiving, lets running tasks finish, then exits; a second signal exits at once.

Exit codes:
  0        stopped cleanly: every running task finished
  1        failure: an AWS call failed, a queue or a pattern matched nothing, the tasks module threw
           on import, or tasks were still running at --stop-timeout
  2        usage: unknown option, bad value, no queue, a --tasks file missing, a directory,
           TypeScript without tsx, or exporting no task
  130/143  a second SIGINT/SIGTERM forced the exit
`;

const OPTIONS = {
  tasks: { type: 'string', multiple: true },
  concurrency: { type: 'string', short: 'c' },
  visibility: { type: 'string' },
  'stop-timeout': { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VALUE_NAMES = { tasks: 'PATH', concurrency: 'N', visibility: 'S', 'stop-timeout': 'S', endpoint: 'URL', region: 'REGION' } as const;

/** What `sqs-mega worker` was asked to do. */
export interface WorkerCommand {
  /** Queue arguments, comma lists split: names, task names, patterns, URLs. */
  readonly queues: readonly string[];
  /** `--tasks` paths, as given (resolved from the current directory when run). */
  readonly tasks: readonly string[];
  readonly concurrency: number;
  /** Seconds. */
  readonly visibilityTimeout: number;
  /** Milliseconds. */
  readonly stopTimeoutMs: number;
  readonly endpoint?: string;
  readonly region?: string;
}

function integerOption(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${option} must be an integer from ${min} to ${max}, not "${text}".`);
  return value;
}

/**
 * Parses the arguments after `worker`, strictly.
 *
 * @returns `'help'` for `--help`, else the command with defaults applied.
 * @throws UsageError for unknown options, bad values, no queue, or a queue argument that cannot be a queue.
 */
export function parseWorkerArgs(argv: readonly string[]): WorkerCommand | 'help' {
  const { values, positionals } = parseOptions(argv, { command: 'sqs-mega worker', options: OPTIONS, valueNames: VALUE_NAMES });
  if (values.help) return 'help';
  const queues = splitQueueArguments(positionals);
  if (queues.length === 0) throw new UsageError("Name the queues to listen to: sqs-mega worker email-send, or a pattern such as 'email.*'.");
  for (const queue of queues) {
    const name = queueNameFromArgument(queue);
    if (!isQueueUrl(queue) && !isQueuePattern(name) && !isQueueName(name)) throw new UsageError(new QueueArgumentInvalidError(queue).message);
  }
  const concurrency = integerOption('concurrency', values.concurrency, WORKER_DEFAULTS.concurrency, 1, 100_000);
  const visibilityTimeout = integerOption('visibility', values.visibility, WORKER_DEFAULTS.visibility, 1, MAX_VISIBILITY_TIMEOUT_SECONDS);
  let stopTimeoutMs: number = WORKER_DEFAULTS.stopTimeout * 1000;
  const stopTimeout = values['stop-timeout'];
  if (stopTimeout !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(stopTimeout)) throw new UsageError(`--stop-timeout must be a number of seconds ≥ 0, not "${stopTimeout}".`);
    stopTimeoutMs = Math.round(Number(stopTimeout) * 1000);
  }
  const { endpoint, region } = values;
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/i.test(endpoint)) {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:9324, not "${endpoint}".`);
  }
  if (region !== undefined && !/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region must be a region name such as eu-west-1, not "${region}".`);
  const tasks = values.tasks ?? [WORKER_DEFAULTS.tasks];
  if (tasks.some((path) => path.trim() === '')) throw new UsageError('--tasks needs a path to a module, such as ./dist/tasks.js.');
  return {
    queues,
    tasks,
    concurrency,
    visibilityTimeout,
    stopTimeoutMs,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(region === undefined ? {} : { region }),
  };
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The worker's client: AWS from the default chain, or `--endpoint` (dummy credentials when the chain finds none). */
export function workerClient(command: Pick<WorkerCommand, 'endpoint' | 'region'>, env: NodeJS.ProcessEnv = process.env): SQSClient {
  const config: SQSClientConfig = {};
  if (command.region !== undefined) config.region = command.region;
  if (command.endpoint !== undefined) {
    config.endpoint = command.endpoint;
    config.region ??= env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1';
    const chain = new SQSClient({ region: config.region }).config.credentials;
    let resolved: ReturnType<typeof chain> | undefined;
    config.credentials = () => (resolved ??= chain().catch(() => LOCAL_CREDENTIALS));
  }
  return new SQSClient(config);
}

function describe(error: unknown): string {
  if (error instanceof SqsMegaNodeError) return `${error.code}: ${error.message}`;
  if (error instanceof TasksModuleError) return error.message;
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return `${name ?? 'Error'}: ${message ?? String(error)}. Check --endpoint/--region, the network and the credentials (sqs:ListQueues, sqs:GetQueueUrl).`;
}

/**
 * Runs `sqs-mega worker` until SIGTERM/SIGINT.
 *
 * @returns the exit code (see {@link EXIT}); a second signal exits the process at once (128 + signal).
 */
export async function runWorker(command: WorkerCommand, io: CliIo, cwd = process.cwd()): Promise<number> {
  const log = (line: string) => io.err(`sqs-mega worker: ${line}\n`);
  const client = workerClient(command);
  let worker: TaskWorker;
  try {
    const tasks = await loadTasks(command.tasks, cwd);
    const queues = await selectQueues(client, command.queues);
    configureTasks({ client });
    worker = new TaskWorker({
      queueUrls: queues.map((q) => q.url),
      tasks,
      client,
      concurrency: command.concurrency,
      visibilityTimeout: command.visibilityTimeout,
      stopTimeoutMs: command.stopTimeoutMs,
      logger: false,
    });
    worker.listeners.forEach((listener, k) => {
      const name = queues[k]?.name ?? listener.queueUrl;
      listener.on('error', (error) => log(`[${name}] ${error.code}: ${error.message}`));
    });
    worker.start();
    const names = tasks.map((t) => t.name).join(', ');
    log(
      `running ${tasks.length} task(s) (${names}) from ${queues.length} queue(s): ${queues.map((q) => q.name).join(', ')} ` +
        `(concurrency ${command.concurrency} per queue, visibility ${command.visibilityTimeout} s). SIGTERM or Ctrl+C drains and stops.`,
    );
  } catch (error) {
    client.destroy();
    if (error instanceof UsageError) throw error;
    log(describe(error));
    return EXIT.FAILURE;
  }

  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    const onSignal = (received: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      // A second signal while draining: leave at once.
      const force = (again: NodeJS.Signals) => process.exit(128 + (constants.signals[again] ?? 0));
      process.once('SIGINT', force);
      process.once('SIGTERM', force);
      resolveSignal(received);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  log(`${signal}: stopping; running tasks have ${command.stopTimeoutMs / 1000} s to finish (a second signal exits at once).`);
  try {
    const result = await worker.stop({ timeoutMs: command.stopTimeoutMs });
    log(`stopped (${JSON.stringify(result)}).`);
    if (result.aborted > 0) {
      log(`${result.aborted} task(s) were still running at --stop-timeout and were aborted; their messages will be delivered again.`);
      return EXIT.FAILURE;
    }
    return EXIT.OK;
  } catch (error) {
    log(`stopping failed: ${describe(error)}`);
    return EXIT.FAILURE;
  } finally {
    client.destroy();
  }
}
