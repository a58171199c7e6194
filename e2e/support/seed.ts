/**
 * The e2e suite's own queue, `e2e-inbox`, seeded with one message of each shape the tests look
 * for: a JSON and a BSON MEGA event, an SNS-wrapped event, a data object, plaintext, a body with
 * `__proto__` / `constructor` keys, and an event whose name makes a catastrophic regex backtrack.
 */
import { CreateQueueCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PayloadBuilder, encodeBody } from '@sqs-mega/core';

export const INBOX = 'e2e-inbox';
/** An empty queue the write tests send to and delete from. */
export const WRITES = 'e2e-writes';
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:e2e-user-events';
/** 32 a's and a "!": `(a+)+$` needs about 2^32 steps to give up on it. */
export const BACKTRACKING_NAME = `${'a'.repeat(32)}!`;

function event(name: string, id: number, timestamp: Date) {
  return new PayloadBuilder()
    .withEvent({ name, domain: 'accounts', publisher: 'e2e', timestamp })
    .withObject({ type: 'user', id: String(id), current: { id, email: `user${id}@example.com` } })
    .build();
}

function snsEnvelope(message: string): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: '0b7f6a52-6a2e-4b57-9b0f-6f0a1c2d3e4f',
    TopicArn: TOPIC_ARN,
    Subject: 'user.updated',
    Message: message,
    Timestamp: '2026-01-01T12:00:00.000Z',
    SignatureVersion: '1',
    Signature: 'ZTJlLXNpZ25hdHVyZQ==',
    SigningCertURL: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-e2e.pem',
    UnsubscribeURL: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
  });
}

/** The bodies seeded, by the name the tests use. */
export function inboxBodies(now = new Date()): Record<string, string> {
  return {
    jsonEvent: encodeBody(event('user.updated', 42, now)),
    bsonEvent: encodeBody(event('user.created', 7, now), { encoding: 'bson' }),
    snsEvent: snsEnvelope(encodeBody(event('user.updated', 99, now))),
    data: encodeBody({ type: 'user:notification', user: { id: 42 }, template: 'welcome' }),
    plaintext: 'hello from the e2e suite',
    hostile: '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "type": "hostile"}',
    backtracking: encodeBody(event(BACKTRACKING_NAME, 1, now)),
  };
}

/** Creates `e2e-inbox` and sends every body of {@link inboxBodies}. */
export async function seedInbox(endpoint: string, region: string): Promise<{ url: string; count: number }> {
  const sqs = new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: INBOX }));
    const bodies = Object.entries(inboxBodies());
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: bodies.map(([id, body]) => ({
          Id: id,
          MessageBody: body,
          ...(id === 'jsonEvent' ? { MessageAttributes: { event_name: { DataType: 'String', StringValue: 'user.updated' } } } : {}),
        })),
      }),
    );
    await sqs.send(new CreateQueueCommand({ QueueName: WRITES }));
    return { url: QueueUrl!, count: bodies.length };
  } finally {
    sqs.destroy();
  }
}
