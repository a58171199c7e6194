import { describe, expect, it } from 'vitest';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { browserSessionKeyStore, signIn, takeSignInToken } from './sign-in.js';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, value),
  };
}

function clientSigningIn(outcome: () => Promise<{ sessionKey: string }>): BridgeClient {
  return { signIn: outcome } as unknown as BridgeClient;
}

describe('takeSignInToken', () => {
  it('takes the token out of the address bar, keeping the rest of the URL', () => {
    const replaced: string[] = [];
    const history = { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) };
    expect(takeSignInToken({ href: 'http://127.0.0.1:5000/queues?token=abc&x=1#top' }, history)).toBe('abc');
    expect(replaced).toEqual(['/queues?x=1#top']);
  });

  it('leaves a URL without a token alone', () => {
    const replaced: string[] = [];
    const history = { state: null, replaceState: () => void replaced.push('called') };
    expect(takeSignInToken({ href: 'http://127.0.0.1:5000/' }, history)).toBeUndefined();
    expect(replaced).toEqual([]);
  });
});

describe('signIn', () => {
  it('keeps the session key the token is exchanged for', async () => {
    const keys = browserSessionKeyStore(memoryStorage());
    expect(await signIn(clientSigningIn(async () => ({ sessionKey: 'k1' })), keys, 'token')).toEqual({ ok: true });
    expect(keys.get()).toBe('k1');
  });

  it('goes on with the session it holds when the link was used before (the printed URL opened again)', async () => {
    const keys = browserSessionKeyStore(memoryStorage());
    keys.set('k0');
    const used = clientSigningIn(async () => {
      throw new BridgeError('SIGN_IN_LINK_USED', 401, 'used');
    });
    expect(await signIn(used, keys, 'token')).toEqual({ ok: true });
    expect(keys.get()).toBe('k0');
  });

  it('fails with the reason when the link was used and this browser holds no session', async () => {
    const keys = browserSessionKeyStore(memoryStorage());
    const used = clientSigningIn(async () => {
      throw new BridgeError('SIGN_IN_LINK_USED', 401, 'used');
    });
    const result = await signIn(used, keys, 'token');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('SIGN_IN_LINK_USED');
  });

  it('keeps the key in memory when storage refuses it', () => {
    const refusing = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError'); }, getItem: () => null } as Storage;
    const keys = browserSessionKeyStore(refusing);
    keys.set('k2');
    expect(keys.get()).toBe('k2');
  });
});
