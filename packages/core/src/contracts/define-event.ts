/**
 * Event contracts: an event defined once — its name, version, domain and the schemas of its
 * object, extra and attributes (any Standard Schema: zod 4, valibot, arktype…) — gives typed,
 * validated building and parsing of its MEGA payloads, and the event pattern that routes them.
 *
 * What travels is what the schemas accept (their input); what a subscriber gets is what they
 * produce (their output, transforms and defaults applied). So `build` validates its input and
 * publishes it as given, and `parse` validates what arrived and hands back the outputs.
 */
import type { DecodedBody } from '../codec/decoded-body.js';
import { MegaError } from '../errors.js';
import type { EventPatternAttributes } from '../matcher/event-pattern.js';
import type { MegaEvent, MegaObject, MegaPayload } from '../model/payload.js';
import { PayloadBuilder, type ObjectInput } from '../model/payload-builder.js';
import { ContractSchemaAsyncError, ContractViolationError, type ContractViolation } from './contract-violation.js';
import {
  isStandardSchema,
  schemaVendor,
  validateSchemaAsync,
  validateSchema,
  type AnySchema,
  type SchemaInput,
  type SchemaIssue,
  type SchemaOutput,
  type SchemaResult,
} from './schema-validation.js';

/** The schemas of an event's object. */
export interface ObjectSchemas {
  /** The schema of `object.current`. */
  readonly current: AnySchema;
  /** The schema of `object.previous`, checked when the payload has one. @defaultValue unchecked */
  readonly previous?: AnySchema;
}

/** What {@link defineEvent} takes. */
export interface EventDefinition {
  /** The event's name, e.g. `user.updated`. */
  readonly name: string;
  /** The event's schema version (`event.version`): an integer ≥ 1. @defaultValue 1 */
  readonly version?: number;
  /** The event's domain, when it has one: payloads must carry it. @defaultValue any domain */
  readonly domain?: string;
  /** The schemas of the object the event is about; with them, every payload must have an object. @defaultValue unchecked */
  readonly object?: ObjectSchemas;
  /** The schema of the payload's extra top-level fields (an absent `extra` is checked as `{}`). @defaultValue unchecked */
  readonly extra?: AnySchema;
  /** The schema of `event.attributes` (an absent one is `{}`). @defaultValue unchecked */
  readonly attributes?: AnySchema;
}

type VersionOf<D extends EventDefinition> = D['version'] extends number ? D['version'] : 1;
type DomainOf<D extends EventDefinition> = D['domain'] extends string ? D['domain'] : undefined;
type Part<D, K extends string> = D extends { readonly [key in K]: infer S } ? (S extends AnySchema ? S : never) : never;
type HasPart<D, K extends string> = [Part<D, K>] extends [never] ? false : true;
type PreviousOf<D, Side extends 'in' | 'out'> = D extends { readonly object: { readonly previous: infer P extends AnySchema } }
  ? Side extends 'in'
    ? SchemaInput<P>
    : SchemaOutput<P>
  : Record<string, unknown>;
type CurrentOf<D, Side extends 'in' | 'out'> = D extends { readonly object: { readonly current: infer C extends AnySchema } }
  ? Side extends 'in'
    ? SchemaInput<C>
    : SchemaOutput<C>
  : never;
type Typed<S, Side extends 'in' | 'out'> = Side extends 'in' ? SchemaInput<S> : SchemaOutput<S>;

/** The payload of a contract: `'out'` (what subscribers get) or `'in'` (what travels). */
export type ContractPayload<D extends EventDefinition, Side extends 'in' | 'out' = 'out'> = {
  readonly protocol: 'mega';
  readonly version: 1;
  readonly event: Omit<MegaEvent, 'name' | 'version' | 'attributes'> & {
    readonly name: D['name'];
    readonly version: VersionOf<D>;
    readonly attributes: HasPart<D, 'attributes'> extends true ? Typed<Part<D, 'attributes'>, Side> : Record<string, unknown>;
  };
} & (D extends { readonly object: ObjectSchemas }
  ? { readonly object: Omit<MegaObject, 'current' | 'previous'> & { readonly current: CurrentOf<D, Side>; readonly previous?: PreviousOf<D, Side> } }
  : { readonly object?: MegaObject }) &
  (HasPart<D, 'extra'> extends true ? { readonly extra: Typed<Part<D, 'extra'>, Side> } : { readonly extra?: Record<string, unknown> });

/** What `contract.build()` takes: the schemas' inputs, and the event's other fields. */
export type ContractInput<D extends EventDefinition> = {
  /** @defaultValue the time of `build()` */
  readonly timestamp?: Date | string;
  readonly subject?: string;
  readonly publisher?: string;
} & (D extends { readonly object: ObjectSchemas }
  ? {
      readonly object: {
        readonly current: CurrentOf<D, 'in'>;
        readonly previous?: PreviousOf<D, 'in'>;
        readonly type?: string;
        readonly id?: string;
        /** @defaultValue 1 */
        readonly version?: number;
      };
    }
  : { readonly object?: ObjectInput }) &
  (HasPart<D, 'extra'> extends true ? { readonly extra: SchemaInput<Part<D, 'extra'>> } : { readonly extra?: Record<string, unknown> }) &
  (HasPart<D, 'attributes'> extends true ? { readonly attributes: SchemaInput<Part<D, 'attributes'>> } : { readonly attributes?: Record<string, unknown> });

/** What `parse` gives: the typed payload, or the violation. */
export type ContractResult<D extends EventDefinition> =
  | { readonly ok: true; readonly payload: ContractPayload<D> }
  | { readonly ok: false; readonly violation: ContractViolation };

/** A defined event: see {@link defineEvent}. */
export interface EventContract<D extends EventDefinition = EventDefinition> {
  /** Marks contracts (for `isEventContract`). */
  readonly kind: 'event-contract';
  readonly name: D['name'];
  readonly version: VersionOf<D>;
  /** The definition's domain; `undefined` when it names none. */
  readonly domain: DomainOf<D>;
  /** `name@version`, e.g. `user.updated@2`. */
  readonly id: string;
  /** The definition it was made from. */
  readonly definition: D;
  /** The event pattern of its payloads (name, version, domain): give it to `eventSubscriber`. */
  readonly pattern: EventPatternAttributes;
  /**
   * Whether a payload claims this contract: its event name, version and (when the contract has
   * one) domain. It may still break the schemas: see {@link EventContract.parse}.
   */
  claims(payload: MegaPayload): boolean;
  /**
   * A MEGA payload of this event from the schemas' inputs, validated.
   * @throws ContractViolationError (code `CONTRACT_VIOLATION`) naming each path and the schema's message;
   *   ContractSchemaAsyncError when a schema is asynchronous (use `buildAsync`); MegaValidationError
   *   for a payload the MEGA rules refuse (an empty `current`…).
   */
  build(input: ContractInput<D>): MegaPayload & ContractPayload<D, 'in'>;
  /** {@link EventContract.build} for asynchronous schemas. */
  buildAsync(input: ContractInput<D>): Promise<MegaPayload & ContractPayload<D, 'in'>>;
  /**
   * Validates a payload against the contract: its header (name, version, domain), then each schema.
   * Never throws: a payload that breaks it is `{ ok: false, violation }`.
   * @throws ContractSchemaAsyncError when a schema is asynchronous (use `parseAsync`).
   */
  parse(payload: MegaPayload): ContractResult<D>;
  /** {@link EventContract.parse} for asynchronous schemas; never rejects. */
  parseAsync(payload: MegaPayload): Promise<ContractResult<D>>;
  /** Whether a decoded body (or a payload) is a MEGA event of this contract that passes its schemas. */
  is(value: DecodedBody | MegaPayload): boolean;
}

/** A contract definition that cannot be used (a name that is not a string, a part that is not a schema…). */
export class ContractInvalidError extends MegaError {
  readonly code = 'CONTRACT_INVALID' as const;

  constructor(problem: string) {
    super(`Invalid event contract: ${problem}.`);
    this.name = 'ContractInvalidError';
  }
}

/** Whether `value` is an {@link EventContract}. */
export function isEventContract(value: unknown): value is EventContract {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'event-contract';
}

/** One part of a payload a contract validates: its schema, where it sits, and how it is read. */
interface PayloadPart {
  readonly schema: AnySchema;
  readonly at: readonly (string | number)[];
  /** The value the schema checks (`undefined` when the payload lacks it). */
  readonly read: (payload: MegaPayload) => unknown;
  /** Skipped when the payload lacks it (`object.previous`); the others are checked even when absent. */
  readonly optional: boolean;
}

/** A part the payload lacks and may lack: nothing to validate, nothing to put in place. */
const SKIPPED: unique symbol = Symbol('skipped');

/** The parts of a definition, in a fixed order: object.current, object.previous, extra, attributes. */
function partsOf(definition: EventDefinition): readonly PayloadPart[] {
  const parts: PayloadPart[] = [];
  if (definition.object !== undefined) {
    parts.push({ schema: definition.object.current, at: ['object', 'current'], read: (p) => p.object?.current, optional: false });
    if (definition.object.previous !== undefined) {
      parts.push({ schema: definition.object.previous, at: ['object', 'previous'], read: (p) => p.object?.previous, optional: true });
    }
  }
  if (definition.extra !== undefined) parts.push({ schema: definition.extra, at: ['extra'], read: (p) => p.extra ?? {}, optional: false });
  if (definition.attributes !== undefined) {
    parts.push({ schema: definition.attributes, at: ['event', 'attributes'], read: (p) => p.event.attributes, optional: false });
  }
  return parts;
}

function validateDefinition(definition: EventDefinition): void {
  if (typeof definition !== 'object' || definition === null) throw new ContractInvalidError('expected an object with a name');
  if (typeof definition.name !== 'string' || definition.name === '') throw new ContractInvalidError('name must be a non-empty string');
  if (definition.version !== undefined && (!Number.isInteger(definition.version) || definition.version < 1)) {
    throw new ContractInvalidError(`version must be an integer ≥ 1, got ${String(definition.version)}`);
  }
  if (definition.domain !== undefined && (typeof definition.domain !== 'string' || definition.domain === '')) {
    throw new ContractInvalidError('domain, when given, must be a non-empty string');
  }
  const parts: [string, unknown][] = [
    ['extra', definition.extra],
    ['attributes', definition.attributes],
  ];
  if (definition.object !== undefined) {
    if (typeof definition.object !== 'object' || definition.object === null) throw new ContractInvalidError('object must be { current, previous? }');
    parts.push(['object.current', definition.object.current], ['object.previous', definition.object.previous]);
    if (definition.object.current === undefined) throw new ContractInvalidError('object needs a current schema');
  }
  for (const [part, schema] of parts) {
    if (schema !== undefined && !isStandardSchema(schema)) {
      throw new ContractInvalidError(`${part} is not a Standard Schema (zod 4, valibot, arktype… expose "~standard")`);
    }
  }
}

/**
 * Defines an event once: its name, version, domain and the schemas of its parts.
 *
 * @example
 * ```ts
 * import * as v from 'valibot';
 * const userUpdated = defineEvent({
 *   name: 'user.updated',
 *   version: 2,
 *   domain: 'accounts',
 *   object: { current: v.object({ id: v.number(), email: v.pipe(v.string(), v.email()) }) },
 * });
 * const payload = userUpdated.build({ object: { id: '42', current: { id: 42, email: 'a@example.com' } } });
 * ```
 * @throws ContractInvalidError (code `CONTRACT_INVALID`) for a definition it cannot use.
 */
export function defineEvent<const D extends EventDefinition>(definition: D): EventContract<D> {
  validateDefinition(definition);
  const version = (definition.version ?? 1) as VersionOf<D>;
  const id = `${definition.name}@${version}`;
  const pattern: EventPatternAttributes =
    definition.domain === undefined ? { name: definition.name, version } : { name: definition.name, version, domain: definition.domain };

  const parts = partsOf(definition);
  const objectParts = definition.object !== undefined;
  const attributesPart = definition.attributes !== undefined;
  const vendorsOfParts = [...new Set(parts.map((part) => schemaVendor(part.schema)))];

  /** What is wrong with the event's header for this contract; `undefined` when nothing is (the common case allocates nothing). */
  const headerIssues = (payload: MegaPayload): SchemaIssue[] | undefined => {
    let issues: SchemaIssue[] | undefined;
    if (payload.event.name !== definition.name) (issues ??= []).push({ path: ['event', 'name'], message: `expected ${JSON.stringify(definition.name)}` });
    if (payload.event.version !== version) (issues ??= []).push({ path: ['event', 'version'], message: `expected ${version}` });
    if (definition.domain !== undefined && payload.event.domain !== definition.domain) {
      (issues ??= []).push({ path: ['event', 'domain'], message: `expected ${JSON.stringify(definition.domain)}` });
    }
    if (objectParts && payload.object === undefined) (issues ??= []).push({ path: ['object'], message: 'expected an object (the contract has object schemas)' });
    return issues;
  };

  /**
   * The typed payload from each part's result (in the order of `parts`): a copy of `payload` with
   * each schema's output in place (the payload itself is never changed: other subscribers of the
   * message see it as it arrived), or the violation of every issue found.
   */
  const settle = (payload: MegaPayload, results: readonly (SchemaResult<unknown> | typeof SKIPPED)[]): ContractResult<D> => {
    let issues: SchemaIssue[] | undefined;
    for (const result of results) {
      if (result !== SKIPPED && !result.ok) (issues ??= []).push(...result.issues);
    }
    if (issues !== undefined) return { ok: false, violation: { contract: id, issues, vendors: vendorsOfParts } };
    const typed: Record<string, unknown> = { ...payload };
    let object: Record<string, unknown> | undefined;
    if (objectParts) typed['object'] = object = { ...payload.object };
    if (attributesPart) typed['event'] = { ...payload.event };
    results.forEach((result, index) => {
      if (result === SKIPPED || !result.ok) return;
      const value = result.value;
      const at = parts[index]!.at;
      if (at[0] === 'object') object![at[1] as string] = value;
      else if (at[0] === 'extra') typed['extra'] = value;
      else (typed['event'] as Record<string, unknown>)['attributes'] = value;
    });
    return { ok: true, payload: typed as ContractPayload<D> };
  };

  /** Validates every part synchronously; `operation` names the caller for the error an asynchronous schema gets. */
  const validateParts = (payload: MegaPayload, operation: 'parse' | 'build'): (SchemaResult<unknown> | typeof SKIPPED)[] => {
    const results: (SchemaResult<unknown> | typeof SKIPPED)[] = [];
    for (const part of parts) {
      const value = part.read(payload);
      if (value === undefined && part.optional) {
        results.push(SKIPPED);
        continue;
      }
      const result = validateSchema(part.schema, value, part.at);
      if (result === 'async') throw new ContractSchemaAsyncError(id, operation);
      results.push(result);
    }
    return results;
  };

  const validatePartsAsync = (payload: MegaPayload): Promise<(SchemaResult<unknown> | typeof SKIPPED)[]> =>
    Promise.all(
      parts.map((part) => {
        const value = part.read(payload);
        return value === undefined && part.optional ? SKIPPED : validateSchemaAsync(part.schema, value, part.at);
      }),
    );

  const parse = (payload: MegaPayload): ContractResult<D> => {
    const header = headerIssues(payload);
    if (header !== undefined) return { ok: false, violation: { contract: id, issues: header, vendors: [] } };
    return settle(payload, validateParts(payload, 'parse'));
  };

  const parseAsync = async (payload: MegaPayload): Promise<ContractResult<D>> => {
    const header = headerIssues(payload);
    if (header !== undefined) return { ok: false, violation: { contract: id, issues: header, vendors: [] } };
    return settle(payload, await validatePartsAsync(payload));
  };

  const draft = (input: ContractInput<D>): MegaPayload => {
    const loose = input as {
      timestamp?: Date | string;
      subject?: string;
      publisher?: string;
      object?: ObjectInput;
      extra?: Record<string, unknown>;
      attributes?: Record<string, unknown>;
    };
    const builder = new PayloadBuilder().withEvent({
      name: definition.name,
      version,
      domain: definition.domain ?? null,
      timestamp: loose.timestamp ?? null,
      subject: loose.subject ?? null,
      publisher: loose.publisher ?? null,
      attributes: loose.attributes ?? null,
    });
    if (loose.object !== undefined) builder.withObject(loose.object);
    if (loose.extra !== undefined) builder.withExtra(loose.extra);
    return builder.build();
  };

  const refuse = (result: ContractResult<D>): never => {
    throw new ContractViolationError((result as { violation: ContractViolation }).violation, undefined, 'Nothing was built: fix the input.');
  };

  const contract: EventContract<D> = {
    kind: 'event-contract',
    name: definition.name,
    version,
    domain: definition.domain as DomainOf<D>,
    id,
    definition,
    pattern,
    claims: (payload) =>
      payload.event.name === definition.name && payload.event.version === version && (definition.domain === undefined || payload.event.domain === definition.domain),
    build: (input) => {
      const payload = draft(input);
      const settled = settle(payload, validateParts(payload, 'build'));
      if (!settled.ok) refuse(settled);
      return payload as MegaPayload & ContractPayload<D, 'in'>;
    },
    buildAsync: async (input) => {
      const payload = draft(input);
      const settled = settle(payload, await validatePartsAsync(payload));
      if (!settled.ok) refuse(settled);
      return payload as MegaPayload & ContractPayload<D, 'in'>;
    },
    parse,
    parseAsync,
    is: (value) => {
      const payload = 'kind' in value ? (value.kind === 'mega' ? value.payload : undefined) : value;
      if (payload === undefined || !contract.claims(payload)) return false;
      try {
        return parse(payload).ok;
      } catch {
        return false; // an asynchronous schema cannot answer here
      }
    },
  };
  return contract;
}
