/**
 * A stand-in for the matching worker that runs the same handler on the page's thread, answering
 * asynchronously like a worker. For tests and environments without module workers: it has no
 * protection against slow patterns.
 */
import { createMatchHandler } from './match-handler.js';
import type { WorkerLike } from './match-engine.js';
import type { WorkerReply } from './protocol.js';

export function createInProcessWorker(): WorkerLike {
  const listeners: ((event: MessageEvent<WorkerReply>) => void)[] = [];
  let terminated = false;
  const handle = createMatchHandler(
    (reply) => {
      setTimeout(() => {
        if (!terminated) for (const listener of listeners) listener({ data: reply } as MessageEvent<WorkerReply>);
      }, 0);
    },
    () => performance.now(),
  );
  return {
    postMessage: (request) => {
      setTimeout(() => {
        if (!terminated) handle(request);
      }, 0);
    },
    addEventListener: (_type, listener) => {
      listeners.push(listener);
    },
    terminate: () => {
      terminated = true;
    },
  };
}
