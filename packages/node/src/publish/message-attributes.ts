/**
 * Message attributes: a simple JS map (`{ tenant: 'acme', retries: 3, sig: bytes }`) → the wire
 * form SQS and SNS share, checked against their rules, with the bytes they count toward the
 * message size (name + data type + value, UTF-8).
 */
import { findCharacterSqsRefuses, utf8ByteLength } from '../sqs-limits.js';
import { InvalidMessageAttributeError, type PublishService } from './publish-errors.js';

/** Most message attributes on one message (SQS and SNS alike). */
export const MAX_MESSAGE_ATTRIBUTES = 10;

/** Longest attribute name, in characters. */
export const MAX_ATTRIBUTE_NAME_LENGTH = 256;

/** Longest attribute data type, in bytes. */
export const MAX_ATTRIBUTE_DATA_TYPE_BYTES = 256;

/** An attribute with its data type spelled out, e.g. `{ dataType: 'Number.float', stringValue: '1.5' }`. */
export type TypedMessageAttribute =
  | {
      /** `String`, `Number` (SQS: optionally with a custom label, `Number.int`), or SNS's `String.Array`. */
      readonly dataType: string;
      /** The value, as text (numbers too). */
      readonly stringValue: string;
    }
  | {
      /** `Binary` (SQS: optionally with a custom label, `Binary.gzip`). */
      readonly dataType: string;
      /** The value's bytes. */
      readonly binaryValue: Uint8Array;
    };

/**
 * One attribute value: a string (`String`), a finite number or a bigint (`Number`), bytes
 * (`Binary`), or a {@link TypedMessageAttribute}.
 */
export type MessageAttributeValue = string | number | bigint | Uint8Array | TypedMessageAttribute;

/** Message attributes by name. At most 10; names of `A–Z a–z 0–9 _ - .`, not starting with `AWS.` or `Amazon.`. */
export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

/** The wire form of one attribute; assignable to both SDKs' `MessageAttributeValue`. */
export interface WireMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: Uint8Array;
}

/** Attributes in wire form, with the bytes the service counts for them. */
export interface WireMessageAttributes {
  readonly attributes: Record<string, WireMessageAttribute>;
  readonly bytes: number;
}

const NAME_CHARACTERS = /^[A-Za-z0-9_.-]+$/;
const RESERVED_PREFIX = /^(aws|amazon)\./i;
const SQS_DATA_TYPE = /^(String|Number|Binary)(\..+)?$/;
const SNS_DATA_TYPES: ReadonlySet<string> = new Set(['String', 'String.Array', 'Number', 'Binary']);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function checkName(name: string): void {
  if (name.length === 0) throw new InvalidMessageAttributeError(name, 'the name is empty');
  if (name.length > MAX_ATTRIBUTE_NAME_LENGTH) {
    throw new InvalidMessageAttributeError(name, `the name has ${name.length} characters; at most ${MAX_ATTRIBUTE_NAME_LENGTH} are allowed`);
  }
  if (!NAME_CHARACTERS.test(name)) {
    throw new InvalidMessageAttributeError(name, 'a name may hold only A–Z, a–z, 0–9, underscore, hyphen and period');
  }
  if (name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw new InvalidMessageAttributeError(name, 'a name may not start or end with a period, nor hold two in a row');
  }
  if (RESERVED_PREFIX.test(name)) {
    throw new InvalidMessageAttributeError(name, 'names starting with "AWS." or "Amazon." (any case) are reserved by AWS');
  }
}

function checkText(name: string, what: string, text: string, service: PublishService): void {
  if (text.length === 0) throw new InvalidMessageAttributeError(name, `the ${what} is empty; ${service} refuses empty attribute values`);
  const refused = findCharacterSqsRefuses(text);
  if (refused) {
    const hex = refused.codePoint.toString(16).toUpperCase().padStart(4, '0');
    throw new InvalidMessageAttributeError(name, `the ${what} holds a character ${service} refuses at index ${refused.index}: U+${hex}`);
  }
}

function toTyped(name: string, value: MessageAttributeValue): TypedMessageAttribute {
  if (typeof value === 'string') return { dataType: 'String', stringValue: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidMessageAttributeError(name, `${value} is not a finite number; send it as a string`);
    return { dataType: 'Number', stringValue: String(value) };
  }
  if (typeof value === 'bigint') return { dataType: 'Number', stringValue: value.toString() };
  if (value instanceof Uint8Array) return { dataType: 'Binary', binaryValue: value };
  if (typeof value === 'object' && value !== null && typeof (value as { dataType?: unknown }).dataType === 'string') return value;
  throw new InvalidMessageAttributeError(
    name,
    'a value must be a string, a finite number, a bigint, a Uint8Array, or { dataType, stringValue } / { dataType, binaryValue }',
  );
}

function checkDataType(name: string, dataType: string, service: PublishService): void {
  if (service === 'SNS') {
    if (!SNS_DATA_TYPES.has(dataType)) {
      throw new InvalidMessageAttributeError(name, `SNS accepts the data types String, String.Array, Number and Binary, not "${dataType}"`);
    }
    return;
  }
  if (!SQS_DATA_TYPE.test(dataType)) {
    throw new InvalidMessageAttributeError(
      name,
      `SQS accepts the data types String, Number and Binary, optionally with a custom label (Number.int), not "${dataType}"`,
    );
  }
  if (utf8ByteLength(dataType) > MAX_ATTRIBUTE_DATA_TYPE_BYTES) {
    throw new InvalidMessageAttributeError(name, `the data type is longer than ${MAX_ATTRIBUTE_DATA_TYPE_BYTES} bytes`);
  }
  checkText(name, 'data type', dataType, service);
}

/**
 * Converts and checks message attributes for `service`; returns the wire form and the bytes the
 * service counts toward the message size.
 *
 * @throws {@link InvalidMessageAttributeError} naming the attribute and what to change.
 */
export function toWireAttributes(attributes: MessageAttributes, service: PublishService): WireMessageAttributes {
  const names = Object.keys(attributes);
  if (names.length > MAX_MESSAGE_ATTRIBUTES) {
    throw new InvalidMessageAttributeError('', `${names.length} attributes; ${service} accepts at most ${MAX_MESSAGE_ATTRIBUTES} per message`);
  }
  const wire: Record<string, WireMessageAttribute> = {};
  let bytes = 0;
  for (const name of names) {
    checkName(name);
    const typed = toTyped(name, attributes[name]!);
    checkDataType(name, typed.dataType, service);
    const binary = typed.dataType.startsWith('Binary');
    let valueBytes: number;
    if ('binaryValue' in typed) {
      if (!binary) throw new InvalidMessageAttributeError(name, `a ${typed.dataType} attribute takes a stringValue, not a binaryValue`);
      if (!(typed.binaryValue instanceof Uint8Array) || typed.binaryValue.length === 0) {
        throw new InvalidMessageAttributeError(name, 'the binaryValue must be a non-empty Uint8Array');
      }
      wire[name] = { DataType: typed.dataType, BinaryValue: typed.binaryValue };
      valueBytes = typed.binaryValue.length;
    } else {
      if (binary) throw new InvalidMessageAttributeError(name, 'a Binary attribute takes a binaryValue (Uint8Array), not a stringValue');
      if (typeof typed.stringValue !== 'string') throw new InvalidMessageAttributeError(name, 'the stringValue must be a string');
      checkText(name, 'value', typed.stringValue, service);
      if (typed.dataType.startsWith('Number') && !NUMBER_TEXT.test(typed.stringValue)) {
        throw new InvalidMessageAttributeError(name, `"${typed.stringValue}" is not a number; use a String attribute for text`);
      }
      wire[name] = { DataType: typed.dataType, StringValue: typed.stringValue };
      valueBytes = utf8ByteLength(typed.stringValue);
    }
    bytes += utf8ByteLength(name) + utf8ByteLength(typed.dataType) + valueBytes;
  }
  return { attributes: wire, bytes };
}
