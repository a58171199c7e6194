/**
 * A point in time as the inspector shows it. Times come from untrusted places (a hostile endpoint's
 * SentTimestamp, an imported capture file, a BSON date), and `Date#toISOString` throws a RangeError
 * for anything outside ECMAScript's ±8.64e15 ms: one such value would take the whole app down. So a
 * time that cannot be one is shown as what it is, "invalid time (1e+21)", and never throws.
 */

/** ECMAScript's time range: ±100,000,000 days around the epoch, in ms. */
const MAX_TIME_MS = 8.64e15;

/** The number as JavaScript writes it (`-0` kept), or what else the value is. */
function rawText(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  return `not a number: ${typeof value}`;
}

/** True when `ms` is a time a `Date` can hold. */
function isValidTime(ms: unknown): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME_MS;
}

/**
 * The time `ms` (milliseconds since the epoch) in ISO 8601 UTC, `2023-11-14T22:13:20.000Z`; for a
 * value no `Date` can hold (NaN, ±Infinity, 1e20, a non-number), `invalid time (…)` with the value.
 *
 * @example timeText(1_700_000_000_000) // '2023-11-14T22:13:20.000Z'
 * @example timeText(Number.NaN) // 'invalid time (NaN)'
 */
export function timeText(ms: number): string {
  return isValidTime(ms) ? new Date(ms).toISOString() : `invalid time (${rawText(ms)})`;
}

/** {@link timeText} of a `Date` (an invalid `Date` shows as `invalid time (NaN)`). */
export function dateText(date: Date): string {
  return timeText(date.getTime());
}
