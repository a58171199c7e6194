#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CACHE_DIR_ENV, chooseCacheDir, resolveCacheDir, type CacheDirChoice, type CacheDirOptions, type CacheDirSource } from './cache-dir.js';
import { startElasticMQ } from './elasticmq.js';
import { LocalServerError } from './errors.js';
import { ELASTICMQ_VERSION, fetchElasticMQ } from './fetch-elasticmq.js';
import type { LocalServer } from './local-server.js';
import { startMoto } from './moto.js';
import { installMoto, MOTO_VERSION } from './moto-venv.js';

/** Why the default cache directory is where it is, in the help's words. */
const CACHE_DIR_REASONS: Record<CacheDirSource, string> = {
  option: 'as given',
  env: `from $${CACHE_DIR_ENV}`,
  node_modules: `node_modules/.cache/sqs-mega of the project this package is installed in; $${CACHE_DIR_ENV} overrides it`,
  workspace: `.cache/ at the root of this workspace; $${CACHE_DIR_ENV} overrides it`,
  package: `.cache/ in this package's directory; $${CACHE_DIR_ENV} overrides it`,
};

function describeDefault(cache: CacheDirChoice): string {
  return `${cache.dir}\n                    (${CACHE_DIR_REASONS[cache.source]})`;
}

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  /** Results (endpoints, JSON). @defaultValue `process.stdout` */
  readonly out: (text: string) => void;
  /** Progress, logs and errors. @defaultValue `process.stderr` */
  readonly err: (text: string) => void;
}

/** The port each server command listens on unless `--port` says otherwise (their usual ports). */
export const CLI_DEFAULT_PORTS = { elasticmq: 9324, moto: 5000 } as const;

/** The help text, naming the cache directory actually used (and why). */
export function helpText(cache: CacheDirChoice): string {
  return `Usage: sqs-mega-local <command> [options]

Local SQS (ElasticMQ) and SNS (moto) servers for tests, benchmarks and demos.

Commands:
  fetch [--elasticmq] [--moto]  Fetch ElasticMQ ${ELASTICMQ_VERSION} (Maven) and install moto ${MOTO_VERSION}
                                (Python venv + pip) into the cache. Both when neither flag is given.
  elasticmq [--port N]          Run ElasticMQ in the foreground (port ${CLI_DEFAULT_PORTS.elasticmq} unless given; 0 = a free port).
  moto [--port N]               Run moto in the foreground (port ${CLI_DEFAULT_PORTS.moto} unless given; 0 = a free port).
  cache-dir                     Print the cache directory.

Options:
  --cache-dir DIR   Cache directory. Default: ${describeDefault(cache)}.
  --json            elasticmq/moto: print {"kind","endpoint","region","port","pid"} as one JSON line.
  --verbose         Print the server's (or Maven's and pip's) output to stderr.
  -h, --help        Show this help.

The servers listen on 127.0.0.1 and stop on Ctrl+C or SIGTERM. Needs Java and Maven for ElasticMQ,
Python 3 with venv for moto (Debian/Ubuntu: apt-get install -y openjdk-17-jre-headless maven python3-venv).
`;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'cache-dir': { type: 'string' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  port: { type: 'string', short: 'p' },
  elasticmq: { type: 'boolean' },
  moto: { type: 'boolean' },
} as const;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port must be an integer from 0 to 65535, not "${text}".`);
  return port;
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

async function runFetch(which: { elasticmq: boolean; moto: boolean }, cacheDir: string | undefined, verbose: boolean, io: CliIo) {
  const onLog = verbose ? (line: string) => io.err(`${line}\n`) : undefined;
  const both = !which.elasticmq && !which.moto;
  if (both || which.elasticmq) {
    const started = Date.now();
    io.err(`Fetching ElasticMQ ${ELASTICMQ_VERSION}...\n`);
    const lib = await fetchElasticMQ({ cacheDir, onLog });
    io.err(`ElasticMQ ${ELASTICMQ_VERSION} ready in ${lib} (${seconds(started)})\n`);
  }
  if (both || which.moto) {
    const started = Date.now();
    io.err(`Installing moto ${MOTO_VERSION}...\n`);
    const venv = await installMoto({ cacheDir, onLog });
    io.err(`moto ${MOTO_VERSION} ready in ${venv} (${seconds(started)})\n`);
  }
}

async function runServer(
  kind: 'elasticmq' | 'moto',
  port: number,
  cacheDir: string | undefined,
  flags: { json: boolean; verbose: boolean },
  io: CliIo,
): Promise<number> {
  const onLog = flags.verbose ? (line: string) => io.err(`${line}\n`) : undefined;
  const options = { port, cacheDir, onLog, keepProcessAlive: true };
  const server: LocalServer = kind === 'elasticmq' ? await startElasticMQ(options) : await startMoto(options);
  const { endpoint, region, pid } = server;
  if (flags.json) {
    io.out(`${JSON.stringify({ kind, endpoint, region, port: server.port, pid })}\n`);
  } else {
    const name = kind === 'elasticmq' ? `ElasticMQ ${ELASTICMQ_VERSION} (SQS)` : `moto ${MOTO_VERSION} (SNS)`;
    io.out(`${name} listening on ${endpoint} (region ${region}). Ctrl+C stops it.\n`);
  }

  let stopSignal: NodeJS.Signals | undefined;
  const signalled = new Promise<void>((resolveSignal) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopSignal) process.exit(130); // a second Ctrl+C: leave now, the watchdog kills the server
      stopSignal = signal;
      resolveSignal();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const ended = await Promise.race([signalled.then(() => 'signal' as const), server.exited]);
  if (ended === 'signal') {
    await server.stop();
    return 0;
  }
  io.err(`${kind} exited on its own (${ended.signal ?? `exit code ${ended.exitCode}`}).\n`);
  for (const line of server.recentLog().slice(-20)) io.err(`  ${line}\n`);
  return 1;
}

/**
 * Runs the `sqs-mega-local` command line.
 *
 * @param argv the arguments after the program name
 * @param where how the default cache directory is found (tests): the environment and the package's location.
 *   @defaultValue `process.env` and this module's location
 * @returns the exit code: 0 done, 1 failed, 2 bad usage
 */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo, where: Pick<CacheDirOptions, 'env' | 'from'> = {}): Promise<number> {
  const help = helpText(chooseCacheDir(where));
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${help}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (values.help || command === 'help' ? io.out : io.err)(help);
    return values.help || command === 'help' ? 0 : 2;
  }
  const cacheDir = values['cache-dir'];
  try {
    if (extra.length > 0) throw new UsageError(`Unexpected argument "${extra[0]}".`);
    const allowed: Record<string, readonly string[]> = {
      fetch: ['elasticmq', 'moto'],
      elasticmq: ['port', 'json'],
      moto: ['port', 'json'],
      'cache-dir': [],
    };
    const own = allowed[command];
    if (!own) throw new UsageError(`Unknown command "${command}".`);
    for (const name of ['port', 'json', 'elasticmq', 'moto'] as const) {
      if (values[name] !== undefined && !own.includes(name)) {
        throw new UsageError(`"${command}" takes no --${name}.`);
      }
    }
    const verbose = values.verbose ?? false;
    switch (command) {
      case 'fetch':
        await runFetch({ elasticmq: values.elasticmq ?? false, moto: values.moto ?? false }, cacheDir, verbose, io);
        return 0;
      case 'cache-dir':
        io.out(`${resolveCacheDir({ ...where, cacheDir })}\n`);
        return 0;
      case 'elasticmq':
      case 'moto': {
        const port = parsePort(values.port, CLI_DEFAULT_PORTS[command]);
        return await runServer(command, port, cacheDir, { json: values.json ?? false, verbose }, io);
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n\n${help}`);
      return 2;
    }
    if (error instanceof LocalServerError) {
      io.err(`sqs-mega-local: ${error.code}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
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
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`sqs-mega-local: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
