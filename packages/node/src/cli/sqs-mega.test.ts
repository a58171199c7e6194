import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-io.js';
import { HELP, parseCli, runCli } from './sqs-mega.js';
import { parseWorkerArgs, WORKER_DEFAULTS, WORKER_HELP, workerClient } from './worker-command.js';

describe('parseWorkerArgs', () => {
  it('applies the defaults: ./tasks.js, concurrency 10, visibility 30 s, stop timeout 20 s, AWS', () => {
    expect(parseWorkerArgs(['email-send'])).toEqual({
      queues: ['email-send'],
      tasks: [WORKER_DEFAULTS.tasks],
      concurrency: 10,
      visibilityTimeout: 30,
      stopTimeoutMs: 20_000,
    });
  });

  it('reads queues (comma lists, task names, patterns, URLs) and every option', () => {
    const argv = ['email.*,sms-send', 'https://sqs.eu-west-1.amazonaws.com/1/q', '{a,b}-x', '--concurrency', '4', '--visibility=60'];
    argv.push('--tasks', 'dist/a.js', '--tasks', 'dist/b.js', '--stop-timeout', '2.5', '--endpoint', 'http://127.0.0.1:9324', '--region', 'eu-west-1');
    expect(parseWorkerArgs(argv)).toEqual({
      queues: ['email.*', 'sms-send', 'https://sqs.eu-west-1.amazonaws.com/1/q', '{a,b}-x'],
      tasks: ['dist/a.js', 'dist/b.js'],
      concurrency: 4,
      visibilityTimeout: 60,
      stopTimeoutMs: 2500,
      endpoint: 'http://127.0.0.1:9324',
      region: 'eu-west-1',
    });
    expect(parseWorkerArgs(['-h'])).toBe('help');
    expect(parseWorkerArgs(['q', '-c', '2'])).toMatchObject({ concurrency: 2 });
  });

  it.each([
    [[], /Name the queues/],
    [[','], /Name the queues/],
    [['q', '--bogus'], /bogus/],
    [['q', '--concurrency', '0'], /--concurrency must be an integer from 1 to 100000/],
    [['q', '--concurrency', '2.5'], /--concurrency/],
    [['q', '--visibility', '43201'], /--visibility must be an integer from 1 to 43200/],
    [['q', '--stop-timeout', '-1'], /--stop-timeout/],
    [['q', '--endpoint', 'localhost:9324'], /--endpoint must be a URL/],
    [['q', '--region', 'EU West'], /--region/],
    [['not a queue'], /"not a queue" is not a queue/],
    [['q', '--tasks', ''], /--tasks needs a path/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseWorkerArgs(argv)).toThrow(UsageError);
    expect(() => parseWorkerArgs(argv)).toThrow(message);
  });

  it.each([
    [['q', '--task', 'x'], 'unknown option --task; did you mean --tasks?'],
    [['q', '--Tasks=x'], 'unknown option --Tasks; did you mean --tasks?'],
    [['q', '--concurency', '2'], 'unknown option --concurency; did you mean --concurrency?'],
    [['q', '--timeout', '3'], 'unknown option --timeout; did you mean --stop-timeout?'],
    [['q', '--endpiont', 'http://x'], 'unknown option --endpiont; did you mean --endpoint?'],
    [['q', '-t', 'x'], 'unknown option -t; did you mean --tasks?'],
    [['q', '--bogus'], 'unknown option --bogus: sqs-mega worker takes --tasks, --concurrency, --visibility, --stop-timeout, --endpoint, --region, --help.'],
    [['q', '--tasks'], '--tasks needs a value: --tasks PATH.'],
    [['q', '-c'], '-c needs a value: -c N.'],
    [
      ['q', '--tasks', '--concurrency', '2'],
      '--tasks needs a value, but the next argument is "--concurrency", an option: write --tasks PATH (a value that starts with "-" is written --tasks=PATH).',
    ],
    [['q', '--help=yes'], '--help takes no value (write --help, not --help=yes).'],
  ])('says what is wrong with the options %j, with the option meant', (argv, message) => {
    let thrown: unknown;
    try {
      parseWorkerArgs(argv);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect((thrown as UsageError).message).toBe(message);
  });

  it('still takes values that start with "-" written inline, and arguments after --', () => {
    expect(parseWorkerArgs(['q', '--tasks=-odd.js'])).toMatchObject({ tasks: ['-odd.js'] });
    expect(parseWorkerArgs(['q', '--', '-q'])).toMatchObject({ queues: ['q', '-q'] });
  });
});

describe('parseCli', () => {
  it('reads the command, and help at either level', () => {
    expect(parseCli(['--help'])).toEqual({ kind: 'help', text: HELP });
    expect(parseCli(['help'])).toEqual({ kind: 'help', text: HELP });
    expect(parseCli(['help', 'worker'])).toEqual({ kind: 'help', text: WORKER_HELP });
    expect(parseCli(['worker', '--help'])).toEqual({ kind: 'help', text: WORKER_HELP });
    expect(parseCli(['worker', 'q'])).toMatchObject({ kind: 'worker', command: { queues: ['q'] } });
  });

  it.each([[[]], [['work']], [['--concurrency', '2', 'worker']], [['help', 'nope']]])('refuses %j', (argv) => {
    expect(() => parseCli(argv)).toThrow(UsageError);
  });

  it('suggests the command meant', () => {
    expect(() => parseCli(['work'])).toThrow('Unknown command "work" (did you mean worker?): the commands are worker, contracts and help.');
    expect(() => parseCli(['help', 'wroker'])).toThrow('(did you mean worker?)');
    expect(() => parseCli(['deploy'])).toThrow('Unknown command "deploy": the commands are worker, contracts and help.');
  });
});

describe('runCli', () => {
  it('prints the help on --help and exits 0; the worker help documents options, defaults and exit codes', async () => {
    const out: string[] = [];
    expect(await runCli(['worker', '--help'], { out: (t) => out.push(t), err: () => undefined })).toBe(0);
    expect(out.join('')).toBe(WORKER_HELP);
    for (const text of ['--concurrency N', '--visibility S', '--tasks PATH', '--stop-timeout S', '--endpoint URL', '--region', "'email.*'", 'Exit codes:', '130/143']) {
      expect(WORKER_HELP).toContain(text);
    }
  });

  it('says what is wrong and where the usage is on bad usage, and exits 2', async () => {
    const err: string[] = [];
    expect(await runCli(['worker', 'q', '--concurrency', 'x'], { out: () => undefined, err: (t) => err.push(t) })).toBe(2);
    expect(err.join('')).toBe('sqs-mega: --concurrency must be an integer from 1 to 100000, not "x".\nRun sqs-mega worker --help for the usage.\n');
    err.length = 0;
    expect(await runCli(['worker', '--task', 'x'], { out: () => undefined, err: (t) => err.push(t) })).toBe(2);
    expect(err.join('')).toBe('sqs-mega: unknown option --task; did you mean --tasks?\nRun sqs-mega worker --help for the usage.\n');
  });

  it('documents in the worker help that messages it cannot run are kept, and how TypeScript tasks load', () => {
    expect(WORKER_HELP).toContain('A message the worker cannot run is kept and logged (once per delivery), never deleted');
    expect(WORKER_HELP).toContain("A .ts module is loaded through the project's tsx");
  });
});

describe('workerClient', () => {
  it('uses --endpoint and --region, with us-east-1 when the environment names no region', async () => {
    const client = workerClient({ endpoint: 'http://127.0.0.1:9324' }, {});
    expect(await client.config.region()).toBe('us-east-1');
    expect(await client.config.endpoint?.()).toMatchObject({ hostname: '127.0.0.1', port: 9324 });
    expect(await workerClient({ endpoint: 'http://127.0.0.1:9324', region: 'eu-west-1' }, {}).config.region()).toBe('eu-west-1');
  });
});
