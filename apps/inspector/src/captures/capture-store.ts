/**
 * Captures kept in the browser across reloads: one IndexedDB entry (via idb-keyval) holding the
 * list. IndexedDB stores by structured clone, so no body is ever evaluated or merged on the way.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { readCapturedMessages } from './capture-file.js';

const CAPTURES_KEY = 'captures:v1';

/** Where captures live between page loads. */
export interface CaptureStore {
  load(): Promise<PeekedMessage[]>;
  save(messages: readonly PeekedMessage[]): Promise<void>;
  clear(): Promise<void>;
}

/** Captures in IndexedDB (database `sqs-mega-inspector`). */
export function createIndexedDbCaptureStore(): CaptureStore {
  let store: UseStore | undefined;
  const db = (): UseStore => (store ??= createStore('sqs-mega-inspector', 'captures'));
  return {
    async load() {
      const stored: unknown = await get(CAPTURES_KEY, db());
      if (stored === undefined) return [];
      const read = readCapturedMessages(stored);
      return read.ok ? read.messages : [];
    },
    save: (messages) => set(CAPTURES_KEY, messages, db()),
    clear: () => del(CAPTURES_KEY, db()),
  };
}

/** Captures in memory only (tests, or a browser without IndexedDB). */
export function createMemoryCaptureStore(initial: readonly PeekedMessage[] = []): CaptureStore {
  let saved = initial.slice();
  return {
    load: () => Promise.resolve(saved.slice()),
    save: (messages) => {
      saved = messages.slice();
      return Promise.resolve();
    },
    clear: () => {
      saved = [];
      return Promise.resolve();
    },
  };
}
