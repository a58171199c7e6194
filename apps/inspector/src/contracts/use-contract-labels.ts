/**
 * Each captured message's contract label, asked of the checker once per message record (a peek
 * that replaces a record asks again) and kept in a WeakMap, like the decoded bodies.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import type { ContractLabel } from '../../shared/contract-label.js';
import type { ContractChecker } from './contract-checker.js';

/** A message's label: `undefined` while it is being checked, or when there are no contracts. */
export type ContractLabelOf = (message: PeekedMessage) => ContractLabel | undefined;

export function useContractLabels(checker: ContractChecker | undefined, messages: readonly PeekedMessage[]): ContractLabelOf | undefined {
  const cache = useRef(new WeakMap<PeekedMessage, ContractLabel>());
  const asked = useRef(new WeakSet<PeekedMessage>());
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (checker === undefined) return;
    const missing = messages.filter((message) => !asked.current.has(message));
    if (missing.length === 0) return;
    for (const message of missing) asked.current.add(message);
    let live = true;
    checker.label(missing.map((message) => message.body)).then(
      (labels) => {
        labels.forEach((label, i) => cache.current.set(missing[i]!, label));
        if (live) setVersion((v) => v + 1);
      },
      () => {
        // The module failed in the worker: messages stay unlabelled.
      },
    );
    return () => {
      live = false;
      // Not labelled yet: ask again on the next run.
      for (const message of missing) if (!cache.current.has(message)) asked.current.delete(message);
    };
  }, [checker, messages]);
  return useMemo(() => (checker === undefined ? undefined : (message: PeekedMessage) => cache.current.get(message)), [checker, version]);
}
