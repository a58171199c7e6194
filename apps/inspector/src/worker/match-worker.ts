/**
 * The matching worker's entry point. It runs apart from the page so a catastrophic regex or a
 * hostile pattern can only stall this worker, which the page terminates after a deadline.
 */
import { createMatchHandler } from './match-handler.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: MessageEvent<WorkerRequest>) => void): void;
  postMessage(message: WorkerReply, transfer: Transferable[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const handle = createMatchHandler(
  (reply, transfer) => scope.postMessage(reply, transfer),
  () => performance.now(),
);
scope.addEventListener('message', (event) => handle(event.data));
