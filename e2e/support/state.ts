/** One inspector global setup started. */
export interface InspectorState {
  readonly origin: string;
  readonly port: number;
  /** The suite's session key (`Authorization: Bearer …`), for API calls and new sign-in links. */
  readonly sessionKey: string;
}

/** What global setup started, handed to the tests through the `E2E_STATE` environment variable. */
export interface E2eState {
  /**
   * The inspector with writes allowed (local ElasticMQ with the demo queues), with a session of
   * the suite's own (its launch token spent): tests open links made with it.
   */
  readonly writable: InspectorState;
  /** A read-only inspector on the same ElasticMQ. */
  readonly readOnly: InspectorState;
  /** The demo ElasticMQ's endpoint (its secret context path included) and region. */
  readonly endpoint: string;
  readonly region: string;
  /** The demo ElasticMQ's port: one browsers refuse to connect to. */
  readonly elasticmqPort: number;
  readonly demoQueues: readonly { readonly name: string; readonly messages: number }[];
  readonly inbox: { readonly url: string; readonly count: number };
}

export function e2eState(): E2eState {
  const text = process.env['E2E_STATE'];
  if (text === undefined) throw new Error('e2e: E2E_STATE is not set; run the suite with `npx playwright test` (global setup sets it).');
  return JSON.parse(text) as E2eState;
}
