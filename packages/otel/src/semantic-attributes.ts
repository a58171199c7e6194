/**
 * The span attribute names this package writes: the messaging semantic conventions where they
 * have a name (https://opentelemetry.io/docs/specs/semconv/messaging/, pinned through
 * `@opentelemetry/semantic-conventions`), and `sqs_mega.*` for what they do not name.
 */
export {
  ATTR_MESSAGING_BATCH_MESSAGE_COUNT,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  MESSAGING_OPERATION_TYPE_VALUE_PROCESS,
  MESSAGING_OPERATION_TYPE_VALUE_SEND,
  MESSAGING_SYSTEM_VALUE_AWS_SNS,
  MESSAGING_SYSTEM_VALUE_AWS_SQS,
} from '@opentelemetry/semantic-conventions/incubating';

/** How many times SQS has delivered the message, this time included (`ApproximateReceiveCount`). */
export const ATTR_RECEIVE_COUNT = 'sqs_mega.message.receive_count';
/** Milliseconds from `SentTimestamp` to the start of processing: how long the message waited. */
export const ATTR_MESSAGE_AGE_MS = 'sqs_mega.message.age_ms';
/** What the body decoded as: `mega`, `data`, `plaintext`, `binary`. */
export const ATTR_BODY_KIND = 'sqs_mega.message.body_kind';
/** The MEGA event's name, for MEGA events. */
export const ATTR_EVENT_NAME = 'sqs_mega.event.name';
/** What happened to the message: `delete` or `keep`. */
export const ATTR_ACTION = 'sqs_mega.message.action';
/** No subscriber matched: the unrecognized policy applied. */
export const ATTR_UNRECOGNIZED = 'sqs_mega.message.unrecognized';
/** A subscriber's name. */
export const ATTR_SUBSCRIBER = 'sqs_mega.subscriber.name';
/** The status a subscriber returned (`DONE`, `RETRY_LATER`, `FATAL_ERROR`, `RETRIABLE_ERROR`). */
export const ATTR_SUBSCRIBER_STATUS = 'sqs_mega.subscriber.status';
/** The statuses of a message's subscribers, `name=STATUS`, on its process span. */
export const ATTR_OUTCOMES = 'sqs_mega.message.outcomes';
