/**
 * The selected queue in full (`GET /api/queues/:name`): fetched when it is selected and whenever
 * the list refreshes, so a queue reached through a dead-letter link from another page, or one
 * whose dead-letter sources sit on other pages, is shown with all of them.
 */
import { useEffect, useState } from 'react';
import type { QueueSummary } from '../../shared/bridge-api.js';
import type { BridgeClient } from '../api/bridge-client.js';

/**
 * @param name - the selected queue, if any
 * @param refreshedAt - the list's last refresh; a change fetches the queue again
 */
export function useQueue(client: BridgeClient, name: string | undefined, refreshedAt: number | undefined): QueueSummary | undefined {
  const [queue, setQueue] = useState<QueueSummary | undefined>(undefined);
  useEffect(() => {
    if (name === undefined) {
      setQueue(undefined);
      return;
    }
    let live = true;
    client.queue(name).then(
      (found) => live && setQueue(found),
      // The list's own refresh reports the endpoint's failures; a queue gone from it is deselected there.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [client, name, refreshedAt]);
  return queue !== undefined && queue.name === name ? queue : undefined;
}
