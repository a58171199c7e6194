/**
 * "Sign in another browser": a new one-time sign-in link from the bridge, shown to copy. The link
 * in the terminal worked once; this is how a second browser (or a private window) gets in.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { SignInLinkResponse } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';

export interface SignInLinkDialogProps {
  readonly client: BridgeClient;
  readonly onClose: () => void;
}

export function SignInLinkDialog({ client, onClose }: SignInLinkDialogProps) {
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  const [link, setLink] = useState<SignInLinkResponse | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [copied, setCopied] = useState<string | undefined>(undefined);
  useEffect(() => {
    close.current?.focus();
    let live = true;
    client.createSignInLink().then(
      (made) => live && setLink(made),
      (failure: unknown) => live && setError(failure instanceof BridgeError ? failure.message : String(failure)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  const minutes = link === undefined ? 0 : Math.max(1, Math.round((link.expiresAt - Date.now()) / 60_000));
  return (
    <div className="backdrop" onKeyDown={(event) => event.key === 'Escape' && onClose()}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className="dialog">
        <h2 id={titleId}>Sign in another browser</h2>
        <div className="dialog-body">
          {error !== undefined && (
            <p role="alert" className="danger">
              {error}
            </p>
          )}
          {link === undefined && error === undefined && <p className="muted">Making a link…</p>}
          {link !== undefined && (
            <>
              <p>
                Open this link in the other browser. It signs one browser in, once, within {minutes} minute{minutes === 1 ? '' : 's'}; keep it
                to yourself until then.
              </p>
              <input className="mono sign-in-link" aria-label="Sign-in link" readOnly value={link.url} onFocus={(event) => event.target.select()} />
              {copied !== undefined && (
                <p role="status" className="muted small">
                  {copied}
                </p>
              )}
            </>
          )}
        </div>
        <div className="dialog-actions">
          {link !== undefined && (
            <button
              type="button"
              className="primary"
              onClick={() => {
                navigator.clipboard.writeText(link.url).then(
                  () => setCopied('Copied.'),
                  () => setCopied('This browser did not allow copying: select the link and copy it.'),
                );
              }}
            >
              Copy link
            </button>
          )}
          <button type="button" ref={close} onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}
