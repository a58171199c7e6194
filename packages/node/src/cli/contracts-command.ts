/**
 * `sqs-mega contracts <module> --asyncapi`: writes the AsyncAPI 3.0.0 document of the event
 * contracts a module exports (and of its `channels`, when it exports some), for teams in other
 * languages. The document comes from core's `asyncApiDocument`; this file only loads the module
 * and writes the result. `parseContractsArgs` is pure; `runContracts` does the I/O.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { asyncApiDocument, ContractInvalidError, isEventContract, type ChannelDeclarations, type EventContract } from '@sqs-mega/core';
import { EXIT, UsageError, type CliIo } from './cli-io.js';
import { parseOptions } from './parse-options.js';
import { importTasksModule, TasksModuleError } from './tasks-module.js';

/** The help text of `sqs-mega contracts --help`. */
export const CONTRACTS_HELP = `Usage: sqs-mega contracts <module> --asyncapi [options]

Writes the AsyncAPI 3.0.0 document (JSON) of the event contracts (defineEvent from @sqs-mega/core)
that a module exports, for consumers in other languages. Each contract is one message, named
name@version, whose payload is the JSON Schema (draft-07) of its whole MEGA document.

The module (resolved from the current directory, loaded with import(); .ts through the project's tsx):
  export const userUpdated = defineEvent({ … })     every exported contract is described
  export const channels = {                         optional: where they travel; without it, each
    'user-events': { queue: 'user-events', contracts: [userUpdated] },   event gets a channel of
    users: { topic: 'arn:aws:sns:…:users', contracts: [userUpdated] },   its own name
  }
  export const info = { title, version, description }   optional: the document's info

Options:
  --asyncapi           Write an AsyncAPI document (the one format so far; required).
  --out FILE           Write it to FILE (directories created) instead of stdout.
  --title TEXT         info.title (default: the module's info.title, else its file name).
  --api-version TEXT   info.version (default: the module's info.version, else 0.0.0).
  -h, --help           Show this help.

Schema parts that cannot be written as JSON Schema (a library without the Standard JSON Schema
interface, such as valibot unless wrapped with toStandardJsonSchema from @valibot/to-json-schema;
a transform or custom check the library cannot convert) are left unconstrained, listed under
x-sqs-mega-unexpressed in the document, and reported on stderr.

Exit codes:
  0        written
  1        failure: the module threw on import, its channels are invalid, or the file cannot be written
  2        usage: unknown option, no --asyncapi, no module, a module missing or exporting no contract
`;

const OPTIONS = {
  asyncapi: { type: 'boolean' },
  out: { type: 'string', short: 'o' },
  title: { type: 'string' },
  'api-version': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const VALUE_NAMES = { out: 'FILE', title: 'TEXT', 'api-version': 'TEXT' } as const;

/** What `sqs-mega contracts` was asked to do. */
export interface ContractsCommand {
  /** The module's path, as given (resolved from the current directory when run). */
  readonly module: string;
  readonly format: 'asyncapi';
  /** Where to write. @defaultValue stdout */
  readonly out?: string;
  /** @defaultValue the module's `info.title`, else its file name */
  readonly title?: string;
  /** @defaultValue the module's `info.version`, else `0.0.0` */
  readonly apiVersion?: string;
}

/**
 * Parses the arguments after `contracts`, strictly.
 *
 * @returns `'help'` for `--help`, else the command.
 * @throws UsageError for unknown options, no module or more than one, or no format.
 */
export function parseContractsArgs(argv: readonly string[]): ContractsCommand | 'help' {
  const { values, positionals } = parseOptions(argv, { command: 'sqs-mega contracts', options: OPTIONS, valueNames: VALUE_NAMES });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new UsageError('Name the module that exports your contracts: sqs-mega contracts ./dist/contracts.js --asyncapi.');
  if (positionals.length > 1) throw new UsageError(`Give one module, not ${positionals.length} (${positionals.join(', ')}): export every contract from it.`);
  if (values.asyncapi !== true) throw new UsageError(`Choose the document to write: sqs-mega contracts ${positionals[0]!} --asyncapi.`);
  return {
    module: positionals[0]!,
    format: 'asyncapi',
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values.title === undefined ? {} : { title: values.title }),
    ...(values['api-version'] === undefined ? {} : { apiVersion: values['api-version'] }),
  };
}

/** The module loader's errors speak of `--tasks`; here the module is the positional argument. */
function asContractsModuleError(error: unknown): unknown {
  if (!(error instanceof UsageError) && !(error instanceof TasksModuleError)) return error;
  const message = error.message.replace(/--tasks /g, '').replace(/the worker/g, 'sqs-mega contracts').replace(/your tasks/g, 'your contracts');
  return error instanceof UsageError ? new UsageError(message, { cause: error }) : new TasksModuleError(message, { cause: error.cause });
}

interface ModuleInfo {
  readonly title?: unknown;
  readonly version?: unknown;
  readonly description?: unknown;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Loads the module, builds its AsyncAPI document and writes it to `--out` or stdout; reports the
 * schema parts left unconstrained on stderr.
 *
 * @returns the exit code: 0 written, 1 failure
 * @throws UsageError for a module that is missing, a directory, TypeScript without tsx, or exports no contract.
 */
export async function runContracts(command: ContractsCommand, io: CliIo, cwd = process.cwd()): Promise<number> {
  let exports: Record<string, unknown>;
  try {
    exports = (await importTasksModule(command.module, cwd)) as Record<string, unknown>;
  } catch (error) {
    const shown = asContractsModuleError(error);
    if (shown instanceof TasksModuleError) {
      io.err(`sqs-mega: ${shown.message}\n`);
      return EXIT.FAILURE;
    }
    throw shown;
  }
  const contracts = Object.values(exports).filter((value): value is EventContract => isEventContract(value));
  const channels = exports['channels'] as ChannelDeclarations | undefined;
  if (channels !== undefined && (typeof channels !== 'object' || channels === null)) {
    io.err(`sqs-mega: ${command.module} exports channels that is not an object: export const channels = { 'user-events': { queue: 'user-events', contracts: [userUpdated] } }.\n`);
    return EXIT.FAILURE;
  }
  if (contracts.length === 0 && channels === undefined) {
    throw new UsageError(`${command.module} exports no event contract: export the values defineEvent() returns (export const userUpdated = defineEvent(...)).`);
  }
  const info = (typeof exports['info'] === 'object' && exports['info'] !== null ? exports['info'] : {}) as ModuleInfo;
  const stem = basename(command.module, extname(command.module));
  const description = textOf(info.description);

  let result: ReturnType<typeof asyncApiDocument>;
  try {
    result = asyncApiDocument({
      contracts,
      ...(channels === undefined ? {} : { channels }),
      title: command.title ?? textOf(info.title) ?? stem,
      version: command.apiVersion ?? textOf(info.version) ?? '0.0.0',
      ...(description === undefined ? {} : { description }),
    });
  } catch (error) {
    if (!(error instanceof ContractInvalidError)) throw error;
    io.err(`sqs-mega: ${command.module}: ${error.message}\n`);
    return EXIT.FAILURE;
  }

  const text = `${JSON.stringify(result.document, null, 2)}\n`;
  if (command.out === undefined) {
    io.out(text);
  } else {
    const file = resolve(cwd, command.out);
    try {
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, text);
    } catch (error) {
      io.err(`sqs-mega: cannot write ${command.out} (${(error as Error).message}).\n`);
      return EXIT.FAILURE;
    }
    const messages = Object.keys(result.document['components'] !== undefined ? (result.document['components'] as { messages: object }).messages : {}).length;
    io.err(`sqs-mega: wrote ${command.out}: ${messages} message(s), ${Object.keys(result.document['channels'] as object).length} channel(s).\n`);
  }
  for (const part of result.unexpressed) {
    io.err(`sqs-mega: warning: ${part.contract} ${part.part} is unconstrained in the document: ${part.reason}.\n`);
  }
  return EXIT.OK;
}
