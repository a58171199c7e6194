/**
 * Signing browsers in, as the suite needs it: every sign-in link works once, so global setup
 * spends each launch token on a session of its own (as a first browser would), and every test's
 * browser context opens a fresh link made with it — what "Sign in another browser" does.
 */

async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`e2e: POST ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Spends a sign-in token; returns the session key. */
export async function sessionKeyFor(origin: string, token: string): Promise<string> {
  return (await postJson<{ sessionKey: string }>(`${origin}/api/sign-in`, { token })).sessionKey;
}

/** A fresh one-time sign-in URL for the inspector at `origin`, made with `sessionKey`. */
export async function newSignInLink(origin: string, sessionKey: string): Promise<string> {
  return (await postJson<{ url: string }>(`${origin}/api/sign-in-links`, {}, { authorization: `Bearer ${sessionKey}` })).url;
}
