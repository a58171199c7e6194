/**
 * The inspector: queues on the left, the pattern on top, the captured messages (marked match / no
 * match) and the selected message below. All state lives here and flows down; the bridge is reached
 * only through the `BridgeClient`, and matching only through the `MatchEngine` (a Web Worker).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PeekedMessage, SessionInfo } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { CaptureList, type CaptureFilter } from '../captures/CaptureList.js';
import { CaptureToolbar } from '../captures/CaptureToolbar.js';
import { captureKey } from '../captures/captures.js';
import type { CaptureStore } from '../captures/capture-store.js';
import { useCaptures } from '../captures/use-captures.js';
import type { ContractSummary } from '../../shared/contract-label.js';
import type { ContractChecker } from '../contracts/contract-checker.js';
import { useContractLabels } from '../contracts/use-contract-labels.js';
import { MessageActions } from '../messages/MessageActions.js';
import { MessageDetail } from '../messages/MessageDetail.js';
import { ExplanationView } from '../patterns/ExplanationView.js';
import { PatternPanel } from '../patterns/PatternPanel.js';
import { useExplanation, useMatching } from '../patterns/use-matching.js';
import { QueuePane } from '../queues/QueuePane.js';
import { useQueue } from '../queues/use-queue.js';
import { useQueues } from '../queues/use-queues.js';
import type { MatchEngine } from '../worker/match-engine.js';
import type { SubscriberKind } from '../worker/protocol.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { NoticeBar, type Notice } from './Notices.js';
import { PaneBoundary } from './PaneBoundary.js';
import { SessionHeader } from './SessionHeader.js';
import { signInFailureText } from './SignInGate.js';
import { SignInLinkDialog } from './SignInLinkDialog.js';

export interface AppProps {
  readonly client: BridgeClient;
  readonly store: CaptureStore;
  readonly engine: MatchEngine;
  /** How often the queue list refreshes. @defaultValue 5000 */
  readonly refreshMs?: number;
  /**
   * Starts the contracts checker once signed in (`undefined`: the inspector has no contracts).
   * @defaultValue none: messages are not checked against contracts
   */
  readonly loadContracts?: (() => Promise<ContractChecker | undefined>) | undefined;
}

const INITIAL_TEXTS: Record<SubscriberKind, string> = { event: '{}', data: '', message: '' };

function useSession(client: BridgeClient): { session: SessionInfo | undefined; error: BridgeError | undefined } {
  const [session, setSession] = useState<SessionInfo | undefined>(undefined);
  const [error, setError] = useState<BridgeError | undefined>(undefined);
  useEffect(() => {
    client.session().then(setSession, (failure: unknown) =>
      setError(failure instanceof BridgeError ? failure : new BridgeError('NETWORK', 0, String(failure))),
    );
  }, [client]);
  return { session, error };
}

/** The contracts checker, started once the session is known, stopped on unmount. */
function useContractChecker(load: AppProps['loadContracts'], signedIn: boolean): ContractChecker | undefined {
  const [checker, setChecker] = useState<ContractChecker | undefined>(undefined);
  useEffect(() => {
    if (load === undefined || !signedIn) return;
    let live = true;
    let started: ContractChecker | undefined;
    load().then(
      (loaded) => {
        started = loaded;
        if (live) setChecker(loaded);
        else loaded?.dispose();
      },
      () => undefined, // no contracts shown; the session check reports a bridge that is down
    );
    return () => {
      live = false;
      started?.dispose();
    };
  }, [load, signedIn]);
  return checker;
}

/** The checker's contracts, for the event-subscriber form to start from (none until it answers). */
function useContractSummaries(checker: ContractChecker | undefined): readonly ContractSummary[] | undefined {
  const [contracts, setContracts] = useState<readonly ContractSummary[] | undefined>(undefined);
  useEffect(() => {
    if (checker === undefined) return;
    let live = true;
    checker.contracts().then(
      (summaries) => {
        if (live) setContracts(summaries);
      },
      () => undefined, // the module failed in the worker: the labels say nothing either
    );
    return () => {
      live = false;
    };
  }, [checker]);
  return checker === undefined ? undefined : contracts;
}

export function App({ client, store, engine, refreshMs = 5000, loadContracts }: AppProps) {
  const { session, error: sessionError } = useSession(client);
  const queues = useQueues(client, session === undefined ? 0 : refreshMs);
  const captures = useCaptures(store, engine);
  const checker = useContractChecker(loadContracts, session !== undefined);
  const contractLabelOf = useContractLabels(checker, captures.messages);
  const contracts = useContractSummaries(checker);
  const [selectedQueueName, setSelectedQueueName] = useState<string | undefined>(undefined);
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  const [filter, setFilter] = useState<CaptureFilter>('all');
  const [kind, setKind] = useState<SubscriberKind>('event');
  const [texts, setTexts] = useState(INITIAL_TEXTS);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [confirmClear, setConfirmClear] = useState(false);
  const [showSignInLink, setShowSignInLink] = useState(false);

  const source = useMemo(() => ({ kind, text: texts[kind] }), [kind, texts]);
  const match = useMatching(engine, source, captures.version);
  const selectedIndex = useMemo(() => {
    const index = selectedKey === undefined ? -1 : captures.messages.findIndex((m) => captureKey(m) === selectedKey);
    return index < 0 ? undefined : index;
  }, [captures.messages, selectedKey]);
  const explanation = useExplanation(engine, source, selectedIndex, captures.version);

  const queueList = queues.queues;
  // The page's entry at once, then the queue in full (dead-letter sources on every page included).
  const selectedQueue = useQueue(client, selectedQueueName, queues.refreshedAt) ?? queueList?.find((q) => q.name === selectedQueueName);
  const maxReceiveCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const queue of [...(queueList ?? []), ...(selectedQueue === undefined ? [] : [selectedQueue])]) {
      if (queue.redrive !== undefined) counts.set(queue.name, queue.redrive.maxReceiveCount);
    }
    return counts;
  }, [queueList, selectedQueue]);

  const onError = useCallback((error: BridgeError) => setNotice({ tone: 'error', text: error.message }), []);
  const onDone = useCallback(
    (text: string) => {
      setNotice({ tone: 'info', text });
      queues.refresh();
    },
    [queues],
  );
  const onPeeked = useCallback(
    (messages: readonly PeekedMessage[]) => {
      captures.add(messages);
      if (messages[0] !== undefined) setSelectedKey((key) => key ?? captureKey(messages[0]!));
      queues.refresh();
    },
    [captures, queues],
  );

  if (sessionError !== undefined) {
    return (
      <main className="blocked">
        <h1>SQS MEGA inspector</h1>
        <p role="alert">{signInFailureText(sessionError.code, sessionError.message)}</p>
      </main>
    );
  }

  const selectedMessage = selectedIndex === undefined ? undefined : captures.messages[selectedIndex];
  const matches = match.status === 'done' && match.result.ok ? match.result.matches : undefined;

  return (
    <div className="app">
      <SessionHeader session={session} onSignInLink={() => setShowSignInLink(true)} />
      <NoticeBar notice={notice ?? (captures.saveError === undefined ? undefined : { tone: 'error', text: captures.saveError })} onDismiss={() => setNotice(undefined)} />
      <div className="layout">
        <QueuePane
          client={client}
          queues={queues}
          selected={selectedQueue}
          onSelect={setSelectedQueueName}
          captured={captures.messages}
          allowWrites={session?.allowWrites === true}
          onPeeked={onPeeked}
          onDone={onDone}
          onError={onError}
        />
        <PatternPanel
          source={source}
          onKind={setKind}
          onText={(text) => setTexts((all) => ({ ...all, [kind]: text }))}
          match={match}
          queueUrl={selectedQueue?.url}
          contracts={contracts}
        />
        <section className="pane capture-pane" aria-label="Captures">
          <div className="pane-title">
            <h2>Captures</h2>
            <span className="muted small">{captures.messages.length} kept in this browser</span>
          </div>
          <CaptureToolbar
            messages={captures.messages}
            filter={filter}
            onFilter={setFilter}
            onImport={(messages, fileName) => {
              const { added, updated } = captures.add(messages);
              setNotice({ tone: 'info', text: `Imported ${fileName}: ${added} new, ${updated} already captured.` });
            }}
            onImportError={(text) => setNotice({ tone: 'error', text })}
            onClear={() => setConfirmClear(true)}
          />
          <PaneBoundary label="Captures" resetKey={String(captures.version)}>
            <CaptureList
              messages={captures.messages}
              matches={matches}
              filter={filter}
              selectedKey={selectedKey}
              onSelect={setSelectedKey}
              maxReceiveCounts={maxReceiveCounts}
              contractLabelOf={contractLabelOf}
            />
          </PaneBoundary>
        </section>
        <section className="pane detail-pane" aria-label="Message">
          <PaneBoundary label="Message" resetKey={selectedKey}>
            {selectedMessage === undefined ? (
              <p className="muted empty">Select a captured message to see it decoded.</p>
            ) : (
              <MessageDetail
                key={selectedKey}
                message={selectedMessage}
                maxReceiveCount={maxReceiveCounts.get(selectedMessage.queueName)}
                contract={contractLabelOf?.(selectedMessage)}
                explanation={<ExplanationView outcome={explanation} />}
                actions={
                  session?.allowWrites === true ? (
                    <MessageActions
                      message={selectedMessage}
                      client={client}
                      onDeleted={(message) => {
                        captures.remove((m) => captureKey(m) !== captureKey(message));
                        setSelectedKey(undefined);
                        onDone(`Deleted message ${message.messageId} from ${message.queueName}.`);
                      }}
                      onError={onError}
                    />
                  ) : undefined
                }
              />
            )}
          </PaneBoundary>
        </section>
      </div>
      {showSignInLink && <SignInLinkDialog client={client} onClose={() => setShowSignInLink(false)} />}
      {confirmClear && (
        <ConfirmDialog
          title="Clear every capture?"
          confirmLabel="Clear captures"
          danger
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            captures.clear();
            setSelectedKey(undefined);
          }}
        >
          <p>The {captures.messages.length} captured messages are removed from this browser. The queues are not touched.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
