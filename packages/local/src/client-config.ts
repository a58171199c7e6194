import type { LocalServer } from './local-server.js';

/** Client settings for a local server, accepted by `new SQSClient(...)` and `new SNSClient(...)`. */
export interface LocalClientConfig {
  /** The server's endpoint, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The server's region, `us-east-1`. */
  readonly region: string;
  /** Dummy credentials (`local`/`local`): local servers accept any, and the user's AWS config is never read. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/**
 * AWS SDK v3 client settings for a local server: its endpoint and region, and fixed dummy
 * credentials so that neither the user's AWS profile nor their environment is consulted.
 *
 * @example
 * ```ts
 * const server = await startElasticMQ();
 * const sqs = new SQSClient(localClientConfig(server));
 * ```
 */
export function localClientConfig(server: Pick<LocalServer, 'endpoint' | 'region'>): LocalClientConfig {
  return {
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
