/**
 * Every queue with its type and approximate counts (visible, in flight, delayed); each links to its
 * dead-letter queue, and a dead-letter queue to the queues that feed it.
 */
import type { QueueSummary } from '../../shared/bridge-api.js';

export interface QueueListProps {
  readonly queues: readonly QueueSummary[];
  readonly selected: string | undefined;
  readonly onSelect: (name: string) => void;
}

function QueueLink({ name, onSelect }: { readonly name: string; readonly onSelect: (name: string) => void }) {
  return (
    <button type="button" className="link" onClick={() => onSelect(name)}>
      {name}
    </button>
  );
}

export function QueueList({ queues, selected, onSelect }: QueueListProps) {
  if (queues.length === 0) return <p className="muted">No queues at this endpoint.</p>;
  return (
    <table className="grid queue-table" aria-label="Queues">
      <thead>
        <tr>
          <th scope="col">Queue</th>
          <th scope="col" className="num" title="Approximate number of visible messages">
            Visible
          </th>
          <th scope="col" className="num" title="Approximate number of messages in flight (received, not deleted)">
            In flight
          </th>
          <th scope="col" className="num" title="Approximate number of delayed messages">
            Delayed
          </th>
        </tr>
      </thead>
      <tbody>
        {queues.map((queue) => (
          <tr key={queue.name} className={queue.name === selected ? 'selected' : undefined} aria-selected={queue.name === selected}>
            <td>
              <button
                type="button"
                className="queue-name"
                aria-pressed={queue.name === selected}
                aria-label={`Queue ${queue.name}`}
                title={queue.name}
                onClick={() => onSelect(queue.name)}
              >
                {queue.name}
              </button>
              <span className={`badge ${queue.fifo ? 'badge-fifo' : 'badge-standard'}`}>{queue.fifo ? 'FIFO' : 'Standard'}</span>
              {queue.deadLetterSources.length > 0 && <span className="badge badge-dlq">DLQ</span>}
              {queue.redrive !== undefined && (
                <div className="queue-link">
                  dead letters → <QueueLink name={queue.redrive.deadLetterQueueName} onSelect={onSelect} /> after{' '}
                  {queue.redrive.maxReceiveCount} receives
                </div>
              )}
              {queue.deadLetterSources.length > 0 && (
                <div className="queue-link">
                  dead letters of{' '}
                  {queue.deadLetterSources.map((source, i) => (
                    <span key={source}>
                      {i > 0 && ', '}
                      <QueueLink name={source} onSelect={onSelect} />
                    </span>
                  ))}
                </div>
              )}
            </td>
            <td className="num" aria-label={`${queue.counts.visible} visible`}>{queue.counts.visible}</td>
            <td className="num" aria-label={`${queue.counts.inFlight} in flight`}>{queue.counts.inFlight}</td>
            <td className="num" aria-label={`${queue.counts.delayed} delayed`}>{queue.counts.delayed}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
