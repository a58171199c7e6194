/**
 * The behaviour of event contracts, run once for each schema library: the same contracts written
 * with zod, valibot and arktype must build, parse, route and settle alike. Each library's row says
 * how it writes them; the suite never branches on the library except where a row says it differs
 * (arktype has no asynchronous schemas; zod turns a schema that throws into a rejected promise).
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeBody } from '../codec/decode-body.js';
import { encodeBody } from '../codec/encode-body.js';
import { Dispatcher, type DispatchOutcome } from '../dispatch/dispatcher.js';
import type { MessageContext } from '../dispatch/message-context.js';
import { ProcessStatus } from '../dispatch/process-status.js';
import { PayloadBuilder, type EventInput, type ObjectInput } from '../model/payload-builder.js';
import type { MegaPayload } from '../model/payload.js';
import { contractSubscriber } from './contract-subscriber.js';
import { ContractSchemaAsyncError, ContractViolationError, type ContractViolation } from './contract-violation.js';
import { ContractInvalidError, defineEvent } from './define-event.js';
import type { AnySchema } from './schema-validation.js';

/** The same schemas, written with one library. */
interface SchemaLibrary {
  readonly vendor: 'zod' | 'valibot' | 'arktype';
  /** `{ id: number, email: an email, trimmed and lowercased, plan: string = 'free' }`. */
  readonly user: () => AnySchema;
  /** `{ email: string }`. */
  readonly previousUser: () => AnySchema;
  /** `{ traceId: string }`. */
  readonly extra: () => AnySchema;
  /** `{ source: 'web' | 'api' }`. */
  readonly attributes: () => AnySchema;
  /** The first version of the user: `{ id: number, name: string }`. */
  readonly userV1: () => AnySchema;
  /** `{ id: number }` whose transform throws `boom`. */
  readonly throwing: () => AnySchema;
  /** The library reports a schema that throws as a rejected promise, so only the asynchronous calls see it. */
  readonly throwIsAsync: boolean;
  /** `{ id: number, email: string }` refusing {@link TAKEN} asynchronously; absent when the library has no asynchronous schemas. */
  readonly asyncUser?: () => AnySchema;
}

const TAKEN = 'taken@example.com';
const boom = (): never => {
  throw new Error('boom');
};

const libraries: readonly SchemaLibrary[] = [
  {
    vendor: 'zod',
    user: () => z.object({ id: z.number(), email: z.string().trim().toLowerCase().pipe(z.email()), plan: z.string().default('free') }),
    previousUser: () => z.object({ email: z.string() }),
    extra: () => z.object({ traceId: z.string() }),
    attributes: () => z.object({ source: z.enum(['web', 'api']) }),
    userV1: () => z.object({ id: z.number(), name: z.string() }),
    throwing: () => z.object({ id: z.number().transform(boom) }),
    throwIsAsync: true,
    asyncUser: () => z.object({ id: z.number(), email: z.string().refine(async (email) => email !== TAKEN, 'that email is taken') }),
  },
  {
    vendor: 'valibot',
    user: () => v.object({ id: v.number(), email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email()), plan: v.optional(v.string(), 'free') }),
    previousUser: () => v.object({ email: v.string() }),
    extra: () => v.object({ traceId: v.string() }),
    attributes: () => v.object({ source: v.picklist(['web', 'api']) }),
    userV1: () => v.object({ id: v.number(), name: v.string() }),
    throwing: () => v.object({ id: v.pipe(v.number(), v.transform(boom)) }),
    throwIsAsync: false,
    asyncUser: () =>
      v.objectAsync({ id: v.number(), email: v.pipeAsync(v.string(), v.checkAsync(async (email) => email !== TAKEN, 'that email is taken')) }),
  },
  {
    vendor: 'arktype',
    user: () => type({ id: 'number', email: type('string.trim').to('string.lower').to('string.email'), plan: "string = 'free'" }),
    previousUser: () => type({ email: 'string' }),
    extra: () => type({ traceId: 'string' }),
    attributes: () => type({ source: "'web' | 'api'" }),
    userV1: () => type({ id: 'number', name: 'string' }),
    throwing: () => type({ id: type('number').pipe(boom) }),
    throwIsAsync: false,
  },
];

/** What `schema` itself says about `value` (its first issue's message). */
function ownMessage(schema: AnySchema, value: unknown): string {
  const result = schema['~standard'].validate(value) as StandardSchemaV1.Result<unknown>;
  if (result.issues === undefined) throw new Error('expected the schema to refuse the value');
  return result.issues[0]!.message;
}

function payload(event: Partial<EventInput>, object?: ObjectInput, extra?: Record<string, unknown>): MegaPayload {
  const builder = new PayloadBuilder().withEvent({ name: 'user.updated', version: 2, domain: 'accounts', timestamp: '2020-05-04T15:53:27Z', ...event });
  if (object !== undefined) builder.withObject(object);
  if (extra !== undefined) builder.withExtra(extra);
  return builder.build();
}

/** A user.updated@2 payload that keeps every schema of the library's contract. */
function validPayload(overrides: { current?: Record<string, unknown>; type?: string } = {}): MegaPayload {
  return payload(
    { attributes: { source: 'web' } },
    { type: overrides.type ?? 'user', id: '42', current: overrides.current ?? { id: 42, email: '  Ada@Example.COM ' } },
    { traceId: 't-1' },
  );
}

function message(body: string, messageId = 'm1'): Parameters<Dispatcher['dispatch']>[0] {
  return { messageId, body, receiveCount: 1, attributes: {}, messageAttributes: {}, signal: new AbortController().signal };
}

/** The violation an outcome carries; fails unless it is a ContractViolationError. */
function violationOf(outcome: DispatchOutcome): ContractViolation {
  const error = outcome.outcomes[0]?.error;
  expect(error).toBeInstanceOf(ContractViolationError);
  return (error as ContractViolationError).violation;
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

describe.each(libraries)('event contracts written with $vendor', (lib) => {
  const userUpdated = defineEvent({
    name: 'user.updated',
    version: 2,
    domain: 'accounts',
    object: { current: lib.user(), previous: lib.previousUser() },
    extra: lib.extra(),
    attributes: lib.attributes(),
  });
  const userUpdatedV1 = defineEvent({ name: 'user.updated', version: 1, domain: 'accounts', object: { current: lib.userV1() } });
  const validInput = {
    subject: '42',
    object: { type: 'user', id: '42', current: { id: 42, email: '  Ada@Example.COM ' } },
    extra: { traceId: 't-1' },
    attributes: { source: 'web' },
  };

  describe('build', () => {
    it('validates its input and publishes it as given, as a payload that encodeBody and decodeBody round-trip', () => {
      const built = userUpdated.build(validInput);
      expect(built).toMatchObject({
        protocol: 'mega',
        version: 1,
        event: { name: 'user.updated', version: 2, domain: 'accounts', subject: '42', attributes: { source: 'web' } },
        object: { type: 'user', id: '42', version: 1, current: { id: 42, email: '  Ada@Example.COM ' } },
        extra: { traceId: 't-1' },
      });
      expect(built.object.current).not.toHaveProperty('plan'); // the input, not the output
      expect(built.event.timestamp).toBeInstanceOf(Date);

      const decoded = decodeBody(encodeBody(built));
      expect(decoded).toMatchObject({ kind: 'mega', payload: built });
      expect(decodeBody(encodeBody(built, { encoding: 'bson' }))).toMatchObject({ kind: 'mega', payload: built });
      expect(userUpdated.is(decoded)).toBe(true);
    });

    it("refuses invalid input with a ContractViolationError naming each path from the document's root and the library's own message", () => {
      const current = { id: 42, email: 'not-an-email' };
      const error = thrown(() => userUpdated.build({ ...validInput, object: { current }, attributes: { source: 'fax' } }));
      expect(error).toBeInstanceOf(ContractViolationError);
      const violation = (error as ContractViolationError).violation;
      expect((error as ContractViolationError).code).toBe('CONTRACT_VIOLATION');
      expect(violation.contract).toBe('user.updated@2');
      expect(violation.vendors).toEqual([lib.vendor]);
      expect(violation.issues).toContainEqual({ path: ['object', 'current', 'email'], message: ownMessage(lib.user(), current) });
      expect(violation.issues).toContainEqual({ path: ['event', 'attributes', 'source'], message: ownMessage(lib.attributes(), { source: 'fax' }) });
      expect((error as Error).message).toContain('user.updated@2: object.current.email: ');
      expect((error as Error).message).toContain('Nothing was built');
    });
  });

  describe('parse', () => {
    it("gives a copy of the payload with each schema's output in place: transforms and defaults applied", () => {
      const received = validPayload();
      const result = userUpdated.parse(received);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.payload.object.current).toEqual({ id: 42, email: 'ada@example.com', plan: 'free' });
      expect(result.payload).toMatchObject({ event: { name: 'user.updated', attributes: { source: 'web' } }, object: { type: 'user', id: '42' }, extra: { traceId: 't-1' } });
      expect(received.object?.current).toEqual({ id: 42, email: '  Ada@Example.COM ' }); // what arrived is left as it was
    });

    it("reports a payload whose header is not the contract's, by path, without running the schemas", () => {
      const object = { current: { id: 42, email: 'ada@example.com' } };
      const cases: [MegaPayload, (string | number)[]][] = [
        [payload({ name: 'user.created', attributes: { source: 'web' } }, object, { traceId: 't' }), ['event', 'name']],
        [payload({ version: 3, attributes: { source: 'web' } }, object, { traceId: 't' }), ['event', 'version']],
        [payload({ domain: null, attributes: { source: 'web' } }, object, { traceId: 't' }), ['event', 'domain']],
        [payload({ domain: 'billing', attributes: { source: 'web' } }, object, { traceId: 't' }), ['event', 'domain']],
        [payload({ attributes: { source: 'web' } }, undefined, { traceId: 't' }), ['object']],
      ];
      for (const [received, path] of cases) {
        const result = userUpdated.parse(received);
        expect(result).toMatchObject({ ok: false, violation: { contract: 'user.updated@2', vendors: [] } });
        if (!result.ok) expect(result.violation.issues.map((issue) => issue.path)).toEqual([path]);
      }
    });

    it('checks extra and the event attributes, an absent extra as {}', () => {
      const object = { current: { id: 42, email: 'ada@example.com' } };
      const noExtra = userUpdated.parse(payload({ attributes: { source: 'web' } }, object));
      expect(noExtra.ok).toBe(false);
      if (!noExtra.ok) expect(noExtra.violation.issues).toEqual([{ path: ['extra', 'traceId'], message: ownMessage(lib.extra(), {}) }]);

      const badAttributes = userUpdated.parse(payload({ attributes: { source: 'fax' } }, object, { traceId: 't' }));
      expect(badAttributes.ok).toBe(false);
      if (!badAttributes.ok) expect(badAttributes.violation.issues.map((issue) => issue.path)).toEqual([['event', 'attributes', 'source']]);

      const noAttributes = userUpdated.parse(payload({}, object, { traceId: 't' }));
      expect(noAttributes.ok).toBe(false);
      if (!noAttributes.ok) expect(noAttributes.violation.issues.map((issue) => issue.path)).toEqual([['event', 'attributes', 'source']]);
    });

    it('checks previous only when the payload has one', () => {
      const current = { id: 42, email: 'ada@example.com' };
      expect(userUpdated.parse(validPayload({ current })).ok).toBe(true);
      const withPrevious = (previous: Record<string, unknown>): MegaPayload =>
        payload({ attributes: { source: 'web' } }, { current, previous }, { traceId: 't' });
      expect(userUpdated.parse(withPrevious({ email: 'old@example.com' }))).toMatchObject({ ok: true, payload: { object: { previous: { email: 'old@example.com' } } } });
      const bad = userUpdated.parse(withPrevious({ email: 7 }));
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.violation.issues).toEqual([{ path: ['object', 'previous', 'email'], message: ownMessage(lib.previousUser(), { email: 7 }) }]);
    });

    it("reports every schema's issues at once, the header's first", () => {
      const result = userUpdated.parse(payload({ attributes: { source: 'fax' } }, { current: { id: 'x', email: 'ada@example.com' } }));
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.violation.issues.map((issue) => issue.path.join('.'))).toEqual(['object.current.id', 'extra.traceId', 'event.attributes.source']);
        expect(result.violation.vendors).toEqual([lib.vendor]);
      }
    });
  });

  describe('is and claims', () => {
    it('is() says whether a decoded body or a payload is an event of the contract that keeps its schemas', () => {
      expect(userUpdated.is(validPayload())).toBe(true);
      expect(userUpdated.is(decodeBody(encodeBody(validPayload())))).toBe(true);
      expect(userUpdated.is(validPayload({ current: { id: 42, email: 'nope' } }))).toBe(false);
      expect(userUpdated.is(decodeBody(encodeBody(validPayload({ current: { id: 42, email: 'nope' } }))))).toBe(false);
      expect(userUpdated.is(payload({ name: 'user.created', attributes: { source: 'web' } }, { current: { id: 42, email: 'ada@example.com' } }, { traceId: 't' }))).toBe(false);
      expect(userUpdated.is(decodeBody('{"event": {"name": "user.updated"}}'))).toBe(false); // a data object
      expect(userUpdated.is(decodeBody('hello'))).toBe(false);
    });

    it('claims() looks only at the name, the version and the domain', () => {
      const broken = validPayload({ current: { id: 'x' } });
      expect(userUpdated.claims(broken)).toBe(true);
      expect(userUpdatedV1.claims(broken)).toBe(false);
      expect(userUpdated.claims(payload({ domain: 'billing' }))).toBe(false);
      expect(userUpdated.claims(payload({ domain: null }))).toBe(false);
      const anyDomain = defineEvent({ name: 'user.updated', version: 2 });
      expect(anyDomain.claims(payload({ domain: null }))).toBe(true);
      expect(anyDomain.claims(payload({ domain: 'billing' }))).toBe(true);
    });
  });

  describe('through the Dispatcher', () => {
    it('gives a valid message to the handler with the schemas’ output, and deletes it', async () => {
      const seen: unknown[] = [];
      const contexts: MessageContext[] = [];
      const dispatcher = new Dispatcher();
      dispatcher.register(
        contractSubscriber(userUpdated, (received, context) => {
          seen.push(received.object.current);
          contexts.push(context);
        }),
      );
      const outcome = await dispatcher.dispatch(message(encodeBody(userUpdated.build(validInput)), 'm-valid'));
      expect(outcome).toMatchObject({ action: 'delete', unrecognized: false });
      expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.DONE }]);
      expect(outcome.outcomes[0]?.error).toBeUndefined();
      expect(seen).toEqual([{ id: 42, email: 'ada@example.com', plan: 'free' }]);
      expect(contexts[0]?.messageId).toBe('m-valid');
    });

    it('never gives a violating message to the handler, and finishes with it (FATAL_ERROR, deleted) by default', async () => {
      let calls = 0;
      const dispatcher = new Dispatcher();
      dispatcher.register(contractSubscriber(userUpdated, () => void calls++));
      const outcome = await dispatcher.dispatch(message(encodeBody(validPayload({ current: { id: 42, email: 'nope' } }))));
      expect(calls).toBe(0);
      expect(outcome.action).toBe('delete');
      expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.FATAL_ERROR }]);
      const violation = violationOf(outcome);
      expect(violation).toMatchObject({ contract: 'user.updated@2', vendors: [lib.vendor] });
      expect(violation.issues.map((issue) => issue.path)).toEqual([['object', 'current', 'email']]);
      expect((outcome.outcomes[0]?.error as ContractViolationError).status).toBe(ProcessStatus.FATAL_ERROR);
    });

    it("keeps a violating message (RETRIABLE_ERROR) with onViolation 'retry'", async () => {
      let calls = 0;
      const dispatcher = new Dispatcher();
      dispatcher.register(contractSubscriber(userUpdated, () => void calls++, { onViolation: 'retry' }));
      const outcome = await dispatcher.dispatch(message(encodeBody(validPayload({ current: { id: 42, email: 'nope' } }))));
      expect(calls).toBe(0);
      expect(outcome.action).toBe('keep');
      expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.RETRIABLE_ERROR }]);
      expect(violationOf(outcome).issues.map((issue) => issue.path)).toEqual([['object', 'current', 'email']]);
    });

    it('settles a violating message with the status an onViolation function returns (nothing meaning DONE)', async () => {
      const body = encodeBody(validPayload({ current: { id: 42, email: 'nope' } }));
      const told: [ContractViolation, MegaPayload, MessageContext][] = [];
      const run = async (answer: ProcessStatus | undefined): Promise<DispatchOutcome> => {
        const dispatcher = new Dispatcher();
        dispatcher.register(
          contractSubscriber(userUpdated, () => expect.unreachable('the handler must not run'), {
            onViolation: async (violation, received, context) => {
              told.push([violation, received, context]);
              return answer;
            },
          }),
        );
        return dispatcher.dispatch(message(body, `m-${String(answer)}`));
      };

      const later = await run(ProcessStatus.RETRY_LATER);
      expect(later.action).toBe('keep');
      expect(later.outcomes).toMatchObject([{ status: ProcessStatus.RETRY_LATER }]);
      expect(violationOf(later).contract).toBe('user.updated@2');

      const done = await run(undefined);
      expect(done.action).toBe('delete');
      expect(done.outcomes).toMatchObject([{ status: ProcessStatus.DONE }]);
      expect(violationOf(done).issues.map((issue) => issue.path)).toEqual([['object', 'current', 'email']]);

      expect(told.map(([violation, received, context]) => [violation.contract, received.object?.current, context.messageId])).toEqual([
        ['user.updated@2', { id: 42, email: 'nope' }, 'm-RETRY_LATER'],
        ['user.updated@2', { id: 42, email: 'nope' }, 'm-undefined'],
      ]);
    });

    it('narrows with options.pattern, and refuses a pattern naming the name, the version or the domain', async () => {
      const seen: unknown[] = [];
      const dispatcher = new Dispatcher();
      dispatcher.register(contractSubscriber(userUpdated, (received) => void seen.push(received.object.type), { pattern: { objectType: 'user' } }));
      const user = await dispatcher.dispatch(message(encodeBody(validPayload({ type: 'user' }))));
      const admin = await dispatcher.dispatch(message(encodeBody(validPayload({ type: 'admin' }))));
      expect(seen).toEqual(['user']);
      expect(user.unrecognized).toBe(false);
      expect(admin).toMatchObject({ unrecognized: true, outcomes: [] });

      for (const pattern of [{ name: 'user.created' }, { eventName: 'user.created' }, { version: 3 }, { eventVersion: 3 }, { domain: 'billing' }, { eventDomain: 'billing' }]) {
        const error = thrown(() => contractSubscriber(userUpdated, () => undefined, { pattern: pattern as never }));
        expect(error).toBeInstanceOf(ContractInvalidError);
        expect(error).toMatchObject({ code: 'CONTRACT_INVALID', message: expect.stringContaining(`pattern may not name ${Object.keys(pattern)[0]!}`) });
      }
    });

    it("leaves other events, other versions and other domains to other subscribers", async () => {
      let calls = 0;
      const dispatcher = new Dispatcher();
      dispatcher.register(contractSubscriber(userUpdated, () => void calls++));
      const object = { current: { id: 42, email: 'ada@example.com' } };
      for (const event of [{ name: 'user.created' }, { version: 3 }, { domain: 'billing' }, { domain: null }]) {
        const outcome = await dispatcher.dispatch(message(encodeBody(payload({ attributes: { source: 'web' }, ...event }, object, { traceId: 't' }))));
        expect(outcome).toMatchObject({ unrecognized: true, outcomes: [] });
      }
      expect(calls).toBe(0);
    });

    it('applies to a MEGA event wrapped in an SNS envelope', async () => {
      const envelope = (inner: MegaPayload): string =>
        JSON.stringify({
          Type: 'Notification',
          MessageId: '3db96c78-eddb-5660-aaf6-3b39ad0bc994',
          TopicArn: 'arn:aws:sns:us-east-1:123456789012:users',
          Timestamp: '2020-05-22T02:53:04.776Z',
          Message: encodeBody(inner),
        });
      const seen: unknown[] = [];
      const dispatcher = new Dispatcher();
      dispatcher.register(contractSubscriber(userUpdated, (received, context) => void seen.push([received.object.current, context.decoded.sns?.topicArn])));

      const valid = await dispatcher.dispatch(message(envelope(validPayload())));
      expect(valid).toMatchObject({ action: 'delete', outcomes: [{ status: ProcessStatus.DONE }] });
      expect(seen).toEqual([[{ id: 42, email: 'ada@example.com', plan: 'free' }, 'arn:aws:sns:us-east-1:123456789012:users']]);

      const violating = await dispatcher.dispatch(message(envelope(validPayload({ current: { id: 42, email: 'nope' } }))));
      expect(violating).toMatchObject({ action: 'delete', outcomes: [{ status: ProcessStatus.FATAL_ERROR }] });
      expect(violationOf(violating).issues.map((issue) => issue.path)).toEqual([['object', 'current', 'email']]);
      expect(seen).toHaveLength(1);
    });
  });

  describe('versions', () => {
    it('routes each version of an event to the schema of its version', async () => {
      const seen: unknown[] = [];
      const dispatcher = new Dispatcher();
      dispatcher.register(
        contractSubscriber([userUpdatedV1, userUpdated], (received) => {
          seen.push([received.event.version, received.object.current]);
        }),
      );
      const v1 = payload({ version: 1 }, { current: { id: 7, name: 'Ada' } });
      expect(await dispatcher.dispatch(message(encodeBody(v1)))).toMatchObject({ action: 'delete', outcomes: [{ status: ProcessStatus.DONE }] });
      expect(await dispatcher.dispatch(message(encodeBody(validPayload())))).toMatchObject({ action: 'delete', outcomes: [{ status: ProcessStatus.DONE }] });
      expect(seen).toEqual([
        [1, { id: 7, name: 'Ada' }],
        [2, { id: 42, email: 'ada@example.com', plan: 'free' }],
      ]);

      // A version-1 message with version 2's fields breaks version 1's schema, not version 2's.
      const v1WithV2Fields = payload({ version: 1 }, { current: { id: 7, email: 'ada@example.com' } });
      const outcome = await dispatcher.dispatch(message(encodeBody(v1WithV2Fields)));
      expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.FATAL_ERROR }]);
      expect(violationOf(outcome)).toMatchObject({ contract: 'user.updated@1', issues: [{ path: ['object', 'current', 'name'] }] });

      expect(await dispatcher.dispatch(message(encodeBody(payload({ version: 3 }, { current: { id: 7 } }))))).toMatchObject({ unrecognized: true });
      expect(seen).toHaveLength(2);
    });

    it('refuses, in one subscriber, contracts of different events, of different domains, or one contract twice', () => {
      const userCreated = defineEvent({ name: 'user.created', domain: 'accounts', object: { current: lib.userV1() } });
      const elsewhere = defineEvent({ name: 'user.updated', version: 3, domain: 'billing', object: { current: lib.userV1() } });
      const cases: [() => unknown, RegExp][] = [
        [() => contractSubscriber([userUpdated, userCreated], () => undefined), /versions of one event: user\.updated and user\.created/],
        [() => contractSubscriber([userUpdated, elsewhere], () => undefined), /disagree on the domain/],
        [() => contractSubscriber([userUpdated, userUpdated], () => undefined), /user\.updated@2 is given twice/],
        [() => contractSubscriber([], () => undefined), /at least one contract/],
        [() => contractSubscriber(userUpdated, () => undefined, { onViolation: 'ignore' as never }), /onViolation must be 'fatal', 'retry' or a function, got "ignore"/],
      ];
      for (const [make, message] of cases) {
        const error = thrown(make);
        expect(error).toBeInstanceOf(ContractInvalidError);
        expect((error as Error).message).toMatch(message);
      }
    });
  });

  it("reports a schema that throws as the contract's issue, never as a throw", async () => {
    const contract = defineEvent({ name: 'user.updated', version: 2, domain: 'accounts', object: { current: lib.throwing() } });
    const received = payload({}, { current: { id: 42 } });
    const issue = { path: ['object', 'current'], message: 'the schema threw: boom' };
    if (lib.throwIsAsync) {
      expect(() => contract.parse(received)).toThrow(ContractSchemaAsyncError);
    } else {
      expect(contract.parse(received)).toEqual({ ok: false, violation: { contract: 'user.updated@2', issues: [issue], vendors: [lib.vendor] } });
    }
    expect(await contract.parseAsync(received)).toEqual({ ok: false, violation: { contract: 'user.updated@2', issues: [issue], vendors: [lib.vendor] } });
    expect(contract.is(received)).toBe(false);

    const dispatcher = new Dispatcher();
    dispatcher.register(contractSubscriber(contract, () => expect.unreachable('the handler must not run')));
    const outcome = await dispatcher.dispatch(message(encodeBody(received)));
    expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.FATAL_ERROR }]);
    expect(violationOf(outcome).issues).toEqual([issue]);
  });

  const asyncUser = lib.asyncUser;
  if (asyncUser !== undefined) {
    describe('an asynchronous schema', () => {
      const contract = defineEvent({ name: 'user.updated', version: 2, domain: 'accounts', object: { current: asyncUser() } });
      const free = { object: { current: { id: 42, email: 'ada@example.com' } } };
      const taken = { object: { current: { id: 42, email: TAKEN } } };

      it('is refused by build and parse with ContractSchemaAsyncError, and validated by buildAsync and parseAsync', async () => {
        const error = thrown(() => contract.build(free));
        expect(error).toBeInstanceOf(ContractSchemaAsyncError);
        expect(error).toMatchObject({ code: 'CONTRACT_SCHEMA_ASYNC', message: expect.stringContaining('call buildAsync() instead') });
        expect(() => contract.parse(payload({}, free.object))).toThrow(/call parseAsync\(\) instead/);
        expect(contract.is(payload({}, free.object))).toBe(false); // it cannot answer at once

        const built = await contract.buildAsync(free);
        expect(built.object.current).toEqual({ id: 42, email: 'ada@example.com' });
        const refused = await contract.buildAsync(taken).then(
          () => expect.unreachable('buildAsync must refuse a taken email'),
          (reason: unknown) => reason,
        );
        expect(refused).toBeInstanceOf(ContractViolationError);
        expect((refused as ContractViolationError).violation).toEqual({
          contract: 'user.updated@2',
          issues: [{ path: ['object', 'current', 'email'], message: 'that email is taken' }],
          vendors: [lib.vendor],
        });

        expect(await contract.parseAsync(built)).toMatchObject({ ok: true, payload: { object: { current: { id: 42, email: 'ada@example.com' } } } });
        expect(await contract.parseAsync(payload({}, taken.object))).toMatchObject({ ok: false, violation: { issues: [{ path: ['object', 'current', 'email'] }] } });
      });

      it('is awaited by contractSubscriber', async () => {
        const seen: unknown[] = [];
        const dispatcher = new Dispatcher();
        dispatcher.register(contractSubscriber(contract, (received) => void seen.push(received.object.current)));
        expect(await dispatcher.dispatch(message(encodeBody(payload({}, free.object))))).toMatchObject({ outcomes: [{ status: ProcessStatus.DONE }] });
        const outcome = await dispatcher.dispatch(message(encodeBody(payload({}, taken.object))));
        expect(outcome.outcomes).toMatchObject([{ status: ProcessStatus.FATAL_ERROR }]);
        expect(violationOf(outcome).issues).toEqual([{ path: ['object', 'current', 'email'], message: 'that email is taken' }]);
        expect(seen).toEqual([{ id: 42, email: 'ada@example.com' }]);
      });
    });
  }
});

describe('defineEvent', () => {
  it('refuses definitions it cannot use, saying why', () => {
    const schema = z.object({ id: z.number() });
    const cases: [unknown, RegExp][] = [
      [{}, /name must be a non-empty string/],
      [{ name: '' }, /name must be a non-empty string/],
      [{ name: 42 }, /name must be a non-empty string/],
      [{ name: 'user.updated', version: 0 }, /version must be an integer ≥ 1, got 0/],
      [{ name: 'user.updated', version: 1.5 }, /version must be an integer ≥ 1, got 1\.5/],
      [{ name: 'user.updated', domain: '' }, /domain, when given, must be a non-empty string/],
      [{ name: 'user.updated', object: { current: { id: 'number' } } }, /object\.current is not a Standard Schema/],
      [{ name: 'user.updated', object: { current: schema, previous: 'string' } }, /object\.previous is not a Standard Schema/],
      [{ name: 'user.updated', object: {} }, /object needs a current schema/],
      [{ name: 'user.updated', object: schema }, /object needs a current schema/],
      [{ name: 'user.updated', extra: JSON.parse('{"~standard": {"version": 1}}') }, /extra is not a Standard Schema/],
      [{ name: 'user.updated', attributes: (value: unknown) => value }, /attributes is not a Standard Schema/],
      [null, /expected an object with a name/],
    ];
    for (const [definition, reason] of cases) {
      const error = thrown(() => defineEvent(definition as never));
      expect(error).toBeInstanceOf(ContractInvalidError);
      expect(error).toMatchObject({ code: 'CONTRACT_INVALID', message: expect.stringMatching(reason) });
    }
  });

  it('reports a Standard Schema whose validate throws as an issue at its part', () => {
    const throwing: AnySchema = {
      '~standard': {
        version: 1,
        vendor: 'hand-written',
        validate: () => {
          throw new TypeError('cannot read the value');
        },
      },
    };
    const contract = defineEvent({ name: 'user.updated', extra: throwing });
    const received = new PayloadBuilder().withEvent({ name: 'user.updated' }).withExtra({ a: 1 }).build();
    expect(contract.parse(received)).toEqual({
      ok: false,
      violation: { contract: 'user.updated@1', issues: [{ path: ['extra'], message: 'the schema threw: cannot read the value' }], vendors: ['hand-written'] },
    });
    expect(() => contract.build({ extra: { a: 1 } })).toThrow(ContractViolationError);
  });

  it('names the contract name@version, version 1 by default, and gives its pattern', () => {
    const contract = defineEvent({ name: 'user.updated' });
    expect(contract).toMatchObject({ kind: 'event-contract', name: 'user.updated', version: 1, id: 'user.updated@1', pattern: { name: 'user.updated', version: 1 } });
    expect(contract.pattern).not.toHaveProperty('domain');
    expect(defineEvent({ name: 'user.updated', version: 2, domain: 'accounts' }).pattern).toEqual({ name: 'user.updated', version: 2, domain: 'accounts' });
  });
});
