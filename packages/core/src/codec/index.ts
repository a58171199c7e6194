export { decodeBody } from './decode-body.js';
export { encodeBody, type EncodeOptions, type EncodableBody } from './encode-body.js';
export { isStrictBase64 } from './base64.js';
export { readSnsEnvelope } from './sns-envelope.js';
export type {
  BodyEncoding,
  BodyKind,
  DecodedBinary,
  DecodedBody,
  DecodedData,
  DecodedMega,
  DecodedPlaintext,
  SnsEnvelope,
} from './decoded-body.js';
