/**
 * `contractSubscriber`: an event subscriber for one contract, or several versions of one event,
 * whose handler gets the payload typed — and validated — by the contract's schemas. A message
 * that claims the contract but breaks it never reaches the handler: it settles as the subscriber
 * chose (`onViolation`), carried by a {@link ContractViolationError} the runtimes report as a
 * violation (counted, emitted), not as a crash.
 */
import { ProcessStatus, isProcessStatus } from '../dispatch/process-status.js';
import type { MessageContext } from '../dispatch/message-context.js';
import { eventSubscriber, type EventSubscriber, type ProcessResult, type SubscriberOptions } from '../dispatch/subscriber.js';
import { oneOf } from '../matcher/dsl.js';
import type { EventPatternAttributes } from '../matcher/event-pattern.js';
import type { MegaPayload } from '../model/payload.js';
import type { ContractPattern, ContractSetAttribute } from './contract-pattern.js';
import { ContractViolationError, type ContractViolation } from './contract-violation.js';
import { ContractInvalidError, type ContractPayload, type ContractResult, type EventContract, type EventDefinition } from './define-event.js';

/** What happens to a message that claims the contract but breaks it. */
export type ViolationPolicy =
  | 'fatal'
  | 'retry'
  | ((violation: ContractViolation, payload: MegaPayload, context: MessageContext) => ProcessResult);

/** Options of {@link contractSubscriber} for contracts `C`. */
export interface ContractSubscriberOptions<C = unknown> extends SubscriberOptions {
  /**
   * More of the event to match, besides the contract's name, version and domain (which it may not
   * name): `{ objectType: 'user', subject: match('eu-'), objectCurrent: { plan: 'pro' } }`.
   * `objectCurrent`, `objectPrevious` and `attributes` are typed by the contract's schemas (their
   * input: the matcher sees the message as it travels). @defaultValue none
   */
  readonly pattern?: ContractPattern<C>;
  /**
   * What happens to a message that claims the contract and breaks it: `'fatal'` — finished
   * (`FATAL_ERROR`, deleted: it will never become valid); `'retry'` — kept (`RETRIABLE_ERROR`, so it
   * reaches the DLQ); or a function whose status settles it. Each is reported as a violation.
   * @defaultValue 'fatal'
   */
  readonly onViolation?: ViolationPolicy;
}

/** The payload type of one contract. */
type PayloadOfContract<C> = C extends { readonly definition: infer D extends EventDefinition } ? ContractPayload<D> : never;

/**
 * The payload type of a contract, or of a list of contracts: the union of each one's payload.
 * (Each element on its own: inferring one definition from the list would intersect the versions'
 * definitions, and make `event.version` `never`.)
 */
export type PayloadOfContracts<C> = C extends readonly (infer E)[] ? PayloadOfContract<E> : PayloadOfContract<C>;

type Contracts = EventContract<EventDefinition> | readonly EventContract<EventDefinition>[];

function patternOf(contracts: readonly EventContract[], extra: EventPatternAttributes | undefined): EventPatternAttributes {
  const first = contracts[0]!;
  const versions = [...new Set(contracts.map((c) => c.version as number))];
  const base: EventPatternAttributes = { ...extra, name: first.name, version: versions.length === 1 ? versions[0]! : oneOf(...versions) };
  return first.domain === undefined ? base : { ...base, domain: first.domain };
}

const CONTRACT_SET_ATTRIBUTES: readonly ContractSetAttribute[] = ['name', 'eventName', 'version', 'eventVersion', 'domain', 'eventDomain'];

function validateContracts(list: readonly EventContract[], extra: EventPatternAttributes | undefined, onViolation: unknown): void {
  if (onViolation !== 'fatal' && onViolation !== 'retry' && typeof onViolation !== 'function') {
    throw new ContractInvalidError(`onViolation must be 'fatal', 'retry' or a function, got ${JSON.stringify(onViolation) ?? String(onViolation)}`);
  }
  if (list.length === 0) throw new ContractInvalidError('contractSubscriber needs at least one contract');
  const { name, domain } = list[0]!;
  for (const contract of list) {
    if (contract.name !== name) throw new ContractInvalidError(`the contracts of one subscriber must be versions of one event: ${name} and ${contract.name}`);
    if (contract.domain !== domain) throw new ContractInvalidError(`the versions of ${name} disagree on the domain (${String(domain)} and ${String(contract.domain)})`);
  }
  const ids = list.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) throw new ContractInvalidError(`${twice} is given twice`);
  for (const key of CONTRACT_SET_ATTRIBUTES) {
    if (extra !== undefined && key in extra) throw new ContractInvalidError(`pattern may not name ${key}: the contracts set it`);
  }
}

/**
 * An event subscriber for a contract (or versions of one event: `[v1, v2]`, the payload typed as
 * their union; `payload.event.version` narrows `payload.event`, but TypeScript does not narrow the
 * rest of the payload by a nested property, so code that needs one version's object fields is
 * simplest as a subscriber per version).
 *
 * @example
 * ```ts
 * listener.register(contractSubscriber(userUpdated, async (payload) => {
 *   await saveUser(payload.object.current); // typed by the schema's output
 * }));
 * ```
 * @throws ContractInvalidError (code `CONTRACT_INVALID`): no contract, contracts of different events,
 *   or a `pattern` naming the name, version or domain.
 */
export function contractSubscriber<const C extends Contracts>(
  contracts: C,
  process: (payload: PayloadOfContracts<C>, context: MessageContext) => ProcessResult,
  options: ContractSubscriberOptions<C> = {},
): EventSubscriber {
  const list: readonly EventContract[] = Array.isArray(contracts) ? (contracts as readonly EventContract[]) : [contracts as EventContract];
  const { pattern, onViolation = 'fatal', ...subscriberOptions } = options;
  // The typed form narrows the matcher's own: what it holds is an event pattern.
  const extra = pattern as EventPatternAttributes | undefined;
  validateContracts(list, extra, onViolation);

  const violated = async (violation: ContractViolation, payload: MegaPayload, context: MessageContext): Promise<never> => {
    if (onViolation === 'fatal') throw new ContractViolationError(violation, ProcessStatus.FATAL_ERROR, 'The message is finished with (it will not become valid).');
    if (onViolation === 'retry') throw new ContractViolationError(violation, ProcessStatus.RETRIABLE_ERROR, 'The message is kept: it reaches the dead-letter queue.');
    const chosen = await onViolation(violation, payload, context);
    const status = chosen === undefined || chosen === null ? ProcessStatus.DONE : chosen;
    throw new ContractViolationError(violation, isProcessStatus(status) ? status : ProcessStatus.FATAL_ERROR);
  };

  const settle = (result: ContractResult<EventDefinition>, payload: MegaPayload, context: MessageContext): ProcessResult =>
    result.ok ? process(result.payload as PayloadOfContracts<C>, context) : violated(result.violation, payload, context);

  // Synchronous while the schemas are: a promise only where the handler or an asynchronous schema makes one.
  const run = (payload: MegaPayload, context: MessageContext): ProcessResult => {
    const contract = list.length === 1 ? list[0]! : (list.find((c) => c.claims(payload)) ?? list[0]!);
    let result: ContractResult<EventDefinition>;
    try {
      result = contract.parse(payload);
    } catch {
      return contract.parseAsync(payload).then((settled) => settle(settled, payload, context)); // an asynchronous schema
    }
    return settle(result, payload, context);
  };
  const name = subscriberOptions.name ?? (typeof process === 'function' && process.name !== '' ? process.name : `contract:${list.map((c) => c.id).join('|')}`);
  return eventSubscriber(patternOf(list, extra), run, { ...subscriberOptions, name });
}
