/**
 * Signing this browser in: the sign-in token is taken out of the address bar before anything else
 * runs (so neither the address bar nor the history entry keeps it, and it is never sent as a
 * Referer) and exchanged once for a session key, kept in this origin's `localStorage` — which no
 * other port of 127.0.0.1 can read or write, unlike its cookies.
 */
import { TOKEN_PARAM } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';

/** Where the session key lives between page loads. */
export interface SessionKeyStore {
  get(): string | undefined;
  set(key: string): void;
}

const STORAGE_KEY = 'sqs-mega-inspector:session';

/** The key in `localStorage` (per origin, so per inspector port); in memory when storage is refused. */
export function browserSessionKeyStore(storage: Storage | undefined = globalThis.localStorage): SessionKeyStore {
  let memory: string | undefined;
  return {
    get: () => {
      try {
        return storage?.getItem(STORAGE_KEY) ?? memory;
      } catch {
        return memory;
      }
    },
    set: (key) => {
      memory = key;
      try {
        storage?.setItem(STORAGE_KEY, key);
      } catch {
        // Storage refused (a private window's quota, a policy): this tab keeps the key in memory.
      }
    },
  };
}

/**
 * The sign-in token of the current URL, removed from it in place (`history.replaceState`), or
 * `undefined` when the URL has none.
 */
export function takeSignInToken(location: Pick<Location, 'href'>, history: Pick<History, 'replaceState' | 'state'>): string | undefined {
  const url = new URL(location.href);
  const token = url.searchParams.get(TOKEN_PARAM);
  if (token === null) return undefined;
  url.searchParams.delete(TOKEN_PARAM);
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
  return token === '' ? undefined : token;
}

/** How signing in ended: signed in (or already was), or why not. */
export type SignInResult = { readonly ok: true } | { readonly ok: false; readonly error: BridgeError };

/**
 * Exchanges `token` for a session key and stores it. A link used before is no failure when this
 * browser already holds a session (opening the printed URL again, say): the app goes on with it,
 * and the bridge says so if it is stale.
 */
export async function signIn(client: BridgeClient, keys: SessionKeyStore, token: string | undefined): Promise<SignInResult> {
  if (token === undefined) return { ok: true };
  try {
    keys.set((await client.signIn(token)).sessionKey);
    return { ok: true };
  } catch (error) {
    const failure = error instanceof BridgeError ? error : new BridgeError('NETWORK', 0, String(error));
    if (failure.code === 'SIGN_IN_LINK_USED' && keys.get() !== undefined) return { ok: true };
    return { ok: false, error: failure };
  }
}
