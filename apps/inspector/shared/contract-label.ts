/**
 * What the inspector says about a captured message and the event contracts it was started with
 * (`--contracts`): which contract the message claims and keeps, the violation when it breaks it,
 * or that no contract claims it. Computed in the contracts worker with the same core code a
 * subscriber runs (`decodeBody`, then `contract.claims` and `contract.parseAsync`); plain data, so
 * it crosses `postMessage`.
 */
import { decodeBody, isEventContract, type EventContract, type SchemaIssue } from '@sqs-mega/core';

/** A captured message against the contracts: only MEGA events get one. */
export type ContractLabel =
  /** Claims `contract` (`name@version`) and keeps its schemas. */
  | { readonly kind: 'valid'; readonly contract: string }
  /** Claims `contract` and breaks it: each issue with its path from the document's root. */
  | { readonly kind: 'violation'; readonly contract: string; readonly issues: readonly SchemaIssue[] }
  /** A MEGA event that no contract claims. */
  | { readonly kind: 'none' }
  /** Not a MEGA event (data, text, bytes): contracts do not apply. */
  | { readonly kind: 'not-mega' };

/** What the app posts to the contracts worker: the bodies to label, and an id its reply repeats. */
export interface ContractsRequest {
  readonly id: number;
  readonly bodies: readonly string[];
}

/**
 * A contract as the page sees it: what names it and the event pattern that routes it (the
 * contract's own `pattern`: name, version, domain), plain data for `postMessage`.
 */
export interface ContractSummary {
  /** `name@version`. */
  readonly id: string;
  readonly name: string;
  readonly version: number;
  /** The domain, when the contract names one. */
  readonly domain?: string;
  /** The contract's event pattern, as an event subscriber's JSON pattern. */
  readonly pattern: Readonly<Record<string, unknown>>;
}

/** A contract's summary. */
export function summaryOf(contract: EventContract): ContractSummary {
  const pattern = JSON.parse(JSON.stringify(contract.pattern)) as Record<string, unknown>;
  const base = { id: contract.id, name: contract.name, version: contract.version as number, pattern };
  return contract.domain === undefined ? base : { ...base, domain: contract.domain as string };
}

/** The contracts worker's reply: the contracts it found, and one label per body of the request, in order. */
export interface ContractsReply {
  readonly id: number;
  readonly contracts: readonly ContractSummary[];
  readonly labels: readonly ContractLabel[];
}

/**
 * The contracts a module exports: every export that is an event contract, or an array of them
 * (`export const contracts = [userUpdatedV1, userUpdatedV2]`), in export order, each once.
 */
export function contractsOf(exports: Readonly<Record<string, unknown>>): EventContract[] {
  const found = new Set<EventContract>();
  for (const value of Object.values(exports)) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (isEventContract(item)) found.add(item);
    }
  }
  return [...found];
}

/** Labels one body: decoded by core, then checked by the first contract that claims it. */
export async function labelBody(contracts: readonly EventContract[], body: string): Promise<ContractLabel> {
  const decoded = decodeBody(body);
  if (decoded.kind !== 'mega') return { kind: 'not-mega' };
  const claiming = contracts.find((contract) => contract.claims(decoded.payload));
  if (claiming === undefined) return { kind: 'none' };
  const result = await claiming.parseAsync(decoded.payload);
  if (result.ok) return { kind: 'valid', contract: claiming.id };
  // Copied out of the schema library's objects, so that only plain data crosses postMessage.
  const issues = result.violation.issues.map((issue) => ({ path: [...issue.path], message: String(issue.message) }));
  return { kind: 'violation', contract: result.violation.contract, issues };
}
