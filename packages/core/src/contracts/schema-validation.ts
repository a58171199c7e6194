/**
 * Running a Standard Schema (https://standardschema.dev): zod 4, valibot, arktype and others expose
 * `schema['~standard'].validate(value)`, which returns `{ value }` or `{ issues }`, synchronously or
 * as a promise. This module is the one place that calls it; core depends only on the spec's types.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec';

/** Any Standard Schema. */
export type AnySchema = StandardSchemaV1;

/** The type a schema accepts (what is published). */
export type SchemaInput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : never;

/** The type a schema produces (what a subscriber receives: transforms and defaults applied). */
export type SchemaOutput<S> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : never;

/** One problem a schema found: where (from the root of the MEGA document) and the schema's own words. */
export interface SchemaIssue {
  /** Path from the MEGA document's root, e.g. `['object', 'current', 'email']`. */
  readonly path: readonly (string | number)[];
  /** The schema library's message, as it wrote it. */
  readonly message: string;
}

/** What a validation gave: the schema's output, or its issues. */
export type SchemaResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SchemaIssue[] };

function keyOf(segment: PropertyKey | StandardSchemaV1.PathSegment): string | number {
  const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
  return typeof key === 'number' ? key : String(key);
}

function toResult<T>(result: StandardSchemaV1.Result<T>, at: readonly (string | number)[]): SchemaResult<T> {
  if (result.issues === undefined) return { ok: true, value: (result as StandardSchemaV1.SuccessResult<T>).value };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({ path: [...at, ...(issue.path ?? []).map(keyOf)], message: issue.message })),
  };
}

/** Whether `value` is a Standard Schema (has `~standard` with version 1 and a `validate` function). */
export function isStandardSchema(value: unknown): value is AnySchema {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const standard = (value as { '~standard'?: { version?: unknown; validate?: unknown } })['~standard'];
  return typeof standard === 'object' && standard !== null && standard.version === 1 && typeof standard.validate === 'function';
}

/** The library a schema comes from (`zod`, `valibot`, `arktype`…), as it says itself. */
export function schemaVendor(schema: AnySchema): string {
  return schema['~standard'].vendor;
}

/**
 * Validates `value` with `schema`; `at` (default: none) prefixes the issues' paths, so they read
 * from the root of the document the value sits in. Returns `'async'` when the schema validated
 * asynchronously (a promise), for the caller to await {@link validateSchemaAsync} instead. A schema
 * that throws is reported as an issue, never thrown.
 */
export function validateSchema<S extends AnySchema>(schema: S, value: unknown, at: readonly (string | number)[] = []): SchemaResult<SchemaOutput<S>> | 'async' {
  let result: StandardSchemaV1.Result<SchemaOutput<S>> | Promise<StandardSchemaV1.Result<SchemaOutput<S>>>;
  try {
    result = schema['~standard'].validate(value) as typeof result;
  } catch (error) {
    return { ok: false, issues: [{ path: [...at], message: `the schema threw: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (result instanceof Promise) {
    result.catch(() => undefined); // the caller validates again, awaiting; this one must not be unhandled
    return 'async';
  }
  return toResult(result, at);
}

/** Validates `value` with `schema`, awaiting an asynchronous schema; `at` as for {@link validateSchema}. Never rejects. */
export async function validateSchemaAsync<S extends AnySchema>(schema: S, value: unknown, at: readonly (string | number)[] = []): Promise<SchemaResult<SchemaOutput<S>>> {
  try {
    return toResult(await schema['~standard'].validate(value), at) as SchemaResult<SchemaOutput<S>>;
  } catch (error) {
    return { ok: false, issues: [{ path: [...at], message: `the schema threw: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}
