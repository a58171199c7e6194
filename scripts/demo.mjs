#!/usr/bin/env node
/**
 * `npm start` until the inspector lands (issue #6): starts a local ElasticMQ, publishes one message
 * of every kind (MEGA events in JSON and BSON, a data object, plaintext, bytes, an SNS-wrapped
 * event), receives them back and shows how @sqs-mega/core decodes each, then keeps ElasticMQ up
 * so you can point your own code at it. `--once` exits after the demo.
 */
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PayloadBuilder, decodeBody, encodeBody } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ } from '@sqs-mega/local';

// The SDK's notice about Node 22 is noise in a demo (see REAL-PARTS: the SDK is pinned in the lockfile).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values: args } = parseArgs({
  options: { once: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
if (args.help) {
  console.log('Usage: npm start [-- --once]\n\nStarts ElasticMQ, publishes and decodes demo messages, and keeps ElasticMQ running\nuntil Ctrl+C (--once: exit after the demo).');
  process.exit(0);
}

const userUpdated = new PayloadBuilder()
  .withEvent({ name: 'user.updated', domain: 'accounts', publisher: 'accounts-api' })
  .withObject({ type: 'user', id: '987650', current: { id: 987650, email: 'johndoe_86@example.com' }, previous: { email: 'johndoe@example.com' } })
  .build();
const orderPlaced = new PayloadBuilder()
  .withEvent({ name: 'order.placed', domain: 'shop' })
  .withObject({ type: 'order', id: '5521', current: { id: 5521, total: 42.5, placedAt: new Date() } })
  .build();
const snsWrapped = JSON.stringify({
  Type: 'Notification',
  MessageId: 'd10f298e-2ce7-59eb-b5bc-7ecc0767c61a',
  TopicArn: 'arn:aws:sns:us-east-1:000000000000:demo-topic',
  Timestamp: new Date().toISOString(),
  Message: encodeBody(new PayloadBuilder().withEvent({ name: 'cart.checked_out', domain: 'shop' }).build()),
});

const bodies = [
  ['MEGA event, JSON', encodeBody(userUpdated)],
  ['MEGA event, BSON+Base64', encodeBody(orderPlaced, { encoding: 'bson' })],
  ['data object', encodeBody({ type: 'user_notification', notification_type: 'email', user: { id: 987650 } })],
  ['plaintext', 'hello world!'],
  ['bytes', encodeBody(new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]))],
  ['SNS-wrapped MEGA event', snsWrapped],
];

function describe(decoded) {
  const via = decoded.sns ? ` via SNS ${decoded.sns.topicArn.split(':').pop()}` : '';
  switch (decoded.kind) {
    case 'mega':
      return `MEGA ${decoded.encoding}${via}: ${decoded.payload.event.name} @ ${decoded.payload.event.timestamp.toISOString()}`;
    case 'data':
      return `data ${decoded.encoding}${via}: ${JSON.stringify(decoded.data)}`;
    case 'plaintext':
      return `plaintext${via}: ${JSON.stringify(decoded.text)}`;
    case 'binary':
      return `binary${via}: ${decoded.bytes.length} bytes`;
  }
}

console.log('Starting ElasticMQ (fetched from Maven Central on first use)…');
const server = await startElasticMQ();
const sqs = new SQSClient(localClientConfig(server));
try {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'demo-events' }));
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl,
      Entries: bodies.map(([, body], i) => ({ Id: `m${i}`, MessageBody: body })),
    }),
  );
  const received = [];
  while (received.length < bodies.length) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    received.push(...Messages);
  }
  console.log(`\nPublished ${bodies.length} messages to ${QueueUrl} and decoded them with @sqs-mega/core:\n`);
  for (const message of received) {
    const label = bodies.find(([, body]) => body === message.Body)?.[0] ?? '?';
    console.log(`  ${label.padEnd(24)} → ${describe(decodeBody(message.Body ?? ''))}`);
  }
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl,
      Entries: received.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
    }),
  );
} catch (error) {
  await server.stop();
  throw error;
}

if (args.once) {
  await server.stop();
  process.exit(0);
}
console.log(`\nElasticMQ is running at ${server.endpoint} (region ${server.region}, any credentials). Ctrl+C stops it.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
