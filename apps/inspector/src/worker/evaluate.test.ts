import { PayloadBuilder, decodeBody, encodeBody, type DecodedBody } from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { compileSource, evaluateAll, explainOne } from './evaluate.js';

const now = () => performance.now();

function event(name: string, id: number, encoding: 'json' | 'bson' = 'json'): DecodedBody {
  const payload = new PayloadBuilder()
    .withEvent({ name, domain: 'accounts' })
    .withObject({ type: 'user', id: String(id), current: { id } })
    .build();
  return decodeBody(encodeBody(payload, { encoding }));
}

function sns(message: string): DecodedBody {
  return decodeBody(
    JSON.stringify({
      Type: 'Notification',
      MessageId: 'm-1',
      TopicArn: 'arn:aws:sns:us-east-1:000000000000:users',
      Message: message,
      Timestamp: '2026-01-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: 'x',
      SigningCertURL: 'https://example.com/cert.pem',
      UnsubscribeURL: 'https://example.com/unsubscribe',
    }),
  );
}

const bodies: DecodedBody[] = [
  event('user.updated', 1),
  event('user.created', 2, 'bson'),
  decodeBody(JSON.stringify({ type: 'user:notification', user: { id: 7 } })),
  decodeBody('hello'),
  sns(encodeBody(new PayloadBuilder().withEvent({ name: 'user.updated' }).build())),
];

describe('evaluateAll', () => {
  it('matches an event subscriber against MEGA events only, JSON, BSON and SNS-wrapped alike', () => {
    const result = evaluateAll({ kind: 'event', text: '{"name": "user.updated"}' }, bodies, now);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.matches]).toEqual([1, 0, 0, 0, 1]);
    expect(result.matched).toBe(2);
    expect(result.total).toBe(5);
  });

  it('treats a blank pattern as "every message of the subscriber kind"', () => {
    const count = (kind: 'event' | 'data' | 'message') => {
      const result = evaluateAll({ kind, text: '  ' }, bodies, now);
      return result.ok ? result.matched : -1;
    };
    expect(count('event')).toBe(3);
    expect(count('data')).toBe(1);
    expect(count('message')).toBe(5);
  });

  it('matches a data subscriber against data objects with operators', () => {
    const result = evaluateAll({ kind: 'data', text: '{"type": {"$match": "^user:"}, "user": {"id": {"$gt": 5}}}' }, bodies, now);
    expect(result.ok && [...result.matches]).toEqual([0, 0, 1, 0, 0]);
  });

  it('matches a message subscriber against the whole decoded body (kind, sns)', () => {
    const result = evaluateAll({ kind: 'message', text: '{"sns": {"topicArn": {"$match": "arn:aws:sns:us-east-1:"}}}' }, bodies, now);
    expect(result.ok && [...result.matches]).toEqual([0, 0, 0, 0, 1]);
  });

  it('reports where JSON stops parsing, when JSON.parse says', () => {
    const missingComma = evaluateAll({ kind: 'event', text: '{"a": 1 "b": 2}' }, bodies, now);
    expect(!missingComma.ok && missingComma.problem).toMatchObject({ kind: 'syntax', offset: 8 });
    const cutShort = evaluateAll({ kind: 'event', text: '{"name": "x"' }, bodies, now);
    expect(!cutShort.ok && cutShort.problem).toMatchObject({ kind: 'syntax', offset: 12 });
    const unexpected = evaluateAll({ kind: 'event', text: '{"name": }' }, bodies, now);
    expect(!unexpected.ok && unexpected.problem.kind).toBe('syntax');
  });

  it("reports core's PatternError with its path", () => {
    const result = evaluateAll({ kind: 'event', text: '{"objectCurrent": {"id": {"$gt": "x"}}}' }, bodies, now);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.kind).toBe('pattern');
    expect(result.problem.path).toEqual(['objectCurrent', 'id', '$gt']);
    expect(result.problem.message).toMatch(/\$gt/);
  });

  it('refuses an unknown event attribute, with a hint', () => {
    const problem = compileSource({ kind: 'event', text: '{"event_name": "x"}' });
    expect(problem.ok).toBe(false);
    if (!problem.ok) expect(problem.problem.message).toMatch(/eventName/);
  });

  it('turns a pattern nested too deeply to compile into a problem, not a crash', () => {
    const deep = '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    const result = evaluateAll({ kind: 'data', text: deep }, bodies, now);
    expect(result.ok).toBe(false);
  });

  it('takes bodies with __proto__ and constructor keys as data, polluting nothing', () => {
    const hostile = decodeBody('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "a": 1}');
    const result = evaluateAll({ kind: 'data', text: '{"__proto__": {"polluted": true}}' }, [hostile], now);
    expect(result.ok && result.matched).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('evaluates 10,000 messages', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => event(i % 3 === 0 ? 'user.updated' : 'user.created', i));
    const result = evaluateAll({ kind: 'event', text: '{"name": "user.updated", "objectCurrent": {"id": {"$gte": 0}}}' }, many, now);
    expect(result.ok && result.matched).toBe(3334);
  });
});

describe('explainOne', () => {
  it("gives core's explanation: path, expected, actual", () => {
    const result = explainOne({ kind: 'event', text: '{"name": "user.updated"}' }, bodies[1]!);
    expect(result).toEqual({
      ok: true,
      explanation: { match: false, failures: [{ path: ['event', 'name'], expected: '"user.updated"', actual: '"user.created"' }] },
    });
  });

  it('says why a message of another kind never reaches the subscriber', () => {
    const result = explainOne({ kind: 'event', text: '{}' }, bodies[3]!);
    expect(result.ok && result.explanation.failures[0]).toMatchObject({ path: [], actual: 'plaintext' });
  });

  it('says a match is a match', () => {
    expect(explainOne({ kind: 'event', text: '{"name": "user.updated"}' }, bodies[0]!)).toEqual({ ok: true, explanation: { match: true, failures: [] } });
  });
});
