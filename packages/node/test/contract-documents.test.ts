/**
 * Contract documents for other languages: the JSON Schema of a contract checked by ajv against real
 * payloads (built by `contract.build()`, written by `encodeBody`), the same contract in zod, valibot
 * and arktype; the AsyncAPI document of a contracts module checked by the official AsyncAPI parser;
 * and `sqs-mega contracts` end to end, as the built bin runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';
import { asyncApiDocument, decodeBody, defineEvent, encodeBody, isEventContract, toJsonSchema, type AnySchema, type EventContract, type JsonSchemaTarget } from '@sqs-mega/core';
import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CLI = fileURLToPath(new URL('../dist/cli/sqs-mega.js', import.meta.url));
const FIXTURE = 'test/fixtures/contracts-module.js';
const FIXTURE_URL = new URL('./fixtures/contracts-module.js', import.meta.url).href;

// ajv 8 (draft-07 and 2020-12) is here only as the AsyncAPI parser's own copy; the top-level ajv is 6.
const requireFromParser = createRequire(createRequire(import.meta.url).resolve('@asyncapi/parser'));
const requireHere = createRequire(import.meta.url);
interface Validator {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
interface AjvInstance {
  compile(schema: object): Validator;
}
type AjvClass = new (options: object) => AjvInstance;
const Ajv2020 = (requireFromParser('ajv/dist/2020') as { default: AjvClass }).default;
const Ajv07 = (requireFromParser('ajv') as { default: AjvClass }).default;
const addFormats = (requireHere('ajv-formats') as { default: (ajv: AjvInstance) => void }).default;

function validatorOf(contract: EventContract, target: JsonSchemaTarget): Validator {
  const ajv = new (target === 'draft-07' ? Ajv07 : Ajv2020)({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(toJsonSchema(contract, { target }).schema);
}

/** The same schemas, written with one library. */
interface Library {
  readonly vendor: string;
  readonly user: AnySchema;
  readonly previous: AnySchema;
  readonly extra: AnySchema;
  readonly attributes: AnySchema;
}

const libraries: readonly Library[] = [
  {
    vendor: 'zod',
    user: z.object({ id: z.number(), email: z.email(), plan: z.string().default('free') }),
    previous: z.object({ email: z.string() }),
    extra: z.object({ traceId: z.string() }),
    attributes: z.object({ source: z.enum(['web', 'api']) }),
  },
  {
    // valibot has no JSON Schema of its own: its wrapper adds the Standard JSON Schema interface.
    vendor: 'valibot',
    user: toStandardJsonSchema(v.object({ id: v.number(), email: v.pipe(v.string(), v.email()), plan: v.optional(v.string(), 'free') })),
    previous: toStandardJsonSchema(v.object({ email: v.string() })),
    extra: toStandardJsonSchema(v.object({ traceId: v.string() })),
    attributes: toStandardJsonSchema(v.object({ source: v.picklist(['web', 'api']) })),
  },
  {
    vendor: 'arktype',
    user: type({ id: 'number', email: 'string.email', plan: "string = 'free'" }),
    previous: type({ email: 'string' }),
    extra: type({ traceId: 'string' }),
    attributes: type({ source: "'web' | 'api'" }),
  },
];

/** The fields of a wire document the refusal cases change. */
interface WireDocument {
  protocol: unknown;
  event: Record<string, unknown> & { attributes?: Record<string, unknown> };
  object?: { current: Record<string, unknown>; previous?: unknown };
  extra?: unknown;
}

/** A document as it travels: `encodeBody`'s JSON, parsed. */
function wire(payload: Parameters<typeof encodeBody>[0]): Record<string, unknown> {
  return JSON.parse(encodeBody(payload)) as Record<string, unknown>;
}

describe.each(libraries)('the JSON Schema of a contract written with $vendor', (lib) => {
  const userUpdated = defineEvent({
    name: 'user.updated',
    version: 2,
    domain: 'accounts',
    object: { current: lib.user, previous: lib.previous },
    extra: lib.extra,
    attributes: lib.attributes,
  });
  const input = {
    subject: '42',
    object: { type: 'user', id: '42', current: { id: 42, email: 'ada@example.com' }, previous: { email: 'old@example.com' } },
    extra: { traceId: 't-1' },
    attributes: { source: 'web' as const },
  };

  it.each(['draft-2020-12', 'draft-07'] as const)('accepts what build() and encodeBody publish, and refuses documents that break the contract (%s)', (target) => {
    expect(toJsonSchema(userUpdated, { target }).unexpressed).toEqual([]);
    const validate = validatorOf(userUpdated, target);
    const document = wire(userUpdated.build(input as never));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(userUpdated.is(decodeBody(JSON.stringify(document)))).toBe(true);
    expect(validate(wire(userUpdated.build({ ...input, object: { current: input.object.current } } as never)))).toBe(true);

    const broken = (change: (doc: WireDocument) => void): Record<string, unknown> => {
      const copy = structuredClone(document) as unknown as WireDocument;
      change(copy);
      return copy as unknown as Record<string, unknown>;
    };
    const violations: Record<string, Record<string, unknown>> = {
      'another event': broken((d) => (d.event.name = 'user.created')),
      'another version': broken((d) => (d.event.version = 3)),
      'another domain': broken((d) => (d.event.domain = 'billing')),
      'no timestamp': broken((d) => delete d.event.timestamp),
      'a timestamp that is not a date-time': broken((d) => (d.event.timestamp = 'yesterday')),
      'not MEGA': broken((d) => (d.protocol = 'other')),
      'an id that is a string': broken((d) => (d.object!.current.id = '42')),
      'an email that is not one': broken((d) => (d.object!.current.email = 'not-an-email')),
      'a previous without email': broken((d) => (d.object!.previous = { name: 'Ada' })),
      'no extra': broken((d) => delete d.extra),
      'an unknown source': broken((d) => (d.event.attributes!.source = 'fax')),
      'no attributes': broken((d) => delete d.event.attributes),
      'no object': broken((d) => delete d.object),
    };
    for (const [what, violating] of Object.entries(violations)) {
      expect(validate(violating), what).toBe(false);
      expect(userUpdated.is(decodeBody(JSON.stringify(violating))), what).toBe(false); // the contract refuses it too
    }
  });
});

describe('the AsyncAPI document of a contracts module', () => {
  it('is valid for the official AsyncAPI parser, each message payload accepting what its contract publishes', async () => {
    const module = (await import(FIXTURE_URL)) as Record<string, unknown>;
    const contracts = Object.values(module).filter((value): value is EventContract => isEventContract(value));
    const { document, unexpressed } = asyncApiDocument({ contracts, channels: module['channels'] as never, title: 'Accounts events', version: '2.1.0' });
    expect(unexpressed).toEqual([{ contract: 'audit.logged@1', part: 'extra', reason: expect.stringContaining('hand-written schema has no Standard JSON Schema interface') }]);

    const diagnostics = await new Parser().validate(document as never);
    // Severity 0 is an error, 1 a warning. The one information-level diagnostic is
    // asyncapi-latest-version ("3.1.0 exists"): the document is AsyncAPI 3.0.0 on purpose, the
    // version tools read most widely.
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`)).toEqual([]);
    expect(diagnostics.filter((d) => d.severity > 1).map((d) => d.code)).toEqual(['asyncapi-latest-version']);

    const { document: parsed } = await new Parser().parse(document as never);
    expect(parsed?.channels().all().map((channel) => [channel.id(), channel.address()])).toEqual([
      ['user-events', 'user-events'],
      ['users', 'users'],
      ['audit', 'audit'],
    ]);
    expect(parsed?.messages().all().map((message) => message.name()).sort()).toEqual(['audit.logged@1', 'user.created@1', 'user.deleted@1', 'user.updated@2']);
    expect(parsed?.operations().all().map((operation) => `${operation.action()} ${operation.channels().all()[0]!.id()}`)).toContain('send user-events');

    // The payload in the document validates a published payload (draft-07, as AsyncAPI reads it).
    const ajv = new Ajv07({ strict: false });
    addFormats(ajv);
    const userUpdated = module['userUpdated'] as EventContract;
    const payload = (document['components'] as { messages: Record<string, { payload: { schema: object } }> }).messages['user.updated.v2']!.payload.schema;
    const built = userUpdated.build({ object: { current: { id: 1, email: 'a@example.com' } }, extra: { traceId: 't' }, attributes: { source: 'api' } } as never);
    expect(ajv.compile(payload)(wire(built))).toBe(true);
  });
});

function runBuilt(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('sqs-mega contracts (the built bin)', () => {
  it('writes the AsyncAPI document of a module to --out, with the module info, and warns of unexpressed parts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sqs-mega-contracts-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const out = join(dir, 'docs', 'asyncapi.json');
    const run = await runBuilt(['contracts', FIXTURE, '--asyncapi', '--out', out]);
    expect(run.stderr).toContain(`wrote ${out}: 4 message(s), 3 channel(s)`);
    expect(run.stderr).toContain('warning: audit.logged@1 extra is unconstrained in the document');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');

    const document = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
    expect(document).toMatchObject({
      asyncapi: '3.0.0',
      info: { title: 'Accounts events', version: '2.1.0', description: expect.stringContaining('Events of the accounts service.') },
      channels: { users: { address: 'users', 'x-sqs-mega-topic-arn': 'arn:aws:sns:eu-west-1:123456789012:users' } },
      'x-sqs-mega-unexpressed': [{ contract: 'audit.logged@1', part: 'extra' }],
    });
    expect((await new Parser().validate(document as never)).filter((d) => d.severity <= 1)).toEqual([]);
  }, 30_000);

  it('writes to stdout without --out, titles from the options, and exits 2 on bad usage', async () => {
    const written = await runBuilt(['contracts', FIXTURE, '--asyncapi', '--title', 'Users', '--api-version', '9.0.0']);
    expect(written.code).toBe(0);
    expect(JSON.parse(written.stdout)).toMatchObject({ info: { title: 'Users', version: '9.0.0' } });

    const noFormat = await runBuilt(['contracts', FIXTURE]);
    expect(noFormat.code).toBe(2);
    expect(noFormat.stderr).toBe(`sqs-mega: Choose the document to write: sqs-mega contracts ${FIXTURE} --asyncapi.\nRun sqs-mega contracts --help for the usage.\n`);

    const dir = await mkdtemp(join(tmpdir(), 'sqs-mega-contracts-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'empty.js'), 'export const nothing = 1;\n');
    const empty = await runBuilt(['contracts', join(dir, 'empty.js'), '--asyncapi']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('exports no event contract: export the values defineEvent() returns');

    const missing = await runBuilt(['contracts', 'nope.js', '--asyncapi']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sqs-mega: nope\.js: .*nope\.js does not exist/);

    const help = await runBuilt(['--help']);
    expect(help.stdout).toContain('contracts <module> --asyncapi [--out FILE]');
  }, 30_000);
});
