import { deepStrictEqual } from 'node:assert/strict';
import { Decimal128, Long, ObjectId, Timestamp, serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { EncodeError, MegaValidationError, PayloadBuilder, decodeBody, encodeBody } from '../src/index.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bsonBody = (doc: Record<string, unknown>) => b64(serialize(doc));

describe('decodeBody: no prototype pollution', () => {
  it('keeps "__proto__" as a data key in JSON data, MEGA attributes and BSON', () => {
    const json = decodeBody('{"__proto__": {"polluted": true}, "a": 1}');
    expect(json.kind).toBe('data');
    if (json.kind !== 'data') return;
    expect(Object.getPrototypeOf(json.data)).toBe(Object.prototype);
    expect(Object.keys(json.data)).toEqual(['__proto__', 'a']);

    const mega = decodeBody(
      '{"protocol": "mega", "version": 1, "event": {"name": "x", "timestamp": "2020-01-01T00:00:00Z", "__proto__": {"polluted": true}}}',
    );
    expect(mega.kind).toBe('mega');
    if (mega.kind !== 'mega') return;
    expect(Object.hasOwn(mega.payload.event.attributes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(mega.payload.event.attributes)).toBe(Object.prototype);

    const bytes = serialize(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": 1}}'));
    const bson = decodeBody(b64(bytes));
    expect(bson.kind).toBe('data');
    if (bson.kind !== 'data') return;
    expect(Object.keys(bson.data)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('encodes an own "__proto__" key as data, in both encodings', () => {
    const data = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(encodeBody(data)).toBe('{"__proto__": {"x": 1}}');
    const back = decodeBody(encodeBody(data, { encoding: 'bson' }));
    expect(back.kind === 'data' && Object.hasOwn(back.data, '__proto__')).toBe(true);
  });
});

describe('decodeBody: BSON that bson itself would reshape', () => {
  it('keeps {$ref, $id, $db} objects as plain objects, dotted $ref included', () => {
    const doc = { link: { $ref: 'db.users', $id: 7, $db: 'other', note: 'x' }, top: { $ref: 'a', $id: 1 } };
    const decoded = decodeBody(bsonBody(doc));
    expect(decoded.kind).toBe('data');
    if (decoded.kind !== 'data') return;
    deepStrictEqual(decoded.data, doc);
  });

  it('reads int64 as number within ±(2^53−1) and bigint beyond; 0x11 as unsigned bigint; ObjectId as hex', () => {
    const id = new ObjectId('5f1d7a9b2c3e4f5a6b7c8d9e');
    const decoded = decodeBody(
      bsonBody({
        safe: Long.fromBigInt(2n ** 53n - 1n),
        beyond: Long.fromBigInt(-(2n ** 53n)),
        ts: new Timestamp({ t: 0xffffffff, i: 1 }),
        id,
      }),
    );
    expect(decoded).toMatchObject({
      kind: 'data',
      data: { safe: 2 ** 53 - 1, beyond: -(2n ** 53n), ts: (0xffffffffn << 32n) | 1n, id: '5f1d7a9b2c3e4f5a6b7c8d9e' },
    });
  });

  it('treats unsupported BSON types and trailing bytes as binary', () => {
    for (const body of [
      bsonBody({ d: Decimal128.fromString('1.5') }),
      bsonBody({ r: /x/ }),
      b64(new Uint8Array([...serialize({ a: 1 }), 0])),
    ]) {
      expect(decodeBody(body).kind).toBe('binary');
    }
  });

  it('decodes a 100,000-level nested BSON document without overflowing the stack', () => {
    // Built by hand (bson's serializer recurses): level k is {"a": <level k+1>}, the innermost {}.
    // Each level adds 8 bytes: int32 size, 0x03 "a" NUL, and its closing NUL.
    const depth = 100_000;
    const total = 8 * depth + 5;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    for (let level = 0; level < depth; level++) {
      const at = level * 7;
      view.setInt32(at, total - level * 8, true);
      bytes.set([0x03, 0x61, 0x00], at + 4);
    }
    view.setInt32(depth * 7, 5, true); // innermost {} and then every closing NUL stay 0

    const decoded = decodeBody(b64(bytes));
    expect(decoded.kind).toBe('data');
    let levels = 0;
    for (let node = (decoded as { data: Record<string, unknown> }).data; node.a !== undefined; levels++) {
      node = node.a as Record<string, unknown>;
    }
    expect(levels).toBe(depth);
  });
});

describe('decodeBody: hostile JSON', () => {
  it('decodes JSON nested 100,000 levels deep as data', () => {
    const body = `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(decodeBody(body).kind).toBe('data');
  });

  it('keeps NUL characters and lone surrogates of plaintext', () => {
    expect(decodeBody('a\u0000b\ud800')).toEqual({ kind: 'plaintext', text: 'a\u0000b\ud800' });
  });
});

describe('encodeBody errors', () => {
  it('names the path of a value JSON cannot carry', () => {
    const error = (() => {
      try {
        encodeBody({ a: { b: [1, NaN] } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EncodeError);
    expect(error).toMatchObject({ code: 'ENCODE_UNSUPPORTED', path: 'a.b.1' });
    expect(String((error as Error).message)).toMatch(/BSON encoding/);
  });

  it('refuses cycles, class instances and bigints beyond int64 (BSON)', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeBody(cyclic)).toThrow(EncodeError);
    expect(() => encodeBody({ m: new Map() })).toThrow(EncodeError);
    expect(() => encodeBody({ n: 2n ** 64n }, { encoding: 'bson' })).toThrow(/beyond int64/);
    expect(() => encodeBody([1, 2] as unknown as Record<string, unknown>)).toThrow(/plain object/);
  });

  it('finds cycles at any depth, and names the path where the cycle closes', () => {
    const pathOfCycle = (value: unknown) => {
      try {
        encodeBody(value as Record<string, unknown>);
      } catch (e) {
        expect(e).toBeInstanceOf(EncodeError);
        expect((e as EncodeError).message).toMatch(/cycle/);
        return (e as EncodeError).path;
      }
      return 'no error';
    };
    // A chain 100 levels deep whose leaf points back at the root, then at a deep ancestor.
    const root: Record<string, unknown> = {};
    let node = root;
    const chain: Record<string, unknown>[] = [root];
    for (let i = 0; i < 100; i++) {
      const next: Record<string, unknown> = {};
      node.n = next;
      chain.push(next);
      node = next;
    }
    const deepPath = Array.from({ length: 100 }, () => 'n');
    node.back = root;
    expect(pathOfCycle(root)).toBe([...deepPath, 'back'].join('.'));
    node.back = chain[70];
    expect(pathOfCycle(root)).toBe([...deepPath, 'back'].join('.'));
    node.back = [1, [2, chain[5]]];
    expect(pathOfCycle(root)).toBe([...deepPath, 'back', 1, 1].join('.'));
  });

  it('writes an object shared by several branches (no cycle) at any depth', () => {
    const shared = { x: 1 };
    let deep: Record<string, unknown> = { a: shared, b: [shared, shared] };
    for (let i = 0; i < 60; i++) deep = { d: deep, s: shared };
    const text = encodeBody(deep);
    expect(text.split('{"x": 1}')).toHaveLength(1 + 3 + 60);
  });

  it('sorts keys by code point, also where UTF-16 order differs', () => {
    // U+E000 comes before U+1F600 by code point; its UTF-16 unit (0xE000) comes after 0xD83D.
    expect(encodeBody({ '\ud83d\ude00': 2, '\ue000': 1, b: 0, a: 0 })).toBe('{"a": 0, "b": 0, "\\ue000": 1, "\\ud83d\\ude00": 2}');
  });

  it('lists every problem of an invalid MEGA payload with its path', () => {
    const error = (() => {
      try {
        encodeBody({ protocol: 'mega', version: 1, event: { name: '', timestamp: 'yesterday' }, object: { current: {} } });
      } catch (e) {
        return e as MegaValidationError;
      }
    })();
    expect(error).toBeInstanceOf(MegaValidationError);
    expect(error?.code).toBe('MEGA_INVALID');
    expect(error?.issues.map((i) => i.path).sort()).toEqual(['event.name', 'event.timestamp', 'object.current']);
  });

  it('build() without withEvent says event is required', () => {
    expect(() => new PayloadBuilder().build()).toThrow(/event: is required/);
  });
});

describe('PayloadBuilder', () => {
  it('adds extra event keys to attributes, winning over an attribute of the same name', () => {
    const payload = new PayloadBuilder()
      .withEvent({ name: 'a', timestamp: '2020-01-01T00:00:00Z', attributes: { k: 1, keep: true }, k: 2 })
      .build();
    expect(payload.event.attributes).toEqual({ k: 2, keep: true });
  });

  it('defaults the timestamp to now and leaves empty previous/extra out', () => {
    const before = Date.now();
    const payload = new PayloadBuilder().withEvent({ name: 'a' }).withObject({ current: { id: 1 }, previous: {} }).build();
    expect(payload.event.timestamp.getTime()).toBeGreaterThanOrEqual(before);
    expect(payload.object).toEqual({ version: 1, current: { id: 1 } });
    expect('extra' in payload).toBe(false);
  });
});
