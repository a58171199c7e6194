import { type AwsFailureKind, classifyAwsError } from '@sqs-mega/node';
import { describe, expect, it } from 'vitest';
import { BridgeError } from './bridge-error.js';
import { redactSqsText, toBridgeError } from './sqs-errors.js';

const context = { action: 'ReceiveMessage', queueName: 'orders', endpoint: 'http://127.0.0.1:9324' };

function sdkError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

describe('toBridgeError', () => {
  it('maps QueueDoesNotExist to 404 QUEUE_NOT_FOUND naming the queue and the endpoint', () => {
    const error = toBridgeError(sdkError('QueueDoesNotExist', 'The specified queue does not exist.'), context);
    expect(error).toMatchObject({ code: 'QUEUE_NOT_FOUND', status: 404, sqsCode: 'QueueDoesNotExist' });
    expect(error.message).toContain('"orders"');
    expect(error.message).toContain('http://127.0.0.1:9324');
    expect(error.message).toContain('refresh the queue list');
  });

  it('maps the query-compatible code AWS.SimpleQueueService.NonExistentQueue too', () => {
    const error = Object.assign(new Error('gone'), { name: 'SomeOtherName', Code: 'AWS.SimpleQueueService.NonExistentQueue' });
    expect(toBridgeError(error, context).code).toBe('QUEUE_NOT_FOUND');
  });

  it.each(['AccessDenied', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'UnrecognizedClientException'])(
    'maps %s to 403 ACCESS_DENIED naming the permission',
    (name) => {
      const error = toBridgeError(sdkError(name, 'denied', 403), context);
      expect(error).toMatchObject({ code: 'ACCESS_DENIED', status: 403, sqsCode: name });
      expect(error.message).toContain('sqs:ReceiveMessage');
    },
  );

  it('maps a credential chain that found nothing to ACCESS_DENIED saying how to provide credentials', () => {
    const error = toBridgeError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), context);
    expect(error.code).toBe('ACCESS_DENIED');
    expect(error.message).toContain('AWS_PROFILE');
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9324'), { code: 'ECONNREFUSED' })],
    ['an unknown host', Object.assign(new Error('getaddrinfo ENOTFOUND sqs.example'), { code: 'ENOTFOUND' })],
    ['a timeout', Object.assign(new Error('socket timed out'), { name: 'TimeoutError' })],
    ['a refusal inside an AggregateError', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })], 'connect failed')],
    ['a refusal as the cause', new Error('request failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })],
  ])('maps %s to 502 ENDPOINT_DOWN', (_, error) => {
    const mapped = toBridgeError(error, context);
    expect(mapped).toMatchObject({ code: 'ENDPOINT_DOWN', status: 502 });
    expect(mapped.message).toContain('http://127.0.0.1:9324');
  });

  it('maps parameters SQS refuses to 400 BAD_REQUEST, with a hint for stale receipt handles', () => {
    expect(toBridgeError(sdkError('InvalidParameterValue', 'bad'), context)).toMatchObject({ code: 'BAD_REQUEST', status: 400 });
    expect(toBridgeError(sdkError('ReceiptHandleIsInvalid', 'stale'), context).message).toContain('peek again');
  });

  it('maps anything else to 502 SQS_ERROR with the SQS code, text and HTTP status', () => {
    const error = toBridgeError(sdkError('InternalError', 'boom', 500), context);
    expect(error).toMatchObject({ code: 'SQS_ERROR', status: 502, sqsCode: 'InternalError' });
    expect(error.message).toContain('InternalError: boom');
    expect(error.message).toContain('HTTP 500');
  });

  it('maps a client without a usable region to SQS_ERROR saying how to give the inspector one', () => {
    const error = toBridgeError(new Error('Region is missing'), context);
    expect(error.code).toBe('SQS_ERROR');
    expect(error.message).toContain('Region is missing');
    expect(error.message).toMatch(/--region, or AWS_REGION/);
  });

  it('names the system code of a connection that broke, even when the SDK renamed the error TimeoutError', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', name: 'TimeoutError', $metadata: { attempts: 3 } });
    expect(toBridgeError(reset, context)).toMatchObject({ code: 'ENDPOINT_DOWN', message: expect.stringContaining('(ECONNRESET)') });
  });

  it('maps throttling to SQS_ERROR with the code, not to BAD_REQUEST', () => {
    const error = toBridgeError(Object.assign(sdkError('RequestThrottled', 'Rate exceeded'), { $fault: 'client' }), context);
    expect(error).toMatchObject({ code: 'SQS_ERROR', sqsCode: 'RequestThrottled' });
  });

  it.each<[AwsFailureKind, unknown, string]>([
    ['not-found', Object.assign(sdkError('QueueDoesNotExist', 'gone'), { $fault: 'client' }), 'QUEUE_NOT_FOUND'],
    ['credentials', Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), 'ACCESS_DENIED'],
    ['credentials', Object.assign(sdkError('ExpiredTokenException', 'expired'), { $fault: 'client' }), 'ACCESS_DENIED'],
    ['access-denied', Object.assign(sdkError('AccessDeniedException', 'no', 403), { $fault: 'client' }), 'ACCESS_DENIED'],
    ['endpoint-unreachable', Object.assign(new Error('getaddrinfo ENOTFOUND sqs.invalid'), { code: 'ENOTFOUND' }), 'ENDPOINT_DOWN'],
    ['network', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), 'ENDPOINT_DOWN'],
    ['request-invalid', Object.assign(sdkError('InvalidAttributeName', 'bad'), { $fault: 'client' }), 'BAD_REQUEST'],
    ['configuration', new Error('Region is missing'), 'SQS_ERROR'],
    ['throttled', Object.assign(sdkError('ThrottlingException', 'slow down'), { $fault: 'client' }), 'SQS_ERROR'],
    ['service-fault', Object.assign(sdkError('InternalError', 'boom', 500), { $fault: 'server' }), 'SQS_ERROR'],
    ['unknown', new TypeError('x is not a function'), 'SQS_ERROR'],
  ])('follows @sqs-mega/node: %s → the bridge code it maps to', (kind, error, code) => {
    expect(classifyAwsError(error).kind).toBe(kind);
    expect(toBridgeError(error, context).code).toBe(code);
  });

  it('passes a BridgeError through unchanged', () => {
    const original = new BridgeError('WRITES_DISABLED', 'read-only');
    expect(toBridgeError(original, context)).toBe(original);
  });

  it('never echoes credentials an SQS message quotes', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    const message =
      'The request signature we calculated does not match the signature you provided. ' +
      `Check your AWS Secret Access Key and signing method. The Canonical String for this request should have been 'POST / ... Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sqs/aws4_request ${secret}'`;
    const error = toBridgeError(sdkError('SignatureDoesNotMatch', message, 403), { ...context, secrets: [secret, 'AKIAIOSFODNN7EXAMPLE'] });
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(error.message).toContain('does not match');
  });
});

describe('redactSqsText', () => {
  it('blanks known secrets and access-key-shaped tokens anywhere, and shortens long text', () => {
    expect(redactSqsText('key AKIAIOSFODNN7EXAMPLE is not allowed')).toBe('key [redacted] is not allowed');
    expect(redactSqsText('token s3cr3t-token-value leaked', ['s3cr3t-token-value'])).toBe('token [redacted] leaked');
    expect(redactSqsText('x'.repeat(1000)).length).toBeLessThanOrEqual(301);
  });
});
