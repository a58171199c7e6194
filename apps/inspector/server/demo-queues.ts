/**
 * The demo `npm start` fills a fresh local ElasticMQ with: a standard queue with a dead-letter queue
 * (and messages that really landed there), a FIFO queue, a queue of SNS deliveries, wrapped and
 * raw, and a queue of two orders for the demo contracts (`demo/contracts.js`), one breaking its contract. Bodies of every kind — MEGA events in JSON and BSON+Base64, data objects, plaintext, binary —
 * all made with `@sqs-mega/core`'s `PayloadBuilder` and `encodeBody`, as a publisher would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { encodeBody, PayloadBuilder } from '@sqs-mega/core';

/** The demo queues' names. */
export const DEMO_QUEUES = {
  /** A standard queue with a redrive policy to {@link DEMO_QUEUES.deadLetter}. */
  orders: 'demo-orders',
  /** The dead-letter queue of {@link DEMO_QUEUES.orders}, holding two messages that failed. */
  deadLetter: 'demo-orders-dlq',
  /** A FIFO queue with two message groups. */
  payments: 'demo-payments.fifo',
  /** SNS deliveries: notifications wrapped in SNS envelopes, and raw deliveries. */
  notifications: 'demo-sns-notifications',
  /** Orders checked by the demo contracts (`demo/contracts.js`): one keeps its contract, one breaks it. */
  contracts: 'demo-contracts',
} as const;

/** The demo orders queue's `maxReceiveCount`: after this many receives a message moves to the DLQ. */
export const DEMO_MAX_RECEIVE_COUNT = 5;

/** The SNS topic the demo notifications pretend to come from (ElasticMQ's account, `us-east-1`). */
export const DEMO_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:demo-user-events';

/** One demo queue as created. */
export interface DemoQueue {
  readonly name: string;
  readonly url: string;
  /** Messages put in it (the DLQ's came through real receives beyond `maxReceiveCount`). */
  readonly messages: number;
}

/** Options of {@link createDemoQueues}. */
export interface DemoQueuesOptions {
  /** The clock for event timestamps and SNS envelopes. @defaultValue `() => new Date()` */
  readonly now?: (() => Date) | undefined;
}

/** Attributes an SNS notification carries, as `{ Type, Value }` in its envelope. */
type SnsAttributes = Readonly<Record<string, { readonly Type: 'String' | 'Number'; readonly Value: string }>>;

/**
 * An SNS notification envelope shaped like the ones SNS delivers to SQS without raw message
 * delivery (compact JSON, keys in SNS's order). The signature is random: it is a demo, not a
 * message SNS signed.
 */
export function snsNotification(options: {
  readonly message: string;
  readonly subject?: string;
  readonly attributes?: SnsAttributes;
  readonly timestamp: Date;
  readonly topicArn?: string;
}): string {
  const topicArn = options.topicArn ?? DEMO_TOPIC_ARN;
  const region = topicArn.split(':')[3] ?? 'us-east-1';
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    ...(options.subject === undefined ? {} : { Subject: options.subject }),
    Message: options.message,
    Timestamp: options.timestamp.toISOString(),
    SignatureVersion: '1',
    Signature: randomBytes(256).toString('base64'),
    SigningCertURL: `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`,
    UnsubscribeURL: `https://sns.${region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
    ...(options.attributes === undefined ? {} : { MessageAttributes: options.attributes }),
  });
}

function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: 'String', StringValue: value };
}

function minutesAgo(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (QueueUrl === undefined) throw new Error(`CreateQueue ${name} returned no URL`);
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  return { url: QueueUrl, arn: Attributes?.['QueueArn'] ?? '' };
}

type Entry = Omit<SendMessageBatchRequestEntry, 'Id'>;

async function sendAll(sqs: SQSClient, url: string, entries: readonly Entry[]): Promise<void> {
  for (let start = 0; start < entries.length; start += 10) {
    const chunk = entries.slice(start, start + 10).map((entry, i) => ({ ...entry, Id: `m${start + i}` }));
    const { Failed } = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: chunk }));
    if (Failed !== undefined && Failed.length > 0) {
      throw new Error(`Sending demo messages to ${url} failed: ${Failed.map((f) => `${f.Code}: ${f.Message}`).join('; ')}`);
    }
  }
}

/** Receives (visibility 0) until SQS has moved every message of the queue to its DLQ. */
async function receiveUntilDeadLettered(sqs: SQSClient, url: string): Promise<void> {
  for (let round = 0; round <= DEMO_MAX_RECEIVE_COUNT + 3; round++) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    if (Messages === undefined || Messages.length === 0) return;
  }
}

function ordersMessages(now: Date): Entry[] {
  const placed = new PayloadBuilder()
    .withEvent({ name: 'order.placed', domain: 'shop', publisher: 'checkout-api', timestamp: minutesAgo(now, 42), channel: 'web' })
    .withObject({
      type: 'order',
      id: '5521',
      current: { id: 5521, customer: { id: 987650, tier: 'gold' }, total: 42.5, currency: 'EUR', items: [{ sku: 'MUG-01', qty: 2 }] },
    })
    .build();
  const shipped = new PayloadBuilder()
    .withEvent({ name: 'order.shipped', domain: 'shop', publisher: 'warehouse', timestamp: minutesAgo(now, 30), carrier: 'DHL' })
    .withObject({
      type: 'order',
      id: '5521',
      current: { id: 5521, status: 'shipped', shippedAt: minutesAgo(now, 31), weightKg: 1.2 },
      previous: { status: 'paid' },
    })
    .build();
  const updated = new PayloadBuilder()
    .withEvent({ name: 'user.updated', domain: 'accounts', publisher: 'accounts-api', timestamp: minutesAgo(now, 12) })
    .withObject({
      type: 'user',
      id: '987650',
      current: { id: 987650, email: 'johndoe_86@example.com', name: 'John Doe' },
      previous: { email: 'johndoe@example.com' },
    })
    .build();
  const cancelled = new PayloadBuilder()
    .withEvent({ name: 'order.cancelled', domain: 'shop', subject: 'order/5530', timestamp: minutesAgo(now, 5), reason: 'customer_request' })
    .withObject({ type: 'order', id: '5530', current: { id: 5530, status: 'cancelled', total: 310 }, previous: { status: 'placed' } })
    .build();
  const reminder = new PayloadBuilder()
    .withEvent({ name: 'order.payment_reminder', domain: 'shop', publisher: 'scheduler' })
    .withObject({ type: 'order', id: '5533', current: { id: 5533, dueInDays: 3 } })
    .build();
  return [
    {
      MessageBody: encodeBody(placed),
      MessageAttributes: { event_name: stringAttribute('order.placed'), priority: { DataType: 'Number', StringValue: '2' } },
    },
    { MessageBody: encodeBody(shipped, { encoding: 'bson' }), MessageAttributes: { event_name: stringAttribute('order.shipped') } },
    { MessageBody: encodeBody(updated) },
    { MessageBody: encodeBody(cancelled, { encoding: 'bson' }) },
    { MessageBody: encodeBody({ type: 'order_export', format: 'csv', rows: 1250, requestedBy: { id: 987650 } }) },
    {
      MessageBody: encodeBody({ type: 'stock_snapshot', takenAt: minutesAgo(now, 20), skus: { 'MUG-01': 14, 'TEE-M': 0 } }, { encoding: 'bson' }),
    },
    { MessageBody: encodeBody("Reminder: reconcile yesterday's orders before 10:00.") },
    {
      // A PNG file's signature and the start of its header chunk.
      MessageBody: encodeBody(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])),
      MessageAttributes: {
        content_type: stringAttribute('image/png'),
        checksum: { DataType: 'Binary', BinaryValue: new Uint8Array([0xca, 0xfe, 0xba, 0xbe]) },
      },
    },
    // Delayed 15 minutes: counted as delayed until then.
    { MessageBody: encodeBody(reminder), DelaySeconds: 900 },
  ];
}

function deadLetterMessages(now: Date): Entry[] {
  const refund = new PayloadBuilder()
    .withEvent({ name: 'order.refunded', domain: 'shop', publisher: 'payments-worker', timestamp: minutesAgo(now, 90) })
    .withObject({ type: 'order', id: '5419', current: { id: 5419, refund: { amount: -12.99, currency: 'XTS' } } })
    .build();
  return [
    { MessageBody: encodeBody(refund), MessageAttributes: { event_name: stringAttribute('order.refunded') } },
    { MessageBody: '{"type": "order_export", "format": "csv", "rows": ' },
  ];
}

function paymentsMessages(now: Date): Entry[] {
  const payment = (name: string, customer: number, minutes: number, current: Record<string, unknown>) =>
    new PayloadBuilder()
      .withEvent({ name, domain: 'payments', publisher: 'payments-api', timestamp: minutesAgo(now, minutes) })
      .withObject({ type: 'payment', id: String(current['id']), current: { customer, ...current } })
      .build();
  const group = (customer: number) => ({ MessageGroupId: `customer-${customer}`, MessageDeduplicationId: randomUUID() });
  return [
    { MessageBody: encodeBody(payment('payment.authorized', 987650, 40, { id: 'pay_1', amount: 42.5, currency: 'EUR' })), ...group(987650) },
    {
      MessageBody: encodeBody(payment('payment.captured', 987650, 39, { id: 'pay_1', amount: 42.5, capturedAt: minutesAgo(now, 39) }), { encoding: 'bson' }),
      ...group(987650),
    },
    { MessageBody: encodeBody(payment('payment.authorized', 1234, 25, { id: 'pay_2', amount: 310, currency: 'EUR' })), ...group(1234) },
    { MessageBody: encodeBody(payment('payment.voided', 1234, 6, { id: 'pay_2', reason: 'order cancelled' })), ...group(1234) },
    { MessageBody: encodeBody(payment('payment.refunded', 987650, 2, { id: 'pay_1', amount: 12.5 })), ...group(987650) },
  ];
}

function notificationMessages(now: Date): Entry[] {
  const signedIn = new PayloadBuilder()
    .withEvent({ name: 'user.signed_in', domain: 'accounts', publisher: 'auth', timestamp: minutesAgo(now, 8), ip: '203.0.113.7' })
    .withObject({ type: 'user', id: '987650', current: { id: 987650, mfa: true } })
    .build();
  const updated = new PayloadBuilder()
    .withEvent({ name: 'user.updated', domain: 'accounts', publisher: 'accounts-api', timestamp: minutesAgo(now, 7) })
    .withObject({ type: 'user', id: '1234', current: { id: 1234, locale: 'pt-BR' }, previous: { locale: 'en-US' } })
    .build();
  const deleted = new PayloadBuilder()
    .withEvent({ name: 'user.deleted', domain: 'accounts', publisher: 'accounts-api', timestamp: minutesAgo(now, 1) })
    .withObject({ type: 'user', id: '4242', current: { id: 4242, deletedBy: 'gdpr-request' } })
    .build();
  const eventName = (name: string) => ({ event_name: { Type: 'String' as const, Value: name } });
  const wrapped = (message: string, extra: { subject?: string; attributes?: SnsAttributes } = {}): Entry => ({
    MessageBody: snsNotification({ message, timestamp: minutesAgo(now, 3), ...extra }),
  });
  return [
    wrapped(encodeBody(updated), { subject: 'user.updated', attributes: eventName('user.updated') }),
    wrapped(encodeBody(signedIn, { encoding: 'bson' }), { attributes: eventName('user.signed_in') }),
    wrapped(encodeBody({ type: 'user_notification', notification_type: 'email', user: { id: 987650 }, template: 'welcome' })),
    wrapped('Scheduled maintenance of the accounts service tonight at 23:00 UTC.', { subject: 'Maintenance' }),
    wrapped(encodeBody(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]))),
    // Raw message delivery: the body is the message itself; SNS's attributes become SQS's.
    {
      MessageBody: encodeBody(deleted),
      MessageAttributes: { event_name: stringAttribute('user.deleted'), source: stringAttribute('sns:demo-user-events') },
    },
    { MessageBody: encodeBody({ type: 'user_export_ready', user: { id: 1234 }, url: 'https://example.com/exports/1234.zip' }) },
  ];
}

function contractMessages(now: Date): Entry[] {
  const order = (id: number, total: unknown) =>
    new PayloadBuilder()
      .withEvent({ name: 'order.placed', domain: 'shop', publisher: 'checkout-api', timestamp: minutesAgo(now, 4) })
      .withObject({ type: 'order', id: String(id), current: { id, total, currency: 'EUR' } })
      .build();
  // The second breaks the demo contract order.placed@1: its total is text.
  return [{ MessageBody: encodeBody(order(5540, 18.9)) }, { MessageBody: encodeBody(order(5541, 'forty-two')) }];
}

/**
 * Creates the five demo queues and fills them (see {@link DEMO_QUEUES}). The two dead-letter
 * messages get there the real way: sent to the orders queue and received beyond its
 * `maxReceiveCount`, before the other orders are sent. Meant for a fresh, empty server.
 */
export async function createDemoQueues(sqs: SQSClient, options: DemoQueuesOptions = {}): Promise<DemoQueue[]> {
  const now = (options.now ?? (() => new Date()))();
  const deadLetter = await createQueue(sqs, DEMO_QUEUES.deadLetter);
  const orders = await createQueue(sqs, DEMO_QUEUES.orders, {
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetter.arn, maxReceiveCount: DEMO_MAX_RECEIVE_COUNT }),
  });
  const payments = await createQueue(sqs, DEMO_QUEUES.payments, { FifoQueue: 'true' });
  const notifications = await createQueue(sqs, DEMO_QUEUES.notifications);
  const contracts = await createQueue(sqs, DEMO_QUEUES.contracts);

  const failed = deadLetterMessages(now);
  await sendAll(sqs, orders.url, failed);
  await receiveUntilDeadLettered(sqs, orders.url);

  const batches: [typeof orders, Entry[]][] = [
    [orders, ordersMessages(now)],
    [payments, paymentsMessages(now)],
    [notifications, notificationMessages(now)],
    [contracts, contractMessages(now)],
  ];
  await Promise.all(batches.map(([queue, entries]) => sendAll(sqs, queue.url, entries)));
  return [
    { name: DEMO_QUEUES.orders, url: orders.url, messages: batches[0]?.[1].length ?? 0 },
    { name: DEMO_QUEUES.deadLetter, url: deadLetter.url, messages: failed.length },
    { name: DEMO_QUEUES.payments, url: payments.url, messages: batches[1]?.[1].length ?? 0 },
    { name: DEMO_QUEUES.notifications, url: notifications.url, messages: batches[2]?.[1].length ?? 0 },
    { name: DEMO_QUEUES.contracts, url: contracts.url, messages: batches[3]?.[1].length ?? 0 },
  ];
}
