/**
 * SDK errors → {@link BridgeError}s: a stable code, the HTTP status that goes with it, and a message
 * that says what to do. Nothing that could carry a credential reaches the message: SQS's own text
 * is cut before any signing details, known secrets are blanked, and access-key-shaped tokens too.
 */
import { BridgeError } from './bridge-error.js';

/** What was being done when SQS failed, for the message. */
export interface SqsCallContext {
  /** The SQS action, e.g. `ReceiveMessage`. */
  readonly action: string;
  /** The queue it was for, when it was for one. */
  readonly queueName?: string | undefined;
  /** The endpoint the bridge talks to (without credentials). */
  readonly endpoint: string;
  /**
   * Secret strings to blank out of any text taken from the error (the client's access key id,
   * secret access key, session token).
   * @defaultValue []
   */
  readonly secrets?: readonly string[] | undefined;
}

const QUEUE_MISSING = new Set(['QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'NonExistentQueue']);

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidSecurity',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'KMS.AccessDeniedException',
  'KmsAccessDenied',
  'OptInRequired',
]);

const BAD_REQUEST = new Set([
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'MissingParameter',
  'MissingRequiredParameterException',
  'InvalidMessageContents',
  'InvalidAttributeName',
  'InvalidAttributeValue',
  'InvalidBatchEntryId',
  'ReceiptHandleIsInvalid',
  'InvalidIdFormat',
  'MessageNotInflight',
  'ValidationError',
  'ValidationException',
  'UnsupportedOperation',
  'InvalidAddress',
  'ResourceNotFoundException',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'NetworkingError']);

const MAX_SQS_TEXT = 300;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The system error code of a network failure (on the error, its cause, or an AggregateError's parts). */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (depth > 3 || typeof error !== 'object' || error === null) return undefined;
  const code = text(field(error, 'code'));
  if (code !== undefined && NETWORK_CODES.has(code)) return code;
  const name = text(field(error, 'name'));
  if (name !== undefined && NETWORK_NAMES.has(name)) return name;
  const parts = field(error, 'errors');
  if (Array.isArray(parts)) {
    for (const part of parts) {
      const found = networkCode(part, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return networkCode(field(error, 'cause'), depth + 1);
}

/**
 * SQS's own text, made safe to show: cut before any signing details (SignatureDoesNotMatch quotes
 * the canonical request and the credential scope), known secrets and access-key-shaped tokens
 * blanked, and shortened.
 */
export function redactSqsText(message: string, secrets: readonly string[] = []): string {
  let safe = message.split(/The Canonical String|The String-to-Sign|Credential=/)[0] ?? '';
  for (const secret of secrets) {
    if (secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  }
  safe = safe.replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '[redacted]').trim();
  return safe.length > MAX_SQS_TEXT ? `${safe.slice(0, MAX_SQS_TEXT)}…` : safe;
}

/** `on queue "x"` or nothing. */
function onQueue(context: SqsCallContext): string {
  return context.queueName === undefined ? '' : ` on queue "${context.queueName}"`;
}

/**
 * Turns whatever an SQS call threw into a {@link BridgeError}:
 * - `QueueDoesNotExist` → `QUEUE_NOT_FOUND` (404);
 * - access denied, bad or expired credentials, no credentials found → `ACCESS_DENIED` (403);
 * - refused, reset, unresolvable or timed-out connections → `ENDPOINT_DOWN` (502);
 * - SQS refusing a parameter (`InvalidParameterValue`, `ReceiptHandleIsInvalid`, …) → `BAD_REQUEST` (400);
 * - anything else → `SQS_ERROR` (502) with SQS's code and (redacted) text.
 *
 * A `BridgeError` passes through unchanged.
 */
export function toBridgeError(error: unknown, context: SqsCallContext): BridgeError {
  if (error instanceof BridgeError) return error;
  const secrets = context.secrets ?? [];
  const name = text(field(error, 'name')) ?? 'Error';
  const sqsText = redactSqsText(text(field(error, 'message')) ?? '', secrets);
  const shown = sqsText === '' ? name : `${name}: ${sqsText}`;
  const where = `${context.action}${onQueue(context)}`;

  if (QUEUE_MISSING.has(name) || QUEUE_MISSING.has(text(field(error, 'Code')) ?? '')) {
    const queue = context.queueName === undefined ? 'The queue' : `Queue "${context.queueName}"`;
    return new BridgeError(
      'QUEUE_NOT_FOUND',
      `${queue} does not exist at ${context.endpoint} (it may have been deleted or never created): refresh the queue list.`,
      name,
    );
  }
  if (name === 'CredentialsProviderError') {
    return new BridgeError(
      'ACCESS_DENIED',
      `No AWS credentials were found for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with aws sso login), then restart the inspector.`,
    );
  }
  if (ACCESS_DENIED.has(name)) {
    return new BridgeError(
      'ACCESS_DENIED',
      `SQS refused ${where}: the credentials are invalid, expired or lack the permission (sqs:${context.action}). Use credentials that allow it, e.g. another AWS_PROFILE, and restart the inspector. (${shown})`,
      name,
    );
  }
  const network = networkCode(error);
  if (network !== undefined) {
    return new BridgeError(
      'ENDPOINT_DOWN',
      `Cannot reach the SQS endpoint ${context.endpoint} (${network}) for ${where}: check that the server is running and the address is right, then retry.`,
    );
  }
  if (BAD_REQUEST.has(name)) {
    const hint =
      name === 'ReceiptHandleIsInvalid' || name === 'MessageNotInflight'
        ? ' The receipt handle is stale (the message was received again since): peek again and use the new one.'
        : ' Fix the request and retry.';
    return new BridgeError('BAD_REQUEST', `SQS refused ${where}: ${shown}.${hint}`, name);
  }
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  const statusText = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return new BridgeError('SQS_ERROR', `SQS failed ${where}${statusText}: ${shown}. Retry; if it persists, check the SQS endpoint ${context.endpoint}.`, name);
}
