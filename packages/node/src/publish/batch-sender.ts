/**
 * Sends planned batches through one batch call (SendMessageBatch or PublishBatch): up to
 * `concurrency` calls in flight, retries of only what can succeed later — entries or calls failed by
 * the service's fault, throttling or a broken connection (with backoff, bounded by `maxAttempts`) —
 * and one result per entry, none ever dropped. A call failure every call would meet (region,
 * credentials, permission, endpoint unreachable, queue or topic missing: `systemic` in
 * aws-failure.ts) stops the run: the batches not sent yet are reported with it. On a FIFO queue or topic, a batch waits for the earlier batches that share
 * one of its message groups, retries included, so every group keeps its order.
 */
import { type AwsCallContext, type AwsFailure, awsFailure, classifyAwsError, classifyBatchEntryFailure } from '../aws-failure.js';
import { backoffDelay, sleep } from '../backoff.js';
import type { BatchSource } from './batch-plan.js';
import type { OutgoingMessage } from './outgoing-message.js';
import { type PublishEntryError, PublishAbortedError, PublishFailedError, type PublishService } from './publish-errors.js';
import type { ResolvedBatchOptions } from './publish-options.js';

/** The entry ids of a batch call: an entry's id is its position, `'0'` … `'9'`. */
export const BATCH_ENTRY_IDS: readonly string[] = Array.from({ length: 10 }, (_, k) => String(k));

/** What a batch call reported, by entry id (the entry's position in the call). */
export interface BatchCallOutcome {
  readonly successful: readonly { readonly id: string; readonly messageId: string; readonly sequenceNumber?: string | undefined }[];
  readonly failed: readonly { readonly id: string; readonly code: string; readonly detail?: string | undefined; readonly senderFault: boolean }[];
}

/**
 * Makes one batch call (the publishers map messages to their SDK command), the message at
 * position `k` with the id `BATCH_ENTRY_IDS[k]`.
 */
export type BatchCall = (messages: readonly OutgoingMessage[], signal: AbortSignal | undefined) => Promise<BatchCallOutcome>;

/** The result of one `publishBatch` entry, at its input index. */
export type PublishBatchEntryResult =
  | {
      /** The entry's index in the input. */
      readonly index: number;
      readonly ok: true;
      /** The id the service gave the message. */
      readonly messageId: string;
      /** FIFO only (and not reported by ElasticMQ): the message's sequence number. */
      readonly sequenceNumber?: string;
      /** Calls that carried the entry (1 unless it was retried). */
      readonly attempts: number;
    }
  | {
      /** The entry's index in the input. */
      readonly index: number;
      readonly ok: false;
      /** Why it was not published; branch on `error.code`. */
      readonly error: PublishEntryError;
      /** Calls that carried the entry (0: refused before any call, or not sent). */
      readonly attempts: number;
    };

/** What `publishBatch` resolves to. */
export interface PublishBatchResult {
  /** One result per input entry, in input order (`results[i].index === i`). */
  readonly results: readonly PublishBatchEntryResult[];
  /** Entries the service took. */
  readonly succeeded: number;
  /** Entries not published (invalid, refused, failed after retries, or aborted). */
  readonly failed: number;
}

/** Options of {@link sendBatches}. */
export interface SendBatchesOptions extends ResolvedBatchOptions {
  readonly service: PublishService;
  /** The queue URL or topic ARN, named in the advice of failures. @defaultValue none */
  readonly resource?: string | undefined;
  readonly fifo: boolean;
  /** For tests: the jitter's random source. */
  readonly random?: () => number;
  /** Called with each entry's result once it is final (after its last attempt). @defaultValue none */
  readonly onResult?: ((result: PublishBatchEntryResult) => void) | undefined;
}

/** The batch call of each service, for the advice of failures (the permission it needs). */
const BATCH_ACTION: Record<PublishService, string> = { SQS: 'SendMessageBatch', SNS: 'PublishBatch' };

/** Attempts the SDK made, from an SDK error's metadata (1 when unknown). */
export function sdkAttempts(error: unknown): number {
  const attempts = (error as { $metadata?: { attempts?: unknown } } | null)?.$metadata?.attempts;
  return typeof attempts === 'number' && attempts > 0 ? attempts : 1;
}

/**
 * Sends the batches `source` hands out (indexes into `messages`, which it fills as it prepares
 * them) with `call`, writing each entry's result into `results` at its index and releasing the
 * message once that result is final. When the run stops early (abort, or an error every call would
 * meet), the entries not handed out yet are reported without being prepared. Rejects only if
 * `source` throws; every outcome of a call, aborts included, becomes a result.
 */
export async function sendBatches(
  messages: (OutgoingMessage | undefined)[],
  source: BatchSource,
  call: BatchCall,
  results: (PublishBatchEntryResult | undefined)[],
  options: SendBatchesOptions,
): Promise<void> {
  const { service, signal, maxAttempts } = options;
  const context: AwsCallContext = { service, action: BATCH_ACTION[service], resource: options.resource };
  /** Set by the first systemic failure (every later call would meet it): the batches not yet sent are reported with it. */
  let stopped: { failure: AwsFailure; cause: unknown } | undefined;

  const record = (result: PublishBatchEntryResult) => {
    results[result.index] = result;
    options.onResult?.(result);
  };
  const fail = (index: number, error: PublishEntryError, attempts: number) => {
    record({ index, ok: false, error, attempts });
  };
  const abort = (indexes: readonly number[], mayHaveBeenSent: boolean, attempts: number) => {
    for (const index of indexes) fail(index, new PublishAbortedError(mayHaveBeenSent, signal?.reason), attempts);
  };

  async function runBatch(batch: readonly number[]): Promise<void> {
    // Retries carry a subset of the previous call's entries: every pending entry was carried by
    // each of the `attempt − 1` calls before this one.
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) return abort(pending, false, attempt - 1);
      if (stopped) {
        const { failure, cause } = stopped;
        for (const i of pending) fail(i, new PublishFailedError(service, failure, attempt - 1, { cause, notSent: true }), attempt - 1);
        return;
      }
      let retry: number[] = [];
      try {
        const outcome = await call(
          pending.map((index) => messages[index]!),
          signal,
        );
        const seen = new Array<boolean>(pending.length).fill(false);
        for (const ok of outcome.successful) {
          const k = Number(ok.id);
          const index = pending[k];
          if (index === undefined || seen[k]) continue;
          seen[k] = true;
          record(
            ok.sequenceNumber === undefined
              ? { index, ok: true, messageId: ok.messageId, attempts: attempt }
              : { index, ok: true, messageId: ok.messageId, sequenceNumber: ok.sequenceNumber, attempts: attempt },
          );
        }
        for (const bad of outcome.failed) {
          const k = Number(bad.id);
          const index = pending[k];
          if (index === undefined || seen[k]) continue;
          seen[k] = true;
          const failure = classifyBatchEntryFailure({ code: bad.code, senderFault: bad.senderFault, message: bad.detail }, context);
          if (failure.retriable && attempt < maxAttempts) {
            retry.push(index);
          } else {
            fail(index, new PublishFailedError(service, failure, attempt), attempt);
          }
        }
        // An entry the response does not mention was not confirmed: never drop it silently.
        pending.forEach((index, k) => {
          if (seen[k]) return;
          const failure = awsFailure('service-fault', 'MissingFromResponse', 'the batch response did not mention this entry', context);
          if (attempt < maxAttempts) {
            retry.push(index);
          } else {
            fail(index, new PublishFailedError(service, failure, attempt), attempt);
          }
        });
      } catch (error) {
        if (signal?.aborted) return abort(pending, true, attempt);
        const failure = classifyAwsError(error, context);
        if (failure.systemic) stopped ??= { failure, cause: error };
        if (failure.retriable && attempt < maxAttempts) {
          retry = [...pending];
        } else {
          for (const i of pending) fail(i, new PublishFailedError(service, failure, attempt, { cause: error }), attempt);
          return;
        }
      }
      if (retry.length === 0) return;
      pending = retry;
      try {
        await sleep(backoffDelay(attempt, options.backoff, options.random), signal);
      } catch {
        return abort(pending, false, attempt);
      }
    }
  }

  // FIFO: a batch waits for the earlier batches holding any of its groups (their retries included).
  const lastOfGroup = new Map<string, Promise<void>>();
  function dependencies(batch: readonly number[]): { waitFor: Promise<void>[]; finish: () => void } {
    let finish = () => {};
    if (!options.fifo) return { waitFor: [], finish };
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const groups = new Set(batch.map((index) => messages[index]?.groupId ?? ''));
    const waitFor = new Set<Promise<void>>();
    for (const group of groups) {
      const previous = lastOfGroup.get(group);
      if (previous) waitFor.add(previous);
    }
    // Only after collecting: a batch holding a group twice must not wait for itself.
    for (const group of groups) lastOfGroup.set(group, finished);
    return { waitFor: [...waitFor], finish };
  }

  let exhausted = false;
  const worker = async (): Promise<void> => {
    while (!exhausted) {
      if (signal?.aborted || stopped) {
        exhausted = true;
        const rest = source.drain();
        if (stopped) {
          const { failure, cause } = stopped;
          for (const i of rest) fail(i, new PublishFailedError(service, failure, 0, { cause, notSent: true }), 0);
        } else {
          abort(rest, false, 0);
        }
        return;
      }
      // Taken synchronously, so batches start in input order and FIFO dependencies stay in order.
      let batch: readonly number[] | undefined;
      try {
        batch = source.next();
      } catch (error) {
        exhausted = true; // the other workers finish their calls; then sendBatches rejects
        throw error;
      }
      if (batch === undefined) {
        exhausted = true;
        return;
      }
      const { waitFor, finish } = dependencies(batch);
      try {
        if (waitFor.length > 0) await Promise.all(waitFor);
        await runBatch(batch);
      } catch (error) {
        // A bug of ours, not the service's answer: still report every entry of the batch.
        const failure = classifyAwsError(error, context);
        for (const i of batch) if (results[i] === undefined) fail(i, new PublishFailedError(service, failure, 0, { cause: error }), 0);
      } finally {
        for (const i of batch) messages[i] = undefined; // every entry is final: let its body go
        finish();
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: options.concurrency }, worker));
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
}

/** Counts a complete result list into a {@link PublishBatchResult}. */
export function summarize(results: readonly PublishBatchEntryResult[]): PublishBatchResult {
  let succeeded = 0;
  for (const r of results) if (r.ok) succeeded++;
  return { results, succeeded, failed: results.length - succeeded };
}
