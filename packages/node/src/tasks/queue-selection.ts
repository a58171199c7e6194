/**
 * Which queues a worker listens to, from arguments as a user types them: queue names, task names
 * (`email.send` → queue `email-send`), URLs, comma lists (`a,b`), and shell-style wildcards
 * (`'email.*'`, `'report-?'`, `'{email,sms}.*'`) expanded against ListQueues.
 */
import { ListQueuesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import picomatch from 'picomatch';
import { callOptions } from '../aws-clients.js';
import { InvalidOptionError, SqsMegaNodeError } from '../errors.js';
import { queueUrlOf } from './task-client.js';
import { QueuePatternNoMatchError } from './task-errors.js';
import { isQueueName, isQueueUrl, queueNameFromArgument, queueNameOfUrl } from './task-name.js';

/** A queue argument is neither a URL, a queue or task name, nor a pattern. */
export class QueueArgumentInvalidError extends SqsMegaNodeError {
  readonly code = 'QUEUE_ARGUMENT_INVALID' as const;
  /** The argument as given. */
  readonly argument: string;

  constructor(argument: string) {
    super(
      `${JSON.stringify(argument)} is not a queue: give a queue name (letters, digits, "-", "_", up to 80), ` +
        "a task name (email.send), a URL, or a shell-style pattern ('email.*').",
    );
    this.name = 'QueueArgumentInvalidError';
    this.argument = argument;
  }
}

/** A queue a worker listens to, and the argument that selected it. */
export interface SelectedQueue {
  readonly name: string;
  readonly url: string;
  /** The argument (one item of a comma list) that selected it first. */
  readonly selectedBy: string;
}

/**
 * Splits queue arguments into items: each argument may be a comma list; commas inside braces
 * (`'{email,sms}.*'`) belong to the pattern. Blank items are dropped.
 */
export function splitQueueArguments(args: readonly string[]): string[] {
  const items: string[] = [];
  for (const arg of args) {
    let depth = 0;
    let current = '';
    for (const char of arg) {
      if (char === '{') depth++;
      else if (char === '}' && depth > 0) depth--;
      if (char === ',' && depth === 0) {
        items.push(current);
        current = '';
      } else current += char;
    }
    items.push(current);
  }
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

/** Whether a queue argument is a shell-style pattern rather than one name. */
export function isQueuePattern(item: string): boolean {
  return !isQueueUrl(item) && picomatch.scan(item).isGlob;
}

/**
 * Every queue URL the client can list, following `NextToken` (AWS pages results when `MaxResults`
 * is set; ElasticMQ ignores `MaxResults` and answers in one page).
 *
 * @param signal - aborts the listing
 * @param pageSize - `MaxResults` of each ListQueues call, 1–1000. @defaultValue 1000 (the AWS maximum)
 * @throws InvalidOptionError (code `OPTION_INVALID`) for another `pageSize`, before any call.
 */
export async function listQueueUrls(client: SQSClient, signal?: AbortSignal, pageSize = 1000): Promise<string[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new InvalidOptionError('pageSize', `must be an integer from 1 to 1000 (ListQueues' MaxResults), got ${pageSize}`);
  }
  const urls: string[] = [];
  let nextToken: string | undefined;
  do {
    const output = await client.send(
      new ListQueuesCommand({ MaxResults: pageSize, ...(nextToken === undefined ? {} : { NextToken: nextToken }) }),
      callOptions(signal),
    );
    urls.push(...(output.QueueUrls ?? []));
    nextToken = output.NextToken || undefined;
  } while (nextToken !== undefined);
  return urls;
}

/**
 * Resolves queue arguments to queues, in order, each once. A URL is taken as is; a name (or task
 * name) is looked up with GetQueueUrl; a pattern is matched against the names ListQueues returns
 * (listed once, whatever the number of patterns).
 *
 * @throws QueueArgumentInvalidError (code `QUEUE_ARGUMENT_INVALID`), QueuePatternNoMatchError (code
 *   `QUEUE_PATTERN_NO_MATCH`), TaskQueueNotFoundError (code `QUEUE_NOT_FOUND`), or the SDK's error.
 */
export async function selectQueues(client: SQSClient, args: readonly string[], signal?: AbortSignal): Promise<SelectedQueue[]> {
  const selected = new Map<string, SelectedQueue>();
  const add = (url: string, selectedBy: string) => {
    if (!selected.has(url)) selected.set(url, { name: queueNameOfUrl(url), url, selectedBy });
  };
  let listed: Promise<string[]> | undefined;
  for (const item of splitQueueArguments(args)) {
    if (isQueueUrl(item)) {
      add(item, item);
      continue;
    }
    const name = queueNameFromArgument(item);
    if (isQueuePattern(name)) {
      const urls = await (listed ??= listQueueUrls(client, signal));
      const matches = picomatch(name);
      const found = urls.filter((url) => matches(queueNameOfUrl(url)));
      if (found.length === 0) throw new QueuePatternNoMatchError(item, name, urls.length);
      for (const url of found.sort()) add(url, item);
    } else {
      if (!isQueueName(name)) throw new QueueArgumentInvalidError(item);
      add(await queueUrlOf(client, name, signal), item);
    }
  }
  return [...selected.values()];
}
