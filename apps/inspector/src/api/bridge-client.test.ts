import { describe, expect, it } from 'vitest';
import { BridgeError, createBridgeClient } from './bridge-client.js';

/** A fetch that never answers, but gives up when its signal aborts — as a browser's does. */
function hungFetch(calls: RequestInit[]): typeof fetch {
  return (_input, init) =>
    new Promise((_resolve, reject) => {
      calls.push(init ?? {});
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error));
    });
}

describe('createBridgeClient', () => {
  it('gives up on a call the bridge never answers with a TIMEOUT error, by its deadline', async () => {
    const calls: RequestInit[] = [];
    const client = createBridgeClient({ fetch: hungFetch(calls), timeoutMs: 50 });
    const started = Date.now();
    const error = await client.queues().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BridgeError);
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect((error as Error).message).toMatch(/did not answer GET \/api\/queues within 0 s/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("adds a peek's long poll to its deadline", async () => {
    const calls: RequestInit[] = [];
    const client = createBridgeClient({ fetch: hungFetch(calls), timeoutMs: 50 });
    const started = Date.now();
    await client.peek('q', { waitTimeSeconds: 1 }).catch(() => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('sends the session key as a Bearer authorization, never credentials', async () => {
    const seen: RequestInit[] = [];
    const client = createBridgeClient({
      sessionKey: () => 'the-key',
      fetch: async (_input, init) => {
        seen.push(init ?? {});
        return new Response('{"mode":"local"}', { status: 200 });
      },
    });
    await client.session();
    expect((seen[0]?.headers as Record<string, string>)['authorization']).toBe('Bearer the-key');
    expect(seen[0]?.credentials).toBe('omit');
  });
});
