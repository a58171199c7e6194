/**
 * Codec benchmark: decode and encode throughput of @sqs-mega/core against the floor —
 * JSON.parse / JSON.stringify for JSON bodies, and bson's deserialize / serialize for BSON+Base64
 * bodies — for a small (~300 B) and a large (~100 KB) MEGA event. Run: `npm run bench:codec -w bench`.
 */
import { Buffer } from 'node:buffer';
import { deserialize, serialize } from 'bson';
import { decodeBody, encodeBody, type MegaPayload } from '@sqs-mega/core';
import { compare, fixed, opsPerSec, printTable, writeResults } from './harness.js';
import { largeEvent, smallEvent } from './payloads.js';

interface Row {
  payload: string;
  encoding: 'json' | 'bson';
  bodyBytes: number;
  operation: 'decode' | 'encode';
  floor: string;
  oursNsPerOp: number;
  floorNsPerOp: number;
  ratio: number;
  /**
   * Decode only: a hand-written typed decoder, the least a caller who wants the model's types must
   * do: the floor, then `new Date(event.timestamp)`, with no validation at all.
   */
  handWrittenNsPerOp?: number;
  ratioToHandWritten?: number;
  /** BSON decode only: the floor without Base64 decoding (bson's deserialize of ready bytes). */
  deserializeOnlyNsPerOp?: number;
  ratioToDeserializeOnly?: number;
}

interface WireEvent {
  event: { timestamp: string | Date };
}

/** What a hand-written typed decoder adds to the floor: the timestamp as a Date, unchecked. */
function withDate(document: WireEvent): WireEvent {
  document.event.timestamp = new Date(document.event.timestamp);
  return document;
}

/** The wire document the encoder writes, so that the floor serializes the same thing. */
function wireDocument(payload: MegaPayload): Record<string, unknown> {
  return JSON.parse(encodeBody(payload)) as Record<string, unknown>;
}

async function benchPayload(name: string, payload: MegaPayload): Promise<Row[]> {
  const rows: Row[] = [];
  const document = wireDocument(payload);

  // JSON
  const jsonBody = encodeBody(payload);
  if (decodeBody(jsonBody).kind !== 'mega') throw new Error('JSON body did not decode as MEGA');
  const jsonDecode = await compare({
    ours: () => decodeBody(jsonBody),
    floor: () => JSON.parse(jsonBody),
    handWritten: () => withDate(JSON.parse(jsonBody) as WireEvent),
  });
  rows.push({
    payload: name, encoding: 'json', bodyBytes: jsonBody.length, operation: 'decode', floor: 'JSON.parse',
    oursNsPerOp: jsonDecode.ours, floorNsPerOp: jsonDecode.floor, ratio: jsonDecode.ours / jsonDecode.floor,
    handWrittenNsPerOp: jsonDecode.handWritten, ratioToHandWritten: jsonDecode.ours / jsonDecode.handWritten,
  });
  const jsonEncode = await compare({ ours: () => encodeBody(payload), floor: () => JSON.stringify(document) });
  rows.push({ payload: name, encoding: 'json', bodyBytes: jsonBody.length, operation: 'encode', floor: 'JSON.stringify', oursNsPerOp: jsonEncode.ours, floorNsPerOp: jsonEncode.floor, ratio: jsonEncode.ours / jsonEncode.floor });

  // BSON + Base64
  const bsonBody = encodeBody(payload, { encoding: 'bson' });
  if (decodeBody(bsonBody).kind !== 'mega') throw new Error('BSON body did not decode as MEGA');
  const bytes = Buffer.from(bsonBody, 'base64');
  const bsonDecode = await compare({
    ours: () => decodeBody(bsonBody),
    floor: () => deserialize(Buffer.from(bsonBody, 'base64')),
    handWritten: () => withDate(deserialize(Buffer.from(bsonBody, 'base64')) as WireEvent),
    deserializeOnly: () => deserialize(bytes),
  });
  rows.push({
    payload: name, encoding: 'bson', bodyBytes: bsonBody.length, operation: 'decode', floor: 'base64 → bson.deserialize',
    oursNsPerOp: bsonDecode.ours, floorNsPerOp: bsonDecode.floor, ratio: bsonDecode.ours / bsonDecode.floor,
    handWrittenNsPerOp: bsonDecode.handWritten, ratioToHandWritten: bsonDecode.ours / bsonDecode.handWritten,
    deserializeOnlyNsPerOp: bsonDecode.deserializeOnly, ratioToDeserializeOnly: bsonDecode.ours / bsonDecode.deserializeOnly,
  });
  const bsonEncode = await compare({
    ours: () => encodeBody(payload, { encoding: 'bson' }),
    floor: () => Buffer.from(serialize(document)).toString('base64'),
  });
  rows.push({ payload: name, encoding: 'bson', bodyBytes: bsonBody.length, operation: 'encode', floor: 'bson.serialize → base64', oursNsPerOp: bsonEncode.ours, floorNsPerOp: bsonEncode.floor, ratio: bsonEncode.ours / bsonEncode.floor });
  return rows;
}

const rows = [...(await benchPayload('small', smallEvent())), ...(await benchPayload('large', largeEvent()))];

printTable(
  ['payload', 'encoding', 'body', 'op', 'ours ops/s', 'floor', 'floor ops/s', 'ours/floor', 'ours/hand-written'],
  rows.map((r) => [
    r.payload, r.encoding, `${r.bodyBytes} B`, r.operation, opsPerSec(r.oursNsPerOp), r.floor, opsPerSec(r.floorNsPerOp),
    `${fixed(r.ratio)}×${r.ratioToDeserializeOnly === undefined ? '' : ` (${fixed(r.ratioToDeserializeOnly)}× deserialize alone)`}`,
    r.ratioToHandWritten === undefined ? '' : `${fixed(r.ratioToHandWritten)}×`,
  ]),
);
console.log('\nhand-written: the floor + `new Date(event.timestamp)`, no validation (the least a typed decoder does).');
const decodeRatios = rows.filter((r) => r.operation === 'decode').map((r) => r.ratio);
const worst = Math.max(...decodeRatios);
console.log(`\nDecode target: within 1.15× of the floor — worst decode ratio ${fixed(worst)}× (${worst <= 1.15 ? 'met' : 'NOT met'}).`);
console.log(`Results written to ${writeResults('codec', { target: { decodeWithin: 1.15 }, rows })}`);
