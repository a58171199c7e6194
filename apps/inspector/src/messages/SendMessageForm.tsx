/**
 * Send one message (writes allowed): a body written as JSON, BSON or plaintext (encoded by core),
 * message attributes, and for FIFO queues the group and deduplication ids.
 */
import { useState, type FormEvent } from 'react';
import type { QueueSummary, SendRequest, WireMessageAttribute } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { composeBody, sampleMegaEvent, type BodyFormat } from './compose-body.js';

interface AttributeRow {
  readonly id: number;
  readonly name: string;
  readonly type: 'String' | 'Number' | 'Binary';
  readonly value: string;
}

export interface SendMessageFormProps {
  readonly queue: QueueSummary;
  readonly client: BridgeClient;
  readonly onSent: (messageId: string) => void;
  readonly onClose: () => void;
}

function wireAttribute(row: AttributeRow): WireMessageAttribute {
  return row.type === 'Binary' ? { dataType: 'Binary', binaryValueBase64: row.value } : { dataType: row.type, stringValue: row.value };
}

let rowIds = 0;

export function SendMessageForm({ queue, client, onSent, onClose }: SendMessageFormProps) {
  const [format, setFormat] = useState<BodyFormat>('json');
  const [body, setBody] = useState(sampleMegaEvent);
  const [attributes, setAttributes] = useState<readonly AttributeRow[]>([]);
  const [groupId, setGroupId] = useState('');
  const [dedupId, setDedupId] = useState('');
  const [delay, setDelay] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const contentDedup = queue.attributes['ContentBasedDeduplication'] === 'true';

  function submit(event: FormEvent) {
    event.preventDefault();
    const composed = composeBody(format, body);
    if (!composed.ok) {
      setError(composed.error);
      return;
    }
    const named = attributes.filter((row) => row.name.trim() !== '');
    const messageAttributes = Object.fromEntries(named.map((row) => [row.name.trim(), wireAttribute(row)]));
    const request: SendRequest = {
      body: composed.body,
      ...(named.length > 0 ? { messageAttributes } : {}),
      ...(queue.fifo && groupId !== '' ? { messageGroupId: groupId } : {}),
      ...(queue.fifo && dedupId !== '' ? { messageDeduplicationId: dedupId } : {}),
      ...(!queue.fifo && delay !== '' ? { delaySeconds: Number(delay) } : {}),
    };
    setBusy(true);
    setError(undefined);
    client.send(queue.name, request).then(
      (response) => {
        setBusy(false);
        onSent(response.messageId);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure instanceof BridgeError ? failure.message : String(failure));
      },
    );
  }

  const setRow = (id: number, change: Partial<Omit<AttributeRow, 'id'>>) =>
    setAttributes((rows) => rows.map((row) => (row.id === id ? { ...row, ...change } : row)));

  return (
    <form className="send-form" aria-label={`Send a message to ${queue.name}`} onSubmit={submit}>
      <div className="toolbar">
        <strong>Send to {queue.name}</strong>
        <span className="spacer" />
        <label>
          Body format{' '}
          <select value={format} onChange={(event) => setFormat(event.target.value as BodyFormat)}>
            <option value="json">JSON</option>
            <option value="bson">BSON (Base64)</option>
            <option value="plaintext">plaintext</option>
          </select>
        </label>
      </div>
      <label className="block-label" htmlFor="send-body">
        Message body
      </label>
      <textarea id="send-body" className="mono" rows={9} spellCheck={false} value={body} onChange={(event) => setBody(event.target.value)} />
      <fieldset>
        <legend>Message attributes</legend>
        {attributes.map((row, i) => (
          <div className="attribute-row" key={row.id}>
            <input aria-label={`Attribute ${i + 1} name`} placeholder="name" value={row.name} onChange={(e) => setRow(row.id, { name: e.target.value })} />
            <select aria-label={`Attribute ${i + 1} type`} value={row.type} onChange={(e) => setRow(row.id, { type: e.target.value as AttributeRow['type'] })}>
              <option>String</option>
              <option>Number</option>
              <option>Binary</option>
            </select>
            <input
              aria-label={`Attribute ${i + 1} value`}
              placeholder={row.type === 'Binary' ? 'Base64' : 'value'}
              value={row.value}
              onChange={(e) => setRow(row.id, { value: e.target.value })}
            />
            <button type="button" aria-label={`Remove attribute ${i + 1}`} onClick={() => setAttributes((rows) => rows.filter((r) => r.id !== row.id))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" onClick={() => setAttributes((rows) => [...rows, { id: ++rowIds, name: '', type: 'String', value: '' }])}>
          Add attribute
        </button>
      </fieldset>
      {queue.fifo ? (
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor="send-group">Message group id</label>
            <input id="send-group" required value={groupId} onChange={(e) => setGroupId(e.target.value)} />
          </div>
          <div className="form-field">
            <label htmlFor="send-dedup">Deduplication id{contentDedup ? ' (optional)' : ''}</label>
            <input id="send-dedup" required={!contentDedup} value={dedupId} onChange={(e) => setDedupId(e.target.value)} />
          </div>
        </div>
      ) : (
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor="send-delay">Delay seconds</label>
            <input id="send-delay" type="number" min={0} max={900} value={delay} onChange={(e) => setDelay(e.target.value)} />
          </div>
        </div>
      )}
      {error !== undefined && (
        <p role="alert" className="danger">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Send message
        </button>
      </div>
    </form>
  );
}
