import { describe, expect, it } from 'vitest';
import { formatWireTimestamp, parseIsoDate, parseIsoDateTime, parseIsoDateValue } from './iso-datetime.js';

describe('parseIsoDateTime', () => {
  it.each([
    ['2020-05-04T15:53:27.823Z', '2020-05-04T15:53:27.823Z'],
    ['2020-05-04T15:53:27.823', '2020-05-04T15:53:27.823Z'],
    ['2020-05-04T15:53', '2020-05-04T15:53:00.000Z'],
    ['2020-05-04T15:53:27.123456789+00:00', '2020-05-04T15:53:27.123Z'],
    ['2020-05-04T15:53:27+05:30', '2020-05-04T10:23:27.000Z'],
    ['2020-05-04T15:53:27+0530', '2020-05-04T10:23:27.000Z'],
    ['2020-05-04T01:00:00-05', '2020-05-04T06:00:00.000Z'],
    ['2020-02-29T00:00:00Z', '2020-02-29T00:00:00.000Z'],
    ['0050-01-01T00:00:00Z', '0050-01-01T00:00:00.000Z'],
  ])('reads %s as the instant %s', (text, iso) => {
    expect(new Date(parseIsoDateTime(text)!.epochMs).toISOString()).toBe(iso);
  });

  it.each([
    '2020-05-04',
    '2020-05-04 15:53:27',
    '2020-05-04t15:53:27',
    '2020-05-04T15:53:27z',
    '2020-05-04T15:53:27,5',
    '2019-02-29T00:00:00',
    '2020-13-01T00:00:00',
    '2020-05-04T24:00:00',
    '2020-05-04T10:60:00',
    '2020-05-04T10:00:60',
    '2020-05-04T10:00:00+24:00',
    '2020-5-4T5:3:2',
    ' 2020-05-04T15:53:27',
    '2020-05-04T15:53:27\n',
    '２０２０-05-04T15:53:27',
  ])('refuses %j', (text) => {
    expect(parseIsoDateTime(text)).toBeUndefined();
  });

  it('keeps the calendar date written in the text, before the offset', () => {
    const local = parseIsoDateTime('2020-01-01T23:00:00-05:00')!;
    expect(local.dayNumber).toBe(parseIsoDate('2020-01-01')!.dayNumber);
  });
});

describe('parseIsoDate / parseIsoDateValue', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2020-02-29')).toMatchObject({ year: 2020, month: 2, day: 29 });
    expect(parseIsoDate('2021-02-29')).toBeUndefined();
    expect(parseIsoDate('2020-5-4')).toBeUndefined();
    expect(parseIsoDate('2020')).toBeUndefined();
  });
  it('tells a date from a date-time', () => {
    expect(parseIsoDateValue('2020-01-01')?.kind).toBe('date');
    expect(parseIsoDateValue('2020-01-01T00:00')?.kind).toBe('datetime');
    expect(parseIsoDateValue('May 4 2020')).toBeUndefined();
  });
});

describe('formatWireTimestamp', () => {
  it.each([
    ['2020-05-04T15:53:27.823Z', '2020-05-04T15:53:27.823000+00:00'],
    ['2020-05-04T15:53:27.000Z', '2020-05-04T15:53:27+00:00'],
    ['1969-12-31T23:59:59.500Z', '1969-12-31T23:59:59.500000+00:00'],
    ['0005-01-01T00:00:00.010Z', '0005-01-01T00:00:00.010000+00:00'],
  ])('writes %s as %s', (iso, wire) => {
    const date = new Date(parseIsoDateTime(iso)!.epochMs);
    expect(formatWireTimestamp(date)).toBe(wire);
  });
  it('has no form for invalid dates or 5-digit years', () => {
    expect(formatWireTimestamp(new Date(NaN))).toBeUndefined();
    expect(formatWireTimestamp(new Date(Date.UTC(10000, 0, 1)))).toBeUndefined();
  });
});

describe('parseIsoDateTime agrees with Date on every day of 1900–2100 and around the epoch', () => {
  it('gives the same instant as Date.UTC', () => {
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 86_400_000 + 3_723_004) {
      const iso = new Date(ms).toISOString(); // e.g. 1969-12-31T01:02:03.004Z
      expect(parseIsoDateTime(iso)?.epochMs).toBe(ms);
      expect(parseIsoDate(iso.slice(0, 10))?.dayNumber).toBe(Math.floor(ms / 86_400_000));
    }
  });
  it('reads 1969-12-31 as day -1', () => {
    expect(parseIsoDate('1969-12-31')?.dayNumber).toBe(-1);
    expect(parseIsoDateTime('1969-12-31T23:59:59.999Z')?.epochMs).toBe(-1);
  });
});
