// classifyAwsError over errors the real AWS SDK throws: clients with no region, no credentials, an
// invalid endpoint, a closed port, a host that does not resolve, and a tiny local endpoint answering
// throttling, 5xx, credential and permission errors (which no real local server produces on demand).
// The missing queue against a real ElasticMQ is in test/aws-failures.test.ts.
import { type SQSClientConfig, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPort,
  type FakeAwsEndpoint,
  snsXmlError,
  sqsJsonError,
  startFakeAwsEndpoint,
  withoutAwsSettings,
} from '../test/helpers/fake-aws-endpoint.js';
import { AWS_FAILURE_KINDS, type AwsFailure, awsFailure, classifyAwsError, classifyBatchEntryFailure, describeAwsFailure } from './aws-failure.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const queueUrl = 'http://127.0.0.1:9/000000000000/orders';

/** What `client.send(SendMessage)` throws with this client configuration (no SDK retries). */
async function sqsError(config: SQSClientConfig): Promise<unknown> {
  const client = new SQSClient({ maxAttempts: 1, ...config });
  try {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }));
  } catch (error) {
    return error;
  } finally {
    client.destroy();
  }
  throw new Error('expected the call to fail');
}

let fake: FakeAwsEndpoint;
let restoreEnv: () => void;
beforeAll(async () => {
  fake = await startFakeAwsEndpoint();
  restoreEnv = withoutAwsSettings();
});
afterAll(async () => {
  restoreEnv?.();
  await fake?.close();
});

const context = { service: 'SQS', action: 'SendMessage', resource: queueUrl } as const;

describe('classifyAwsError on errors a client makes without a server', () => {
  it('calls a client with no region a configuration failure that says how to set one', async () => {
    const error = await sqsError({ credentials, endpoint: fake.endpoint });
    expect((error as Error).message).toBe('Region is missing');
    const failure = classifyAwsError(error, context);
    expect(failure).toMatchObject({ kind: 'configuration', retriable: false, systemic: true, awsCode: 'Error', detail: 'Region is missing' });
    expect(failure.httpStatus).toBeUndefined();
    expect(failure.advice).toMatch(/No AWS region is configured/);
    expect(failure.advice).toMatch(/AWS_REGION/);
    expect(failure.advice).toContain("region: 'eu-west-1'");
  });

  it('calls a region that is not a region name a configuration failure', async () => {
    const failure = classifyAwsError(await sqsError({ region: 'eu west 1', credentials, endpoint: fake.endpoint }));
    expect(failure).toMatchObject({ kind: 'configuration', retriable: false });
    expect(failure.advice).toMatch(/not a region name/);
  });

  it('calls an endpoint that is not a URL a configuration failure naming AWS_ENDPOINT_URL_SQS', async () => {
    const failure = classifyAwsError(await sqsError({ region: 'us-east-1', credentials, endpoint: 'not a url' }));
    expect(failure).toMatchObject({ kind: 'configuration', awsCode: 'ERR_INVALID_URL' });
    expect(failure.advice).toMatch(/not a valid URL.*AWS_ENDPOINT_URL_SQS/);
  });

  it('calls a credential chain that found nothing a credentials failure that lists the ways to give some', async () => {
    const error = await sqsError({ region: 'us-east-1', endpoint: fake.endpoint });
    expect(error).toMatchObject({ name: 'CredentialsProviderError', message: expect.stringMatching(/Could not load credentials/) });
    const failure = classifyAwsError(error, context);
    expect(failure).toMatchObject({ kind: 'credentials', retriable: false, systemic: true, awsCode: 'CredentialsProviderError' });
    expect(failure.advice).toMatch(/No AWS credentials were found/);
    expect(failure.advice).toMatch(/AWS_ACCESS_KEY_ID.*AWS_PROFILE/);
  });

  it('calls a refused connection endpoint-unreachable, naming the address and the local server to start', async () => {
    const port = await closedPort();
    const error = await sqsError({ region: 'us-east-1', credentials, endpoint: `http://127.0.0.1:${port}` });
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    const failure = classifyAwsError(error, context);
    expect(failure).toMatchObject({ kind: 'endpoint-unreachable', retriable: false, systemic: true, awsCode: 'ECONNREFUSED' });
    expect(failure.advice).toContain(`127.0.0.1:${port}`);
    expect(failure.advice).toMatch(/start the local server/);
    expect(failure.advice).toMatch(/AWS_ENDPOINT_URL_SQS/);
  });

  it('calls a host name that does not resolve endpoint-unreachable, naming the host', async () => {
    const error = await sqsError({ region: 'us-east-1', credentials, endpoint: 'http://sqs.invalid:9324' });
    const code = (error as { code?: string }).code;
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(code);
    const failure = classifyAwsError(error, context);
    expect(failure).toMatchObject({ kind: 'endpoint-unreachable', awsCode: code });
    expect(failure.advice).toContain('The host sqs.invalid does not resolve');
  });

  it('names the endpoint of the context over the address of the error', async () => {
    const port = await closedPort();
    const error = await sqsError({ region: 'us-east-1', credentials, endpoint: `http://127.0.0.1:${port}` });
    expect(classifyAwsError(error, { endpoint: `http://127.0.0.1:${port}` }).advice).toContain(`at http://127.0.0.1:${port}:`);
  });

  it('calls an aborted call aborted, not a network failure', async () => {
    const client = new SQSClient({ region: 'us-east-1', credentials, endpoint: fake.endpoint });
    fake.answer = 'hang';
    const error = await client
      .send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x' }), { abortSignal: AbortSignal.timeout(50) })
      .catch((e: unknown) => e);
    client.destroy();
    expect(classifyAwsError(error)).toMatchObject({ kind: 'aborted', retriable: false });
  });
});

describe('classifyAwsError on answers of a (fake) service', () => {
  afterEach(() => {
    fake.answer = { status: 200, body: '{}' };
  });
  const answered = async (answer: FakeAwsEndpoint['answer']): Promise<AwsFailure> => {
    fake.answer = answer;
    return classifyAwsError(await sqsError({ region: 'us-east-1', credentials, endpoint: fake.endpoint }), context);
  };

  it.each([
    ['RequestThrottled', sqsJsonError(400, 'RequestThrottled', 'Rate exceeded', 'RequestThrottled;Sender')],
    ['ThrottlingException', sqsJsonError(400, 'ThrottlingException', 'Rate exceeded')],
    ['HTTP 429', { status: 429, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' }],
  ])('calls %s throttled and retriable', async (_, answer) => {
    const failure = await answered(answer);
    expect(failure).toMatchObject({ kind: 'throttled', retriable: true, systemic: false });
    expect(failure.advice).toMatch(/throttling/);
  });

  it.each([
    ['InternalError (500)', sqsJsonError(500, 'InternalError', 'boom', 'InternalError;Receiver'), 500, 'InternalError'],
    ['ServiceUnavailable (503)', sqsJsonError(503, 'ServiceUnavailable', 'down', 'ServiceUnavailable;Receiver'), 503, 'ServiceUnavailable'],
    ['an empty 503', { status: 503 }, 503, 'HTTP 503'],
    ['a 503 HTML page from a load balancer', { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>Service Unavailable</html>' }, 503, 'HTTP 503'],
  ])('calls %s a retriable service fault with its status', async (_, answer, status, awsCode) => {
    const failure = await answered(answer);
    expect(failure).toMatchObject({ kind: 'service-fault', retriable: true, systemic: false, httpStatus: status, awsCode });
    expect(failure.advice).toContain(`HTTP ${status}`);
  });

  it.each([
    ['UnrecognizedClientException', sqsJsonError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.'), /does not accept these credentials/],
    ['InvalidClientTokenId', sqsJsonError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'), /does not accept these credentials/],
    ['SignatureDoesNotMatch', sqsJsonError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match', 'SignatureDoesNotMatch;Sender'), /does not accept these credentials/],
    ['ExpiredTokenException', sqsJsonError(400, 'ExpiredTokenException', 'The security token included in the request is expired'), /expired.*clock/],
  ])('calls %s a credentials failure', async (_, answer, advice) => {
    const failure = await answered(answer);
    expect(failure).toMatchObject({ kind: 'credentials', retriable: false, systemic: true });
    expect(failure.advice).toMatch(advice);
  });

  it('calls AccessDenied access-denied, naming the permission of the action', async () => {
    const failure = await answered(sqsJsonError(403, 'AccessDeniedException', 'User: x is not authorized to perform: sqs:sendmessage'));
    expect(failure).toMatchObject({ kind: 'access-denied', retriable: false, systemic: true, httpStatus: 403, awsCode: 'AccessDeniedException' });
    expect(failure.advice).toContain('grant sqs:SendMessage');
  });

  it('calls QueueDoesNotExist (and its query-compatible code) not-found, naming the queue and how to create it', async () => {
    const failure = await answered(sqsJsonError(400, 'QueueDoesNotExist', 'The specified queue does not exist.', 'AWS.SimpleQueueService.NonExistentQueue;Sender'));
    expect(failure).toMatchObject({ kind: 'not-found', retriable: false, systemic: true, awsCode: 'QueueDoesNotExist', httpStatus: 400 });
    expect(failure.advice).toContain(`The queue ${queueUrl} does not exist`);
    expect(failure.advice).toContain('aws sqs create-queue --queue-name orders');
  });

  it('calls a parameter SQS refuses request-invalid: fix the message, do not retry', async () => {
    const failure = await answered(sqsJsonError(400, 'InvalidParameterValue', 'bad delay', 'InvalidParameterValue;Sender'));
    expect(failure).toMatchObject({ kind: 'request-invalid', retriable: false, systemic: false, awsCode: 'InvalidParameterValue', detail: 'bad delay' });
    expect(failure.advice).toMatch(/fix the message or the options/);
  });

  it('calls an endpoint answering 404 with a web page a configuration failure: not the service', async () => {
    const failure = await answered({ status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' });
    expect(failure).toMatchObject({ kind: 'configuration', httpStatus: 404 });
    expect(failure.advice).toMatch(/not an SQS answer/);
  });

  it('calls a request that times out, and a connection the server resets, network failures: retriable', async () => {
    fake.answer = 'hang';
    const timedOut = classifyAwsError(
      await sqsError({ region: 'us-east-1', credentials, endpoint: fake.endpoint, requestHandler: { requestTimeout: 100, throwOnRequestTimeout: true } }),
    );
    expect(timedOut).toMatchObject({ kind: 'network', retriable: true, systemic: false });
    fake.answer = 'reset';
    const reset = classifyAwsError(await sqsError({ region: 'us-east-1', credentials, endpoint: fake.endpoint }));
    expect(reset).toMatchObject({ kind: 'network', retriable: true, awsCode: 'ECONNRESET' });
    expect(reset.advice).toMatch(/broke or timed out \(ECONNRESET\): retrying usually works/);
  });

  it('reads SNS XML errors the same way: NotFound, AuthorizationError, Throttling, InternalError', async () => {
    const sns = new SNSClient({ region: 'us-east-1', credentials, endpoint: fake.endpoint, maxAttempts: 1 });
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:orders';
    const publishError = async (answer: FakeAwsEndpoint['answer']) => {
      fake.answer = answer;
      const error = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: 'x' })).catch((e: unknown) => e);
      return classifyAwsError(error, { service: 'SNS', action: 'Publish', resource: topicArn });
    };
    const notFound = await publishError(snsXmlError(404, 'NotFound', 'Topic does not exist'));
    expect(notFound).toMatchObject({ kind: 'not-found', awsCode: 'NotFoundException' });
    expect(notFound.advice).toContain('aws sns create-topic --name orders');
    const denied = await publishError(snsXmlError(403, 'AuthorizationError', 'not authorized'));
    expect(denied).toMatchObject({ kind: 'access-denied' });
    expect(denied.advice).toContain('grant sns:Publish');
    expect(await publishError(snsXmlError(400, 'Throttling', 'Rate exceeded'))).toMatchObject({ kind: 'throttled', retriable: true });
    expect(await publishError(snsXmlError(500, 'InternalError', 'boom', 'Receiver'))).toMatchObject({ kind: 'service-fault', httpStatus: 500 });
    sns.destroy();
  });
});

describe('classifyAwsError on shapes', () => {
  it('finds a network code inside an AggregateError and down a cause chain', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 9324 });
    const aggregate = classifyAwsError(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '::1', port: 9324 }), refused]));
    expect(aggregate).toMatchObject({ kind: 'endpoint-unreachable', awsCode: 'ECONNREFUSED' });
    expect(aggregate.advice).toContain('::1:9324');
    expect(classifyAwsError(new Error('request failed', { cause: { cause: Object.assign(new Error('y'), { code: 'EAI_AGAIN', hostname: 'sqs.example' }) } }))).toMatchObject({
      kind: 'endpoint-unreachable',
      awsCode: 'EAI_AGAIN',
    });
  });

  it('calls a TLS mismatch endpoint-unreachable, pointing at the scheme', () => {
    const failure = classifyAwsError(Object.assign(new Error('write EPROTO …wrong version number'), { code: 'EPROTO' }));
    expect(failure.kind).toBe('endpoint-unreachable');
    expect(failure.advice).toMatch(/plain http:\/\//);
  });

  it('calls anything that is not an SDK or network error unknown, and never throws', () => {
    for (const value of [undefined, null, 'boom', 42, {}, new TypeError('x is not a function'), Object.create(null)]) {
      expect(classifyAwsError(value).kind).toBe('unknown');
    }
    expect(classifyAwsError('boom').detail).toBe('boom');
  });

  it('cuts signing details out of the detail', () => {
    const error = Object.assign(new Error('Signature mismatch. The Canonical String for this request should have been POST / Credential=AKIAIOSFODNN7EXAMPLE'), {
      name: 'SignatureDoesNotMatch',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    expect(classifyAwsError(error).detail).toBe('Signature mismatch.');
  });

  it('classifies batch entries by their code first, then by SenderFault', () => {
    expect(classifyBatchEntryFailure({ code: 'InternalError', senderFault: false })).toMatchObject({ kind: 'service-fault', retriable: true, awsCode: 'InternalError' });
    expect(classifyBatchEntryFailure({ code: 'InvalidParameterValue', senderFault: true, message: 'bad' })).toMatchObject({ kind: 'request-invalid', retriable: false, detail: 'bad' });
    expect(classifyBatchEntryFailure({ code: 'RequestThrottled', senderFault: true })).toMatchObject({ kind: 'throttled', retriable: true });
    expect(classifyBatchEntryFailure({ code: 'KmsAccessDenied', senderFault: true })).toMatchObject({ kind: 'access-denied' });
    expect(classifyBatchEntryFailure({ code: 'KmsDisabled', senderFault: true })).toMatchObject({ kind: 'configuration' });
  });

  it('gives every kind its traits, and a failure of a kind its advice', () => {
    expect(Object.entries(AWS_FAILURE_KINDS).filter(([, t]) => t.retriable).map(([k]) => k)).toEqual(['throttled', 'service-fault', 'network']);
    expect(Object.entries(AWS_FAILURE_KINDS).filter(([, t]) => t.systemic).map(([k]) => k)).toEqual([
      'configuration',
      'credentials',
      'access-denied',
      'endpoint-unreachable',
      'not-found',
    ]);
    const missing = awsFailure('service-fault', 'MissingFromResponse', 'no MessageId in the response');
    expect(missing).toMatchObject({ kind: 'service-fault', retriable: true, systemic: false, awsCode: 'MissingFromResponse' });
    expect(missing.advice).toMatch(/retrying later works/);
  });

  it('describes a failure without repeating its code', () => {
    expect(describeAwsFailure({ awsCode: 'QueueDoesNotExist', detail: 'The specified queue does not exist.' })).toBe('QueueDoesNotExist: The specified queue does not exist.');
    expect(describeAwsFailure({ awsCode: 'ECONNREFUSED', detail: 'connect ECONNREFUSED 127.0.0.1:9' })).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(describeAwsFailure({ awsCode: 'Error', detail: 'Region is missing' })).toBe('Region is missing');
    expect(describeAwsFailure({ awsCode: 'Unknown', detail: '' })).toBe('Unknown');
  });
});
