/**
 * `toJsonSchema`: the JSON Schema (draft 2020-12) of the whole MEGA document of one contract, as it
 * travels (SPEC §1.1, what `encodeBody` writes), so that consumers in other languages can validate
 * and generate types from the same definition.
 *
 * Each schema part comes from the Standard JSON Schema interface
 * (`schema['~standard'].jsonSchema.input(…)`, https://standardschema.dev/json-schema) — the INPUT
 * side, because what travels is what the schemas accept — or from a converter the caller gives.
 * A part that cannot be expressed is left unconstrained and reported, never guessed: a schema that
 * refuses less than the contract is honest about it; one that refuses more would break publishers.
 */
import type { StandardJSONSchemaV1 } from '@standard-schema/spec';
import type { EventContract } from './define-event.js';
import type { AnySchema } from './schema-validation.js';

/** A JSON Schema object. */
export type JsonSchemaObject = Record<string, unknown>;

/** The parts of a contract that carry a schema. */
export type ContractPart = 'object.current' | 'object.previous' | 'extra' | 'attributes';

/** A part of a contract whose schema could not be written as JSON Schema, and why. */
export interface UnexpressedPart {
  readonly part: ContractPart;
  /** Why: the library has no JSON Schema for it, or its converter threw (its message). */
  readonly reason: string;
}

/** What {@link toJsonSchema} returns. */
export interface ContractJsonSchema {
  /** The JSON Schema (draft 2020-12) of the whole MEGA document. */
  readonly schema: JsonSchemaObject;
  /** The parts left unconstrained (`{}`) in {@link ContractJsonSchema.schema}; empty when every part was expressed. */
  readonly unexpressed: readonly UnexpressedPart[];
}

/**
 * Converts one part's schema to JSON Schema, for libraries without the Standard JSON Schema
 * interface: return the JSON Schema of the schema's input, or `undefined` to fall back to the
 * interface. A throw marks the part unexpressed with the thrown message. `target` is the dialect asked for.
 *
 * @example
 * ```ts
 * import { toJsonSchema as valibotToJsonSchema } from '@valibot/to-json-schema';
 * toJsonSchema(contract, { converter: (schema, _part, target) => valibotToJsonSchema(schema as never, { target }) });
 * ```
 */
export type JsonSchemaConverter = (schema: AnySchema, part: ContractPart, target: JsonSchemaTarget) => JsonSchemaObject | undefined;

/** Options of {@link toJsonSchema}. */
export interface ContractJsonSchemaOptions {
  /** Used before the Standard JSON Schema interface for each part. @defaultValue none: the interface only */
  readonly converter?: JsonSchemaConverter;
  /**
   * The JSON Pointer at which the schema will sit when embedded in a larger document (an AsyncAPI
   * `payload`…): local `$ref`s of the parts (`#`, `#/$defs/…`) are rewritten to resolve there.
   * @defaultValue `''`, the schema is its own document
   */
  readonly pointer?: string;
  /** The schema's `$id`. @defaultValue none */
  readonly id?: string;
  /**
   * The JSON Schema dialect, asked of each library too: `'draft-07'` for tools that know no other
   * (the AsyncAPI parser reads JSON Schema payloads as draft-07).
   * @defaultValue 'draft-2020-12'
   */
  readonly target?: JsonSchemaTarget;
}

/** The JSON Schema dialects {@link toJsonSchema} writes. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07';

const DIALECTS: Record<JsonSchemaTarget, string> = {
  'draft-2020-12': 'https://json-schema.org/draft/2020-12/schema',
  'draft-07': 'http://json-schema.org/draft-07/schema#',
};

function hasJsonSchema(schema: AnySchema): schema is AnySchema & StandardJSONSchemaV1 {
  const converter = (schema['~standard'] as { jsonSchema?: { input?: unknown } }).jsonSchema;
  return typeof converter === 'object' && converter !== null && typeof converter.input === 'function';
}

/** Rewrites local `$ref`s of a part that sits at `at` (a JSON Pointer) in the final document. */
function relocate(value: unknown, at: string): unknown {
  if (Array.isArray(value)) return value.map((item) => relocate(item, at));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === '$ref' && typeof item === 'string' && item.startsWith('#') ? `#${at}${item.slice(1)}` : relocate(item, at);
  }
  return out;
}

/** Whether the schema accepts `{}` right away (an absent `extra` or `attributes` is checked as `{}`). */
function acceptsEmpty(schema: AnySchema): boolean {
  try {
    const result = schema['~standard'].validate({});
    return result instanceof Promise ? true : result.issues === undefined; // an asynchronous one cannot say: do not require
  } catch {
    return false;
  }
}

/**
 * The JSON Schema (draft 2020-12 unless `options.target` says draft-07) of the whole MEGA document
 * of `contract`, in its wire form:
 * `protocol: "mega"`, `version: 1`, `event` (its `name`, `version` and — when the contract has one —
 * `domain` as constants, `timestamp` a `date-time` string, `attributes`), `object` (`current`,
 * `previous`) and `extra`, each part from its schema's input.
 *
 * A part whose schema cannot be expressed — its library has no Standard JSON Schema interface and no
 * `converter` handled it, or the conversion threw (valibot's `trim`, a custom check…) — is left
 * unconstrained (`{}`) and listed in `unexpressed`. **The schema then accepts documents the contract
 * refuses**: check `unexpressed` before relying on it alone. It never refuses a document the contract
 * accepts, except where a library's own JSON Schema is stricter than its validator.
 *
 * `attributes` and `extra` are required when their schema refuses `{}` (the encoder omits them when
 * empty, and the contract checks an absent one as `{}`); `event.version` is required unless it is 1.
 *
 * @example
 * ```ts
 * const { schema, unexpressed } = toJsonSchema(userUpdated);
 * if (unexpressed.length > 0) console.warn('not expressed:', unexpressed);
 * ```
 */
export function toJsonSchema(contract: EventContract, options: ContractJsonSchemaOptions = {}): ContractJsonSchema {
  const { definition } = contract;
  const base = options.pointer ?? '';
  const target = options.target ?? 'draft-2020-12';
  const unexpressed: UnexpressedPart[] = [];

  const partSchema = (part: ContractPart, schema: AnySchema, at: string): JsonSchemaObject => {
    let converted: JsonSchemaObject | undefined;
    try {
      converted = options.converter?.(schema, part, target);
      if (converted === undefined) {
        if (!hasJsonSchema(schema)) {
          unexpressed.push({
            part,
            reason: `its ${schema['~standard'].vendor} schema has no Standard JSON Schema interface (~standard.jsonSchema); pass a converter`,
          });
          return {};
        }
        converted = schema['~standard'].jsonSchema.input({ target });
      }
    } catch (error) {
      unexpressed.push({ part, reason: `its conversion to JSON Schema threw: ${error instanceof Error ? error.message : String(error)}` });
      return {};
    }
    const { $schema: _ignored, ...rest } = converted; // only the document's root names the dialect
    return relocate(rest, `${base}${at}`) as JsonSchemaObject;
  };

  const eventProperties: Record<string, unknown> = {
    name: { const: definition.name },
    version: { const: contract.version },
    timestamp: { type: 'string', format: 'date-time' },
    domain: definition.domain === undefined ? { type: 'string' } : { const: definition.domain },
    subject: { type: 'string' },
    publisher: { type: 'string' },
    attributes: definition.attributes === undefined ? { type: 'object' } : partSchema('attributes', definition.attributes, '/properties/event/properties/attributes'),
  };
  const eventRequired = ['name', 'timestamp'];
  if (contract.version !== 1) eventRequired.push('version');
  if (definition.domain !== undefined) eventRequired.push('domain');
  if (definition.attributes !== undefined && !acceptsEmpty(definition.attributes)) eventRequired.push('attributes');

  const properties: Record<string, unknown> = {
    protocol: { const: 'mega' },
    version: { const: 1 },
    event: { type: 'object', properties: eventProperties, required: eventRequired },
  };
  const required = ['protocol', 'version', 'event'];

  const objectSchemas = definition.object;
  const objectProperties: Record<string, unknown> = {
    type: { type: 'string' },
    id: { type: 'string' },
    version: { type: 'integer' },
    current:
      objectSchemas === undefined ? { type: 'object', minProperties: 1 } : partSchema('object.current', objectSchemas.current, '/properties/object/properties/current'),
    previous:
      objectSchemas?.previous === undefined ? { type: 'object' } : partSchema('object.previous', objectSchemas.previous, '/properties/object/properties/previous'),
  };
  properties['object'] = { type: 'object', properties: objectProperties, required: ['current'] };
  if (objectSchemas !== undefined) required.push('object');

  properties['extra'] = definition.extra === undefined ? { type: 'object' } : partSchema('extra', definition.extra, '/properties/extra');
  if (definition.extra !== undefined && !acceptsEmpty(definition.extra)) required.push('extra');

  const schema: JsonSchemaObject = {
    $schema: DIALECTS[target],
    ...(options.id === undefined ? {} : { $id: options.id }),
    title: contract.id,
    description: `The MEGA document of the event ${contract.id}${definition.domain === undefined ? '' : ` (domain ${definition.domain})`}, as it travels.`,
    type: 'object',
    properties,
    required,
  };
  return { schema, unexpressed };
}
