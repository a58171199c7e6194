/**
 * Peek: receive with visibility 0, so messages stay available to consumers — but each look adds one
 * to their receive count. On a queue with a redrive policy the user is asked first (and again
 * whenever a captured message is at its limit, so the next look would move it to the dead-letter
 * queue), and such a queue is never polled unless the user turns live mode on.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PeekedMessage, QueueSummary } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { ConfirmDialog } from '../app/ConfirmDialog.js';

/** How often live mode peeks. */
export const LIVE_INTERVAL_MS = 5000;

export interface PeekControlsProps {
  readonly queue: QueueSummary;
  readonly client: BridgeClient;
  /** This queue's captured messages, to tell which are at their receive limit. */
  readonly captured: readonly PeekedMessage[];
  readonly onPeeked: (messages: readonly PeekedMessage[]) => void;
  readonly onError: (error: BridgeError) => void;
}

type Question = { readonly for: 'peek' | 'live' };

export function PeekControls({ queue, client, captured, onPeeked, onError }: PeekControlsProps) {
  const [maxMessages, setMaxMessages] = useState(10);
  const [acknowledged, setAcknowledged] = useState(false);
  const [question, setQuestion] = useState<Question | undefined>(undefined);
  const [live, setLive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [last, setLast] = useState<string | undefined>(undefined);
  const busyRef = useRef(false);
  const redrive = queue.redrive;
  const atLimit = redrive === undefined ? 0 : captured.filter((m) => m.receiveCount >= redrive.maxReceiveCount).length;

  const peek = useCallback(
    (acknowledge: boolean) => {
      if (busyRef.current) return;
      busyRef.current = true;
      setBusy(true);
      client
        .peek(queue.name, acknowledge ? { maxMessages, acknowledgeReceiveCount: true } : { maxMessages })
        .then(
          (response) => {
            onPeeked(response.messages);
            setLast(
              response.messages.length === 0
                ? `No visible messages at ${new Date().toLocaleTimeString()}.`
                : `Peeked ${response.messages.length} message${response.messages.length === 1 ? '' : 's'} at ${new Date().toLocaleTimeString()}.`,
            );
          },
          (error: unknown) => {
            if (error instanceof BridgeError && error.code === 'RECEIVE_COUNT_NOT_ACKNOWLEDGED') {
              setAcknowledged(false);
              setLive(false);
              setQuestion({ for: 'peek' });
            } else {
              setLive(false);
              onError(error instanceof BridgeError ? error : new BridgeError('NETWORK', 0, String(error)));
            }
          },
        )
        .finally(() => {
          busyRef.current = false;
          setBusy(false);
        });
    },
    [client, queue.name, maxMessages, onPeeked, onError],
  );

  const mustAsk = redrive !== undefined && (!acknowledged || atLimit > 0);

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => peek(redrive !== undefined), LIVE_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [live, peek, redrive]);

  return (
    <div className="peek-controls">
      <div className="toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => (mustAsk ? setQuestion({ for: 'peek' }) : peek(acknowledged))}>
          Peek
        </button>
        <label>
          up to{' '}
          <select aria-label="Messages per peek" value={maxMessages} onChange={(event) => setMaxMessages(Number(event.target.value))}>
            {[1, 2, 5, 10].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label className="live-toggle">
          <input
            type="checkbox"
            checked={live}
            onChange={(event) => {
              if (!event.target.checked) setLive(false);
              else if (redrive !== undefined) setQuestion({ for: 'live' });
              else setLive(true);
            }}
          />{' '}
          Live (peek every {LIVE_INTERVAL_MS / 1000} s)
        </label>
      </div>
      <p className="muted peek-cost">
        A peek is a receive with visibility 0: each look adds 1 to a message&apos;s receive count.
        {redrive !== undefined && (
          <>
            {' '}
            Here a message moves to <strong>{redrive.deadLetterQueueName}</strong> once received {redrive.maxReceiveCount} times.
          </>
        )}
      </p>
      {last !== undefined && (
        <p role="status" className="muted">
          {last}
        </p>
      )}
      {question !== undefined && redrive !== undefined && (
        <ConfirmDialog
          title={question.for === 'live' ? `Peek ${queue.name} every ${LIVE_INTERVAL_MS / 1000} s?` : `Peek ${queue.name}?`}
          confirmLabel={question.for === 'live' ? 'Turn live mode on' : 'Peek anyway'}
          onCancel={() => setQuestion(undefined)}
          onConfirm={() => {
            setQuestion(undefined);
            setAcknowledged(true);
            if (question.for === 'live') setLive(true);
            else peek(true);
          }}
        >
          <p>
            Peeking counts as a receive. A message on <strong>{queue.name}</strong> moves to its dead-letter queue{' '}
            <strong>{redrive.deadLetterQueueName}</strong> when it is received again after {redrive.maxReceiveCount} receives.
          </p>
          {atLimit > 0 && (
            <p className="danger">
              {atLimit} captured message{atLimit === 1 ? ' is' : 's are'} at receive count {redrive.maxReceiveCount} of{' '}
              {redrive.maxReceiveCount}: the next peek moves {atLimit === 1 ? 'it' : 'them'} to {redrive.deadLetterQueueName}.
            </p>
          )}
          {question.for === 'live' && <p>Live mode peeks again every {LIVE_INTERVAL_MS / 1000} s until you turn it off.</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}
