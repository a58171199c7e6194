/**
 * What `dispatch` answers: core's `DispatchOutcome` — the delete-or-keep `action`, whether the
 * message was unrecognized, each subscriber's status and error — plus the delivered message, the
 * failures a runtime would report, and look-ups by subscriber name that read well in assertions.
 */
import { subscriberName, type DispatchOutcome, type ProcessStatus, type Subscriber, type SubscriberOutcome } from '@sqs-mega/core';
import type { DeliveredMessage } from '../consume/delivered-message.js';
import { handlerFailures, type HandlerFailedError, type MessageMiddlewareFailedError } from '../consume/handler-failed-error.js';
import { InvalidOptionError } from '../errors.js';

/** The outcome of dispatching one message in a test. */
export interface DispatchResult extends DispatchOutcome {
  /** The message as delivered to the subscribers: its body (SNS envelope included), id, receive count and attributes. */
  readonly message: DeliveredMessage;
  /**
   * A `HandlerFailedError` for each subscriber that threw or returned something that is not a
   * status (and a `MessageMiddlewareFailedError` when a message middleware failed): what the
   * listener emits as `error` events and the Lambda handler logs.
   */
  readonly failures: readonly (HandlerFailedError | MessageMiddlewareFailedError)[];
  /**
   * The status of the subscriber named `name` (its `name`, else its function's name; a task's is
   * `task:<task name>`; the unrecognized handler's is `unrecognized`), or `undefined` when it was
   * given but did not match the message.
   *
   * @throws InvalidOptionError (code `OPTION_INVALID`) when no subscriber given has that name, or
   *   several have (name them apart with `{ name }`) — a typo fails loudly instead of reading as "did not run".
   * @example
   * ```ts
   * expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.DONE);
   * ```
   */
  statusOf(name: string): ProcessStatus | undefined;
  /**
   * What the subscriber named `name` threw (or a `TypeError` describing its invalid return value);
   * `undefined` when it did not fail or did not run.
   *
   * @throws InvalidOptionError (code `OPTION_INVALID`), as {@link DispatchResult.statusOf}.
   */
  errorOf(name: string): unknown;
}

/** Names of the outcomes that come from the unrecognized policy rather than a subscriber. */
const POLICY_NAMES: ReadonlySet<string> = new Set(['unrecognized', 'unrecognized transform']);

function quoted(names: Iterable<string>): string {
  const list = [...new Set(names)].map((n) => JSON.stringify(n));
  return list.length === 0 ? 'none' : list.join(', ');
}

/** `outcome` with the message it was for and the look-ups by name. */
export function toDispatchResult(outcome: DispatchOutcome, message: DeliveredMessage, given: readonly Subscriber[]): DispatchResult {
  const givenNames = given.map(subscriberName);
  const find = (name: string): SubscriberOutcome | undefined => {
    const count = givenNames.filter((n) => n === name).length;
    if (count > 1) {
      throw new InvalidOptionError(
        'name',
        `${count} subscribers given to dispatch are named ${JSON.stringify(name)}; name them apart with { name } to tell their statuses apart`,
      );
    }
    const found = outcome.outcomes.find((o) => o.name === name);
    if (found === undefined && count === 0 && !POLICY_NAMES.has(name)) {
      throw new InvalidOptionError(
        'name',
        `no subscriber given to dispatch is named ${JSON.stringify(name)} (the names are ${quoted(givenNames)}); ` +
          'use one of those, or name the subscriber with { name }',
      );
    }
    return found;
  };
  return {
    ...outcome,
    message,
    failures: handlerFailures(message.messageId, outcome),
    statusOf: (name) => find(name)?.status,
    errorOf: (name) => find(name)?.error,
  };
}
