/**
 * The matching worker: holds every captured body decoded once with `@sqs-mega/core`, and answers
 * pattern evaluations and explanations. It runs apart from the page so a catastrophic regex or a
 * hostile pattern can only stall this worker, which the page terminates after a deadline.
 */
import { decodeBody, type DecodedBody } from '@sqs-mega/core';
import { evaluateAll, explainOne } from './evaluate.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
let decoded: DecodedBody[] = [];

function load(bodies: readonly string[], append: boolean): void {
  const started = performance.now();
  const next = bodies.map((body) => decodeBody(body));
  decoded = append ? decoded.concat(next) : next;
  scope.postMessage({ type: 'loaded', total: decoded.length, elapsedMs: performance.now() - started });
}

scope.addEventListener('message', (event) => {
  const request = event.data;
  switch (request.type) {
    case 'reset':
      load(request.bodies, false);
      return;
    case 'append':
      load(request.bodies, true);
      return;
    case 'evaluate': {
      const result = evaluateAll(request.source, decoded, () => performance.now());
      scope.postMessage({ type: 'evaluated', id: request.id, result }, result.ok ? [result.matches.buffer as ArrayBuffer] : []);
      return;
    }
    case 'explain': {
      const body = decoded[request.index];
      if (body === undefined) return;
      scope.postMessage({ type: 'explained', id: request.id, result: explainOne(request.source, body) });
      return;
    }
  }
});
