/**
 * The last line of defence: if rendering ever throws (a body or pattern nobody foresaw), show what
 * happened and a way back instead of a blank page. Captures are safe in IndexedDB.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  readonly error: Error | undefined;
}

export class CrashBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The inspector failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <main className="blocked" role="alert">
        <h1>The inspector hit an error</h1>
        <p className="mono">{error.message}</p>
        <p>Your captures are kept in this browser.</p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </main>
    );
  }
}
