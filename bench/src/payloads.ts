/**
 * Realistic MEGA payloads for the benchmarks: a small event (~300 B of JSON) and a large one
 * (~100 KB: an order with many line items), built with core's PayloadBuilder.
 */
import { PayloadBuilder, type MegaPayload } from '@sqs-mega/core';

/** A typical small event: a user's e-mail changed. */
export function smallEvent(): MegaPayload {
  return new PayloadBuilder()
    .withEvent({ name: 'user.updated', timestamp: '2020-05-04T15:53:27.823Z', domain: 'accounts', publisher: 'accounts-api' })
    .withObject({
      type: 'user',
      id: '987650',
      version: 3,
      current: { id: 987650, email: 'johndoe_86@example.com', verified: true, plan: 'pro' },
      previous: { email: 'johndoe@example.com' },
    })
    .build();
}

/** A large event: an order of `items` line items (400 items ≈ 100 KB of JSON). */
export function largeEvent(items = 400): MegaPayload {
  const lines = Array.from({ length: items }, (_, i) => ({
    sku: `SKU-${100000 + i}`,
    title: `Stainless steel water bottle, ${i % 7} colours, 750 ml`,
    quantity: 1 + (i % 5),
    unitPrice: 12.5 + (i % 13) * 0.75,
    discount: i % 3 === 0 ? 0.1 : 0,
    tags: ['kitchen', 'outdoor', i % 2 === 0 ? 'sale' : 'new'],
    warehouse: { id: `wh-${i % 9}`, region: 'eu-west-1', bin: `A${i % 40}-${i % 17}` },
  }));
  return new PayloadBuilder()
    .withEvent({ name: 'order.placed', timestamp: '2020-05-04T15:53:27.823Z', domain: 'shop', subject: 'order-5521' })
    .withObject({
      type: 'order',
      id: '5521',
      current: { id: 5521, customer: { id: 987650, email: 'johndoe_86@example.com' }, currency: 'EUR', lines },
    })
    .withExtra({ channel: 'web', locale: 'de-DE' })
    .build();
}
