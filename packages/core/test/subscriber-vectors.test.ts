/**
 * Runs every `subscriber` and `data_subscriber` vector of the shared file (spec §6): the body is
 * decoded with `decodeBody`, then an event subscriber matches only `kind: 'mega'` results through
 * `eventPattern(subscriber).test(payload)`, and a data subscriber only `kind: 'data'` results through
 * its optional pattern. The same vectors also go through a `SubscriberRouter`, which must agree.
 */
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../src/codec/index.js';
import { PatternError } from '../src/errors.js';
import { compilePattern, dataPattern, eventPattern } from '../src/matcher/index.js';
import type { EventPatternAttributes, Pattern } from '../src/matcher/index.js';
import { SubscriberRouter } from '../src/routing/index.js';
import { untagPattern, vectors } from './vectors.js';

interface SubscriberVector {
  id: string;
  subscriber: unknown;
  body: string;
  expected: boolean | { patternError: true };
}

interface DataSubscriberVector {
  id: string;
  pattern?: unknown;
  body: string;
  expected: boolean | { patternError: true };
}

const subscriberVectors = vectors.subscriber as SubscriberVector[];
const dataSubscriberVectors = vectors.data_subscriber as DataSubscriberVector[];

describe('subscriber vectors', () => {
  it('has all 343 public subscriber vectors', () => {
    expect(subscriberVectors).toHaveLength(343);
  });

  for (const vector of subscriberVectors) {
    it(vector.id, () => {
      const attributes = untagPattern(vector.subscriber) as EventPatternAttributes;
      const router = new SubscriberRouter<string>();
      if (typeof vector.expected === 'object') {
        expect(() => eventPattern(attributes)).toThrow(PatternError);
        expect(() => router.add({ kind: 'event', pattern: attributes }, vector.id)).toThrow(PatternError);
        return;
      }
      const pattern = eventPattern(attributes);
      const decoded = decodeBody(vector.body);
      const matched = decoded.kind === 'mega' && pattern.test(decoded.payload);
      expect(matched).toBe(vector.expected);
      if (decoded.kind === 'mega') expect(pattern.explain(decoded.payload).match).toBe(matched);
      router.add({ kind: 'event', pattern: attributes }, vector.id);
      expect(router.route(decoded)).toEqual(vector.expected ? [vector.id] : []);
    });
  }
});

describe('data_subscriber vectors', () => {
  it('has all 79 public data_subscriber vectors', () => {
    expect(dataSubscriberVectors).toHaveLength(79);
  });

  for (const vector of dataSubscriberVectors) {
    it(vector.id, () => {
      const hasPattern = 'pattern' in vector;
      const pattern = hasPattern ? (untagPattern(vector.pattern) as Pattern) : undefined;
      const router = new SubscriberRouter<string>();
      const registration = pattern === undefined ? { kind: 'data' as const } : { kind: 'data' as const, pattern };
      if (typeof vector.expected === 'object') {
        expect(() => compilePattern(pattern as Pattern)).toThrow(PatternError);
        expect(() => router.add(registration, vector.id)).toThrow(PatternError);
        return;
      }
      const compiled = dataPattern(pattern);
      const decoded = decodeBody(vector.body);
      const matched = decoded.kind === 'data' && compiled.test(decoded.data);
      expect(matched).toBe(vector.expected);
      if (decoded.kind === 'data') expect(compiled.explain(decoded.data).match).toBe(matched);
      router.add(registration, vector.id);
      expect(router.route(decoded)).toEqual(vector.expected ? [vector.id] : []);
    });
  }
});
