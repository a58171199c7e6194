/**
 * The default log line about messages no subscriber matched. The protocol's default deletes them
 * (no body can block a queue), which is right for a queue shared by many kinds of events and
 * surprising the first time a listener is pointed at an existing queue: so the listener says so,
 * once per 10 s at most, with what the message was and the option that keeps such messages
 * instead. Subscribing to the `unrecognized` event (or choosing a `handle`/`transform` policy)
 * takes it over and silences the line.
 */
import type { DecodedBody } from '@sqs-mega/core';
import type { LogKind } from './aggregated-log.js';

/** One unmatched message, as the log line tells it. */
export interface UnrecognizedReport {
  readonly messageId: string;
  readonly decoded: DecodedBody;
  /** What the policy did with it. */
  readonly action: 'delete' | 'keep';
}

const PREFIX = '[sqs-mega listener]';
const MAX_LISTED_KEYS = 5;

/** A short description of a decoded body: `a MEGA event "user.updated" (domain accounts)`. */
export function describeDecoded(decoded: DecodedBody): string {
  const via = decoded.sns === undefined ? '' : ', delivered by SNS';
  switch (decoded.kind) {
    case 'mega': {
      const { name, domain } = decoded.payload.event;
      return `a MEGA event ${JSON.stringify(name)}${domain === undefined ? '' : ` (domain ${JSON.stringify(domain)})`}${via}`;
    }
    case 'data': {
      const keys = Object.keys(decoded.data);
      const listed = keys.slice(0, MAX_LISTED_KEYS).map((key) => JSON.stringify(key)).join(', ');
      const more = keys.length > MAX_LISTED_KEYS ? `, … ${keys.length - MAX_LISTED_KEYS} more` : '';
      return keys.length === 0 ? `an empty data object${via}` : `a data object with keys ${listed}${more}${via}`;
    }
    case 'plaintext':
      return `a plaintext body of ${decoded.text.length} characters${via}`;
    case 'binary':
      return `a binary body of ${decoded.bytes.length} bytes${via}`;
  }
}

function fix(action: 'delete' | 'keep'): string {
  return action === 'delete'
    ? `Messages no subscriber matches are deleted by default; set the listener's unrecognized option to 'keep' to leave them in the queue (they reach its dead-letter queue), ` +
        `or register a subscriber for them. Subscribe to the "unrecognized" event to handle them yourself (and silence this line).`
    : `unrecognized: 'keep' leaves them in the queue: after maxReceiveCount deliveries they reach its dead-letter queue. ` +
        `Subscribe to the "unrecognized" event to handle them yourself (and silence this line).`;
}

/** The log kind of unmatched messages: one warning in full, then one line per 10 s counting them. */
export const UNRECOGNIZED_LOG: LogKind<UnrecognizedReport> = {
  level: 'warn',
  line: ({ messageId, decoded, action }) =>
    `${PREFIX} ${action === 'delete' ? 'deleted' : 'kept'} message ${messageId}: no subscriber matched it (${describeDecoded(decoded)}). ${fix(action)}`,
  summary: ({ repeats, windowMs, last }) =>
    `${PREFIX} ${last.action === 'delete' ? 'deleted' : 'kept'} ${repeats} more message${repeats === 1 ? '' : 's'} no subscriber matched ` +
    `in the last ${Math.max(1, Math.round(windowMs / 1000))} s (the last: ${describeDecoded(last.decoded)}).`,
  detail: () => undefined,
};
