/**
 * A repair for the AWS SDK's JSON deserializer (`@smithy/core`), which loses the value of a map
 * entry named `__proto__`: before reading it, it redefines the key as `undefined` (to keep the
 * name an own property), so a message attribute called `__proto__` — a legal SQS name — arrives
 * with no value. The bridge keeps such names as ordinary data, so it takes their values from the
 * answer's raw JSON, which `JSON.parse` keeps as own properties.
 */
import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import { dataRecord, ownValue } from './data-record.js';

const LOST = '__proto__';

function lostIn(map: Readonly<Record<string, unknown>> | undefined): boolean {
  return map !== undefined && Object.hasOwn(map, LOST) && Object.getOwnPropertyDescriptor(map, LOST)?.value === undefined;
}

/** Whether any of `messages` has a `__proto__` attribute (system or message) whose value the SDK lost. */
export function hasLostProtoKeys(messages: readonly Message[]): boolean {
  return messages.some((message) => lostIn(message.Attributes) || lostIn(message.MessageAttributes));
}

function rawAttribute(raw: unknown): MessageAttributeValue | undefined {
  const dataType = ownValue(raw, 'DataType');
  if (typeof dataType !== 'string') return undefined;
  const stringValue = ownValue(raw, 'StringValue');
  const binaryValue = ownValue(raw, 'BinaryValue');
  return {
    DataType: dataType,
    ...(typeof stringValue === 'string' ? { StringValue: stringValue } : {}),
    ...(typeof binaryValue === 'string' ? { BinaryValue: Uint8Array.from(Buffer.from(binaryValue, 'base64')) } : {}),
  };
}

/**
 * `messages` with the `__proto__` entries the SDK lost filled in from `rawBody` (a ReceiveMessage
 * answer in the JSON protocol), matched by message id. Entries the raw answer lacks stay out.
 */
export function restoreLostProtoKeys(messages: readonly Message[], rawBody: Buffer | undefined): Message[] {
  let raw: unknown;
  try {
    raw = rawBody === undefined ? undefined : JSON.parse(rawBody.toString('utf8'));
  } catch {
    raw = undefined;
  }
  const rawMessages = ownValue(raw, 'Messages');
  const byId = new Map<string, unknown>();
  for (const item of Array.isArray(rawMessages) ? rawMessages : []) {
    const id = ownValue(item, 'MessageId');
    if (typeof id === 'string') byId.set(id, item);
  }
  return messages.map((message) => {
    const original = byId.get(message.MessageId ?? '');
    const repair = <T>(map: Readonly<Record<string, T>> | undefined, rawMap: unknown, read: (value: unknown) => T | undefined): Record<string, T> | undefined => {
      if (map === undefined || !lostIn(map)) return map;
      const entries: [string, T][] = Object.entries(map).filter(([key]) => key !== LOST);
      const restored = read(ownValue(rawMap, LOST));
      return dataRecord(restored === undefined ? entries : [[LOST, restored], ...entries]);
    };
    return {
      ...message,
      Attributes: repair(message.Attributes, ownValue(original, 'Attributes'), (value) => (typeof value === 'string' ? value : undefined)),
      MessageAttributes: repair(message.MessageAttributes, ownValue(original, 'MessageAttributes'), rawAttribute),
    };
  });
}
