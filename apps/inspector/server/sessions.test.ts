import { describe, expect, it } from 'vitest';
import { SessionRegistry } from './sessions.js';

describe('SessionRegistry', () => {
  it('lets each link sign in once, and tells a used one from one it never made', () => {
    const sessions = new SessionRegistry({ launchToken: 'launch' });
    const first = sessions.signIn('launch');
    expect(first.kind).toBe('signed-in');
    expect(sessions.signIn('launch')).toEqual({ kind: 'used' });
    expect(sessions.signIn('never')).toEqual({ kind: 'unknown' });
    if (first.kind === 'signed-in') expect(sessions.isSession(first.sessionKey)).toBe(true);
    expect(sessions.isSession('launch')).toBe(false);
    expect(sessions.isSession(undefined)).toBe(false);
    expect(sessions.isSession('')).toBe(false);
  });

  it('lets a made link work until it expires, and not after', () => {
    let now = 1_000;
    const sessions = new SessionRegistry({ launchToken: 'launch', linkLifetimeMs: 60_000, now: () => now });
    const early = sessions.createLink();
    const late = sessions.createLink();
    expect(early.expiresAt).toBe(61_000);
    now = 60_999;
    expect(sessions.signIn(early.token).kind).toBe('signed-in');
    now = 61_000;
    expect(sessions.signIn(late.token)).toEqual({ kind: 'used' });
  });

  it('keeps at most 16 unused links and the newest sessions only', () => {
    const sessions = new SessionRegistry({ launchToken: 'launch', maxSessions: 2 });
    const links = Array.from({ length: 17 }, () => sessions.createLink());
    expect(sessions.signIn(links[0]!.token)).toEqual({ kind: 'used' });
    const keys = links.slice(1, 4).map((link) => {
      const outcome = sessions.signIn(link.token);
      return outcome.kind === 'signed-in' ? outcome.sessionKey : '';
    });
    expect(keys.map((key) => sessions.isSession(key))).toEqual([false, true, true]);
    // The launch token is not one of the links that age out.
    expect(sessions.signIn('launch').kind).toBe('signed-in');
  });
});
