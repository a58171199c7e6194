#!/usr/bin/env node
/**
 * The inspector's command line — what `npm start` runs: start (by default) a local ElasticMQ with
 * the demo queues, serve the bridge and the app on 127.0.0.1, print the URL to open, and stop
 * everything on Ctrl+C or SIGTERM.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startInspector, type InspectorTarget, type RunningInspector, type StartInspectorOptions } from './start.js';

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  /** The URL and other results. @defaultValue `process.stdout` */
  readonly out: (text: string) => void;
  /** Progress, warnings and errors. @defaultValue `process.stderr` */
  readonly err: (text: string) => void;
}

/** The help text of `--help`. */
export const HELP = `Usage: npm start [-- options]
       node apps/inspector/dist/server/cli.js [options]

SQS MEGA inspector: look inside SQS queues, see every message decoded, and try subscriber
patterns on real messages. By default it starts a local ElasticMQ, creates demo queues (standard,
FIFO, a dead-letter queue with its redrive policy, SNS deliveries) filled with messages of every
kind, and prints the URL to open.

Options:
  --endpoint URL    Inspect an SQS-compatible endpoint instead of the demo (ElasticMQ, LocalStack, …).
                    Credentials from the AWS SDK's default chain, or dummy ones if it finds none.
  --aws             Inspect real AWS SQS: region and credentials from the SDK's default chain
                    (AWS_PROFILE, AWS_REGION, SSO, environment variables, …).
  --region REGION   The region for --aws or --endpoint (default: the SDK's chain; us-east-1 for --endpoint).
  --port N          The port on 127.0.0.1 (default 0: a free port).
  --contracts PATH  A module exporting event contracts (defineEvent): every captured MEGA event is
                    labelled with the contract it keeps, its violation, or "no contract".
  --allow-writes    Allow sending, deleting, purging and redriving (read-only without it).
  --no-demo         With the local ElasticMQ: start it empty, without the demo queues.
  --open            Open the URL in the default browser.
  -h, --help        Show this help.

The inspector listens on 127.0.0.1 only and keeps AWS credentials on the server side. The printed
URL signs one browser in, once (its token changes on every launch); for another browser, choose
"Sign in another browser" in a signed-in tab. The local ElasticMQ listens on a port browsers refuse
to connect to, under a random path, so no web page can reach it. Peeking receives messages with
visibility 0: they stay in the queue, but each peek counts toward maxReceiveCount, so confirmed
peeks can move messages to a dead-letter queue even when read-only.
Ctrl+C stops it (and the local ElasticMQ).
`;

const OPTIONS = {
  endpoint: { type: 'string' },
  aws: { type: 'boolean' },
  region: { type: 'string' },
  port: { type: 'string', short: 'p' },
  contracts: { type: 'string' },
  'allow-writes': { type: 'boolean' },
  'no-demo': { type: 'boolean' },
  open: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A command line that cannot be run; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Always `USAGE`. */
  readonly code = 'USAGE';
}

/** What the command line asks for. */
export type CliCommand = { readonly kind: 'help' } | { readonly kind: 'start'; readonly options: StartInspectorOptions; readonly open: boolean };

/**
 * Parses the arguments (after the program name) with `util.parseArgs`, strictly.
 * @throws UsageError for unknown options, positionals, a bad port, or options that contradict
 */
export function parseCli(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.aws && values.endpoint !== undefined) throw new UsageError('Pass --aws or --endpoint, not both.');
  if (values['no-demo'] && (values.aws || values.endpoint !== undefined)) {
    throw new UsageError('--no-demo only applies to the local ElasticMQ: --endpoint and --aws never create demo queues.');
  }
  if (values.region !== undefined && !values.aws && values.endpoint === undefined) {
    throw new UsageError('--region applies to --aws or --endpoint; the local ElasticMQ is always us-east-1.');
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) throw new UsageError(`--port must be an integer from 0 to 65535, not "${values.port}".`);
  }
  let target: InspectorTarget;
  if (values.aws) target = { kind: 'aws', region: values.region };
  else if (values.endpoint !== undefined) target = { kind: 'endpoint', endpoint: values.endpoint, region: values.region };
  else target = { kind: 'local', demo: !values['no-demo'] };
  const options: StartInspectorOptions = { target, port, allowWrites: values['allow-writes'] ?? false, ...(values.contracts === undefined ? {} : { contracts: values.contracts }) };
  return { kind: 'start', options, open: values.open ?? false };
}

function openInBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', () => io.err(`Could not open a browser (${command}): open the URL above yourself.\n`));
  child.unref();
}

function waitForStopSignal(inspector: RunningInspector): Promise<'signal' | 'elasticmq-exited'> {
  return new Promise((resolveStop) => {
    let signalled = false;
    const onSignal = (): void => {
      if (signalled) process.exit(130); // a second Ctrl+C: leave now; the watchdog ends ElasticMQ
      signalled = true;
      resolveStop('signal');
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    void inspector.elasticmq?.exited.then(() => resolveStop('elasticmq-exited'));
  });
}

/**
 * Runs the inspector's command line until Ctrl+C or SIGTERM.
 *
 * @param argv the arguments after the program name
 * @returns the exit code: 0 stopped, 1 failed, 2 bad usage
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`${error.message}\n\n${HELP}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.out(HELP);
    return 0;
  }
  // The SDK's notice about future Node versions is noise here (the SDK is pinned in the lockfile).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

  let inspector: RunningInspector;
  try {
    inspector = await startInspector({ ...command.options, log: (line) => io.err(`${line}\n`) });
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? `${(error as { code: string }).code}: ` : '';
    io.err(`The inspector could not start: ${code}${(error as Error)?.message ?? String(error)}\n`);
    return 1;
  }
  const { session } = inspector;
  const source = session.mode === 'local' ? `local ElasticMQ at ${session.endpoint}` : session.mode === 'aws' ? `AWS SQS in ${session.region}` : session.endpoint;
  io.err(`SQS: ${source}. ${session.allowWrites ? 'Writes allowed (--allow-writes).' : 'Read-only: pass --allow-writes to send, delete, purge and redrive.'}\n`);
  io.out(`Inspector: ${inspector.url}\n`);
  io.err('Open the URL above: it signs one browser in, once (for another, use "Sign in another browser" in the inspector). Ctrl+C stops the inspector.\n');
  if (command.open) openInBrowser(inspector.url, io);

  const ended = await waitForStopSignal(inspector);
  if (ended === 'elasticmq-exited') {
    io.err('ElasticMQ exited on its own; stopping the inspector.\n');
    for (const line of inspector.elasticmq?.recentLog().slice(-20) ?? []) io.err(`  ${line}\n`);
  }
  await inspector.stop();
  io.err('Inspector stopped.\n');
  return ended === 'signal' ? 0 : 1;
}

const defaultIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function isMain(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exit(code);
    },
    (error: unknown) => {
      process.stderr.write(`inspector: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
