/**
 * Queue attributes → {@link QueueSummary}: names from URLs and ARNs, approximate counts, and the
 * redrive links both ways (a queue's dead-letter queue, and the queues a dead-letter queue serves).
 */
import type { QueueCounts, QueueSummary } from '../shared/bridge-api.js';

/** One queue as ListQueues and GetQueueAttributes describe it. */
export interface QueueAttributesEntry {
  /** The queue URL from ListQueues. */
  readonly url: string;
  /** GetQueueAttributes `All`, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A parsed `RedrivePolicy` attribute. */
export interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
  readonly maxReceiveCount: number;
}

/** What SQS allows in a queue name: 1–80 of `[A-Za-z0-9_-]`, FIFO queues ending in `.fifo`. */
const QUEUE_NAME = /^(?:[A-Za-z0-9_-]{1,80}|[A-Za-z0-9_-]{1,75}\.fifo)$/;

/** Whether `name` is a valid SQS queue name (checked before it reaches an SQS call or a message). */
export function isQueueName(name: string): boolean {
  return QUEUE_NAME.test(name);
}

/** The queue name of a queue URL: its last path segment. */
export function queueNameFromUrl(url: string): string {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** The queue name of a queue ARN (`arn:aws:sqs:REGION:ACCOUNT:NAME`): its last field. */
export function queueNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * Reads a `RedrivePolicy` attribute (`{"deadLetterTargetArn": "…", "maxReceiveCount": 5}`; AWS
 * has returned the count as a string too). `undefined` when absent or unreadable.
 */
export function parseRedrivePolicy(text: string | undefined): RedrivePolicy | undefined {
  if (text === undefined || text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { deadLetterTargetArn, maxReceiveCount } = value as Record<string, unknown>;
  const count = typeof maxReceiveCount === 'string' ? Number(maxReceiveCount) : maxReceiveCount;
  if (typeof deadLetterTargetArn !== 'string' || typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return undefined;
  }
  return { deadLetterTargetArn, maxReceiveCount: count };
}

function count(attributes: Readonly<Record<string, string>>, name: string): number {
  const value = Number(attributes[name]);
  return Number.isFinite(value) && value >= 0 ? value : 0;
}

/** The approximate counts of a queue's attributes (0 where SQS left one out). */
export function queueCounts(attributes: Readonly<Record<string, string>>): QueueCounts {
  return {
    visible: count(attributes, 'ApproximateNumberOfMessages'),
    inFlight: count(attributes, 'ApproximateNumberOfMessagesNotVisible'),
    delayed: count(attributes, 'ApproximateNumberOfMessagesDelayed'),
  };
}

/**
 * Summarizes queues, sorted by name, with redrive links both ways: `redrive` from each queue's own
 * policy, `deadLetterSources` from every policy that names the queue's ARN.
 */
export function summarizeQueues(entries: readonly QueueAttributesEntry[]): QueueSummary[] {
  const sources = new Map<string, string[]>();
  for (const { url, attributes } of entries) {
    const policy = parseRedrivePolicy(attributes['RedrivePolicy']);
    if (policy === undefined) continue;
    const names = sources.get(policy.deadLetterTargetArn) ?? [];
    names.push(queueNameFromUrl(url));
    sources.set(policy.deadLetterTargetArn, names);
  }
  const summaries = entries.map(({ url, attributes }): QueueSummary => {
    const name = queueNameFromUrl(url);
    const arn = attributes['QueueArn'] ?? '';
    const policy = parseRedrivePolicy(attributes['RedrivePolicy']);
    return {
      name,
      url,
      arn,
      fifo: attributes['FifoQueue'] === 'true' || name.endsWith('.fifo'),
      counts: queueCounts(attributes),
      ...(policy === undefined
        ? {}
        : {
            redrive: {
              deadLetterQueueName: queueNameFromArn(policy.deadLetterTargetArn),
              deadLetterQueueArn: policy.deadLetterTargetArn,
              maxReceiveCount: policy.maxReceiveCount,
            },
          }),
      deadLetterSources: arn === '' ? [] : [...(sources.get(arn) ?? [])].sort(),
      attributes: { ...attributes },
    };
  });
  return summaries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
