import { describe, expect, it } from 'vitest';
import { dateText, timeText } from './time-text.js';

describe('timeText', () => {
  it('writes a time a Date can hold in ISO 8601 UTC', () => {
    expect(timeText(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(timeText(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(timeText(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(timeText(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
  });

  it.each([
    [1e20, 'invalid time (100000000000000000000)'],
    [-1e20, 'invalid time (-100000000000000000000)'],
    [8.64e15 + 1, 'invalid time (8640000000000001)'],
    [Number.NaN, 'invalid time (NaN)'],
    [Number.POSITIVE_INFINITY, 'invalid time (Infinity)'],
    [Number.NEGATIVE_INFINITY, 'invalid time (-Infinity)'],
  ])('shows %s, which no Date can hold, as invalid instead of throwing', (ms, shown) => {
    expect(timeText(ms)).toBe(shown);
  });

  it('shows a value that is not a number at all as invalid', () => {
    expect(timeText('1700000000000' as unknown as number)).toBe('invalid time (not a number: string)');
  });

  it('shows an invalid Date as invalid', () => {
    expect(dateText(new Date(Number.NaN))).toBe('invalid time (NaN)');
    expect(dateText(new Date(1e20))).toBe('invalid time (NaN)');
    expect(dateText(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});
