import { describe, expect, it } from 'vitest';
import { createBridgeClient } from './bridge-client.js';

describe('BridgeClient.contractsBundle', () => {
  it('fetches the script with the session key, and gives undefined for a bridge without contracts (204)', async () => {
    const seen: (string | null)[] = [];
    const answer = (response: Response): typeof fetch =>
      (async (_url: RequestInfo | URL, init?: RequestInit) => {
        seen.push(new Headers(init?.headers).get('authorization'));
        return response;
      }) as typeof fetch;
    const script = 'export {};';
    expect(await createBridgeClient({ fetch: answer(new Response(script, { status: 200 })), sessionKey: () => 'key' }).contractsBundle()).toBe(script);
    expect(await createBridgeClient({ fetch: answer(new Response(null, { status: 204 })), sessionKey: () => 'key' }).contractsBundle()).toBeUndefined();
    await expect(
      createBridgeClient({ fetch: answer(Response.json({ error: { code: 'UNAUTHORIZED', message: 'No valid session' } }, { status: 401 })) }).contractsBundle(),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(seen).toEqual(['Bearer key', 'Bearer key', null]);
  });
});
