/**
 * The types of event contracts. These tests are checked by `tsc -p packages/core/tsconfig.json`
 * (which includes test files), not by running them: a regression is a compile error. What a
 * handler gets is typed by the schemas' OUTPUT, what `build` takes by their INPUT.
 */
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { MessageContext } from '../dispatch/message-context.js';
import type { EventSubscriber } from '../dispatch/subscriber.js';
import type { MegaObject, MegaPayload } from '../model/payload.js';
import { gt, match, oneOf } from '../matcher/dsl.js';
import { contractSubscriber, type PayloadOfContracts } from './contract-subscriber.js';
import { defineEvent, type ContractInput, type ContractPayload, type ContractResult } from './define-event.js';

const userUpdated = defineEvent({
  name: 'user.updated',
  version: 2,
  domain: 'accounts',
  object: {
    current: z.object({ id: z.string().transform(Number), email: z.email(), plan: z.string().default('free') }),
    previous: z.object({ email: z.string() }),
  },
  extra: z.object({ traceId: z.string() }),
  attributes: z.object({ source: z.enum(['web', 'api']) }),
});

const userUpdatedV1 = defineEvent({
  name: 'user.updated',
  domain: 'accounts',
  object: { current: v.object({ id: v.number(), name: v.string() }) },
});

const userDeleted = defineEvent({ name: 'user.deleted', version: 3 });

/** Holds code that must (or must not) compile, without running it: refused input would throw. */
function compileOnly(_code: () => void): void {}

type UserOut = { id: number; email: string; plan: string };
type UserIn = { id: string; email: string; plan?: string | undefined };

describe('the types of a contract', () => {
  it("types the handler's payload by the schemas' output", () => {
    contractSubscriber(userUpdated, (payload, context) => {
      expectTypeOf(payload.object.current).toEqualTypeOf<UserOut>();
      expectTypeOf(payload.object.current.id).toEqualTypeOf<number>();
      expectTypeOf(payload.object.previous).toEqualTypeOf<{ email: string } | undefined>();
      expectTypeOf(payload.extra).toEqualTypeOf<{ traceId: string }>();
      expectTypeOf(payload.event.attributes).toEqualTypeOf<{ source: 'web' | 'api' }>();
      expectTypeOf(payload.event.timestamp).toEqualTypeOf<Date>();
      expectTypeOf(payload.object.type).toEqualTypeOf<string | undefined>();
      expectTypeOf(context).toEqualTypeOf<MessageContext>();
      // @ts-expect-error the schema has no such field
      void payload.object.current.nope;
      // @ts-expect-error the output is a number, not the string that travelled
      payload.object.current.id.toUpperCase();
    });
    expectTypeOf(contractSubscriber(userUpdated, () => undefined)).toEqualTypeOf<EventSubscriber>();
  });

  it('types the event name and version as the literals of the definition', () => {
    contractSubscriber(userUpdated, (payload) => {
      expectTypeOf(payload.event.name).toEqualTypeOf<'user.updated'>();
      expectTypeOf(payload.event.version).toEqualTypeOf<2>();
    });
    expectTypeOf(userUpdated.name).toEqualTypeOf<'user.updated'>();
    expectTypeOf(userUpdated.version).toEqualTypeOf<2>();
    expectTypeOf(userUpdated.domain).toEqualTypeOf<'accounts'>();
    expectTypeOf(userUpdatedV1.version).toEqualTypeOf<1>(); // no version given: 1
    expectTypeOf(userDeleted.domain).toEqualTypeOf<undefined>();
  });

  it("takes the schemas' input in build, and returns the input as it travels", () => {
    expectTypeOf<ContractInput<typeof userUpdated.definition>['object']['current']>().toEqualTypeOf<UserIn>();
    const built = userUpdated.build({
      object: { current: { id: '42', email: 'ada@example.com' } },
      extra: { traceId: 't-1' },
      attributes: { source: 'web' },
    });
    expectTypeOf(built.object.current.id).toEqualTypeOf<string>();
    expectTypeOf(built.object.current.plan).toEqualTypeOf<string | undefined>();
    expectTypeOf(built.extra.traceId).toEqualTypeOf<string>();
    expectTypeOf(built.event.attributes.source).toEqualTypeOf<'web' | 'api'>();
    expectTypeOf(built).toExtend<MegaPayload>();

    compileOnly(() => {
      userUpdated.build({
        // @ts-expect-error email is required
        object: { current: { id: '42' } },
        extra: { traceId: 't-1' },
        attributes: { source: 'web' },
      });
      userUpdated.build({
        // @ts-expect-error the input is the string that travels, not the number subscribers get
        object: { current: { id: 42, email: 'ada@example.com' } },
        extra: { traceId: 't-1' },
        attributes: { source: 'web' },
      });
      // @ts-expect-error the contract has an extra schema: extra is required
      userUpdated.build({ object: { current: { id: '42', email: 'ada@example.com' } }, attributes: { source: 'web' } });
      userUpdated.build({
        object: { current: { id: '42', email: 'ada@example.com' } },
        extra: { traceId: 't-1' },
        // @ts-expect-error not one of the attribute's values
        attributes: { source: 'fax' },
      });
      // @ts-expect-error the contract has object schemas: object is required
      userUpdatedV1.build({});
    });
  });

  it("types parse's payload by the output, and buildAsync / parseAsync alike", () => {
    const built = userUpdated.build({ object: { current: { id: '42', email: 'ada@example.com' } }, extra: { traceId: 't' }, attributes: { source: 'api' } });
    const result = userUpdated.parse(built);
    expectTypeOf(result).toEqualTypeOf<ContractResult<typeof userUpdated.definition>>();
    if (result.ok) expectTypeOf(result.payload.object.current).toEqualTypeOf<UserOut>();
    else expectTypeOf(result.violation.contract).toEqualTypeOf<string>();
    expectTypeOf(userUpdated.parseAsync).returns.resolves.toEqualTypeOf<ContractResult<typeof userUpdated.definition>>();
    expectTypeOf(userUpdated.buildAsync).returns.resolves.toEqualTypeOf<ReturnType<typeof userUpdated.build>>();
    expectTypeOf<ContractPayload<typeof userUpdated.definition>['object']['current']>().toEqualTypeOf<UserOut>();
  });

  it('types the payload of versions as the union of each version’s payload, the event narrowed by event.version', () => {
    type V1 = ContractPayload<typeof userUpdatedV1.definition>;
    type V2 = ContractPayload<typeof userUpdated.definition>;
    expectTypeOf<PayloadOfContracts<[typeof userUpdatedV1, typeof userUpdated]>>().toEqualTypeOf<V1 | V2>();
    expectTypeOf<PayloadOfContracts<readonly [typeof userUpdatedV1, typeof userUpdated]>>().toEqualTypeOf<V1 | V2>();
    expectTypeOf<PayloadOfContracts<typeof userUpdated>>().toEqualTypeOf<V2>();
    contractSubscriber([userUpdatedV1, userUpdated], (payload) => {
      expectTypeOf(payload).toEqualTypeOf<V1 | V2>();
      expectTypeOf(payload.event.version).toEqualTypeOf<1 | 2>();
      expectTypeOf(payload.object.current).toEqualTypeOf<UserOut | { id: number; name: string }>();
      expectTypeOf(payload.object.current.id).toEqualTypeOf<number>(); // both versions have a numeric id
      // @ts-expect-error only version 2 has an email
      void payload.object.current.email;
      if (payload.event.version === 2) {
        expectTypeOf(payload.event.attributes).toEqualTypeOf<{ source: 'web' | 'api' }>();
        expectTypeOf(payload.event.name).toEqualTypeOf<'user.updated'>();
        // TypeScript narrows `payload.event` here, not `payload`: a nested property is no
        // discriminant of the payload, so the object stays either version's.
        expectTypeOf(payload.object.current).toEqualTypeOf<UserOut | { id: number; name: string }>();
      } else {
        expectTypeOf(payload.event.version).toEqualTypeOf<1>();
        expectTypeOf(payload.event.attributes).toEqualTypeOf<Record<string, unknown>>();
      }
    });
  });

  it('types a subscriber per version exactly by its version', () => {
    contractSubscriber(userUpdated, (payload) => {
      expectTypeOf(payload.object.current.email).toEqualTypeOf<string>();
      // @ts-expect-error name is version 1's
      void payload.object.current.name;
    });
    contractSubscriber(userUpdatedV1, (payload) => {
      expectTypeOf(payload.object.current).toEqualTypeOf<{ id: number; name: string }>();
      // @ts-expect-error email is version 2's
      void payload.object.current.email;
    });
  });

  it('leaves the object of a contract without object schemas an optional MegaObject', () => {
    contractSubscriber(userDeleted, (payload) => {
      expectTypeOf(payload.object).toEqualTypeOf<MegaObject | undefined>();
      expectTypeOf(payload.extra).toEqualTypeOf<Record<string, unknown> | undefined>();
      expectTypeOf(payload.event.attributes).toEqualTypeOf<Record<string, unknown>>();
      expectTypeOf(payload.event.version).toEqualTypeOf<3>();
      // @ts-expect-error the object may be absent
      void payload.object.current;
    });
    userDeleted.build({});
    userDeleted.build({ object: { current: { id: 1 } }, extra: { anything: true } });
  });

  it("types onViolation's arguments", () => {
    contractSubscriber(userUpdated, () => undefined, {
      onViolation: (violation, payload, context) => {
        expectTypeOf(violation.issues[0]?.path).toEqualTypeOf<readonly (string | number)[] | undefined>();
        expectTypeOf(payload).toEqualTypeOf<MegaPayload>();
        expectTypeOf(context).toEqualTypeOf<MessageContext>();
        return 'RETRY_LATER';
      },
    });
    // @ts-expect-error not a status
    contractSubscriber(userUpdated, () => undefined, { onViolation: () => 'LATER' });
    compileOnly(() => {
      // @ts-expect-error not a policy
      contractSubscriber(userUpdated, () => undefined, { onViolation: 'ignore' });
    });
  });

  it("types the extra pattern by what the schemas accept: the fields and literals of the message as it travels", () => {
    const handle = () => undefined;
    contractSubscriber(userUpdated, handle, {
      pattern: { objectType: 'user', subject: match('^eu-'), objectCurrent: { id: '42', email: match('@example\\.com$'), plan: oneOf('free', 'pro') } },
    });
    contractSubscriber(userUpdated, handle, { pattern: { currentObject: { email: /@example/ }, objectPrevious: { email: 'a@b.c' }, attributes: { source: 'web' } } });
    contractSubscriber(userUpdatedV1, handle, { pattern: { objectCurrent: { id: gt(0), name: (value) => typeof value === 'string' } } });
    // Several versions: the fields they share.
    contractSubscriber([userUpdatedV1, userUpdated], handle, { pattern: { objectCurrent: { id: oneOf(1, '1') } } });
    // A contract without object schemas: any pattern.
    contractSubscriber(userDeleted, handle, { pattern: { objectCurrent: { anything: 1 } } });
    compileOnly(() => {
      // @ts-expect-error the schema has no such field
      contractSubscriber(userUpdated, handle, { pattern: { objectCurrent: { emial: 'a@b.c' } } });
      // @ts-expect-error id travels as a string (the schema's input), not a number
      contractSubscriber(userUpdated, handle, { pattern: { objectCurrent: { id: 42 } } });
      // @ts-expect-error not one of the enum's values
      contractSubscriber(userUpdated, handle, { pattern: { attributes: { source: 'batch' } } });
      // @ts-expect-error name is a field of version 1 only
      contractSubscriber([userUpdatedV1, userUpdated], handle, { pattern: { objectCurrent: { name: 'Ada' } } });
      // @ts-expect-error the contract sets the event name (under either spelling)
      contractSubscriber(userUpdated, handle, { pattern: { eventName: 'user.created' } });
      // @ts-expect-error the contract sets the domain
      contractSubscriber(userUpdated, handle, { pattern: { eventDomain: 'shop' } });
    });
  });
});
