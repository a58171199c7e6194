import { describe, expect, it } from 'vitest';
import { decodeBody } from '../codec/decode-body.js';
import { PatternError } from '../errors.js';
import type { MegaPayload } from '../model/payload.js';
import { any, empty, gt, gte, match, not, oneOf } from './dsl.js';
import { eventPattern } from './event-pattern.js';

function payload(overrides: Partial<MegaPayload> = {}): MegaPayload {
  return {
    protocol: 'mega',
    version: 1,
    event: {
      name: 'user.updated',
      timestamp: new Date('2020-05-04T15:53:27.823Z'),
      version: 1,
      domain: 'user',
      subject: '987650',
      publisher: 'user-service',
      attributes: { email: 'johndoe_86@example.com' },
    },
    object: {
      type: 'user',
      id: '987650',
      version: 2,
      current: { id: 987650, username: 'john.doe' },
      previous: { id: 987650, username: 'john' },
    },
    ...overrides,
  };
}

describe('eventPattern (spec §6)', () => {
  it('matches each declared attribute at its path', () => {
    const p = eventPattern({
      name: 'user.updated',
      domain: 'user',
      version: gte(1),
      timestamp: { $gte: { $datetime: '2020-05-01T00:00:00Z' } },
      subject: match('^\\d+$'),
      publisher: oneOf('user-service', 'login-api'),
      attributes: { email: not(empty()) },
      objectType: 'user',
      objectVersion: 2,
      objectId: '987650',
      objectCurrent: { id: gt(0) },
      objectPrevious: { username: 'john' },
    });
    expect(p.test(payload())).toBe(true);
    expect(p.explain(payload())).toEqual({ match: true, failures: [] });
  });

  it('accepts the aliases', () => {
    const p = eventPattern({ eventName: 'user.updated', currentObject: { username: 'john.doe' }, previousObject: any() });
    expect(p.test(payload())).toBe(true);
    expect(p.attributes).toEqual({ name: 'user.updated', objectCurrent: { username: 'john.doe' }, objectPrevious: { $any: true } });
  });

  it('gives undefined for a missing step: no object means every object attribute is absent', () => {
    const noObject = payload();
    delete noObject.object;
    expect(eventPattern({ objectCurrent: {} }).test(noObject)).toBe(false);
    expect(eventPattern({ objectVersion: { $lt: 3 } }).test(noObject)).toBe(false);
    expect(eventPattern({ objectType: empty() }).test(noObject)).toBe(true);
    expect(eventPattern({}).test(noObject)).toBe(true);
  });

  it('does not let a plain string match the Date timestamp', () => {
    expect(eventPattern({ timestamp: '2020-05-04T15:53:27.823' }).test(payload())).toBe(false);
    expect(eventPattern({ timestamp: { $datetime: '2020-05-04T15:53:27.823Z' } }).test(payload())).toBe(true);
    expect(eventPattern({ timestamp: { $date: '2020-05-04' } }).test(payload())).toBe(true);
  });

  it('compares a date-only pattern with the UTC date of the decoded timestamp, and a plain string with its written date', () => {
    // 22:30 at UTC-3 is 01:30 UTC on the next day: the decoded timestamp is that instant.
    const body = JSON.stringify({
      protocol: 'mega',
      version: 1,
      event: { name: 'user.updated', timestamp: '2020-05-04T22:30:00-03:00', attributes: { written: '2020-05-04T22:30:00-03:00' } },
    });
    const decoded = decodeBody(body);
    if (decoded.kind !== 'mega') throw new Error(`expected a MEGA payload, got ${decoded.kind}`);
    expect(eventPattern({ timestamp: { $eq: { $date: '2020-05-04' } } }).test(decoded.payload)).toBe(false);
    expect(eventPattern({ timestamp: { $eq: { $date: '2020-05-05' } } }).test(decoded.payload)).toBe(true);
    expect(eventPattern({ attributes: { written: { $eq: { $date: '2020-05-04' } } } }).test(decoded.payload)).toBe(true);
    expect(eventPattern({ attributes: { written: { $eq: { $date: '2020-05-05' } } } }).test(decoded.payload)).toBe(false);
  });

  it('explains failures with their path into the payload', () => {
    const p = eventPattern({ name: 'user.created', objectCurrent: { id: gt(1_000_000) }, domain: any() });
    expect(p.explain(payload()).failures).toEqual([
      { path: ['event', 'name'], expected: '"user.created"', actual: 'user.updated' },
      { path: ['object', 'current', 'id'], expected: '> 1000000', actual: 987650 },
    ]);
  });

  it('rejects an attribute declared with its alias', () => {
    try {
      eventPattern({ name: 'a', eventName: 'a' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PatternError);
      expect((error as PatternError).path).toEqual(['eventName']);
      expect((error as PatternError).message).toMatch(/"name" and "eventName" name the same attribute/);
    }
  });

  it('rejects unknown attributes, suggesting the camelCase name', () => {
    // @ts-expect-error: event_name is not an attribute (it is eventName)
    expect(() => eventPattern({ event_name: 'a' })).toThrow(/Did you mean "eventName"\?/);
    // @ts-expect-error: extra cannot be matched by an event subscriber
    expect(() => eventPattern({ extra: {} })).toThrow(PatternError);
  });

  it('puts the attribute key first in the path of an invalid pattern inside', () => {
    expect(() => eventPattern({ objectCurrent: { id: { $gt: 'a' as unknown as number } } })).toThrow(
      expect.objectContaining({ path: ['objectCurrent', 'id', '$gt'] }),
    );
  });

  it('is typed: patterns are checked where they are written', () => {
    eventPattern({ name: 'user.updated', objectCurrent: { id: gt(0) } });
    // @ts-expect-error: $gt takes a number, a bigint or a date
    gt('a');
    // @ts-expect-error: an attribute cannot be explicitly undefined (leave it out)
    expect(() => eventPattern({ name: undefined })).toThrow(PatternError);
    // @ts-expect-error: a Map is not a pattern
    expect(() => eventPattern({ attributes: new Map() })).toThrow(PatternError);
  });

  it('reads own properties only, also when Object.prototype is polluted', () => {
    const noDomain = payload();
    delete noDomain.event.domain;
    const proto = Object.prototype as Record<string, unknown>;
    proto.domain = 'user';
    try {
      expect(eventPattern({ domain: 'user' }).test(noDomain)).toBe(false);
      expect(eventPattern({ domain: empty() }).test(noDomain)).toBe(true);
    } finally {
      delete proto.domain;
    }
    const bare = Object.assign(Object.create(null) as object, payload()) as MegaPayload;
    expect(eventPattern({ name: 'user.updated' }).test(bare)).toBe(true);
  });

  it('never throws on a hostile payload', () => {
    const hostile = Object.defineProperty({}, 'event', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    }) as MegaPayload;
    const p = eventPattern({ name: 'x' });
    expect(p.test(hostile)).toBe(false);
    expect(p.explain(hostile).match).toBe(false);
    expect(eventPattern({ name: 'x' }).test(null as unknown as MegaPayload)).toBe(false);
  });
});
