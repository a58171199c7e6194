/**
 * The one place that builds AWS clients when the user gives none: region and credentials from the
 * SDK's default chain (environment, shared config, SSO, instance/task roles).
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
