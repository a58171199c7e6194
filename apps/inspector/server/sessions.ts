/**
 * Who may use the bridge. Sign-in links (the printed launch URL, and any link a signed-in browser
 * asks for) each work once: `signIn` burns the link and hands out a session key, which the app
 * keeps in its own origin's storage and sends as `Authorization: Bearer …`. Nothing rides on
 * cookies, because cookies are shared by every port of 127.0.0.1: any page on another port could
 * read them (through its own server), shadow them or push them out of the jar.
 *
 * Secrets are kept only as SHA-256 digests and looked up by digest, so neither a timing
 * difference nor a memory dump of this object gives one away.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A fresh random secret: 32 bytes from the system's CSPRNG, Base64url (43 characters). */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

function digest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

/** What presenting a sign-in token gave. */
export type SignInOutcome =
  | { readonly kind: 'signed-in'; readonly sessionKey: string }
  /** The token was right once, and has been used (or has expired). */
  | { readonly kind: 'used' }
  | { readonly kind: 'unknown' };

/** A one-time sign-in link made for another browser. */
export interface SignInLink {
  readonly token: string;
  /** When it stops working, ms since the epoch. */
  readonly expiresAt: number;
}

/** Options of {@link SessionRegistry}. */
export interface SessionRegistryOptions {
  /** The launch token printed in the URL: one sign-in, for the bridge's life. */
  readonly launchToken: string;
  /** How long a link from {@link SessionRegistry.createLink} works. @defaultValue 600_000 (10 min) */
  readonly linkLifetimeMs?: number | undefined;
  /** Sessions kept at most; signing in beyond it ends the oldest. @defaultValue 64 */
  readonly maxSessions?: number | undefined;
  /** The clock. @defaultValue `Date.now` */
  readonly now?: (() => number) | undefined;
}

/** How many burnt tokens are remembered, to tell "already used" from "never valid". */
const MAX_USED = 256;
/** Links that may wait unused at once; asking for more ends the oldest. */
const MAX_OPEN_LINKS = 16;

/**
 * The bridge's sign-in links and sessions, in memory: they end with the bridge, so a restart
 * signs everyone out.
 */
export class SessionRegistry {
  /** Unused links: digest → expiry (launch token: `Infinity`). */
  readonly #links = new Map<string, number>();
  /** Burnt or expired links' digests, oldest first. */
  readonly #used = new Set<string>();
  /** Session keys' digests, oldest first. */
  readonly #sessions = new Set<string>();
  readonly #linkLifetimeMs: number;
  readonly #maxSessions: number;
  readonly #now: () => number;

  constructor(options: SessionRegistryOptions) {
    this.#links.set(digest(options.launchToken), Number.POSITIVE_INFINITY);
    this.#linkLifetimeMs = options.linkLifetimeMs ?? 600_000;
    this.#maxSessions = options.maxSessions ?? 64;
    this.#now = options.now ?? Date.now;
  }

  /** Burns `token` and, if it was a live link, starts a session. */
  signIn(token: string): SignInOutcome {
    const key = digest(token);
    const expiresAt = this.#links.get(key);
    if (expiresAt === undefined) return this.#used.has(key) ? { kind: 'used' } : { kind: 'unknown' };
    this.#links.delete(key);
    this.#remember(key);
    if (expiresAt <= this.#now()) return { kind: 'used' };
    const sessionKey = generateSecret();
    this.#sessions.add(digest(sessionKey));
    while (this.#sessions.size > this.#maxSessions) this.#sessions.delete(this.#sessions.values().next().value as string);
    return { kind: 'signed-in', sessionKey };
  }

  /** A new one-time link, for signing in another browser. */
  createLink(): SignInLink {
    const token = generateSecret();
    const expiresAt = this.#now() + this.#linkLifetimeMs;
    this.#links.set(digest(token), expiresAt);
    const open = [...this.#links].filter(([, expiry]) => expiry !== Number.POSITIVE_INFINITY);
    for (const [oldest] of open.slice(0, Math.max(0, open.length - MAX_OPEN_LINKS))) {
      this.#links.delete(oldest);
      this.#remember(oldest);
    }
    return { token, expiresAt };
  }

  /** Whether `sessionKey` belongs to a session of this bridge. `undefined` never does. */
  isSession(sessionKey: string | undefined): boolean {
    return sessionKey !== undefined && sessionKey !== '' && this.#sessions.has(digest(sessionKey));
  }

  #remember(key: string): void {
    this.#used.add(key);
    while (this.#used.size > MAX_USED) this.#used.delete(this.#used.values().next().value as string);
  }
}
