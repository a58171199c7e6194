#!/usr/bin/env node
/**
 * The `sqs-mega` command line: `worker`, which runs tasks (`defineTask`) from SQS queues, and
 * `contracts`, which writes the AsyncAPI document of event contracts (`defineEvent`). Exit codes:
 * 0 done, 1 failure, 2 bad usage (see `sqs-mega <command> --help`).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, processIo, UsageError, type CliIo } from './cli-io.js';
import { closestName } from './closest-name.js';
import { CONTRACTS_HELP, parseContractsArgs, runContracts, type ContractsCommand } from './contracts-command.js';
import { parseWorkerArgs, runWorker, WORKER_HELP, type WorkerCommand } from './worker-command.js';

/** The help text of `sqs-mega --help`. */
export const HELP = `Usage: sqs-mega <command> [options]

SQS MEGA for Node on the command line.

Commands:
  worker <queues…>   Run the tasks of a module (defineTask) from SQS queues, by name, task name,
                     comma list or wildcard ('email.*'), until SIGTERM/Ctrl+C drains it.
                     sqs-mega worker --help shows its options and exit codes.
  contracts <module> --asyncapi [--out FILE]
                     Write the AsyncAPI 3.0.0 document (JSON Schema payloads) of the event
                     contracts (defineEvent) and channels a module exports.
                     sqs-mega contracts --help shows its options and exit codes.
  help [command]     Show this help, or a command's.

Options:
  -h, --help         Show this help.

Exit codes: 0 done (worker: stopped cleanly), 1 failure, 2 bad usage.
`;

/** What the command line asks for. */
export type CliCommand =
  | { readonly kind: 'help'; readonly text: string }
  | { readonly kind: 'worker'; readonly command: WorkerCommand }
  | { readonly kind: 'contracts'; readonly command: ContractsCommand };

/**
 * Parses the arguments after the program name.
 * @throws UsageError for no command, an unknown command, or the command's own usage errors.
 */
export function parseCli(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('Give a command: sqs-mega worker <queues…> (sqs-mega --help lists the commands).');
  if (first === '-h' || first === '--help') return { kind: 'help', text: HELP };
  if (first === 'help') {
    if (rest[0] === undefined) return { kind: 'help', text: HELP };
    if (rest[0] === 'worker') return { kind: 'help', text: WORKER_HELP };
    if (rest[0] === 'contracts') return { kind: 'help', text: CONTRACTS_HELP };
    throw unknownCommand(rest[0]);
  }
  if (first === 'worker') {
    const worker = parseWorkerArgs(rest);
    return worker === 'help' ? { kind: 'help', text: WORKER_HELP } : { kind: 'worker', command: worker };
  }
  if (first === 'contracts') {
    const contracts = parseContractsArgs(rest);
    return contracts === 'help' ? { kind: 'help', text: CONTRACTS_HELP } : { kind: 'contracts', command: contracts };
  }
  if (first.startsWith('-')) throw new UsageError(`Give the command before its options: sqs-mega worker <queues…> ${first} …`);
  throw unknownCommand(first);
}

const COMMANDS = ['worker', 'contracts', 'help'] as const;

function unknownCommand(typed: string): UsageError {
  const closest = closestName(typed, COMMANDS);
  return new UsageError(`Unknown command "${typed}"${closest === undefined ? '' : ` (did you mean ${closest}?)`}: the commands are ${COMMANDS.slice(0, -1).join(', ')} and ${COMMANDS.at(-1)!}.`);
}

/**
 * Runs the `sqs-mega` command line.
 *
 * @param argv the arguments after the program name
 * @returns the exit code: 0 stopped cleanly, 1 failure, 2 bad usage
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const usage = (error: UsageError): number => {
    const help = argv[0] === 'worker' || argv[0] === 'contracts' ? `sqs-mega ${argv[0]} --help` : 'sqs-mega --help';
    io.err(`sqs-mega: ${error.message}\nRun ${help} for the usage.\n`);
    return EXIT.USAGE;
  };
  let parsed: CliCommand;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    throw error;
  }
  if (parsed.kind === 'help') {
    io.out(parsed.text);
    return EXIT.OK;
  }
  // The SDK's notice about future Node versions is noise in a worker's log.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  try {
    return parsed.kind === 'contracts' ? await runContracts(parsed.command, io) : await runWorker(parsed.command, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(error);
    throw error;
  }
}

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
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`sqs-mega: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exit(EXIT.FAILURE);
    },
  );
}
