/**
 * The body of a message to send, encoded by core: JSON and BSON from an object written as JSON
 * (a MEGA event is validated and written in its wire form), plaintext as typed.
 */
import { MegaValidationError, encodeBody } from '@sqs-mega/core';

/** How the user wants the body written. */
export type BodyFormat = 'json' | 'bson' | 'plaintext';

/** The body string to send, or what is wrong with the input. */
export function composeBody(format: BodyFormat, input: string): { ok: true; body: string } | { ok: false; error: string } {
  if (format === 'plaintext') return { ok: true, body: encodeBody(input) };
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch (error) {
    return { ok: false, error: `The body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `JSON and BSON bodies are objects; send other values as plaintext.` };
  }
  try {
    return { ok: true, body: encodeBody(value as Record<string, unknown>, { encoding: format }) };
  } catch (error) {
    if (error instanceof MegaValidationError) {
      return { ok: false, error: `Not a valid MEGA event: ${error.issues.map((i) => `${i.path}: ${i.reason}`).join('; ')}` };
    }
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A MEGA event to start from in the send form. */
export function sampleMegaEvent(now = new Date()): string {
  return JSON.stringify(
    {
      protocol: 'mega',
      version: 1,
      event: { name: 'user.updated', domain: 'accounts', timestamp: now.toISOString(), version: 1 },
      object: { type: 'user', id: '42', current: { id: 42, email: 'ada@example.com' } },
    },
    null,
    2,
  );
}
