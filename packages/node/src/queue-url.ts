/**
 * The check every `queueUrl` option goes through: a queue name, an ARN or an endpoint without a
 * queue is refused when the listener or publisher is built — with the URL to use and how to look a
 * name up — instead of failing later, on every call.
 */
import { InvalidOptionError } from './errors.js';

/** Where a queue's URL comes from, for the messages that ask for one. */
const QUEUE_URL_FORMS = (name: string) =>
  `https://sqs.<region>.amazonaws.com/<account>/${name} on AWS, http://127.0.0.1:9324/000000000000/${name} on ElasticMQ`;

/**
 * Checks that `value` is a queue URL (`http(s)://host/…/name`), as the SDK's `QueueUrl` needs, and
 * returns it. A queue name, an ARN or a URL without a queue is refused at once, with the URL to use
 * instead and how to look one up (`await queueUrlOf(client, name)`), rather than failing later on
 * every call.
 *
 * @param option - The option's name, for the message. @defaultValue 'queueUrl'
 * @throws {@link InvalidOptionError} (code `OPTION_INVALID`)
 */
export function checkQueueUrl(value: unknown, option = 'queueUrl'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidOptionError(
      option,
      `expected the URL of an SQS queue (${QUEUE_URL_FORMS('<name>')}), got ${value === '' ? 'an empty string' : String(value)}. ` +
        'To find a queue by name: await queueUrlOf(client, name).',
    );
  }
  if (value !== value.trim()) {
    throw new InvalidOptionError(option, `${JSON.stringify(value)} has blank space around it: give the URL alone (${JSON.stringify(value.trim())}).`);
  }
  const arn = /^arn:(aws[\w-]*):sqs:([\w-]+):(\d+):(.+)$/.exec(value);
  if (arn) {
    const [, partition, region, account, name] = arn;
    const host = partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    throw new InvalidOptionError(option, `${JSON.stringify(value)} is the queue's ARN, not its URL: use https://sqs.${region}.${host}/${account}/${name}.`);
  }
  if (!/^[a-z][a-z\d+.-]*:\/\//i.test(value)) {
    const name = value.slice(value.lastIndexOf('/') + 1) || value;
    throw new InvalidOptionError(
      option,
      `${JSON.stringify(value)} is not a URL: give the queue's URL (${QUEUE_URL_FORMS(name)}), ` +
        `or look the name up first: ${option}: await queueUrlOf(client, ${JSON.stringify(name)}).`,
    );
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') {
    throw new InvalidOptionError(option, `${JSON.stringify(value)} is not an http(s) URL: give the queue's URL (${QUEUE_URL_FORMS('<name>')}).`);
  }
  if (url.pathname.replace(/\/+$/, '') === '') {
    throw new InvalidOptionError(
      option,
      `${JSON.stringify(value)} names no queue: it is an endpoint. Add the queue's path (${QUEUE_URL_FORMS('<name>')}), ` +
        'or look the name up: await queueUrlOf(client, name).',
    );
  }
  return value;
}
