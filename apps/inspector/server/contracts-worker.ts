/**
 * The contracts worker's loop, bundled by the bridge together with the user's contracts module
 * (see `contracts-bundle.ts`) and run in a Web Worker of the app: it answers each
 * `ContractsRequest` with one `ContractLabel` per body and the contracts it has. It runs no I/O and touches no
 * Node built-in: it is browser code that lives next to the bridge because the bridge bundles it.
 */
import { contractsOf, labelBody, summaryOf, type ContractsReply, type ContractsRequest } from '../shared/contract-label.js';

interface WorkerScope {
  addEventListener(type: 'message', listener: (event: { readonly data: ContractsRequest }) => void): void;
  postMessage(message: ContractsReply): void;
}

/** Answers the app's requests with the contracts among `exports` (a module's namespace). */
export function serveContractLabels(exports: Readonly<Record<string, unknown>>): void {
  const contracts = contractsOf(exports);
  const summaries = contracts.map(summaryOf);
  const scope = globalThis as unknown as WorkerScope;
  scope.addEventListener('message', (event) => {
    const { id, bodies } = event.data;
    void Promise.all(bodies.map((body) => labelBody(contracts, body))).then((labels) => scope.postMessage({ id, contracts: summaries, labels }));
  });
}
