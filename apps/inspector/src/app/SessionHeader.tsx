/** What the inspector is connected to, and whether it may change anything. */
import type { SessionInfo } from '../../shared/bridge-api.js';

const MODES: Record<SessionInfo['mode'], string> = { local: 'local demo', endpoint: 'endpoint', aws: 'AWS' };

export interface SessionHeaderProps {
  readonly session: SessionInfo | undefined;
  /** Opens "Sign in another browser". */
  readonly onSignInLink: () => void;
}

export function SessionHeader({ session, onSignInLink }: SessionHeaderProps) {
  return (
    <header className="app-header">
      <h1>
        SQS MEGA <span className="muted">inspector</span>
      </h1>
      {session !== undefined && (
        <>
          <span className="badge">{MODES[session.mode]}</span>
          <span className="mono muted truncate" title={session.endpoint}>
            {session.endpoint} · {session.region}
          </span>
          <span className="spacer" />
          {session.allowWrites ? (
            <span className="badge badge-writes" title="Sending, deleting, purging and redriving are allowed">
              writes allowed
            </span>
          ) : (
            <span className="badge" title="Start the inspector with --allow-writes to send, delete, purge and redrive">
              read-only
            </span>
          )}
          <button type="button" className="link" onClick={onSignInLink}>
            Sign in another browser
          </button>
          <span className="muted">v{session.version}</span>
        </>
      )}
    </header>
  );
}
