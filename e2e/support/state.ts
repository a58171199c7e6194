/** What global setup started, handed to the tests through the `E2E_STATE` environment variable. */
export interface E2eState {
  /** The inspector with writes allowed (local ElasticMQ with the demo queues). */
  readonly writable: { readonly url: string; readonly origin: string };
  /** A read-only inspector on the same ElasticMQ. */
  readonly readOnly: { readonly url: string; readonly origin: string };
  readonly endpoint: string;
  readonly region: string;
  readonly demoQueues: readonly { readonly name: string; readonly messages: number }[];
  readonly inbox: { readonly url: string; readonly count: number };
}

export function e2eState(): E2eState {
  const text = process.env['E2E_STATE'];
  if (text === undefined) throw new Error('e2e: E2E_STATE is not set; run the suite with `npx playwright test` (global setup sets it).');
  return JSON.parse(text) as E2eState;
}
