/**
 * A capture file as the inspector exports it, made of many generated messages: MEGA events (JSON
 * and BSON), data objects and plaintext, for the 10,000-message measurement.
 */
import { PayloadBuilder, encodeBody } from '@sqs-mega/core';

const NAMES = ['user.updated', 'user.created', 'user.deleted', 'order.placed', 'order.shipped'];

function body(i: number, base: Date): string {
  if (i % 10 === 8) return encodeBody({ type: 'user:notification', user: { id: i }, template: 'welcome' });
  if (i % 10 === 9) return `plain message ${i}`;
  const payload = new PayloadBuilder()
    .withEvent({ name: NAMES[i % NAMES.length]!, domain: i % 2 === 0 ? 'accounts' : 'shop', timestamp: new Date(base.getTime() - i * 1000) })
    .withObject({ type: 'user', id: String(i), current: { id: i, email: `user${i}@example.com`, plan: i % 3 === 0 ? 'pro' : 'free' } })
    .build();
  return encodeBody(payload, { encoding: i % 4 === 0 ? 'bson' : 'json' });
}

/** The text of a capture file with `count` messages on queue `queueName`. */
export function generatedCaptureFile(count: number, queueName = 'generated'): string {
  const base = new Date('2026-01-01T00:00:00Z');
  const messages = Array.from({ length: count }, (_, i) => ({
    queueName,
    messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    receiptHandle: '',
    body: body(i, base),
    md5OfBody: '',
    receiveCount: 1,
    sentTimestamp: base.getTime() - i * 1000,
    attributes: {},
    messageAttributes: {},
    peekedAt: base.getTime(),
  }));
  return JSON.stringify({ format: 'sqs-mega-inspector-captures', version: 1, exportedAt: base.toISOString(), messages });
}
