/**
 * What the listener and the Lambda handler share: the dispatch options and how they build core's
 * `Dispatcher`, the delivered-message shape, interruptions, FIFO group order, handler failures.
 */
export type { ConsumerOptions } from './consumer-options.js';
export type { DeliveredMessage } from './delivered-message.js';
export { InterruptionError } from './interruption.js';
export { contractViolations, type ContractViolationReport } from './contract-violations.js';
