/**
 * What the matching worker does with each request, apart from the worker plumbing: holds the
 * captured bodies decoded once by `@sqs-mega/core`, evaluates patterns over them and explains one.
 * The worker wires it to `postMessage`; tests run it in-process.
 */
import { decodeBody, type DecodedBody } from '@sqs-mega/core';
import { evaluateAll, explainOne } from './evaluate.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

/** Sends a reply, transferring the listed buffers. */
export type ReplyPort = (reply: WorkerReply, transfer: Transferable[]) => void;

/** A handler for the worker's requests, with its own decoded bodies. */
export function createMatchHandler(reply: ReplyPort, now: () => number): (request: WorkerRequest) => void {
  let decoded: DecodedBody[] = [];
  const load = (bodies: readonly string[], append: boolean): void => {
    const started = now();
    const next = bodies.map((body) => decodeBody(body));
    decoded = append ? decoded.concat(next) : next;
    reply({ type: 'loaded', total: decoded.length, elapsedMs: now() - started }, []);
  };
  return (request) => {
    switch (request.type) {
      case 'reset':
        load(request.bodies, false);
        return;
      case 'append':
        load(request.bodies, true);
        return;
      case 'evaluate': {
        const result = evaluateAll(request.source, decoded, now);
        reply({ type: 'evaluated', id: request.id, result }, result.ok ? [result.matches.buffer as ArrayBuffer] : []);
        return;
      }
      case 'explain': {
        const body = decoded[request.index];
        const result =
          body === undefined
            ? { ok: false as const, problem: { kind: 'pattern' as const, message: 'That message is no longer captured.', path: [] } }
            : explainOne(request.source, body);
        reply({ type: 'explained', id: request.id, result }, []);
        return;
      }
    }
  };
}
