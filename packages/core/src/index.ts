/**
 * `@sqs-mega/core`: the platform-agnostic heart of SQS MEGA. It runs unchanged in Node and in
 * browsers (no Node built-ins), takes strings and values and returns values.
 *
 * - codec: `decodeBody` / `encodeBody` — JSON, BSON+Base64, SNS envelopes, plaintext, binary;
 * - model: `MegaPayload` and `PayloadBuilder`;
 * - matcher: the JSON pattern form, `compilePattern` (test / explain), DSL helpers, `eventPattern`;
 * - routing: many subscribers' patterns → the ones a decoded body goes to;
 * - contracts: `defineEvent` with Standard Schemas, `contractSubscriber`.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export {
  parseIsoDate,
  parseIsoDateTime,
  parseIsoDateValue,
  formatWireTimestamp,
  type IsoCalendarDate,
  type IsoInstant,
  type IsoDateValue,
} from './time/iso-datetime.js';
export * from './codec/index.js';
export * from './model/index.js';
export * from './matcher/index.js';
export * from './routing/index.js';
export * from './dispatch/index.js';
export * from './contracts/index.js';
