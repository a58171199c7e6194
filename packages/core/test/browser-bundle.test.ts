/**
 * Core must run unchanged in a browser. This bundles core for the browser (esbuild, `browser`
 * conditions, so `bson` resolves to its web build) and runs it in a fresh V8 context that has only
 * what every browser has — ECMAScript built-ins plus TextEncoder/TextDecoder, atob/btoa and
 * crypto.getRandomValues — and none of Node's globals (`process`, `Buffer`, `require`, `global`).
 */
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'SqsMegaCore',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  bundle = result.outputFiles[0]!.text;
});

function browserLikeContext(): vm.Context {
  return vm.createContext({
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    crypto: { getRandomValues: webcrypto.getRandomValues.bind(webcrypto) },
    console: { log() {}, warn() {}, error() {} },
  });
}

function run(script: string): unknown {
  const context = browserLikeContext();
  vm.runInContext(bundle, context);
  return JSON.parse(vm.runInContext(`JSON.stringify((() => { ${script} })())`, context) as string);
}

describe('core in a browser-like environment', () => {
  it('has no Node globals to lean on there', () => {
    expect(run(`return [typeof process, typeof Buffer, typeof require, typeof global, typeof setImmediate];`)).toEqual([
      'undefined',
      'undefined',
      'undefined',
      'undefined',
      'undefined',
    ]);
  });

  it('builds, encodes and decodes MEGA events in JSON and BSON', () => {
    const result = run(`
      const { PayloadBuilder, encodeBody, decodeBody } = SqsMegaCore;
      const payload = new PayloadBuilder()
        .withEvent({ name: 'user.updated', timestamp: '2020-05-04T15:53:27.823Z', domain: 'accounts' })
        .withObject({ type: 'user', id: '42', current: { id: 42, tags: ['a'] } })
        .build();
      const json = encodeBody(payload);
      const bson = encodeBody(payload, { encoding: 'bson' });
      const fromJson = decodeBody(json);
      const fromBson = decodeBody(bson);
      return {
        json,
        kinds: [fromJson.kind, fromJson.encoding, fromBson.kind, fromBson.encoding],
        name: fromBson.payload.event.name,
        timestamp: fromBson.payload.event.timestamp.toISOString(),
        current: fromBson.payload.object.current,
      };
    `);
    expect(result).toEqual({
      json: '{"event": {"domain": "accounts", "name": "user.updated", "timestamp": "2020-05-04T15:53:27.823000+00:00", "version": 1}, "object": {"current": {"id": 42, "tags": ["a"]}, "id": "42", "type": "user", "version": 1}, "protocol": "mega", "version": 1}',
      kinds: ['mega', 'json', 'mega', 'bson'],
      name: 'user.updated',
      timestamp: '2020-05-04T15:53:27.823Z',
      current: { id: 42, tags: ['a'] },
    });
  });

  it('unwraps SNS envelopes and tells binary from plaintext', () => {
    const result = run(`
      const { decodeBody } = SqsMegaCore;
      const envelope = JSON.stringify({
        Type: 'Notification', MessageId: 'm1', TopicArn: 'arn:aws:sns:us-east-1:1:t', Timestamp: '2020-01-01T00:00:00.000Z',
        Message: '{"a": 1}',
      });
      const wrapped = decodeBody(envelope);
      const bytes = decodeBody('AQID');
      return [wrapped.kind, wrapped.data, wrapped.sns.topicArn, bytes.kind, Array.from(bytes.bytes), decodeBody('hi').kind];
    `);
    expect(result).toEqual(['data', { a: 1 }, 'arn:aws:sns:us-east-1:1:t', 'binary', [1, 2, 3], 'plaintext']);
  });

  it('keeps Base64 strict with atob: URL-safe, spaced or non-ASCII text is plaintext', () => {
    const result = run(`
      const { decodeBody } = SqsMegaCore;
      return ['AQIDBAUG', 'AQID-AUG', 'AQID_AUG', 'AQ DBAUG', 'AQID\u0141AUG', 'AQID\u00c1AUG'].map((body) => decodeBody(body).kind);
    `);
    expect(result).toEqual(['binary', 'plaintext', 'plaintext', 'plaintext', 'plaintext', 'plaintext']);
  });
});
