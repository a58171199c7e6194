/**
 * Reading API request bodies: JSON objects only (`Content-Type: application/json`), fields read as
 * own properties (a `__proto__` or `constructor` key is data, never a prototype's value), each
 * checked with a 400 `BAD_REQUEST` that names the field and what it takes.
 */
import type { Context } from 'hono';
import { BridgeError } from './bridge-error.js';
import { ownValue } from './data-record.js';

/** A parsed JSON object body. */
export type JsonObject = Record<string, unknown>;

/** A 400 `BAD_REQUEST` with `message`. */
export function badRequest(message: string): BridgeError {
  return new BridgeError('BAD_REQUEST', message);
}

/** The request's JSON object body; an empty body is `{}`. Only `application/json` is accepted. */
export async function jsonBody(c: Context): Promise<JsonObject> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(?:;|$)/i.test(type)) {
    throw badRequest('Send the request body as JSON with Content-Type: application/json.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('The request body must be a JSON object.');
  return value as JsonObject;
}

/** An integer field in [min, max], `fallback` when absent or null. */
export function optionalInteger(body: JsonObject, key: string, min: number, max: number, fallback: number): number {
  const value = ownValue(body, key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`"${key}" must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** A string field, `undefined` when absent or null. */
export function optionalString(body: JsonObject, key: string): string | undefined {
  const value = ownValue(body, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badRequest(`"${key}" must be a string.`);
  return value;
}

/** A non-empty string field; `what` says what it is in the refusal. */
export function requiredString(body: JsonObject, key: string, what: string): string {
  const value = optionalString(body, key);
  if (value === undefined || value === '') throw badRequest(`"${key}" is required: ${what}.`);
  return value;
}

