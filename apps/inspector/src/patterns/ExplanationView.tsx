/**
 * Why a message does or does not match, in core's words (`explain`): for each failing place, the
 * path into the message, what the pattern expected there and what was found. Paths and values are
 * the message's own (untrusted) text: each is bidi isolated with its controls shown.
 */
import { escapeBidiControls } from '../messages/visible-text.js';
import { VisibleText } from '../messages/VisibleText.js';
import type { ExplainOutcome } from '../worker/match-engine.js';
import type { PathStep } from '../worker/protocol.js';

/**
 * `event.name`, `object.current["a.b"][2]`; `(the message)` for the root. A key holding a bidi
 * control is written `["\u202eevil"]`, so the text is safe wherever it is shown.
 */
export function pathText(path: readonly PathStep[]): string {
  if (path.length === 0) return '(the message)';
  return path
    .map((step, i) => {
      if (typeof step === 'number') return `[${step}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(step)) return i === 0 ? step : `.${step}`;
      return `[${escapeBidiControls(JSON.stringify(step))}]`;
    })
    .join('');
}

export function ExplanationView({ outcome }: { readonly outcome: ExplainOutcome | undefined }) {
  if (outcome === undefined) return null;
  if (!outcome.ok) {
    return (
      <section className="explanation" aria-label="Match explanation">
        <p className="muted">
          <VisibleText text={outcome.problem.message} />
        </p>
      </section>
    );
  }
  const { explanation } = outcome;
  if (explanation.match) {
    return (
      <section className="explanation explanation-match" aria-label="Match explanation">
        <p>
          <span aria-hidden="true">✓ </span>Matches the pattern.
        </p>
      </section>
    );
  }
  return (
    <section className="explanation explanation-miss" aria-label="Match explanation">
      <p>
        <span aria-hidden="true">✗ </span>Does not match:
      </p>
      <ul>
        {explanation.failures.map((failure, i) => (
          <li key={i}>
            <code className="path">
              <VisibleText text={pathText(failure.path)} />
            </code>
            : expected{' '}
            <code>
              <VisibleText text={failure.expected} />
            </code>
            , got{' '}
            <code>
              <VisibleText text={failure.actual} />
            </code>
            {failure.error !== undefined && (
              <span className="danger">
                {' '}
                (threw: <VisibleText text={failure.error} />)
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
