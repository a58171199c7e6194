/** The left pane: the queue list with its refresh state, and the selected queue's peek and write controls. */
import type { PeekedMessage, QueueSummary } from '../../shared/bridge-api.js';
import type { BridgeClient, BridgeError } from '../api/bridge-client.js';
import { PeekControls } from './PeekControls.js';
import { QueueList } from './QueueList.js';
import { QueueWrites } from './QueueWrites.js';
import type { QueuesState } from './use-queues.js';

export interface QueuePaneProps {
  readonly client: BridgeClient;
  readonly queues: QueuesState;
  readonly selected: QueueSummary | undefined;
  readonly onSelect: (name: string) => void;
  readonly captured: readonly PeekedMessage[];
  readonly allowWrites: boolean;
  readonly onPeeked: (messages: readonly PeekedMessage[]) => void;
  readonly onDone: (text: string) => void;
  readonly onError: (error: BridgeError) => void;
}

export function QueuePane({ client, queues, selected, onSelect, captured, allowWrites, onPeeked, onDone, onError }: QueuePaneProps) {
  return (
    <aside className="pane queue-pane" aria-label="Queues">
      <div className="pane-title">
        <h2>Queues</h2>
        <span className="spacer" />
        {queues.refreshedAt !== undefined && <span className="muted small">updated {new Date(queues.refreshedAt).toLocaleTimeString()}</span>}
        <button type="button" onClick={queues.refresh}>
          Refresh
        </button>
      </div>
      <div className="toolbar queue-filter">
        <label>
          Name starts with{' '}
          <input
            type="search"
            aria-label="Queue name prefix"
            value={queues.prefix}
            spellCheck={false}
            onChange={(event) => queues.setPrefix(event.target.value.trim())}
            placeholder="any"
          />
        </label>
      </div>
      {queues.error !== undefined && (
        <p role="alert" className="danger">
          {queues.error.message}
        </p>
      )}
      {queues.queues === undefined ? (
        <p className="muted">Loading queues…</p>
      ) : (
        <QueueList queues={queues.queues} selected={selected?.name} onSelect={onSelect} />
      )}
      {(queues.pageNumber > 1 || queues.hasNextPage) && (
        <nav className="toolbar queue-pages" aria-label="Queue pages">
          <button type="button" disabled={queues.pageNumber <= 1} onClick={queues.previousPage}>
            ‹ Previous
          </button>
          <span className="muted small">page {queues.pageNumber}</span>
          <button type="button" disabled={!queues.hasNextPage} onClick={queues.nextPage}>
            Next ›
          </button>
        </nav>
      )}
      {selected !== undefined && (
        <section className="queue-detail" aria-label={`Queue ${selected.name} actions`}>
          <h3>{selected.name}</h3>
          <p className="mono muted small truncate" title={selected.url}>
            {selected.url}
          </p>
          <PeekControls
            key={selected.name}
            queue={selected}
            client={client}
            captured={captured.filter((m) => m.queueName === selected.name)}
            onPeeked={onPeeked}
            onError={onError}
          />
          {allowWrites ? (
            <QueueWrites key={`writes-${selected.name}`} queue={selected} client={client} onDone={onDone} onError={onError} />
          ) : (
            <p className="muted small">Read-only: start the inspector with --allow-writes to send, delete, purge and redrive.</p>
          )}
        </section>
      )}
    </aside>
  );
}
