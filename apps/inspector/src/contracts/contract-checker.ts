/**
 * The page's side of the contracts worker: the bundle the bridge serves (`GET /api/contracts.js`,
 * fetched with the session key) started as a module Worker from a Blob URL, which the page's CSP
 * already allows (`worker-src 'self' blob:`; `script-src` stays `'self'`). Validation runs off the
 * page's thread, with the contracts' own schemas and the same core decoder a subscriber uses.
 */
import { contractsOf, labelBody, summaryOf, type ContractLabel, type ContractSummary, type ContractsReply, type ContractsRequest } from '../../shared/contract-label.js';

/** Labels captured bodies with the contracts the inspector was started with. */
export interface ContractChecker {
  /** One label per body, in order. Rejects when the contracts module failed to load in the worker. */
  label(bodies: readonly string[]): Promise<readonly ContractLabel[]>;
  /** The contracts of the module, in export order. Rejects when the module failed to load in the worker. */
  contracts(): Promise<readonly ContractSummary[]>;
  /** Stops the worker. */
  dispose(): void;
}

/** Runs `script` (the bridge's contracts bundle) in a module Worker. */
export function createWorkerContractChecker(script: string): ContractChecker {
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module', name: 'contracts' });
  const pending = new Map<number, { resolve: (reply: ContractsReply) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | undefined;
  worker.addEventListener('message', (event: MessageEvent<ContractsReply>) => {
    URL.revokeObjectURL(url);
    pending.get(event.data.id)?.resolve(event.data);
    pending.delete(event.data.id);
  });
  worker.addEventListener('error', (event) => {
    failure = new Error(`The contracts module failed in the browser: ${event.message || 'it threw while loading'}. Check the module given to --contracts.`);
    for (const { reject } of pending.values()) reject(failure);
    pending.clear();
  });
  const ask = (bodies: readonly string[]): Promise<ContractsReply> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, bodies: [...bodies] } satisfies ContractsRequest);
    });
  };
  return {
    label: async (bodies) => (await ask(bodies)).labels,
    // Every reply carries the contracts: a request of no bodies asks for them alone.
    contracts: async () => (await ask([])).contracts,
    dispose: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}

/**
 * The same labelling on the page's thread, over a contracts module's exports: for tests and
 * environments without module workers.
 */
export function createInProcessContractChecker(exports: Readonly<Record<string, unknown>>): ContractChecker {
  const contracts = contractsOf(exports);
  const summaries = contracts.map(summaryOf);
  return {
    label: (bodies) => Promise.all(bodies.map((body) => labelBody(contracts, body))),
    contracts: () => Promise.resolve(summaries),
    dispose: () => undefined,
  };
}
