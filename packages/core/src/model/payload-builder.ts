/**
 * `PayloadBuilder`: the way code makes a MEGA payload (spec §3).
 */
import { MegaValidationError } from '../errors.js';
import { copyOwn, setOwn, type PlainObject } from '../plain-object.js';
import { readMegaDocument } from './mega-validation.js';
import type { MegaPayload } from './payload.js';

/** What `withEvent` takes. Keys beyond the named ones become event attributes. */
export interface EventInput {
  /** Non-empty event name, e.g. `user.updated`. */
  name: string;
  /** A `Date` or an ISO-8601 date-time string (naive means UTC). @defaultValue the time of `build()` */
  timestamp?: Date | string | null;
  /** Event schema version (an integer). @defaultValue 1 */
  version?: number | null;
  domain?: string | null;
  subject?: string | null;
  publisher?: string | null;
  /** Event attributes. @defaultValue {} */
  attributes?: Record<string, unknown> | null;
  /** Any other key is added to `attributes`, winning over an attribute of the same name. */
  [attribute: string]: unknown;
}

/** What `withObject` takes. */
export interface ObjectInput {
  /** The object's current state: a non-empty plain object. */
  current: Record<string, unknown>;
  type?: string | null;
  id?: string | null;
  /** Object schema version (an integer). @defaultValue 1 */
  version?: number | null;
  /** The object's previous state; left out of the payload when empty. */
  previous?: Record<string, unknown> | null;
}

const NAMED_EVENT_KEYS = new Set(['name', 'timestamp', 'version', 'domain', 'subject', 'publisher', 'attributes']);

/**
 * Builds a MEGA payload step by step and validates it once, in {@link PayloadBuilder.build}.
 *
 * @example
 * ```ts
 * const payload = new PayloadBuilder()
 *   .withEvent({ name: 'user.updated', domain: 'accounts' })
 *   .withObject({ type: 'user', id: '42', current: { id: 42, email: 'a@b.c' } })
 *   .build();
 * const body = encodeBody(payload); // canonical JSON, ready for SQS
 * ```
 */
export class PayloadBuilder {
  #event: PlainObject | undefined;
  #object: PlainObject | undefined;
  #extra: PlainObject = {};

  /** Sets the event. Calling it again replaces the previous event. */
  withEvent(event: EventInput): this {
    const { attributes, ...fields } = event;
    const merged = attributes === undefined || attributes === null ? {} : attributes;
    const doc: PlainObject = {};
    let mergedAttributes: unknown = merged;
    for (const key of Object.keys(fields)) {
      if (NAMED_EVENT_KEYS.has(key)) {
        setOwn(doc, key, fields[key]);
      } else {
        // Extra keys join the attributes and win over an attribute of the same name.
        if (mergedAttributes === merged) mergedAttributes = copyOwn(merged as PlainObject);
        setOwn(mergedAttributes as PlainObject, key, fields[key]);
      }
    }
    doc.attributes = mergedAttributes;
    this.#event = doc;
    return this;
  }

  /** Sets the object the event is about. Calling it again replaces it. */
  withObject(object: ObjectInput): this {
    this.#object = copyOwn(object as unknown as PlainObject);
    return this;
  }

  /** Merges fields into `extra` (later calls win on the same key). */
  withExtra(fields: Record<string, unknown>): this {
    for (const key of Object.keys(fields)) setOwn(this.#extra, key, fields[key]);
    return this;
  }

  /**
   * Validates with the rules of spec §2.1 and returns the payload: `attributes` always present,
   * `previous` and `extra` only when non-empty, versions defaulted to 1, a missing timestamp set to now.
   *
   * @throws {@link MegaValidationError} (code `MEGA_INVALID`) listing every problem with its path,
   * also when `withEvent` was never called.
   */
  build(): MegaPayload {
    const event = this.#event === undefined ? undefined : { ...this.#event };
    if (event !== undefined && (event.timestamp === undefined || event.timestamp === null)) {
      event.timestamp = new Date();
    }
    const document: PlainObject = { protocol: 'mega', version: 1, event, extra: copyOwn(this.#extra) };
    if (this.#object !== undefined) document.object = this.#object;
    const result = readMegaDocument(document, { acceptDateTimestamp: true });
    if (!result.ok) throw new MegaValidationError(result.issues);
    return result.payload;
  }
}
