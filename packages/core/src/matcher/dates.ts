/**
 * Dates in matching (spec §5.4, M6): pattern dates (`{$date}`, `{$datetime}`, `Date`), which values
 * are dates, and how they compare. Every text goes through the one strict parser of spec §1.2.
 */
import { parseIsoDate, parseIsoDateTime, parseIsoDateValue, utcDayNumber } from '../time/iso-datetime.js';

/** A pattern date, parsed once at compile time. */
export interface PatternDate {
  /** True for `{$date}`: compare calendar dates only. */
  readonly dateOnly: boolean;
  /** Days since 1970-01-01 of the calendar date (the one written in the text; a `Date`'s UTC date). */
  readonly dayNumber: number;
  /** The instant in whole seconds since the epoch (truncated); unused when `dateOnly`. */
  readonly epochSeconds: number;
  /** How the pattern reads in explanations: `2020-01-01` or `2020-05-04T15:52:01Z`. */
  readonly text: string;
}

/** `{$date: "YYYY-MM-DD"}` → a pattern date; `undefined` when the text is not a real calendar date. */
export function patternDateFromDateText(text: string): PatternDate | undefined {
  const parsed = parseIsoDate(text);
  if (parsed === undefined) return undefined;
  return { dateOnly: true, dayNumber: parsed.dayNumber, epochSeconds: NaN, text };
}

/** `{$datetime: "…"}` → a pattern date; `undefined` when the text is not a §1.2 date-time. */
export function patternDateFromDateTimeText(text: string): PatternDate | undefined {
  const parsed = parseIsoDateTime(text);
  if (parsed === undefined) return undefined;
  return {
    dateOnly: false,
    dayNumber: parsed.dayNumber,
    epochSeconds: Math.floor(parsed.epochMs / 1000),
    text,
  };
}

/** A `Date` in a pattern → a pattern date (an instant); `undefined` for an invalid `Date`. */
export function patternDateFromDate(date: Date): PatternDate | undefined {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  return {
    dateOnly: false,
    dayNumber: utcDayNumber(ms),
    epochSeconds: Math.floor(ms / 1000),
    text: date.toISOString(),
  };
}

function sign(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares a matched value with a pattern date (§5.4): -1, 0 or 1 when the value is a date (a valid
 * `Date` or a string in the §1.2 grammar); NaN when it is not. Calendar dates are compared when
 * either side is date-only (a date-time string gives the date written in it, a `Date` its UTC
 * date); otherwise instants truncated to whole seconds.
 */
export function compareValueToDate(value: unknown, pattern: PatternDate): number {
  if (typeof value === 'string') {
    const parsed = parseIsoDateValue(value);
    if (parsed === undefined) return NaN;
    if (pattern.dateOnly || parsed.kind === 'date') return sign(parsed.dayNumber, pattern.dayNumber);
    return sign(Math.floor(parsed.epochMs / 1000), pattern.epochSeconds);
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return NaN;
    if (pattern.dateOnly) return sign(utcDayNumber(ms), pattern.dayNumber);
    return sign(Math.floor(ms / 1000), pattern.epochSeconds);
  }
  return NaN;
}
