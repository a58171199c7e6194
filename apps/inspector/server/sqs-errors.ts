/**
 * SDK errors → {@link BridgeError}s: a stable code, the HTTP status that goes with it, and a message
 * that says what to do. What an error means is decided by `@sqs-mega/node`'s `classifyAwsError`;
 * this module only maps its kinds to the bridge's codes and words. Nothing that could carry a
 * credential reaches the message: SQS's own text is cut before any signing details, known secrets
 * are blanked, and access-key-shaped tokens too.
 */
import { classifyAwsError } from '@sqs-mega/node';
import { BridgeError } from './bridge-error.js';

/** The codes of a stale receipt handle, which the bridge answers with a hint of its own. */
const STALE_RECEIPT_CODES = new Set(['ReceiptHandleIsInvalid', 'MessageNotInflight']);

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

const MAX_SQS_TEXT = 300;

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
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
 * Turns whatever an SQS call threw into a {@link BridgeError}, by the kind `@sqs-mega/node`'s
 * `classifyAwsError` gives it (the one place that knows what an AWS error means):
 * - `not-found` → `QUEUE_NOT_FOUND` (404);
 * - `credentials` (none found, or refused) and `access-denied` → `ACCESS_DENIED` (403);
 * - `endpoint-unreachable` (refused, DNS, no route, TLS) and `network` (reset, timed out) → `ENDPOINT_DOWN` (502);
 * - `request-invalid` (`InvalidParameterValue`, `ReceiptHandleIsInvalid`, …) → `BAD_REQUEST` (400);
 * - `configuration`, `throttled`, `service-fault`, `aborted`, `unknown` → `SQS_ERROR` (502) with SQS's
 *   code, (redacted) text, HTTP status and what to do.
 *
 * A `BridgeError` passes through unchanged.
 */
export function toBridgeError(error: unknown, context: SqsCallContext): BridgeError {
  if (error instanceof BridgeError) return error;
  const secrets = context.secrets ?? [];
  const failure = classifyAwsError(error, { service: 'SQS', action: context.action, resource: context.queueName, endpoint: context.endpoint });
  const name = text(field(error, 'name')) ?? 'Error';
  const sqsText = redactSqsText(text(field(error, 'message')) ?? '', secrets);
  const shown = sqsText === '' ? name : `${name}: ${sqsText}`;
  const where = `${context.action}${onQueue(context)}`;

  switch (failure.kind) {
    case 'not-found': {
      const queue = context.queueName === undefined ? 'The queue' : `Queue "${context.queueName}"`;
      return new BridgeError(
        'QUEUE_NOT_FOUND',
        `${queue} does not exist at ${context.endpoint} (it may have been deleted or never created): refresh the queue list.`,
        name,
      );
    }
    case 'credentials':
    case 'access-denied':
      // No answer from SQS: the credential chain found nothing to sign with.
      if (failure.kind === 'credentials' && failure.httpStatus === undefined) {
        return new BridgeError(
          'ACCESS_DENIED',
          `No AWS credentials were found for ${where}: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (or log in with aws sso login), then restart the inspector.`,
        );
      }
      return new BridgeError(
        'ACCESS_DENIED',
        `SQS refused ${where}: the credentials are invalid, expired or lack the permission (sqs:${context.action}). Use credentials that allow it, e.g. another AWS_PROFILE, and restart the inspector. (${shown})`,
        name,
      );
    case 'endpoint-unreachable':
    case 'network':
      return new BridgeError(
        'ENDPOINT_DOWN',
        `Cannot reach the SQS endpoint ${context.endpoint} (${failure.awsCode}) for ${where}: check that the server is running and the address is right, then retry.`,
      );
    case 'request-invalid': {
      const hint = STALE_RECEIPT_CODES.has(failure.awsCode)
        ? ' The receipt handle is stale (the message was received again since): peek again and use the new one.'
        : ' Fix the request and retry.';
      return new BridgeError('BAD_REQUEST', `SQS refused ${where}: ${shown}.${hint}`, name);
    }
    case 'configuration':
      return new BridgeError(
        'SQS_ERROR',
        `The inspector's SQS client cannot call ${where} (${shown}): give it a region (--region, or AWS_REGION) and check --endpoint, then restart the inspector.`,
        name,
      );
    default: {
      const statusText = failure.httpStatus === undefined ? '' : ` (HTTP ${failure.httpStatus})`;
      return new BridgeError('SQS_ERROR', `SQS failed ${where}${statusText}: ${shown}. Retry; if it persists, check the SQS endpoint ${context.endpoint}.`, name);
    }
  }
}
