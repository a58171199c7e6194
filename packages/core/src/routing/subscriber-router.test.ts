import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodedBody } from '../codec/decoded-body.js';
import { PatternError } from '../errors.js';
import { any, gt, match, not, oneOf } from '../matcher/dsl.js';
import { compilePattern } from '../matcher/compile.js';
import { dataPattern } from '../matcher/data-pattern.js';
import { eventPattern, type EventPatternAttributes } from '../matcher/event-pattern.js';
import type { Pattern } from '../matcher/pattern-form.js';
import { SubscriberRouter } from './subscriber-router.js';

function mega(name: string, extra: { domain?: string; current?: Record<string, unknown> } = {}): DecodedBody {
  return {
    kind: 'mega',
    encoding: 'json',
    document: {},
    payload: {
      protocol: 'mega',
      version: 1,
      event: {
        name,
        timestamp: new Date('2020-05-04T15:53:27.823Z'),
        version: 1,
        attributes: {},
        ...(extra.domain === undefined ? {} : { domain: extra.domain }),
      },
      ...(extra.current === undefined ? {} : { object: { version: 1, current: extra.current } }),
    },
  };
}

function data(value: Record<string, unknown>): DecodedBody {
  return { kind: 'data', encoding: 'json', data: value };
}

describe('SubscriberRouter', () => {
  it('returns every matching subscriber in registration order, across indexes', () => {
    const router = new SubscriberRouter<string>();
    router.add({ kind: 'event', pattern: {} }, 'all');
    router.add({ kind: 'event', pattern: { domain: 'user' } }, 'domain');
    router.add({ kind: 'event', pattern: { name: 'user.updated' } }, 'exact');
    router.add({ kind: 'event', pattern: { name: match('user\\.') } }, 'prefix');
    router.add({ kind: 'event', pattern: { name: oneOf('user.created', 'user.updated') } }, 'oneOf');
    router.add({ kind: 'event', pattern: { name: 'user.created' } }, 'other');
    router.add({ kind: 'data' }, 'data');
    expect(router.route(mega('user.updated', { domain: 'user' }))).toEqual(['all', 'domain', 'exact', 'prefix', 'oneOf']);
    expect(router.route(mega('user.created'))).toEqual(['all', 'prefix', 'oneOf', 'other']);
    expect(router.size).toBe(7);
  });

  it('sends MEGA events to event subscribers only and data objects to data subscribers only', () => {
    const router = new SubscriberRouter<string>();
    router.add({ kind: 'event', pattern: {} }, 'event');
    router.add({ kind: 'data' }, 'data');
    router.add({ kind: 'data', pattern: {} }, 'data {}');
    expect(router.route(mega('x'))).toEqual(['event']);
    expect(router.route(data({ a: 1 }))).toEqual(['data', 'data {}']);
    expect(router.route({ kind: 'plaintext', text: 'hi' })).toEqual([]);
    expect(router.route({ kind: 'binary', bytes: new Uint8Array([1]) })).toEqual([]);
  });

  it('indexes data subscribers on keys with fixed values, and still tests the whole pattern', () => {
    const router = new SubscriberRouter<string>();
    router.add({ kind: 'data', pattern: { type: 'user_notification', user: { id: gt(0) } } }, 'notification');
    router.add({ kind: 'data', pattern: { $$type: 'escaped' } }, 'escaped');
    router.add({ kind: 'data', pattern: { type: match('^user_') } }, 'prefix');
    router.add({ kind: 'data', pattern: { $not: { type: 'spam' } } }, 'not spam');
    expect(router.route(data({ type: 'user_notification', user: { id: 1 } }))).toEqual([
      'notification',
      'prefix',
      'not spam',
    ]);
    expect(router.route(data({ type: 'user_notification', user: { id: 0 } }))).toEqual(['prefix', 'not spam']);
    expect(router.route(data({ $type: 'escaped' }))).toEqual(['escaped', 'not spam']);
    expect(router.route(data({ type: 'spam' }))).toEqual([]);
  });

  it('tests a pattern compiled with compilePattern as it is, and takes dataPattern() as every data object', () => {
    const router = new SubscriberRouter<string>();
    router.add({ kind: 'data', pattern: compilePattern({ kind: 'b' }) }, 'compiled');
    router.add({ kind: 'data', pattern: dataPattern() }, 'every');
    expect(router.route(data({ kind: 'b' }))).toEqual(['compiled', 'every']);
    expect(router.route(data({ kind: 'c' }))).toEqual(['every']);
  });

  it('takes patterns already compiled with eventPattern and dataPattern', () => {
    const router = new SubscriberRouter<number>();
    router.add({ kind: 'event', pattern: eventPattern({ name: 'a', objectCurrent: { id: 1 } }) }, 1);
    router.add({ kind: 'data', pattern: dataPattern({ kind: 'b' }) }, 2);
    expect(router.route(mega('a', { current: { id: 1 } }))).toEqual([1]);
    expect(router.route(mega('a', { current: { id: 2 } }))).toEqual([]);
    expect(router.route(data({ kind: 'b' }))).toEqual([2]);
  });

  it('unsubscribes with the function add returns (once)', () => {
    const router = new SubscriberRouter<string>();
    const offA = router.add({ kind: 'event', pattern: { name: oneOf('x', 'y') } }, 'a');
    router.add({ kind: 'event', pattern: { name: 'x' } }, 'b');
    const offC = router.add({ kind: 'event', pattern: {} }, 'c');
    offA();
    offA();
    offC();
    expect(router.route(mega('x'))).toEqual(['b']);
    expect(router.route(mega('y'))).toEqual([]);
    expect(router.size).toBe(1);
  });

  it('validates patterns when they are added', () => {
    const router = new SubscriberRouter<string>();
    expect(() => router.add({ kind: 'event', pattern: { name: 'a', eventName: 'a' } }, 'x')).toThrow(PatternError);
    expect(() => router.add({ kind: 'data', pattern: { type: { $gt: 'a' as unknown as number } } }, 'x')).toThrow(
      PatternError,
    );
    expect(router.size).toBe(0);
  });
});

describe('the router agrees with testing every subscriber', () => {
  const names = ['user.updated', 'user.created', 'user.login.web', 'cart.item.added', 'cart.checkout', 'billing'];
  const domains = ['user', 'cart', 'billing'];
  const nameArb = fc.constantFrom(...names);
  const namePattern: fc.Arbitrary<Pattern> = fc.oneof(
    nameArb,
    fc.array(nameArb, { maxLength: 3 }).map((ns) => ({ $oneOf: ns })),
    fc.constantFrom<Pattern>(match('user\\.'), match('^cart\\.item'), match('user|cart'), match('u+ser'), /USER/i),
    fc.constantFrom<Pattern>(not('user.updated'), { $and: [match('user'), not('user.created')] }),
    fc.constantFrom<Pattern>({ $or: ['billing', 'cart.checkout'] }, { $eq: 'billing' }),
  );
  const subscriberArb: fc.Arbitrary<EventPatternAttributes> = fc.record(
    {
      name: namePattern,
      domain: fc.oneof(fc.constantFrom<Pattern>(...domains), fc.constant<Pattern>(match('us'))),
      objectCurrent: fc.constantFrom<Pattern>({ id: gt(0) }, {}, any()),
    },
    { requiredKeys: [] },
  );
  const messageArb = fc.record({
    name: nameArb,
    domain: fc.option(fc.constantFrom(...domains), { nil: undefined }),
    current: fc.option(fc.constantFrom({ id: 1 }, { id: 0 }), { nil: undefined }),
  });

  it('on generated subscribers and messages', () => {
    fc.assert(
      fc.property(fc.array(subscriberArb, { maxLength: 12 }), fc.array(messageArb, { maxLength: 6 }), (subs, messages) => {
        const router = new SubscriberRouter<number>();
        const compiled = subs.map((s, i) => (router.add({ kind: 'event', pattern: s }, i), eventPattern(s)));
        for (const m of messages) {
          const decoded = mega(m.name, {
            ...(m.domain === undefined ? {} : { domain: m.domain }),
            ...(m.current === undefined ? {} : { current: m.current }),
          });
          const expected = compiled.flatMap((p, i) => (decoded.kind === 'mega' && p.test(decoded.payload) ? [i] : []));
          expect(router.route(decoded)).toEqual(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the data router agrees with testing every data subscriber', () => {
  const types = ['user_notification', 'user_login', 'spam', 'order'];
  const typePattern: fc.Arbitrary<Pattern> = fc.oneof(
    fc.constantFrom<Pattern>(...types),
    fc.constantFrom<Pattern>(oneOf('spam', 'order'), match('^user_'), match('user_(login|x)'), { $eq: 'order' }),
    fc.constantFrom<Pattern>(not('spam'), { $or: ['spam', 'order'] }, /^USER/i),
  );
  const dataPatternArb: fc.Arbitrary<Pattern | undefined> = fc.oneof(
    fc.constant(undefined),
    fc.record({ type: typePattern, user: fc.constantFrom<Pattern>({ id: gt(0) }, any()) }, { requiredKeys: ['type'] }),
    fc.record({ $$type: typePattern }, { requiredKeys: [] }),
    typePattern.map((t) => ({ $and: [{ type: t }] })),
    typePattern.map((t) => ({ $and: [{ type: t }, { user: any() }] })),
    fc.constantFrom<Pattern>({}, { $not: { type: 'spam' } }, ['x']),
  );
  const dataArb = fc.record(
    {
      type: fc.constantFrom<unknown>(...types, 5, null),
      $type: fc.constantFrom(...types),
      user: fc.constantFrom<unknown>({ id: 1 }, { id: 0 }, null),
    },
    { requiredKeys: [] },
  );

  it('on generated data subscribers and data objects', () => {
    fc.assert(
      fc.property(fc.array(dataPatternArb, { maxLength: 10 }), fc.array(dataArb, { maxLength: 6 }), (patterns, objects) => {
        const router = new SubscriberRouter<number>();
        patterns.forEach((p, i) => router.add(p === undefined ? { kind: 'data' } : { kind: 'data', pattern: p }, i));
        const compiled = patterns.map((p) => dataPattern(p));
        for (const object of objects) {
          const expected = compiled.flatMap((p, i) => (p.test(object) ? [i] : []));
          expect(router.route(data(object))).toEqual(expected);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
