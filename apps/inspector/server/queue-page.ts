/**
 * The queue list's page tokens: where the next page starts, as SQS's own `NextToken` (servers
 * that page, like AWS) and an offset into one answer (servers that ignore `MaxResults` and answer
 * with every queue, like ElasticMQ). Opaque to the app: Base64url of a small JSON object, checked
 * field by field when it comes back.
 */
import { BridgeError } from './bridge-error.js';

/** Where a page starts. */
export interface QueuePage {
  /** The `NextToken` to send ListQueues; none for the first of SQS's pages. */
  readonly sqsToken: string | undefined;
  /** How many queues of that answer come before this page. */
  readonly offset: number;
}

/** The longest token accepted (AWS's NextToken is a few hundred characters). */
const MAX_TOKEN_LENGTH = 4096;

/** The page token for `page`. */
export function encodeQueuePage(page: QueuePage): string {
  return Buffer.from(JSON.stringify({ t: page.sqsToken, o: page.offset }), 'utf8').toString('base64url');
}

function invalid(): never {
  throw new BridgeError('BAD_REQUEST', '"page" is not a page token of this inspector: start again from the first page.');
}

/** The page a token stands for; the first page for `undefined`. @throws BridgeError `BAD_REQUEST` */
export function decodeQueuePage(token: string | undefined): QueuePage {
  if (token === undefined || token === '') return { sqsToken: undefined, offset: 0 };
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    invalid();
  }
  if (typeof value !== 'object' || value === null) invalid();
  const { t, o } = value as { t?: unknown; o?: unknown };
  if ((t !== undefined && typeof t !== 'string') || typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) invalid();
  return { sqsToken: t, offset: o };
}
