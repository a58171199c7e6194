/**
 * The queue list, refreshed every few seconds (GetQueueAttributes only: refreshing never touches a
 * message) and on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueSummary } from '../../shared/bridge-api.js';
import type { BridgeClient } from '../api/bridge-client.js';
import { BridgeError } from '../api/bridge-client.js';

export interface QueuesState {
  readonly queues: readonly QueueSummary[] | undefined;
  readonly error: BridgeError | undefined;
  readonly refreshedAt: number | undefined;
  refresh(): void;
}

/** @param intervalMs - refresh period; `0` turns periodic refresh off. */
export function useQueues(client: BridgeClient, intervalMs: number): QueuesState {
  const [queues, setQueues] = useState<readonly QueueSummary[] | undefined>(undefined);
  const [error, setError] = useState<BridgeError | undefined>(undefined);
  const [refreshedAt, setRefreshedAt] = useState<number | undefined>(undefined);
  const inFlight = useRef(false);

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    client.queues().then(
      (response) => {
        inFlight.current = false;
        setQueues(response.queues);
        setError(undefined);
        setRefreshedAt(Date.now());
      },
      (failure: unknown) => {
        inFlight.current = false;
        setError(failure instanceof BridgeError ? failure : new BridgeError('NETWORK', 0, String(failure)));
      },
    );
  }, [client]);

  useEffect(() => {
    refresh();
    if (intervalMs <= 0) return;
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);

  return { queues, error, refreshedAt, refresh };
}
