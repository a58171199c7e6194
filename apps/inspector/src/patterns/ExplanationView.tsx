/**
 * Why a message does or does not match, in core's words (`explain`): for each failing place, the
 * path into the message, what the pattern expected there and what was found.
 */
import type { ExplainOutcome } from '../worker/match-engine.js';
import type { PathStep } from '../worker/protocol.js';

/** `event.name`, `object.current["a.b"][2]`; `(the message)` for the root. */
export function pathText(path: readonly PathStep[]): string {
  if (path.length === 0) return '(the message)';
  return path
    .map((step, i) => {
      if (typeof step === 'number') return `[${step}]`;
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(step)) return i === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step)}]`;
    })
    .join('');
}

export function ExplanationView({ outcome }: { readonly outcome: ExplainOutcome | undefined }) {
  if (outcome === undefined) return null;
  if (!outcome.ok) {
    return (
      <section className="explanation" aria-label="Match explanation">
        <p className="muted">{outcome.problem.message}</p>
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
            <code className="path">{pathText(failure.path)}</code>: expected <code>{failure.expected}</code>, got{' '}
            <code>{failure.actual}</code>
            {failure.error !== undefined && <span className="danger"> (threw: {failure.error})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
