/**
 * `@sqs-mega/node/lambda`: run SQS MEGA subscribers inside AWS Lambda (issue #9, in progress).
 *
 * @packageDocumentation
 */
export {};
