/**
 * One captured message: what it is (badges), how many times it was received, and four views of it —
 * the payload decoded by core as a tree, the raw body, the SNS envelope, and its attributes. Every
 * field comes from the queue or an imported file, so every one is shown through `VisibleText` (bidi
 * isolated, controls escaped) and the time through `timeText` (never throws).
 */
import { useState, type ReactNode } from 'react';
import type { DecodedBody } from '@sqs-mega/core';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import type { ContractLabel } from '../../shared/contract-label.js';
import { decodedOf } from './decoded-message.js';
import { ContractBadge, KindBadges } from './KindBadges.js';
import { ReceiveCount } from './ReceiveCount.js';
import { timeText } from './time-text.js';
import { ValueTree } from './ValueTree.js';
import { bytesPreview } from './value-text.js';
import { escapeBidiControls } from './visible-text.js';
import { VisibleText } from './VisibleText.js';

type Tab = 'decoded' | 'raw' | 'sns' | 'attributes';
const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'decoded', label: 'Decoded' },
  { id: 'raw', label: 'Raw body' },
  { id: 'sns', label: 'SNS envelope' },
  { id: 'attributes', label: 'Attributes' },
];

function DecodedView({ decoded }: { readonly decoded: DecodedBody }) {
  switch (decoded.kind) {
    case 'mega':
      return <ValueTree value={decoded.payload} label="Decoded payload" />;
    case 'data':
      return (
        <>
          {decoded.megaErrors !== undefined && (
            <div className="notice" role="note">
              <strong>Not a valid MEGA event</strong>, so subscribers get it as a data object:
              <ul>
                {decoded.megaErrors.map((issue, i) => (
                  <li key={i}>
                    <code>
                      <VisibleText text={issue.path} />
                    </code>
                    : <VisibleText text={issue.reason} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <ValueTree value={decoded.data} label="Decoded payload" />
        </>
      );
    case 'plaintext':
      return (
        <pre className="body-text" aria-label="Decoded text">
          <VisibleText text={decoded.text} />
        </pre>
      );
    case 'binary':
      return (
        <pre className="body-text" aria-label="Decoded bytes">
          {`${decoded.bytes.length} bytes\n${bytesPreview(decoded.bytes, 256)}`}
        </pre>
      );
  }
}

/** What the contracts say of the message: the contract it keeps, or each issue of its violation. */
function ContractView({ label }: { readonly label: ContractLabel | undefined }) {
  if (label === undefined || label.kind === 'not-mega') return null;
  return (
    <section className="contract-view" aria-label="Contract">
      {label.kind === 'none' && <p className="muted">No contract claims this event.</p>}
      {label.kind === 'valid' && (
        <p>
          Keeps its contract <code>{escapeBidiControls(label.contract)}</code>.
        </p>
      )}
      {label.kind === 'violation' && (
        <div className="notice" role="note">
          <strong>Breaks its contract</strong> <code>{escapeBidiControls(label.contract)}</code>, so a contract subscriber would not get it:
          <ul>
            {label.issues.map((issue, i) => (
              <li key={i}>
                <code>
                  <VisibleText text={issue.path.length === 0 ? '(root)' : issue.path.join('.')} />
                </code>
                : <VisibleText text={issue.message} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function AttributesView({ message }: { readonly message: PeekedMessage }) {
  const names = Object.keys(message.messageAttributes);
  const system = Object.keys(message.attributes);
  return (
    <>
      <h4>Message attributes</h4>
      {names.length === 0 ? (
        <p className="muted">No message attributes.</p>
      ) : (
        <table className="grid" aria-label="Message attributes">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const attribute = message.messageAttributes[name]!;
              return (
                <tr key={name}>
                  <td>
                    <VisibleText text={name} />
                  </td>
                  <td>
                    <VisibleText text={attribute.dataType} />
                  </td>
                  <td className="mono">
                    <VisibleText text={attribute.stringValue ?? (attribute.binaryValueBase64 === undefined ? '' : `base64 ${attribute.binaryValueBase64}`)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h4>System attributes</h4>
      <table className="grid" aria-label="System attributes">
        <tbody>
          {system.map((name) => (
            <tr key={name}>
              <th scope="row">
                <VisibleText text={name} />
              </th>
              <td className="mono">
                <VisibleText text={message.attributes[name] ?? ''} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function TabPanel({ tab, message, decoded }: { readonly tab: Tab; readonly message: PeekedMessage; readonly decoded: DecodedBody }): ReactNode {
  switch (tab) {
    case 'decoded':
      return <DecodedView decoded={decoded} />;
    case 'raw':
      return (
        <>
          <p className="muted">
            {new TextEncoder().encode(message.body).length} bytes · MD5 <VisibleText text={message.md5OfBody} />
          </p>
          <pre className="body-text" aria-label="Body as received">
            <VisibleText text={message.body} />
          </pre>
        </>
      );
    case 'sns':
      return decoded.sns === undefined ? (
        <p className="muted">This body was not wrapped in an SNS envelope.</p>
      ) : (
        <ValueTree value={decoded.sns} label="SNS envelope" />
      );
    case 'attributes':
      return <AttributesView message={message} />;
  }
}

export interface MessageDetailProps {
  readonly message: PeekedMessage;
  /** The queue's `maxReceiveCount`, when it has a redrive policy. */
  readonly maxReceiveCount: number | undefined;
  /** The match explanation, shown above the tabs. */
  readonly explanation?: ReactNode;
  /** Actions (delete) for this message. */
  readonly actions?: ReactNode;
  /** Its contract label, when the inspector was started with contracts. @defaultValue none */
  readonly contract?: ContractLabel | undefined;
}

export function MessageDetail({ message, maxReceiveCount, explanation, actions, contract }: MessageDetailProps) {
  const [tab, setTab] = useState<Tab>('decoded');
  const decoded = decodedOf(message);
  return (
    <article className="message-detail" aria-label={`Message ${escapeBidiControls(message.messageId)}`}>
      <header className="detail-header">
        <KindBadges decoded={decoded} />
        <ContractBadge label={contract} />
        <span className="mono truncate" title={escapeBidiControls(message.messageId)}>
          <VisibleText text={message.messageId} />
        </span>
      </header>
      <dl className="facts">
        <dt>Queue</dt>
        <dd>
          <VisibleText text={message.queueName} />
        </dd>
        <dt>Receives</dt>
        <dd>
          <ReceiveCount count={message.receiveCount} max={maxReceiveCount} />
        </dd>
        <dt>Sent</dt>
        <dd>{timeText(message.sentTimestamp)}</dd>
        {message.messageGroupId !== undefined && (
          <>
            <dt>Group</dt>
            <dd className="mono">
              <VisibleText text={message.messageGroupId} />
            </dd>
          </>
        )}
      </dl>
      {actions}
      <ContractView label={contract} />
      {explanation}
      <div
        role="tablist"
        aria-label="Message views"
        className="tabs"
        onKeyDown={(event) => {
          const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
          if (step === 0) return;
          const next = TABS[(TABS.findIndex((t) => t.id === tab) + step + TABS.length) % TABS.length]!;
          setTab(next.id);
          document.getElementById(`tab-${next.id}`)?.focus();
        }}
      >
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            aria-controls="message-tabpanel"
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="message-tabpanel" aria-labelledby={`tab-${tab}`} className="tabpanel">
        <TabPanel tab={tab} message={message} decoded={decoded} />
      </div>
    </article>
  );
}
