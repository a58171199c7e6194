/**
 * Hostile bodies with figures: 1 MiB bodies of every kind, NUL bytes, lone surrogates,
 * 100,000-level nesting in JSON and BSON. Each must decode to a clear result in bounded time and
 * memory; the figures (median of 5 decodes, heap retained by the result) go to
 * test/faults/results/hostile-bodies.json, which docs/reliability.md quotes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { serialize } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeBody, type DecodedBody } from '../../src/index.js';

const MiB = 1024 * 1024;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** A 100,000-level nested BSON document, built by hand (bson's serializer recurses). */
function deepBson(depth: number): Uint8Array {
  const total = 8 * depth + 5;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  for (let level = 0; level < depth; level++) {
    view.setInt32(level * 7, total - level * 8, true);
    bytes.set([0x03, 0x61, 0x00], level * 7 + 4);
  }
  view.setInt32(depth * 7, 5, true);
  return bytes;
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(bytes.subarray(i, Math.min(length, i + 65536)));
  return bytes;
}

const mega = (attributes: unknown) =>
  JSON.stringify({ protocol: 'mega', version: 1, event: { name: 'x', timestamp: '2020-01-01T00:00:00Z', attributes } });

const CASES: Array<{ name: string; body: string; kind: DecodedBody['kind'] }> = [
  { name: '1 MiB plaintext with NUL bytes and lone surrogates', body: 'a\u0000\ud800'.repeat(MiB / 3).slice(0, MiB), kind: 'plaintext' },
  { name: '1 MiB JSON data object (one long string)', body: JSON.stringify({ text: 'x'.repeat(MiB - 20) }), kind: 'data' },
  { name: '1 MiB JSON data object (120,000 numbers)', body: JSON.stringify({ n: Array.from({ length: 120_000 }, (_, i) => i * 1.5) }), kind: 'data' },
  { name: '1 MiB MEGA event (50,000 attributes)', body: mega(Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 'v'.repeat(8)]))), kind: 'mega' },
  { name: '1 MiB Base64 of random bytes', body: b64(randomBytes((MiB / 4) * 3)), kind: 'binary' },
  { name: '1 MiB Base64 of a BSON document', body: b64(serialize({ blob: randomBytes(760_000) })), kind: 'data' },
  { name: 'JSON nested 100,000 levels', body: `{"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, kind: 'data' },
  { name: 'BSON nested 100,000 levels', body: b64(deepBson(100_000)), kind: 'data' },
  { name: 'JSON with 100,000 "__proto__" keys', body: `{${Array.from({ length: 100_000 }, () => '"__proto__": {"polluted": 1}').join(',')}}`, kind: 'data' },
  { name: 'truncated 1 MiB JSON', body: JSON.stringify({ text: 'x'.repeat(MiB - 20) }).slice(0, -3), kind: 'plaintext' },
];

const gc = (globalThis as { gc?: () => void }).gc;

/** JS heap plus ArrayBuffer memory (where decoded bytes live). */
const memory = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
};

/** Bytes the decoded result of `body` holds, measured in a frame of its own (nothing else alive); 0 when within noise. */
function retainedBy(body: string): number {
  gc?.();
  gc?.();
  const before = memory();
  const decoded = decodeBody(body);
  gc?.();
  const retained = memory() - before;
  if (decoded.kind === undefined) return -1; // reads decoded after the measurement: it stays alive until here
  return Math.max(0, retained);
}

describe('hostile bodies: bounded time and memory', () => {
  it('decodes each to a clear result, and writes the figures', () => {
    const figures = [];
    for (const { name, body, kind } of CASES) {
      const times: number[] = [];
      let decodedKind: string | undefined;
      // Measured before the timed runs: their garbage (ArrayBuffers are freed after a GC, not in it) would blur it.
      const retainedMiB = Math.round((retainedBy(body) / MiB) * 10) / 10;
      for (let run = 0; run < 5; run++) {
        const t0 = performance.now();
        decodedKind = decodeBody(body).kind;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      figures.push({
        name,
        bodyChars: body.length,
        kind: decodedKind,
        medianMs: Math.round(times[2]! * 10) / 10,
        retainedMiB,
      });
      expect(decodedKind, name).toBe(kind);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
    // Bounded: generous ceilings, far above the figures on a loaded 2-core machine (see the results).
    for (const f of figures) {
      expect(f.medianMs, f.name).toBeLessThan(2_000);
      expect(f.retainedMiB, f.name).toBeLessThan(64);
    }
    const results = new URL('./results/', import.meta.url);
    mkdirSync(results, { recursive: true });
    writeFileSync(new URL('hostile-bodies.json', results), `${JSON.stringify({ gc: gc !== undefined, node: process.version, figures }, null, 2)}\n`);
    console.table(figures);
  });
});
