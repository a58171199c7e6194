/**
 * The one place that builds AWS clients when the user gives none (region and credentials from the
 * SDK's default chain: environment, shared config, SSO, instance/task roles), and that says how a
 * call passes its signal.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';

/** An SQS client from the default credential chain (or the given client, unchanged). */
export function sqsClientOrDefault(client: SQSClient | undefined): SQSClient {
  return client ?? new SQSClient({});
}

/** An SNS client from the default credential chain (or the given client, unchanged). */
export function snsClientOrDefault(client: SNSClient | undefined): SNSClient {
  return client ?? new SNSClient({});
}

/**
 * The per-call options of `client.send` for a caller's optional signal: `undefined` without one.
 * Any options object, even `{}`, makes the SDK resolve the command's middleware stack again (about
 * 40 µs of CPU), which a client created with `cacheMiddleware: true` would otherwise skip.
 */
export function callOptions(signal: AbortSignal | undefined): { abortSignal: AbortSignal } | undefined {
  return signal ? { abortSignal: signal } : undefined;
}
