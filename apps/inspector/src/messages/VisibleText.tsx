/**
 * One untrusted string on screen: isolated in a `<bdi>`, so whatever direction its own letters have
 * cannot reorder its neighbours (the key beside a value, the columns of a row), and with each bidi
 * control character shown as its escape, styled apart and titled with the character's name.
 */
import { visibleSegments } from './visible-text.js';

export interface VisibleTextProps {
  readonly text: string;
  /** Class of the isolating `<bdi>` element. @defaultValue none */
  readonly className?: string;
}

export function VisibleText({ text, className }: VisibleTextProps) {
  return (
    <bdi className={className}>
      {visibleSegments(text).map((segment, i) =>
        segment.kind === 'text' ? (
          segment.text
        ) : (
          <span key={i} className="bidi-control" title={segment.description}>
            {segment.escape}
          </span>
        ),
      )}
    </bdi>
  );
}
