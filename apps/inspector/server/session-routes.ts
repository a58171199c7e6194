/**
 * The sign-in routes of `shared/bridge-api.ts`: `POST /api/sign-in` exchanges a one-time token for
 * a session key (the only API route that needs no session), `POST /api/sign-in-links` makes a new
 * one-time link for another browser.
 */
import { Hono } from 'hono';
import { TOKEN_PARAM, type SignInLinkResponse, type SignInRequest, type SignInResponse } from '../shared/bridge-api.js';
import { BridgeError } from './bridge-error.js';
import { jsonBody, requiredString } from './request-body.js';
import type { SessionRegistry } from './sessions.js';

/** Options of {@link createSessionRoutes}. */
export interface SessionRoutesOptions {
  readonly sessions: SessionRegistry;
  /** The bridge's own origin, `http://127.0.0.1:PORT`, for the links it makes. */
  readonly origin: string;
}

/** The sign-in routes, mounted at `/api` behind the Host/Origin and session guards. */
export function createSessionRoutes({ sessions, origin }: SessionRoutesOptions): Hono {
  const routes = new Hono();

  routes.post('/sign-in', async (c) => {
    const token = requiredString(await jsonBody(c), 'token' satisfies keyof SignInRequest, 'the token of a sign-in URL');
    const outcome = sessions.signIn(token);
    if (outcome.kind === 'used') {
      throw new BridgeError(
        'SIGN_IN_LINK_USED',
        'This sign-in link was already used (each works once) or has expired. In a browser that is signed in, choose "Sign in another browser" for a new link; or restart the inspector for a new printed URL.',
      );
    }
    if (outcome.kind === 'unknown') {
      throw new BridgeError('UNAUTHORIZED', 'This sign-in link is not one of this inspector\'s (the token changes on every launch): open the URL it printed.');
    }
    return c.json({ sessionKey: outcome.sessionKey } satisfies SignInResponse);
  });

  routes.post('/sign-in-links', (c) => {
    const link = sessions.createLink();
    return c.json({ url: `${origin}/?${TOKEN_PARAM}=${link.token}`, expiresAt: link.expiresAt } satisfies SignInLinkResponse);
  });

  return routes;
}
