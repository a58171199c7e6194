import { eventSubscriber, SubscriberAlreadyRegisteredError } from '@sqs-mega/core';
import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { resolveSqsHandlerOptions, type SqsHandlerOptions } from './handler-options.js';
import { createSqsHandler } from './sqs-handler.js';

const subscriber = eventSubscriber({ name: 'a' }, () => undefined, { name: 'onA' });

function optionError(options: unknown): InvalidOptionError {
  try {
    resolveSqsHandlerOptions(options as SqsHandlerOptions);
  } catch (error) {
    if (error instanceof InvalidOptionError) return error;
    throw error;
  }
  throw new Error('no InvalidOptionError');
}

describe('resolveSqsHandlerOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveSqsHandlerOptions({ subscribers: [subscriber] })).toEqual({
      subscribers: [subscriber],
      concurrency: 10,
      fifo: undefined,
      safetyMarginMs: 1000,
      abortGraceMs: 500,
      logger: console,
    });
    expect(resolveSqsHandlerOptions({ subscribers: [subscriber], safetyMarginMs: 3000, logger: false })).toMatchObject({
      abortGraceMs: 1500,
      logger: undefined,
    });
  });

  it('names the first invalid option', () => {
    expect(optionError(undefined).option).toBe('options');
    expect(optionError({}).option).toBe('subscribers');
    expect(optionError({ subscribers: [subscriber], concurrency: 0 }).option).toBe('concurrency');
    expect(optionError({ subscribers: [subscriber], concurrency: 1.5 }).option).toBe('concurrency');
    expect(optionError({ subscribers: [subscriber], fifo: 'yes' }).option).toBe('fifo');
    expect(optionError({ subscribers: [subscriber], safetyMarginMs: -1 }).option).toBe('safetyMarginMs');
    expect(optionError({ subscribers: [subscriber], safetyMarginMs: 500, abortGraceMs: 600 }).option).toBe('abortGraceMs');
    expect(optionError({ subscribers: [subscriber], isRetriable: true }).option).toBe('isRetriable');
    expect(optionError({ subscribers: [subscriber], middleware: () => undefined }).option).toBe('middleware');
    expect(optionError({ subscribers: [subscriber], concurrency: 0 }).code).toBe('OPTION_INVALID');
  });

  it('refuses no subscribers while unrecognized records are deleted (every record would be), not with a handler', () => {
    expect(optionError({ subscribers: [] }).message).toMatch(/every record would be deleted/);
    expect(() => resolveSqsHandlerOptions({ subscribers: [], unrecognized: { handle: () => undefined } })).not.toThrow();
  });
});

describe('createSqsHandler subscribers', () => {
  it('refuses a subscriber given twice, as listener.register does', () => {
    expect(() => createSqsHandler({ subscribers: [subscriber, subscriber] })).toThrow(SubscriberAlreadyRegisteredError);
  });
});
