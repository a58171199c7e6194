/**
 * The demo's event contracts, for `npm start -- --contracts apps/inspector/demo/contracts.js`:
 * the demo's orders and user updates, written with valibot. The queue `demo-contracts` holds one
 * order that keeps its contract and one that breaks it (a total written as text).
 */
import { defineEvent } from '@sqs-mega/core';
import * as v from 'valibot';

/** An order placed in the shop: its id, a numeric total and a known currency. */
export const orderPlaced = defineEvent({
  name: 'order.placed',
  version: 1,
  domain: 'shop',
  object: {
    current: v.object({ id: v.number(), total: v.pipe(v.number(), v.minValue(0)), currency: v.picklist(['EUR', 'USD', 'GBP']) }),
  },
});

/** A user's new state: a numeric id at least. */
export const userUpdated = defineEvent({
  name: 'user.updated',
  version: 1,
  domain: 'accounts',
  object: { current: v.object({ id: v.number() }) },
});
