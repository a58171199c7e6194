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
// 400 Gregorian years are exactly 146,097 days: used to move years 0–99 out of Date.UTC's 1900 window.
const MS_PER_400_YEARS = 146_097 * MS_PER_DAY;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2})(?::?(\d{2}))?)?$/;

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

/** `Date.UTC` that treats years 0–99 literally instead of as 1900–1999. */
function utcMs(year: number, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, h, m, s, ms);
  return Date.UTC(year + 400, month - 1, day, h, m, s, ms) - MS_PER_400_YEARS;
}

function dayNumberOf(year: number, month: number, day: number): number {
  return utcMs(year, month, day) / MS_PER_DAY;
}

/** Parses `YYYY-MM-DD`; `undefined` when the text is not exactly a real calendar date. */
export function parseIsoDate(text: string): IsoCalendarDate | undefined {
  const m = DATE_RE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isRealDate(year, month, day)) return undefined;
  return { kind: 'date', year, month, day, dayNumber: dayNumberOf(year, month, day) };
}

/** Parses a `date-time`; `undefined` when the text is not exactly one (see the grammar above). */
export function parseIsoDateTime(text: string): IsoInstant | undefined {
  const m = DATE_TIME_RE.exec(text);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return undefined;
  const fraction = m[7];
  const millis = fraction === undefined ? 0 : Number((fraction + '00').slice(0, 3));
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMins = m[11] === undefined ? 0 : Number(m[11]);
    if (offsetHours > 23 || offsetMins > 59) return undefined;
    offsetMinutes = (offsetHours * 60 + offsetMins) * (m[9] === '-' ? -1 : 1);
  }
  const local = utcMs(year, month, day, hour, minute, second, millis);
  return {
    kind: 'datetime',
    epochMs: local - offsetMinutes * 60_000,
    dayNumber: dayNumberOf(year, month, day),
  };
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
