import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PaneBoundary } from './PaneBoundary.js';

afterEach(cleanup);
// React and the boundary log each caught error; the test expects them, so keep the output clean.
beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => vi.restoreAllMocks();
});

/** Throws while `failing.now` is true. */
function Fragile({ failing, text }: { readonly failing: { now: boolean }; readonly text: string }) {
  if (failing.now) throw new RangeError('Invalid time value');
  return <p>{text}</p>;
}

function Layout({ failing, resetKey, text = 'the message' }: { readonly failing: { now: boolean }; readonly resetKey?: string; readonly text?: string }) {
  return (
    <>
      <section aria-label="Captures">the other pane</section>
      <section aria-label="Message">
        <PaneBoundary label="Message" resetKey={resetKey}>
          <Fragile failing={failing} text={text} />
        </PaneBoundary>
      </section>
    </>
  );
}

describe('PaneBoundary', () => {
  it('shows what its children show while they render', () => {
    render(<Layout failing={{ now: false }} />);
    expect(screen.getByText('the message')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failed render inside its pane only, and the other panes stay', () => {
    render(<Layout failing={{ now: true }} />);
    const alert = screen.getByRole('alert', { name: 'Message pane error' });
    expect(alert.textContent).toContain('This pane could not show this message: Invalid time value');
    expect(screen.getByRole('region', { name: 'Message' }).contains(alert)).toBe(true);
    expect(screen.getByRole('region', { name: 'Captures' }).textContent).toBe('the other pane');
  });

  it('renders its children again on "Try again"', () => {
    const failing = { now: true };
    render(<Layout failing={failing} />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByRole('alert')).toBeTruthy();
    failing.now = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(screen.getByText('the message')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('renders its children again when resetKey changes, such as another message being selected', () => {
    const failing = { now: true };
    const { rerender } = render(<Layout failing={failing} resetKey="a" />);
    expect(screen.getByRole('alert')).toBeTruthy();
    failing.now = false;
    rerender(<Layout failing={failing} resetKey="a" text="still a" />);
    expect(screen.getByRole('alert')).toBeTruthy();
    rerender(<Layout failing={failing} resetKey="b" text="message b" />);
    expect(screen.getByText('message b')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
