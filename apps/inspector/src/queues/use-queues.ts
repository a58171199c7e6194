/**
 * The queue list: one page at a time (the bridge describes at most a page's worth of queues per
 * refresh, however many the endpoint holds), optionally narrowed to a name prefix, refreshed every
 * few seconds while the tab is visible (GetQueueAttributes only: refreshing never touches a
 * message) and on demand. A refresh that fails or times out is reported and the next one runs as
 * usual, so the list recovers by itself once the endpoint answers again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueSummary } from '../../shared/bridge-api.js';
import type { BridgeClient } from '../api/bridge-client.js';
import { BridgeError } from '../api/bridge-client.js';

export interface QueuesState {
  readonly queues: readonly QueueSummary[] | undefined;
  readonly error: BridgeError | undefined;
  readonly refreshedAt: number | undefined;
  /** The name prefix the list is narrowed to (`''`: every queue). */
  readonly prefix: string;
  /** 1 for the first page. */
  readonly pageNumber: number;
  readonly hasNextPage: boolean;
  refresh(): void;
  setPrefix(prefix: string): void;
  nextPage(): void;
  previousPage(): void;
}

/** Whether the page is shown (hidden tabs do not refresh). */
function visible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

/** @param intervalMs - refresh period; `0` turns periodic refresh off. */
export function useQueues(client: BridgeClient, intervalMs: number): QueuesState {
  const [queues, setQueues] = useState<readonly QueueSummary[] | undefined>(undefined);
  const [error, setError] = useState<BridgeError | undefined>(undefined);
  const [refreshedAt, setRefreshedAt] = useState<number | undefined>(undefined);
  const [prefix, setPrefixState] = useState('');
  /** Page tokens of the pages shown so far: the last is the current page (`undefined`: the first). */
  const [pages, setPages] = useState<readonly (string | undefined)[]>([undefined]);
  const [nextToken, setNextToken] = useState<string | undefined>(undefined);
  const inFlight = useRef(false);
  const current = useRef({ prefix, page: pages[pages.length - 1] });
  current.current = { prefix, page: pages[pages.length - 1] };

  const load = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    const asked = current.current;
    client.queues({ prefix: asked.prefix, ...(asked.page === undefined ? {} : { page: asked.page }) }).then(
      (response) => {
        inFlight.current = false;
        if (asked.prefix !== current.current.prefix || asked.page !== current.current.page) return;
        setQueues(response.queues);
        setNextToken(response.nextPage);
        setError(undefined);
        setRefreshedAt(Date.now());
      },
      (failure: unknown) => {
        inFlight.current = false;
        setError(failure instanceof BridgeError ? failure : new BridgeError('NETWORK', 0, String(failure)));
      },
    );
  }, [client]);

  // A new prefix or page loads at once; the periodic refresh keeps it current.
  useEffect(() => {
    inFlight.current = false;
    load();
  }, [load, prefix, pages]);

  useEffect(() => {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => {
      if (visible()) load();
    }, intervalMs);
    const onVisible = () => {
      if (visible()) load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [load, intervalMs]);

  const setPrefix = useCallback((next: string) => {
    setPrefixState(next);
    setPages([undefined]);
  }, []);
  const nextPage = useCallback(() => {
    if (nextToken !== undefined) setPages((shown) => [...shown, nextToken]);
  }, [nextToken]);
  const previousPage = useCallback(() => setPages((shown) => (shown.length > 1 ? shown.slice(0, -1) : shown)), []);

  return {
    queues,
    error,
    refreshedAt,
    prefix,
    pageNumber: pages.length,
    hasNextPage: nextToken !== undefined,
    refresh: load,
    setPrefix,
    nextPage,
    previousPage,
  };
}
