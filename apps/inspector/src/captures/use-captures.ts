/**
 * The captured messages as React state: loaded from the browser's store on start, saved after each
 * change, and mirrored into the matching worker (appended in the same order, so the worker's i-th
 * body is the i-th capture).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import type { MatchEngine } from '../worker/match-engine.js';
import { mergeCaptures } from './captures.js';
import type { CaptureStore } from './capture-store.js';

export interface Captures {
  readonly messages: readonly PeekedMessage[];
  /** False until the stored captures are read. */
  readonly loaded: boolean;
  /** Changes whenever the worker's bodies change (re-evaluate then). */
  readonly version: number;
  /** Why saving failed, if it did. */
  readonly saveError: string | undefined;
  add(incoming: readonly PeekedMessage[]): { added: number; updated: number };
  remove(keep: (message: PeekedMessage) => boolean): void;
  clear(): void;
}

export function useCaptures(store: CaptureStore, engine: MatchEngine): Captures {
  const [messages, setMessages] = useState<readonly PeekedMessage[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [version, setVersion] = useState(0);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);
  const current = useRef<readonly PeekedMessage[]>([]);
  const saving = useRef<Promise<void>>(Promise.resolve());

  const save = useCallback(
    (list: readonly PeekedMessage[]) => {
      saving.current = saving.current
        .then(() => store.save(list))
        .then(
          () => setSaveError(undefined),
          (error: unknown) => setSaveError(`Captures could not be saved in this browser: ${String(error)}`),
        );
    },
    [store],
  );

  useEffect(() => {
    let live = true;
    store.load().then(
      (stored) => {
        if (!live) return;
        const merged = mergeCaptures(stored, current.current).messages;
        current.current = merged;
        setMessages(merged);
        void engine.reset(merged.map((m) => m.body));
        setVersion((v) => v + 1);
        setLoaded(true);
      },
      () => {
        if (live) setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [store, engine]);

  const add = useCallback(
    (incoming: readonly PeekedMessage[]) => {
      const { messages: next, added } = mergeCaptures(current.current, incoming);
      current.current = next;
      setMessages(next);
      if (added.length > 0) {
        void engine.append(added.map((m) => m.body));
        setVersion((v) => v + 1);
      }
      save(next);
      return { added: added.length, updated: incoming.length - added.length };
    },
    [engine, save],
  );

  const remove = useCallback(
    (keep: (message: PeekedMessage) => boolean) => {
      const next = current.current.filter(keep);
      if (next.length === current.current.length) return;
      current.current = next;
      setMessages(next);
      void engine.reset(next.map((m) => m.body));
      setVersion((v) => v + 1);
      save(next);
    },
    [engine, save],
  );

  const clear = useCallback(() => remove(() => false), [remove]);

  return { messages, loaded, version, saveError, add, remove, clear };
}
