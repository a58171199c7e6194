/**
 * What `decodeBody` returns (spec §2): one of four kinds, told apart by `kind`.
 */
import type { MegaIssue } from '../errors.js';
import type { MegaPayload } from '../model/payload.js';

/** How a JSON or BSON body was carried: JSON text, or Base64 of a BSON document. */
export type BodyEncoding = 'json' | 'bson';

/** The SNS notification (or confirmation) envelope a body was wrapped in, as received. */
export interface SnsEnvelope {
  type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  messageId: string;
  topicArn: string;
  /** The envelope's `Timestamp` string, as received (not parsed). */
  timestamp: string;
  subject?: string;
  /** The envelope's `MessageAttributes`, kept as received (`{ Type, Value }` per attribute). */
  messageAttributes?: Record<string, unknown>;
  unsubscribeUrl?: string;
  subscribeUrl?: string;
  token?: string;
  signatureVersion?: string;
  signature?: string;
  signingCertUrl?: string;
}

/** A valid MEGA event. `document` is the whole parsed object, unknown keys included. */
export interface DecodedMega {
  kind: 'mega';
  payload: MegaPayload;
  encoding: BodyEncoding;
  document: Record<string, unknown>;
  sns?: SnsEnvelope;
}

/**
 * A data object: any JSON/BSON object that is not a valid MEGA event. When it carried the MEGA
 * header but broke its rules, `megaErrors` says why (non-empty).
 */
export interface DecodedData {
  kind: 'data';
  data: Record<string, unknown>;
  encoding: BodyEncoding;
  megaErrors?: MegaIssue[];
  sns?: SnsEnvelope;
}

/** Text that is neither a JSON object nor Base64 (or a JSON string, number, array…). */
export interface DecodedPlaintext {
  kind: 'plaintext';
  text: string;
  sns?: SnsEnvelope;
}

/** Strict Base64 whose bytes are not a valid BSON document. */
export interface DecodedBinary {
  kind: 'binary';
  bytes: Uint8Array;
  sns?: SnsEnvelope;
}

/** The result of `decodeBody`: a discriminated union on `kind`. */
export type DecodedBody = DecodedMega | DecodedData | DecodedPlaintext | DecodedBinary;

/** The four kinds of body. */
export type BodyKind = DecodedBody['kind'];
