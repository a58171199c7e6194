/**
 * The captured messages as a virtualized listbox (@tanstack/react-virtual): only the rows in view
 * are rendered, and only their bodies are decoded, so 10,000+ captures scroll smoothly. Each row is
 * marked match / no match for the current pattern. The queue name and the summary are untrusted
 * text, each isolated with its bidi controls shown, so neither can reorder the row's other columns.
 */
import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { decodedOf, decodedSummary } from '../messages/decoded-message.js';
import type { ContractLabel } from '../../shared/contract-label.js';
import type { ContractLabelOf } from '../contracts/use-contract-labels.js';
import { ContractBadge, kindLabel } from '../messages/KindBadges.js';
import { receiveCountBrief } from '../messages/ReceiveCount.js';
import { escapeBidiControls } from '../messages/visible-text.js';
import { VisibleText } from '../messages/VisibleText.js';
import { captureKey } from './captures.js';

/** Which captures the list shows. */
export type CaptureFilter = 'all' | 'match' | 'miss';

const ROW_HEIGHT = 28;

export interface CaptureListProps {
  readonly messages: readonly PeekedMessage[];
  /** One byte per message (1 = match), when the pattern evaluated. */
  readonly matches: Uint8Array | undefined;
  readonly filter: CaptureFilter;
  readonly selectedKey: string | undefined;
  readonly onSelect: (key: string) => void;
  readonly maxReceiveCounts: ReadonlyMap<string, number>;
  /** Each message's contract label, when the inspector was started with contracts. @defaultValue none */
  readonly contractLabelOf?: ContractLabelOf | undefined;
}

interface RowProps {
  readonly message: PeekedMessage;
  readonly mark: 'match' | 'miss' | 'unknown';
  readonly max: number | undefined;
  readonly contract: ContractLabel | undefined;
}

function Row({ message, mark, max, contract }: RowProps) {
  const decoded = decodedOf(message);
  const encoding = decoded.kind === 'mega' || decoded.kind === 'data' ? ` ${decoded.encoding.toUpperCase()}` : '';
  const count = receiveCountBrief(message.receiveCount, max);
  return (
    <>
      <span className={`mark mark-${mark}`} aria-label={mark === 'match' ? 'matches' : mark === 'miss' ? 'no match' : 'not evaluated'}>
        {mark === 'match' ? '✓' : mark === 'miss' ? '✗' : '·'}
      </span>
      <span className={`badge badge-${decoded.kind}`}>
        {kindLabel(decoded)}
        {encoding}
        {decoded.sns !== undefined ? ' · SNS' : ''}
      </span>
      <ContractBadge label={contract} />
      <span className="row-queue" title={escapeBidiControls(message.queueName)}>
        <VisibleText text={message.queueName} />
      </span>
      <span className="row-summary">
        <VisibleText text={decodedSummary(decoded)} />
      </span>
      <span className="row-count" title={count.title}>
        {count.text}
      </span>
    </>
  );
}

export function CaptureList({ messages, matches, filter, selectedKey, onSelect, maxReceiveCounts, contractLabelOf }: CaptureListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const shown = useMemo(() => {
    const indexes: number[] = [];
    for (let i = 0; i < messages.length; i++) {
      const hit = matches !== undefined && i < matches.length ? matches[i] === 1 : undefined;
      if (filter === 'all' || (filter === 'match' && hit === true) || (filter === 'miss' && hit === false)) indexes.push(i);
    }
    return indexes;
  }, [messages, matches, filter]);

  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 800, height: 600 },
  });

  const selectedPosition = selectedKey === undefined ? -1 : shown.findIndex((i) => captureKey(messages[i]!) === selectedKey);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const step = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : event.key === 'PageDown' ? 20 : event.key === 'PageUp' ? -20 : 0;
    if (step === 0 || shown.length === 0) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(shown.length - 1, (selectedPosition < 0 ? -1 : selectedPosition) + step));
    onSelect(captureKey(messages[shown[next]!]!));
    virtualizer.scrollToIndex(next);
  }

  if (messages.length === 0) {
    return <p className="muted empty">No captured messages yet: pick a queue and peek, or import a capture file.</p>;
  }
  return (
    <div
      ref={scroller}
      className="capture-scroller"
      role="listbox"
      aria-label="Captured messages"
      tabIndex={0}
      aria-activedescendant={selectedPosition < 0 ? undefined : `capture-${shown[selectedPosition]}`}
      onKeyDown={onKeyDown}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const index = shown[item.index]!;
          const message = messages[index]!;
          const key = captureKey(message);
          const hit = matches !== undefined && index < matches.length ? matches[index] === 1 : undefined;
          return (
            <div
              key={key}
              id={`capture-${index}`}
              role="option"
              aria-selected={key === selectedKey}
              aria-posinset={item.index + 1}
              aria-setsize={shown.length}
              className={`capture-row${key === selectedKey ? ' selected' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              onClick={() => onSelect(key)}
            >
              <Row message={message} mark={hit === undefined ? 'unknown' : hit ? 'match' : 'miss'} max={maxReceiveCounts.get(message.queueName)} contract={contractLabelOf?.(message)} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
