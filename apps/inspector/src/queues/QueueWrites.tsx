/**
 * The queue-level writes (only with writes allowed): send a message, purge the queue after the user
 * types its name, and redrive a dead-letter queue back to a source queue.
 */
import { useState } from 'react';
import type { QueueSummary } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { ConfirmDialog } from '../app/ConfirmDialog.js';
import { SendMessageForm } from '../messages/SendMessageForm.js';

export interface QueueWritesProps {
  readonly queue: QueueSummary;
  readonly client: BridgeClient;
  readonly onDone: (text: string) => void;
  readonly onError: (error: BridgeError) => void;
}

function asBridgeError(error: unknown): BridgeError {
  return error instanceof BridgeError ? error : new BridgeError('NETWORK', 0, String(error));
}

export function QueueWrites({ queue, client, onDone, onError }: QueueWritesProps) {
  const [open, setOpen] = useState<'send' | 'purge' | 'redrive' | undefined>(undefined);
  const [typed, setTyped] = useState('');
  const [destination, setDestination] = useState(queue.deadLetterSources[0] ?? '');

  return (
    <div className="queue-writes">
      <div className="toolbar">
        <button type="button" onClick={() => setOpen(open === 'send' ? undefined : 'send')} aria-expanded={open === 'send'}>
          Send message
        </button>
        {queue.deadLetterSources.length > 0 && (
          <button type="button" onClick={() => setOpen('redrive')}>
            Redrive…
          </button>
        )}
        <button
          type="button"
          className="danger-button"
          onClick={() => {
            setTyped('');
            setOpen('purge');
          }}
        >
          Purge…
        </button>
      </div>
      {open === 'send' && (
        <SendMessageForm
          queue={queue}
          client={client}
          onClose={() => setOpen(undefined)}
          onSent={(messageId) => {
            setOpen(undefined);
            onDone(`Sent message ${messageId} to ${queue.name}.`);
          }}
        />
      )}
      {open === 'purge' && (
        <ConfirmDialog
          title={`Purge ${queue.name}?`}
          confirmLabel="Purge queue"
          danger
          canConfirm={typed === queue.name}
          onCancel={() => setOpen(undefined)}
          onConfirm={() => {
            setOpen(undefined);
            client.purge(queue.name, { confirm: typed }).then(
              () => onDone(`Purged ${queue.name}. SQS may take up to 60 s to finish.`),
              (error: unknown) => onError(asBridgeError(error)),
            );
          }}
        >
          <p>Every message in {queue.name} is deleted for good, including messages in flight.</p>
          <label className="block-label" htmlFor="purge-confirm">
            Type the queue name to confirm
          </label>
          <input id="purge-confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </ConfirmDialog>
      )}
      {open === 'redrive' && (
        <ConfirmDialog
          title={`Redrive ${queue.name}?`}
          confirmLabel="Start redrive"
          canConfirm={destination !== ''}
          onCancel={() => setOpen(undefined)}
          onConfirm={() => {
            setOpen(undefined);
            client.redrive(queue.name, queue.deadLetterSources.length > 1 ? { destination } : {}).then(
              (response) => onDone(`Moving the messages of ${queue.name} back to ${response.destination}.`),
              (error: unknown) => onError(asBridgeError(error)),
            );
          }}
        >
          <p>Moves every message of this dead-letter queue back to a source queue, where consumers receive them again.</p>
          <label className="block-label" htmlFor="redrive-destination">
            Destination
          </label>
          <select id="redrive-destination" value={destination} onChange={(e) => setDestination(e.target.value)}>
            {queue.deadLetterSources.map((source) => (
              <option key={source}>{source}</option>
            ))}
          </select>
        </ConfirmDialog>
      )}
    </div>
  );
}
