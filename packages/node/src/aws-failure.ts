/**
 * What a failed AWS call means, decided in one place for every caller (publishers, listener, task
 * queue look-ups, the inspector's bridge): an {@link AwsFailure} with a stable `kind`, whether a retry
 * can help, and advice that names the real cause and its fix.
 *
 * It reads only what the AWS SDK v3 and Node put on their errors, never their class identity (several
 * copies of the SDK may be loaded): smithy's `name`, `$fault`, `$retryable` and
 * `$metadata.httpStatusCode` on service errors; the query-compatible `Code` SQS adds
 * (`AWS.SimpleQueueService.NonExistentQueue`); the `CredentialsProviderError` the credential chain
 * throws when it finds nothing; the bare `Error`s of the config resolver (`Region is missing`); and
 * Node's system error codes (`ECONNREFUSED`, `ENOTFOUND`, …), which may sit in the `cause` chain or in
 * an `AggregateError`'s `errors`. No Node built-in and no SDK import: the shapes are enough.
 */
import { SqsMegaNodeError } from './errors.js';

/** The AWS services this package calls. */
export type AwsService = 'SQS' | 'SNS';

/**
 * What each {@link AwsFailureKind} implies. `retriable`: the same call, made again later with nothing
 * changed, can succeed. `systemic`: every call through this client (to this queue or topic) fails the
 * same way whatever it carries, so the set-up must change first.
 */
export const AWS_FAILURE_KINDS = {
  /** The client cannot make the call: no region, an invalid region or endpoint, an unusable KMS key, an endpoint that is not the service. */
  configuration: { retriable: false, systemic: true },
  /** No credentials were found, or the service does not accept them (unknown key, wrong secret, expired token, clock skew). */
  credentials: { retriable: false, systemic: true },
  /** The credentials are valid but lack a permission (IAM, queue or topic policy, KMS key policy). */
  'access-denied': { retriable: false, systemic: true },
  /** No connection could be made: refused, DNS name that does not resolve, no route, TLS mismatch. */
  'endpoint-unreachable': { retriable: false, systemic: true },
  /** The queue or topic does not exist (or this identity may not see it). */
  'not-found': { retriable: false, systemic: true },
  /** The service refused this request itself (a parameter, a stale receipt handle, an unsupported operation). */
  'request-invalid': { retriable: false, systemic: false },
  /** The service is throttling calls (rate or quota exceeded). */
  throttled: { retriable: true, systemic: false },
  /** The service failed (HTTP 5xx, or a fault it reports as its own). */
  'service-fault': { retriable: true, systemic: false },
  /** An established connection broke or timed out (reset, socket or request timeout). */
  network: { retriable: true, systemic: false },
  /** The call's `AbortSignal` fired. */
  aborted: { retriable: false, systemic: false },
  /** Not an error the SDK or the network is known to give (a bug, a thrown non-error). */
  unknown: { retriable: false, systemic: false },
} as const satisfies Record<string, { readonly retriable: boolean; readonly systemic: boolean }>;

/**
 * The stable kinds of {@link AwsFailure}: `configuration`, `credentials`, `access-denied`,
 * `endpoint-unreachable`, `not-found`, `request-invalid`, `throttled`, `service-fault`, `network`,
 * `aborted`, `unknown` (see {@link AWS_FAILURE_KINDS}).
 */
export type AwsFailureKind = keyof typeof AWS_FAILURE_KINDS;

/** What every {@link AwsFailure} says, whatever its kind. */
export interface AwsFailureFields<K extends AwsFailureKind = AwsFailureKind> {
  /** What the failure means; branch on it. */
  readonly kind: K;
  /**
   * The service's error code (the SDK error's `name`: `QueueDoesNotExist`, `ThrottlingException`,
   * `InternalError`…), Node's system error code for network failures (`ECONNREFUSED`), or the
   * thrown error's code or name otherwise (`CredentialsProviderError`, `ERR_INVALID_URL`, `Error`).
   */
  readonly awsCode: string;
  /** The HTTP status the service answered with; absent when no answer came (network, region, credentials). */
  readonly httpStatus?: number;
  /** What the error itself said (its message, signing details cut off), `''` when it said nothing. */
  readonly detail: string;
  /** What it means and what to do, in one or two sentences, naming the endpoint, queue or option concerned. */
  readonly advice: string;
}

/**
 * What a failed AWS call means. `retriable` and `systemic` follow from `kind` (see
 * {@link AWS_FAILURE_KINDS}), so narrowing on `kind` narrows them too.
 */
export type AwsFailure = {
  [K in AwsFailureKind]: AwsFailureFields<K> & (typeof AWS_FAILURE_KINDS)[K];
}[AwsFailureKind];

/** What the call was, so that the advice can name it. Every field is optional. */
export interface AwsCallContext {
  /** The service called. @defaultValue 'SQS' */
  readonly service?: AwsService | undefined;
  /** The API action, e.g. `SendMessage`: access-denied advice names the permission (`sqs:SendMessage`). @defaultValue none */
  readonly action?: string | undefined;
  /** The queue URL or name, or the topic ARN, the call was for. @defaultValue none */
  readonly resource?: string | undefined;
  /** The endpoint the client calls (without credentials); else the address a network error names. @defaultValue none */
  readonly endpoint?: string | undefined;
}

/** Node's codes for a connection that could not be made at all: a set-up problem, not a passing one. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);
const TLS_CODES = new Set([
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
/** Node's (and undici's) codes for a connection that broke or stalled: usually passing. */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ERR_HTTP2_STREAM_ERROR',
]);
/** Error names the SDK's HTTP handlers (and the listener's call deadline) give to timeouts. */
const TIMEOUT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'NetworkingError', 'CallTimeoutError']);

/** Thrown by the credential and token provider chains (`@smithy/property-provider`). */
const PROVIDER_ERRORS = new Set(['CredentialsProviderError', 'TokenProviderError', 'ProviderError']);

const NOT_FOUND = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'NonExistentQueue',
  'NotFound',
  'NotFoundException',
  'ResourceNotFoundException',
]);
const CREDENTIALS_EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'TokenRefreshRequired',
  'RequestTimeTooSkewed',
  'RequestInTheFuture',
]);
const CREDENTIALS_REJECTED = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'InvalidSecurity',
]);
const ACCESS_DENIED = new Set(['AuthorizationError', 'AuthorizationErrorException', 'OptInRequired', 'OptInRequiredException']);
/** smithy's `THROTTLING_ERROR_CODES`, plus the codes SQS and SNS use. */
const THROTTLING = new Set([
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'Throttled',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'OverLimit',
]);
const STALE_RECEIPT = new Set(['ReceiptHandleIsInvalid', 'MessageNotInflight']);

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A query-compatible `Code` without its namespace and fault suffix: `com.amazonaws.sqs#X;Sender` → `X`. */
function bareCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const bare = code.slice(code.lastIndexOf('#') + 1).split(';')[0];
  return bare === '' ? undefined : bare;
}

/** The error's message, signing details cut off (SignatureDoesNotMatch quotes the canonical request), on one line. */
function detailOf(error: unknown): string {
  const message = text(field(error, 'message')) ?? (typeof error === 'object' ? '' : String(error));
  const cut = message.split(/The Canonical String|The String-to-Sign/)[0] ?? '';
  return cut.replace(/\s+/g, ' ').trim();
}

interface NetworkCause {
  readonly code: string;
  /** `host:port` or `host`, as the failing error names it. */
  readonly address: string | undefined;
}

/** The first system error code found on the error, its `cause` chain or an AggregateError's `errors`. */
function networkCause(error: unknown, depth = 0): NetworkCause | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const code = text(field(error, 'code'));
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || BROKEN_CODES.has(code) || TLS_CODES.has(code))) {
    const host = text(field(error, 'address')) ?? text(field(error, 'hostname')) ?? text(field(error, 'host'));
    const port = field(error, 'port');
    return { code, address: host === undefined ? undefined : typeof port === 'number' ? `${host}:${port}` : host };
  }
  const parts = field(error, 'errors');
  if (Array.isArray(parts)) {
    for (const part of parts) {
      const found = networkCause(part, depth + 1);
      if (found !== undefined) return found;
    }
  }
  return networkCause(field(error, 'cause'), depth + 1);
}

function isSqs(context: AwsCallContext): boolean {
  return (context.service ?? 'SQS') === 'SQS';
}

function endpointVariable(context: AwsCallContext): string {
  return `the endpoint option or AWS_ENDPOINT_URL_${context.service ?? 'SQS'}`;
}

/** The queue's name from a URL or name, or the topic's from an ARN. */
function resourceName(resource: string): string {
  const trimmed = resource.replace(/[?#].*$/, '').replace(/\/+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1) || resource;
}

type Advisor = (context: AwsCallContext, facts: { awsCode: string; detail: string; httpStatus: number | undefined; address: string | undefined }) => string;

const advice = {
  regionMissing: (context) =>
    `No AWS region is configured: pass one to the client (new ${context.service ?? 'SQS'}Client({ region: 'eu-west-1' })), ` +
    'or set AWS_REGION (or region in the AWS profile).',
  regionInvalid: () => "The client's region is not a region name: use one such as eu-west-1 (the region option or AWS_REGION).",
  endpointInvalid: (context) =>
    `The client's endpoint is not a valid URL: give a full URL such as http://127.0.0.1:9324 (${endpointVariable(context)}), or leave it unset for AWS.`,
  notTheService: (context, { httpStatus }) =>
    `The endpoint answered${httpStatus === undefined ? '' : ` HTTP ${httpStatus}`} with something that is not an ${context.service ?? 'SQS'} answer: ` +
    `check that the client's endpoint (${endpointVariable(context)}) points at ${context.service ?? 'SQS'}, not at another web server or a proxy.`,
  queueUrlForeign: () =>
    "The queue URL does not belong to the client's endpoint or region: use the URL GetQueueUrl returns through this client, or set the client's region to the queue's.",
  kmsKey: (context, { awsCode }) =>
    `The ${isSqs(context) ? 'queue' : 'topic'}'s KMS key cannot be used (${awsCode}): enable the key, or change the ${isSqs(context) ? 'queue' : 'topic'}'s KmsMasterKeyId.`,
  configuration: (context) =>
    `Fix the client's configuration (its region and endpoint: AWS_REGION, AWS_ENDPOINT_URL_${context.service ?? 'SQS'}), then try again.`,
  credentialsMissing: () =>
    'No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after aws sso login for an SSO profile), or pass credentials to the client. ' +
    "A local server (ElasticMQ) accepts any, e.g. { accessKeyId: 'local', secretAccessKey: 'local' }.",
  credentialsUnloadable: () =>
    'The AWS credentials could not be loaded: fix what the message names (the profile, its SSO session: aws sso login), or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
  credentialsExpired: () =>
    "The credentials or the request's signature have expired: refresh the credentials (a new session token, aws sso login) and check that this machine's clock is right.",
  credentialsRejected: (context) =>
    `${context.service ?? 'SQS'} does not accept these credentials (an unknown access key id, or a secret key that does not match it): ` +
    "check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE, and that the client's region is one the account uses.",
  accessDenied: (context, { awsCode }) => {
    const service = context.service ?? 'SQS';
    const owner = service === 'SQS' ? 'queue' : 'topic';
    const permission = /kms/i.test(awsCode)
      ? `kms:GenerateDataKey and kms:Decrypt on the ${owner}'s KMS key`
      : context.action === undefined
        ? `the ${service} permission the call needs`
        : `${service.toLowerCase()}:${context.action}`;
    return `The credentials are valid but not allowed to do this: grant ${permission} to this identity (its IAM policy, or the ${owner}'s policy), or use credentials that have it.`;
  },
  refused: (context, { address }) =>
    `Nothing accepts connections at ${context.endpoint ?? address ?? 'the endpoint'}: start the local server (e.g. ElasticMQ), or fix the client's endpoint (${endpointVariable(context)}).`,
  dns: (context, { address, awsCode }) =>
    `The host ${address ?? context.endpoint ?? 'of the endpoint'} does not resolve (${awsCode}): check the client's endpoint (${endpointVariable(context)}) and region, and this machine's network and DNS.`,
  noRoute: (context, { address, awsCode }) =>
    `There is no route to ${context.endpoint ?? address ?? 'the endpoint'} (${awsCode}): check the network (VPN, proxy, firewall) and the client's endpoint (${endpointVariable(context)}).`,
  tls: (context, { address, awsCode }) =>
    `The TLS connection to ${context.endpoint ?? address ?? 'the endpoint'} failed (${awsCode}): a local server usually speaks plain http://, so check the endpoint's scheme (${endpointVariable(context)}); on AWS, check the proxy and the certificates (AWS_CA_BUNDLE).`,
  network: (context, { address, awsCode }) =>
    `The connection to ${context.endpoint ?? address ?? 'the endpoint'} broke or timed out (${awsCode}): retrying usually works; if it persists, check the network, any proxy, and that the server is not overloaded.`,
  notFound: (context) => {
    if (isSqs(context)) {
      const name = context.resource === undefined ? 'NAME' : resourceName(context.resource);
      const queue = context.resource === undefined ? 'The queue' : `The queue ${context.resource}`;
      const fifo = name.endsWith('.fifo') ? ' --attributes FifoQueue=true' : '';
      return `${queue} does not exist (or these credentials may not see it): create it (aws sqs create-queue --queue-name ${name}${fifo}), or fix the queue URL and the client's region and endpoint.`;
    }
    const name = context.resource === undefined ? 'NAME' : resourceName(context.resource);
    const topic = context.resource === undefined ? 'The topic' : `The topic ${context.resource}`;
    return `${topic} does not exist (or is in another region or account): create it (aws sns create-topic --name ${name}), or fix the topic ARN and the client's region.`;
  },
  requestInvalid: (context, { awsCode }) =>
    STALE_RECEIPT.has(awsCode)
      ? 'The receipt handle is stale (the message was received again, or its visibility timeout ran out): receive the message again and use the new handle.'
      : `${context.service ?? 'SQS'} refused the request as invalid (${awsCode}): fix the message or the options; retrying the same request will not help.`,
  throttled: (context, { awsCode }) =>
    `${context.service ?? 'SQS'} is throttling the calls (${awsCode}): retrying with backoff works; if it keeps happening, send less at once (fewer concurrent calls, batches) or raise the quota.`,
  serviceFault: (context, { httpStatus, awsCode }) =>
    `${context.service ?? 'SQS'} failed (${httpStatus === undefined ? awsCode : `HTTP ${httpStatus}`}) through no fault of the request: retrying later works; ` +
    "if it persists, check the service's health (the AWS Health Dashboard, or the local server's log).",
  aborted: (context) => `The call was aborted (its AbortSignal fired) before ${context.service ?? 'SQS'} answered; nothing to fix unless the abort was unexpected.`,
  unknown: () => 'This is not an error the AWS SDK or the network is known to give: see its cause (error.cause) for what happened.',
} satisfies Record<string, Advisor>;

/** The kind of a failure and the advice that goes with it, before the shared fields are filled in. */
type Verdict = readonly [AwsFailureKind, Advisor];

/** The verdict on a thrown value. */
function judge(error: unknown, ids: readonly string[], httpStatus: number | undefined, network: NetworkCause | undefined): Verdict {
  const name = text(field(error, 'name')) ?? '';
  const message = text(field(error, 'message')) ?? '';
  const fault = field(error, '$fault');
  const retryable = field(error, '$retryable');
  const has = (set: ReadonlySet<string>) => ids.some((id) => set.has(id));

  if (name === 'AbortError') return ['aborted', advice.aborted];
  // A service answer outranks the transport; without one, the network's code says what happened.
  if (httpStatus === undefined && network !== undefined) {
    if (DNS_CODES.has(network.code)) return ['endpoint-unreachable', advice.dns];
    if (network.code === 'ECONNREFUSED') return ['endpoint-unreachable', advice.refused];
    if (UNREACHABLE_CODES.has(network.code)) return ['endpoint-unreachable', advice.noRoute];
    if (TLS_CODES.has(network.code)) return ['endpoint-unreachable', advice.tls];
    return ['network', advice.network];
  }
  if (PROVIDER_ERRORS.has(name)) {
    return ['credentials', /could not load credentials|no providers in chain/i.test(message) ? advice.credentialsMissing : advice.credentialsUnloadable];
  }
  if (has(NOT_FOUND)) return ['not-found', advice.notFound];
  if (ids.includes('InvalidAddress')) return ['configuration', advice.queueUrlForeign];
  if (has(CREDENTIALS_EXPIRED) || (ids.includes('InvalidSignatureException') && /signature expired/i.test(message))) {
    return ['credentials', advice.credentialsExpired];
  }
  if (has(CREDENTIALS_REJECTED)) return ['credentials', advice.credentialsRejected];
  if (has(ACCESS_DENIED) || ids.some((id) => /AccessDenied/i.test(id))) return ['access-denied', advice.accessDenied];
  if (has(THROTTLING) || ids.some((id) => /throttl/i.test(id)) || field(retryable, 'throttling') === true || httpStatus === 429) {
    return ['throttled', advice.throttled];
  }
  if (ids.some((id) => /^kms/i.test(id))) return ['configuration', advice.kmsKey];
  if (TIMEOUT_NAMES.has(name) || httpStatus === 408) return ['network', advice.network];
  if (httpStatus !== undefined && /Deserialization error/.test(message)) {
    return httpStatus >= 500 || httpStatus < 300 ? ['service-fault', advice.serviceFault] : ['configuration', advice.notTheService];
  }
  if (httpStatus !== undefined && httpStatus >= 500) return ['service-fault', advice.serviceFault];
  if (httpStatus === 401) return ['credentials', advice.credentialsRejected];
  if (httpStatus === 403) return ['access-denied', advice.accessDenied];
  if (fault === 'server' || retryable !== undefined) return ['service-fault', advice.serviceFault];
  if (fault === 'client' || (httpStatus !== undefined && httpStatus >= 400)) return ['request-invalid', advice.requestInvalid];
  if (/Region is missing/i.test(message)) return ['configuration', advice.regionMissing];
  if (/Region not accepted|Invalid region/i.test(message)) return ['configuration', advice.regionInvalid];
  if (text(field(error, 'code')) === 'ERR_INVALID_URL' || (name === 'TypeError' && /Invalid URL/i.test(message))) {
    return ['configuration', advice.endpointInvalid];
  }
  if (name === 'EndpointError' || /^Invalid Configuration/i.test(message)) return ['configuration', advice.configuration];
  return ['unknown', advice.unknown];
}

/**
 * The service's name for the error when it answered (`HTTP 503` when it gave none), else the system
 * error code of a network failure, else the error's own code or name.
 */
function awsCodeOf(error: unknown, name: string | undefined, code: string | undefined, httpStatus: number | undefined, network: NetworkCause | undefined): string {
  if (httpStatus === undefined && network !== undefined) return network.code;
  if (httpStatus !== undefined || field(error, '$fault') !== undefined) {
    const serviceName = name !== undefined && name !== 'Unknown' && name !== 'Error' && name !== 'SyntaxError' ? name : code;
    return serviceName ?? (httpStatus === undefined ? (name ?? 'Error') : `HTTP ${httpStatus}`);
  }
  return text(field(error, 'code')) ?? name ?? 'Error';
}

/** Builds the failure of `kind` (its traits from {@link AWS_FAILURE_KINDS}). */
function failureOf(kind: AwsFailureKind, fields: Omit<AwsFailureFields, 'kind' | 'httpStatus'> & { readonly httpStatus?: number | undefined }): AwsFailure {
  const { httpStatus, ...rest } = fields;
  return { kind, ...AWS_FAILURE_KINDS[kind], ...rest, ...(httpStatus === undefined ? {} : { httpStatus }) } as AwsFailure;
}

/**
 * What a thrown AWS SDK v3 (or network) error means: its kind, whether retrying can help, the
 * service's code and status, and advice naming the cause and its fix.
 *
 * @param error - Whatever `client.send` threw (anything: a non-error is `unknown`).
 * @param context - What the call was, so that the advice names the queue, endpoint or permission. @defaultValue `{}`
 * @example
 * ```ts
 * try {
 *   await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
 * } catch (error) {
 *   const failure = classifyAwsError(error, { action: 'SendMessage', resource: QueueUrl });
 *   if (failure.retriable) scheduleRetry();
 *   else console.error(`${failure.kind}: ${failure.advice}`);
 * }
 * ```
 */
export function classifyAwsError(error: unknown, context: AwsCallContext = {}): AwsFailure {
  const name = text(field(error, 'name'));
  const status = field(field(error, '$metadata'), 'httpStatusCode');
  const httpStatus = typeof status === 'number' ? status : undefined;
  const network = networkCause(error);
  const code = bareCode(text(field(error, 'Code')));
  const ids = [name, code, text(field(error, 'code'))].filter((id): id is string => id !== undefined);
  const [kind, advise] = judge(error, ids, httpStatus, network);
  const awsCode = awsCodeOf(error, name, code, httpStatus, network);
  const detail = detailOf(error);
  const address = network?.address;
  return failureOf(kind, { awsCode, httpStatus, detail, advice: advise(context, { awsCode, detail, httpStatus, address }) });
}

/** A batch entry the service reported as failed (SendMessageBatch's or PublishBatch's `Failed`). */
export interface BatchEntryFailure {
  /** The entry's `Code`, e.g. `InternalError`, `InvalidParameterValue`. */
  readonly code: string;
  /** The entry's `SenderFault`: whether the service blames the request. */
  readonly senderFault: boolean;
  /** The entry's `Message`, if any. @defaultValue none */
  readonly message?: string | undefined;
}

/**
 * What a failed batch entry means, as {@link classifyAwsError} says for a thrown error: the entry's
 * `Code` decides when it is known (`RequestThrottled` is throttling even when `SenderFault` is
 * true), else `SenderFault` (`request-invalid`) or its absence (`service-fault`).
 *
 * @param context - What the call was. @defaultValue `{}`
 */
export function classifyBatchEntryFailure(entry: BatchEntryFailure, context: AwsCallContext = {}): AwsFailure {
  return classifyAwsError(
    { name: entry.code, message: entry.message ?? '', $fault: entry.senderFault ? 'client' : 'server' },
    context,
  );
}

/** The advice of each kind when nothing finer is known. */
const KIND_ADVICE: Record<AwsFailureKind, Advisor> = {
  configuration: advice.configuration,
  credentials: advice.credentialsRejected,
  'access-denied': advice.accessDenied,
  'endpoint-unreachable': advice.refused,
  'not-found': advice.notFound,
  'request-invalid': advice.requestInvalid,
  throttled: advice.throttled,
  'service-fault': advice.serviceFault,
  network: advice.network,
  aborted: advice.aborted,
  unknown: advice.unknown,
};

/**
 * A failure of `kind` that no thrown error describes (an answer that left an entry out, a response
 * without a message id), with that kind's advice.
 *
 * @param context - What the call was. @defaultValue `{}`
 */
export function awsFailure(kind: AwsFailureKind, awsCode: string, detail: string, context: AwsCallContext = {}): AwsFailure {
  const facts = { awsCode, detail, httpStatus: undefined, address: undefined };
  return failureOf(kind, { awsCode, detail, advice: KIND_ADVICE[kind](context, facts) });
}

/**
 * A failure as a short phrase for an error message: `QueueDoesNotExist: The specified queue does not
 * exist.`, or the detail alone when it already names the code (`connect ECONNREFUSED 127.0.0.1:9324`)
 * or the code says nothing (`Error`).
 */
export function describeAwsFailure(failure: Pick<AwsFailure, 'awsCode' | 'detail'>): string {
  const { awsCode, detail } = failure;
  if (detail === '') return awsCode;
  if (awsCode === 'Error' || detail.includes(awsCode)) return detail;
  return `${awsCode}: ${detail}`;
}

/**
 * Base of the errors that report a failed AWS call — `PublishFailedError`, `ReceiveFailedError`,
 * `QueueLookupFailedError` — each carrying the call's {@link AwsFailure}: branch on `kind` across
 * all of them, and read `advice` for what to do. The SDK's error is the `cause`.
 */
export abstract class AwsCallError extends SqsMegaNodeError {
  /** What the failure means; see {@link AwsFailureKind}. */
  readonly kind: AwsFailureKind;
  /** Whether the same call, made again later with nothing changed, can succeed. */
  readonly retriable: boolean;
  /** The service's error code, the system error code, or the error's name (see {@link AwsFailureFields.awsCode}). */
  readonly awsCode: string;
  /** The HTTP status the service answered with, `undefined` when no answer came. */
  readonly httpStatus: number | undefined;
  /** The whole classification, advice included. */
  readonly failure: AwsFailure;

  protected constructor(message: string, failure: AwsFailure, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.failure = failure;
    this.kind = failure.kind;
    this.retriable = failure.retriable;
    this.awsCode = failure.awsCode;
    this.httpStatus = failure.httpStatus;
  }
}
