/**
 * The pattern being tried: which subscriber it is for, the event-subscriber form, the JSON editor,
 * how many captured messages match (and how long the worker took), and "Copy as code".
 */
import { useState } from 'react';
import type { ContractSummary } from '../../shared/contract-label.js';
import type { PatternSource, SubscriberKind } from '../worker/protocol.js';
import type { MatchState } from './use-matching.js';
import { EventSubscriberForm } from './EventSubscriberForm.js';
import { PatternEditor } from './PatternEditor.js';
import { CopyAsCode } from './CopyAsCode.js';
import { subscriberCode } from './copy-as-code.js';
import { pathText } from './ExplanationView.js';

const KINDS: readonly { readonly kind: SubscriberKind; readonly label: string; readonly hint: string }[] = [
  { kind: 'event', label: 'Event subscriber', hint: '{"name": "user.updated", "objectCurrent": {"id": {"$gt": 0}}}' },
  { kind: 'data', label: 'Data subscriber', hint: '{"type": {"$match": "^user:"}}  (blank: every data object)' },
  { kind: 'message', label: 'Message subscriber', hint: '{"kind": "plaintext"}  (blank: every message)' },
];

export interface PatternPanelProps {
  readonly source: PatternSource;
  readonly onKind: (kind: SubscriberKind) => void;
  readonly onText: (text: string) => void;
  readonly match: MatchState;
  /** The queue the generated subscriber listens to. */
  readonly queueUrl: string | undefined;
  /** The contracts the event-subscriber form can start from. @defaultValue none */
  readonly contracts?: readonly ContractSummary[] | undefined;
}

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

function MatchStatus({ match }: { readonly match: MatchState }) {
  if (match.status === 'pending') return <p className="match-status muted">Evaluating…</p>;
  const { result } = match;
  if (!result.ok) {
    const where = result.problem.kind === 'pattern' && result.problem.path.length > 0 ? ` (at ${pathText(result.problem.path)})` : '';
    return (
      <p className="match-status pattern-error" role="alert">
        {result.problem.kind === 'syntax' ? 'JSON error: ' : result.problem.kind === 'pattern' ? 'Pattern error: ' : 'Too slow: '}
        {result.problem.message}
        {where}
      </p>
    );
  }
  if (result.total === 0) {
    return (
      <p className="match-status muted" role="status">
        Pattern OK. Peek a queue or import captures to see which messages it matches.
      </p>
    );
  }
  return (
    <p className="match-status" role="status">
      <strong className="match-count">
        {result.matched} of {result.total} match
      </strong>
      <span className="muted"> · {result.total - result.matched} no match · </span>
      <span className="timing" title={`${formatMs(match.roundTripMs)} ms including the trip to the worker`}>
        {result.total} messages in {formatMs(result.elapsedMs)} ms
      </span>
    </p>
  );
}

export function PatternPanel({ source, onKind, onText, match, queueUrl, contracts }: PatternPanelProps) {
  const [code, setCode] = useState<string | undefined>(undefined);
  const problem = match.status === 'done' && !match.result.ok ? match.result.problem : undefined;
  const usable = match.status === 'done' && match.result.ok;
  const hint = KINDS.find((k) => k.kind === source.kind)!.hint;
  return (
    <section className="pattern-panel" aria-label="Pattern">
      <div className="toolbar">
        <div role="radiogroup" aria-label="Subscriber kind" className="segmented">
          {KINDS.map(({ kind, label }) => (
            <label key={kind} className={source.kind === kind ? 'on' : undefined}>
              <input type="radio" name="subscriber-kind" value={kind} checked={source.kind === kind} onChange={() => onKind(kind)} />
              {label}
            </label>
          ))}
        </div>
        <span className="spacer" />
        <button
          type="button"
          disabled={!usable}
          onClick={() => {
            try {
              const pattern: unknown = source.text.trim() === '' ? undefined : JSON.parse(source.text);
              setCode(subscriberCode(queueUrl === undefined ? { kind: source.kind, pattern } : { kind: source.kind, pattern, queueUrl }));
            } catch {
              setCode('// This pattern is nested too deeply to write as code.');
            }
          }}
        >
          Copy as code
        </button>
      </div>
      <div className={source.kind === 'event' ? 'pattern-body with-form' : 'pattern-body'}>
        {source.kind === 'event' && <EventSubscriberForm text={source.text} onChange={onText} contracts={contracts} />}
        <div className="editor-column">
          <div className="block-label">Pattern (JSON) for {KINDS.find((k) => k.kind === source.kind)!.label.toLowerCase()}</div>
          <PatternEditor value={source.text} onChange={onText} problem={problem} label="Pattern (JSON)" hint={hint} />
          <MatchStatus match={match} />
        </div>
      </div>
      {code !== undefined && <CopyAsCode code={code} onClose={() => setCode(undefined)} />}
    </section>
  );
}
