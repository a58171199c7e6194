/** Shows the app once signing in has settled, or why this browser could not sign in. */
import { useEffect, useState, type ReactNode } from 'react';
import type { SignInResult } from './sign-in.js';

export interface SignInGateProps {
  /** The sign-in started before the first render (see `signIn`). */
  readonly signedIn: Promise<SignInResult>;
  readonly children: ReactNode;
}

export function SignInGate({ signedIn, children }: SignInGateProps) {
  const [result, setResult] = useState<SignInResult | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void signedIn.then((settled) => {
      if (live) setResult(settled);
    });
    return () => {
      live = false;
    };
  }, [signedIn]);
  if (result === undefined) return <p className="muted empty">Signing in…</p>;
  if (result.ok) return children;
  return (
    <main className="blocked">
      <h1>SQS MEGA inspector</h1>
      <p role="alert">{signInFailureText(result.error.code, result.error.message)}</p>
    </main>
  );
}

/** What to tell a user whose browser is not signed in. */
export function signInFailureText(code: string, message: string): string {
  switch (code) {
    case 'SIGN_IN_LINK_USED':
      return 'This sign-in link was already used: each one signs one browser in, once. To sign in another browser, choose "Sign in another browser" in an inspector tab that is signed in and open the link it shows here; or restart the inspector and open the new URL it prints.';
    case 'UNAUTHORIZED':
      return 'This browser is not signed in to this inspector. Open the URL the inspector printed when it started (it signs one browser in, once); for another browser, make a link with "Sign in another browser" in a signed-in tab.';
    default:
      return message;
  }
}
