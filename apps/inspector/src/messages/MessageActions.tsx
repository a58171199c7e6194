/** Delete one message from its queue (writes allowed), with the receipt handle of its latest peek. */
import { useState } from 'react';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { ConfirmDialog } from '../app/ConfirmDialog.js';
import { VisibleText } from './VisibleText.js';

export interface MessageActionsProps {
  readonly message: PeekedMessage;
  readonly client: BridgeClient;
  readonly onDeleted: (message: PeekedMessage) => void;
  readonly onError: (error: BridgeError) => void;
}

export function MessageActions({ message, client, onDeleted, onError }: MessageActionsProps) {
  const [asking, setAsking] = useState(false);
  return (
    <div className="toolbar message-actions">
      <button type="button" className="danger-button" onClick={() => setAsking(true)}>
        Delete message
      </button>
      {asking && (
        <ConfirmDialog
          title="Delete this message?"
          confirmLabel="Delete"
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            client.deleteMessage(message.queueName, { receiptHandle: message.receiptHandle }).then(
              () => onDeleted(message),
              (error: unknown) => {
                const failure = error instanceof BridgeError ? error : new BridgeError('NETWORK', 0, String(error));
                onError(
                  failure.sqsCode === 'ReceiptHandleIsInvalid'
                    ? new BridgeError(failure.code, failure.status, 'The receipt handle is stale (the message was received again since): peek again, then delete.', failure.sqsCode)
                    : failure,
                );
              },
            );
          }}
        >
          <p>
            Message{' '}
            <span className="mono">
              <VisibleText text={message.messageId} />
            </span>{' '}
            is deleted from{' '}
            <strong>
              <VisibleText text={message.queueName} />
            </strong>{' '}
            for good.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
