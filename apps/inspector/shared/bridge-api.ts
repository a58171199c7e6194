/**
 * The contract between the inspector's browser app and its local bridge server: every route, its
 * request and its response. Both sides import this file, so they cannot drift apart.
 *
 * Transport: JSON over HTTP on 127.0.0.1, every route under `/api`, authenticated by the session
 * session key (see {@link AUTHORIZATION_SCHEME}). Bodies are returned raw: the app decodes them with
 * `@sqs-mega/core`, the same decoder a subscriber uses.
 */

/**
 * Query parameter of a sign-in URL (`http://127.0.0.1:PORT/?token=…`). Each token works once: the
 * app takes it out of the address bar and exchanges it (`POST /api/sign-in`) for a session key, so
 * the URL left in the browser's history signs nobody in. The printed launch URL is one such link;
 * a signed-in browser can make more for other browsers (`POST /api/sign-in-links`).
 */
export const TOKEN_PARAM = 'token';

/**
 * Every API call but `POST /api/sign-in` carries its session as `Authorization: Bearer <key>`,
 * the key the app keeps in its own origin's `localStorage`. No cookie is used: browsers share the
 * cookies of 127.0.0.1 with every port of it.
 */
export const AUTHORIZATION_SCHEME = 'Bearer';

/** `POST /api/sign-in` (no session needed): exchange a sign-in token, once. */
export interface SignInRequest {
  readonly token: string;
}

/** `POST /api/sign-in` response. Wrong tokens: 401 `UNAUTHORIZED`; used ones: 401 `SIGN_IN_LINK_USED`. */
export interface SignInResponse {
  /** The session key to send as `Authorization: Bearer …` until the inspector stops. */
  readonly sessionKey: string;
}

/** `POST /api/sign-in-links` response: a new one-time sign-in URL, for another browser. */
export interface SignInLinkResponse {
  readonly url: string;
  /** When it stops working, ms since the epoch (10 minutes after it was made). */
  readonly expiresAt: number;
}

/** `GET /api/session`: what the bridge is connected to and what it allows. */
export interface SessionInfo {
  /** `local`: a demo ElasticMQ started by the bridge; `endpoint`: a given endpoint; `aws`: real AWS. */
  readonly mode: 'local' | 'endpoint' | 'aws';
  /** The SQS endpoint (for AWS, the regional endpoint). */
  readonly endpoint: string;
  readonly region: string;
  /** Sending, deleting, purging and redriving are allowed (`--allow-writes`). */
  readonly allowWrites: boolean;
  /** The inspector's version. */
  readonly version: string;
}

/** Approximate message counts of a queue (from GetQueueAttributes). */
export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/** `GET /api/queues`: one queue. */
export interface QueueSummary {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly counts: QueueCounts;
  /** This queue's redrive policy, when it has one: where messages go after `maxReceiveCount` receives. */
  readonly redrive?: { readonly deadLetterQueueName: string; readonly deadLetterQueueArn: string; readonly maxReceiveCount: number };
  /** Names of the queues whose redrive policy points at this one (it is their dead-letter queue). */
  readonly deadLetterSources: readonly string[];
  /** Every attribute SQS returned, as strings. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * The most queues `GET /api/queues` describes in one page: each is one GetQueueAttributes call, so
 * a page (and each refresh of it) costs at most this many calls, however many queues there are.
 */
export const MAX_QUEUE_PAGE_SIZE = 100;

/**
 * `GET /api/queues?prefix=…&page=…&pageSize=…`: one page of queues, sorted by name within the
 * page. All parameters are optional query parameters.
 */
export interface QueueListRequest {
  /** Only queues whose name starts with this (ListQueues' `QueueNamePrefix`). */
  readonly prefix?: string;
  /** A {@link QueueListResponse.nextPage} token; the first page without it. */
  readonly page?: string;
  /** 1–{@link MAX_QUEUE_PAGE_SIZE}. @defaultValue {@link MAX_QUEUE_PAGE_SIZE} */
  readonly pageSize?: number;
}

/** `GET /api/queues` response. */
export interface QueueListResponse {
  readonly queues: readonly QueueSummary[];
  /** The token of the next page, when there are more queues. */
  readonly nextPage?: string;
}

/**
 * `GET /api/queues/:name`: one queue. Unlike a list page, whose `deadLetterSources` only know the
 * queues on that page, this one's come from ListDeadLetterSourceQueues: every source queue.
 */
export type QueueResponse = QueueSummary;

/** A message attribute as the bridge returns it (binary values in standard Base64). */
export interface WireMessageAttribute {
  readonly dataType: string;
  readonly stringValue?: string;
  readonly binaryValueBase64?: string;
}

/** A message received by a peek: everything SQS returned, body raw. */
export interface PeekedMessage {
  readonly queueName: string;
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  readonly md5OfBody: string;
  /** `ApproximateReceiveCount` after this peek (each peek increments it). */
  readonly receiveCount: number;
  /** `SentTimestamp`, ms since the epoch. */
  readonly sentTimestamp: number;
  /** FIFO only. */
  readonly messageGroupId?: string;
  /** SQS system attributes as returned. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageAttributes: Readonly<Record<string, WireMessageAttribute>>;
  /** When the bridge received it, ms since the epoch. */
  readonly peekedAt: number;
}

/**
 * `POST /api/queues/:name/peek`: receive with VisibilityTimeout 0, so messages stay visible to
 * consumers — but every peek increments their receive count, which counts toward the redrive
 * policy's `maxReceiveCount`. For a queue with a redrive policy the request must say
 * `acknowledgeReceiveCount: true` (the app asks the user first), else the bridge answers 409
 * `RECEIVE_COUNT_NOT_ACKNOWLEDGED`.
 */
export interface PeekRequest {
  /** 1–10. @defaultValue 10 */
  readonly maxMessages?: number;
  /** Long-poll seconds, 0–20. @defaultValue 0 */
  readonly waitTimeSeconds?: number;
  readonly acknowledgeReceiveCount?: boolean;
}

/** `POST /api/queues/:name/peek` response. */
export interface PeekResponse {
  readonly messages: readonly PeekedMessage[];
  /** The queue's `maxReceiveCount`, when it has a redrive policy. */
  readonly maxReceiveCount?: number;
}

/** `POST /api/queues/:name/messages` (writes only): send one message. The app encodes the body with core. */
export interface SendRequest {
  readonly body: string;
  readonly delaySeconds?: number;
  /** FIFO queues: required. */
  readonly messageGroupId?: string;
  /** FIFO queues without content-based deduplication: required. */
  readonly messageDeduplicationId?: string;
  readonly messageAttributes?: Readonly<Record<string, WireMessageAttribute>>;
}

/** `POST /api/queues/:name/messages` response. */
export interface SendResponse {
  readonly messageId: string;
}

/** `POST /api/queues/:name/delete` (writes only): delete one message by a receipt handle from a peek. Answers 204, no body. */
export interface DeleteRequest {
  readonly receiptHandle: string;
}

/** `POST /api/queues/:name/purge` (writes only): `confirm` must repeat the queue's name. Answers 204, no body. */
export interface PurgeRequest {
  readonly confirm: string;
}

/**
 * `POST /api/queues/:name/redrive` (writes only): move the messages of a dead-letter queue back to
 * a source queue (StartMessageMoveTask). `destination` defaults to the only source queue; required
 * when several queues use this dead-letter queue.
 */
export interface RedriveRequest {
  readonly destination?: string;
}

/** `POST /api/queues/:name/redrive` response. */
export interface RedriveResponse {
  readonly taskHandle: string;
  readonly destination: string;
}

/**
 * `GET /api/contracts.js`: the contracts module the inspector was started with (`--contracts`),
 * bundled with core into one ES module that runs as the app's contracts worker (the app fetches it
 * with its session key and starts it from a Blob URL). 204 No Content when started without one.
 */
export const CONTRACTS_BUNDLE_PATH = '/contracts.js';

/** Stable codes of every error the bridge returns. */
export type BridgeErrorCode =
  | 'UNAUTHORIZED' // 401: no or wrong session key: open the URL the inspector printed
  | 'SIGN_IN_LINK_USED' // 401: a sign-in token presented again (each works once) or expired
  | 'FORBIDDEN_HOST' // 403: Host header is not the bridge's own address (DNS rebinding)
  | 'FORBIDDEN_ORIGIN' // 403: cross-origin request
  | 'WRITES_DISABLED' // 403: a write without --allow-writes
  | 'BAD_REQUEST' // 400: invalid parameters (message says which)
  | 'QUEUE_NOT_FOUND' // 404
  | 'NOT_FOUND' // 404: no such file of the app
  | 'RECEIVE_COUNT_NOT_ACKNOWLEDGED' // 409: peek of a queue with a redrive policy without acknowledgeReceiveCount
  | 'ACCESS_DENIED' // 403 from SQS: credentials lack a permission
  | 'ENDPOINT_DOWN' // 502: SQS endpoint unreachable
  | 'ENDPOINT_TIMEOUT' // 504: the SQS endpoint did not answer in time (the call was aborted)
  | 'RESPONSE_TOO_LARGE' // 502: the SQS endpoint's answer was larger than the bridge reads
  | 'INTERNAL' // 500: a bug in the inspector (the message says what failed)
  | 'SQS_ERROR'; // 502: any other SQS error (message has SQS's code and text)

/** Every error response: `{ error: { code, message } }` with the HTTP status of its code. */
export interface BridgeErrorBody {
  readonly error: {
    readonly code: BridgeErrorCode;
    /** What happened and what to do, for the UI to show as is. */
    readonly message: string;
    /** The SQS error name, when SQS answered with one. */
    readonly sqsCode?: string;
  };
}
