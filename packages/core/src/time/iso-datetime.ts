/**
 * The strict ISO-8601 subset of the spec (§1.2), shared by the codec (`event.timestamp`) and the
 * matcher (date values and `$date` / `$datetime` patterns).
 *
 * ```
 * date      = YYYY "-" MM "-" DD
 * date-time = date "T" hh ":" mm [ ":" ss [ "." 1*DIGIT ] ] [ "Z" / ("+"/"-") hh [ [":"] mm ] ]
 * ```
 * Case-sensitive, nothing around it, a real calendar date, hh ≤ 23, mm/ss ≤ 59, offset hours ≤ 23.
 * No offset means UTC; fraction digits beyond milliseconds are truncated.
 */

/** A calendar date as written, with no time of day (`YYYY-MM-DD`). */
export interface IsoCalendarDate {
  readonly kind: 'date';
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  /** 1–31. */
  readonly day: number;
  /** Days since 1970-01-01 of this calendar date: comparable across dates. */
  readonly dayNumber: number;
}

/** A date-time: an instant (milliseconds since the epoch), plus the calendar date written in it. */
export interface IsoInstant {
  readonly kind: 'datetime';
  /** The instant, in milliseconds since the epoch (UTC), fraction truncated to milliseconds. */
  readonly epochMs: number;
  /** Days since 1970-01-01 of the calendar date written in the text (before applying the offset). */
  readonly dayNumber: number;
}

/** Either form the grammar accepts. */
export type IsoDateValue = IsoCalendarDate | IsoInstant;

const MS_PER_DAY = 86_400_000;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isRealDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`): integer
 * arithmetic only, exact for every year, no `Date` allocation.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** The value of the two ASCII digits at `at`, or -1 when either is not a digit (or is past the end). */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The value of the four ASCII digits at `at`, or -1. */
function fourDigits(text: string, at: number): number {
  const high = twoDigits(text, at);
  const low = twoDigits(text, at + 2);
  return high < 0 || low < 0 ? -1 : high * 100 + low;
}

/** Reads `YYYY-MM-DD` at the start of `text`; its day number, or NaN. */
function readDate(text: string): number {
  const year = fourDigits(text, 0);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (year < 0 || month < 0 || day < 0 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  return isRealDate(year, month, day) ? daysFromCivil(year, month, day) : NaN;
}

/** Parses `YYYY-MM-DD`; `undefined` when the text is not exactly a real calendar date. */
export function parseIsoDate(text: string): IsoCalendarDate | undefined {
  if (text.length !== 10) return undefined;
  const dayNumber = readDate(text);
  if (Number.isNaN(dayNumber)) return undefined;
  return {
    kind: 'date',
    year: fourDigits(text, 0),
    month: twoDigits(text, 5),
    day: twoDigits(text, 8),
    dayNumber,
  };
}

/**
 * The instant of a `date-time` in milliseconds since the epoch, or NaN when the text is not exactly
 * one. Allocation-free: the codec reads every `event.timestamp` through it.
 */
export function isoDateTimeToEpochMs(text: string): number {
  const length = text.length;
  if (length < 16 || text.charCodeAt(10) !== 84 /* T */ || text.charCodeAt(13) !== 58 /* : */) return NaN;
  const dayNumber = readDate(text);
  if (Number.isNaN(dayNumber)) return NaN;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text.charCodeAt(at) === 58 /* : */) {
    second = twoDigits(text, at + 1);
    if (second < 0 || second > 59) return NaN;
    at += 3;
    if (text.charCodeAt(at) === 46 /* . */) {
      const start = ++at;
      while (at < length && text.charCodeAt(at) >= 48 && text.charCodeAt(at) <= 57) at++;
      if (at === start) return NaN;
      // Truncate the fraction to milliseconds.
      for (let i = start; i < start + 3; i++) millis = millis * 10 + (i < at ? text.charCodeAt(i) - 48 : 0);
    }
  }
  let offsetMinutes = 0;
  if (at < length) {
    const sign = text.charCodeAt(at);
    if (sign === 90 /* Z */) {
      at += 1;
    } else if (sign === 43 /* + */ || sign === 45 /* - */) {
      const offsetHours = twoDigits(text, at + 1);
      if (offsetHours < 0 || offsetHours > 23) return NaN;
      at += 3;
      let offsetMins = 0;
      if (at < length) {
        if (text.charCodeAt(at) === 58 /* : */) at++;
        offsetMins = twoDigits(text, at);
        if (offsetMins < 0 || offsetMins > 59) return NaN;
        at += 2;
      }
      offsetMinutes = (offsetHours * 60 + offsetMins) * (sign === 45 ? -1 : 1);
    } else {
      return NaN;
    }
  }
  if (at !== length) return NaN;
  return dayNumber * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** Parses a `date-time`; `undefined` when the text is not exactly one (see the grammar above). */
export function parseIsoDateTime(text: string): IsoInstant | undefined {
  const epochMs = isoDateTimeToEpochMs(text);
  return Number.isNaN(epochMs) ? undefined : { kind: 'datetime', epochMs, dayNumber: readDate(text) };
}

/** Parses either form: a `date-time` or a `date`. */
export function parseIsoDateValue(text: string): IsoDateValue | undefined {
  return text.length > 10 ? parseIsoDateTime(text) : parseIsoDate(text);
}

/** Days since 1970-01-01 of the UTC calendar date of an instant. */
export function utcDayNumber(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_DAY);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Writes an instant as the wire form of `event.timestamp` (§1.2): UTC in Python `isoformat` style,
 * `YYYY-MM-DDTHH:MM:SS.ffffff+00:00`, the fraction left out when the milliseconds are 0.
 * Returns `undefined` for an invalid date or a year outside 0000–9999 (no 4-digit form exists).
 */
export function formatWireTimestamp(date: Date): string | undefined {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return undefined;
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) return undefined;
  const millis = date.getUTCMilliseconds();
  return (
    `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}` +
    `T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}` +
    (millis === 0 ? '' : `.${pad(millis, 3)}000`) +
    '+00:00'
  );
}
