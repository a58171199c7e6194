/**
 * The capture file: captured messages exported as JSON and imported back. An imported file is
 * untrusted: every message is rebuilt field by field from checked values, never spread or merged,
 * so keys such as `__proto__` in it stay inert data.
 */
import type { PeekedMessage, WireMessageAttribute } from '../../shared/bridge-api.js';

/** Identifies an inspector capture file. */
export const CAPTURE_FILE_FORMAT = 'sqs-mega-inspector-captures';

/** The JSON document of an exported capture file. */
export interface CaptureFile {
  readonly format: typeof CAPTURE_FILE_FORMAT;
  readonly version: 1;
  readonly exportedAt: string;
  readonly messages: readonly PeekedMessage[];
}

/** A capture file's text for these messages. */
export function captureFileText(messages: readonly PeekedMessage[], now = new Date()): string {
  const file: CaptureFile = { format: CAPTURE_FILE_FORMAT, version: 1, exportedAt: now.toISOString(), messages };
  return JSON.stringify(file, null, 1);
}

/** The outcome of reading captured messages. */
export type CaptureReadResult =
  | { readonly ok: true; readonly messages: PeekedMessage[] }
  | { readonly ok: false; readonly error: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const result: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!isRecord(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') Object.defineProperty(result, key, { value: item, enumerable: true, writable: true });
  }
  return result;
}

function attributeRecord(value: unknown): Record<string, WireMessageAttribute> {
  const result: Record<string, WireMessageAttribute> = Object.create(null) as Record<string, WireMessageAttribute>;
  if (!isRecord(value)) return result;
  for (const [key, item] of Object.entries(value)) {
    if (!isRecord(item)) continue;
    const dataType = own(item, 'dataType');
    if (typeof dataType !== 'string') continue;
    const stringValue = own(item, 'stringValue');
    const binaryValueBase64 = own(item, 'binaryValueBase64');
    const attribute: WireMessageAttribute = {
      dataType,
      ...(typeof stringValue === 'string' ? { stringValue } : {}),
      ...(typeof binaryValueBase64 === 'string' ? { binaryValueBase64 } : {}),
    };
    Object.defineProperty(result, key, { value: attribute, enumerable: true, writable: true });
  }
  return result;
}

function finite(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** One message from untrusted data, or the reason it is not one. */
function readMessage(value: unknown, at: number): PeekedMessage | string {
  if (!isRecord(value)) return `message ${at} is not an object`;
  const queueName = own(value, 'queueName');
  const messageId = own(value, 'messageId');
  const body = own(value, 'body');
  if (typeof queueName !== 'string' || typeof messageId !== 'string' || typeof body !== 'string') {
    return `message ${at} lacks a string queueName, messageId or body`;
  }
  const text = (key: string): string => {
    const field = own(value, key);
    return typeof field === 'string' ? field : '';
  };
  const groupId = own(value, 'messageGroupId');
  return {
    queueName,
    messageId,
    receiptHandle: text('receiptHandle'),
    body,
    md5OfBody: text('md5OfBody'),
    receiveCount: finite(own(value, 'receiveCount'), 0),
    sentTimestamp: finite(own(value, 'sentTimestamp'), 0),
    ...(typeof groupId === 'string' ? { messageGroupId: groupId } : {}),
    attributes: stringRecord(own(value, 'attributes')),
    messageAttributes: attributeRecord(own(value, 'messageAttributes')),
    peekedAt: finite(own(value, 'peekedAt'), 0),
  };
}

/** Messages from a capture file's parsed JSON (or a bare array of messages). */
export function readCapturedMessages(document: unknown): CaptureReadResult {
  let list: unknown = document;
  if (isRecord(document)) {
    if (own(document, 'format') !== CAPTURE_FILE_FORMAT) {
      return { ok: false, error: `not an inspector capture file (no "format": "${CAPTURE_FILE_FORMAT}")` };
    }
    list = own(document, 'messages');
  }
  if (!Array.isArray(list)) return { ok: false, error: 'the file holds no list of messages' };
  const messages: PeekedMessage[] = [];
  for (let i = 0; i < list.length; i++) {
    const message = readMessage(list[i], i);
    if (typeof message === 'string') return { ok: false, error: message };
    messages.push(message);
  }
  return { ok: true, messages };
}

/** Messages from a capture file's text. */
export function parseCaptureFile(text: string): CaptureReadResult {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `the file is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  return readCapturedMessages(document);
}
