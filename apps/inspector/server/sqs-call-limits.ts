/**
 * Every SQS call the bridge makes has a deadline and a ceiling on the answer it reads. The SDK's
 * own `requestTimeout` only logs a warning by default and never ends a call whose answer drips in
 * a byte at a time, and the SDK buffers a whole answer before parsing it: a hung endpoint would
 * hold a request (and the tab waiting on it) forever, a huge one the bridge's memory. So each call
 * is sent with an `AbortSignal` that fires at its deadline (the SDK then destroys the connection,
 * mid-body included), and its raw answer passes a byte counter that cuts it off past the ceiling.
 */
import { pipeline, Readable, Transform } from 'node:stream';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DeserializeMiddleware, MiddlewareStack } from '@smithy/types';

/** The limits of one call. */
export interface CallLimits {
  /** When to give up on the call, retries included. */
  readonly timeoutMs: number;
  /** The most bytes of the answer's body that are read. */
  readonly maxResponseBytes: number;
  /** Ends the call early as well (the whole request's deadline, say). @defaultValue none */
  readonly signal?: AbortSignal | undefined;
  /** Called with the answer's raw body once it has been read (within the ceiling). @defaultValue none */
  readonly onRawBody?: ((body: Buffer) => void) | undefined;
}

/** Why a call was cut short by its limits rather than failing on its own. */
export class CallLimitError extends Error {
  override readonly name = 'CallLimitError';
  /** `timeout`: no full answer within `timeoutMs`; `too-large`: the answer exceeded `maxResponseBytes`. */
  readonly kind: 'timeout' | 'too-large';
  /** The limit that was reached (ms or bytes). */
  readonly limit: number;

  constructor(kind: CallLimitError['kind'], limit: number, options?: ErrorOptions) {
    super(kind === 'timeout' ? `no answer within ${limit} ms` : `answer larger than ${limit} bytes`, options);
    this.kind = kind;
    this.limit = limit;
  }
}

/** An SDK command, as far as limiting it goes: its own middleware stack. */
export interface LimitableCommand<Input extends object, Output extends object> {
  readonly middlewareStack: MiddlewareStack<Input, Output>;
}

/** Passes `body` through, failing it once more than `maxBytes` have gone by. */
function countedBody(body: Readable, maxBytes: number, onExceeded: () => void, onRawBody: ((body: Buffer) => void) | undefined): Readable {
  let seen = 0;
  const kept: Buffer[] = [];
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) {
        onExceeded();
        done(new CallLimitError('too-large', maxBytes));
        return;
      }
      if (onRawBody !== undefined) kept.push(chunk);
      done(null, chunk);
    },
    flush(done) {
      onRawBody?.(Buffer.concat(kept));
      done();
    },
  });
  pipeline(body, counter, () => undefined);
  return counter;
}

/** The innermost deserialize step: sees the raw HTTP answer before the SDK reads its body. */
function responseCeiling(maxBytes: number, onExceeded: () => void, onRawBody: ((body: Buffer) => void) | undefined): DeserializeMiddleware<object, object> {
  return (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { headers?: Record<string, string | undefined>; body?: unknown };
    const declared = Number(response.headers?.['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      onExceeded();
      if (response.body instanceof Readable) response.body.destroy();
      throw new CallLimitError('too-large', maxBytes);
    }
    if (response.body instanceof Readable) response.body = countedBody(response.body, maxBytes, onExceeded, onRawBody);
    return result;
  };
}

/**
 * Sends `command` within `limits`.
 *
 * @throws CallLimitError when the deadline passed or the answer was too large; else whatever the
 *   SDK threw
 */
export async function sendWithinLimits<Input extends object, Output extends object>(
  sqs: SQSClient,
  command: LimitableCommand<Input, Output>,
  limits: CallLimits,
): Promise<Output> {
  let tooLarge = false;
  (command.middlewareStack as unknown as MiddlewareStack<object, object>).add(
    responseCeiling(limits.maxResponseBytes, () => (tooLarge = true), limits.onRawBody),
    { step: 'deserialize', priority: 'low', name: 'inspectorResponseCeiling', override: true },
  );
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const abortSignal = limits.signal === undefined ? deadline : AbortSignal.any([deadline, limits.signal]);
  try {
    return await (sqs.send as (command: unknown, options: { abortSignal: AbortSignal }) => Promise<Output>)(command, { abortSignal });
  } catch (error) {
    if (tooLarge) throw new CallLimitError('too-large', limits.maxResponseBytes, { cause: error });
    if (deadline.aborted) throw new CallLimitError('timeout', limits.timeoutMs, { cause: error });
    throw error;
  }
}
