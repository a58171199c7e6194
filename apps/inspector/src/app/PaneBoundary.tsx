/**
 * An error boundary around one pane. A message nobody foresaw may make a pane's rendering throw;
 * then only that pane says so, and the queues, the pattern and the other captures stay usable
 * (`CrashBoundary` remains the last line of defence for the whole app). Selecting another message
 * (`resetKey`) or "Try again" renders the pane afresh.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { VisibleText } from '../messages/VisibleText.js';

export interface PaneBoundaryProps {
  /** The pane's name, for the log and the alert's label: `Message`. */
  readonly label: string;
  /**
   * What the pane shows, such as the selected message's capture key: when it changes, a caught
   * error is forgotten and the pane renders again. @defaultValue undefined (only "Try again" resets)
   */
  readonly resetKey?: string | undefined;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | undefined;
  /** The `resetKey` of the last render: an error caught under another key is stale. */
  readonly shownKey: string | undefined;
}

/**
 * Renders `children`, or, once they throw, "This pane could not show this message: …" with a
 * "Try again" button, in place of the pane's content only.
 *
 * @example
 * <PaneBoundary label="Message" resetKey={selectedKey}>
 *   <MessageDetail message={selectedMessage} … />
 * </PaneBoundary>
 */
export class PaneBoundary extends Component<PaneBoundaryProps, State> {
  override state: State = { error: undefined, shownKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: PaneBoundaryProps, state: State): Partial<State> | null {
    return state.shownKey === props.resetKey ? null : { error: undefined, shownKey: props.resetKey };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`The ${this.props.label} pane failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === undefined) return this.props.children;
    return (
      <div className="pane-error" role="alert" aria-label={`${this.props.label} pane error`}>
        <p>
          This pane could not show this message: <VisibleText className="mono" text={error.message} />
        </p>
        <button type="button" onClick={() => this.setState({ error: undefined })}>
          Try again
        </button>
      </div>
    );
  }
}
