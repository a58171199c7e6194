import { httpStatus } from './http-status.js';
import { ResetFailedError } from './errors.js';
import { startOnBrowserRefusedPort } from './browser-refused-ports.js';
import { launchServer, toLocalServer, type Launched, type LocalServer, type LocalServerOptions, type StartSignal } from './local-server.js';
import { installMoto, MOTO_VERSION, venvPython } from './moto-venv.js';

/** Options of {@link startMoto}. */
export interface MotoOptions extends LocalServerOptions {
  /** The Python 3 used once to create moto's virtual environment. @defaultValue `'python3'` */
  readonly pythonPath?: string | undefined;
  /** moto version. @defaultValue {@link MOTO_VERSION} (`'5.2.5'`) */
  readonly version?: string | undefined;
  /** How long the first-use install may take. @defaultValue 600_000 */
  readonly installTimeoutMs?: number | undefined;
}

/** A running moto server: SNS (and moto's own SQS, which SNS delivers to) on 127.0.0.1. */
export interface MotoServer extends LocalServer {
  /** Always `'moto'`. */
  readonly kind: 'moto';
  /** Forgets every topic, queue and message (`POST /moto-api/reset`). */
  reset(): Promise<void>;
}

function detector(): (line: string) => StartSignal | undefined {
  return (line) => {
    const running = /Running on https?:\/\/127\.0\.0\.1:(\d+)/.exec(line);
    if (running?.[1]) return { kind: 'ready', port: Number(running[1]) };
    if (/Address already in use|is in use by another program/.test(line)) return { kind: 'port-in-use' };
    return undefined;
  };
}

/**
 * Starts moto's server (for SNS; deliveries go to moto's own SQS, not to ElasticMQ) on 127.0.0.1,
 * installing it into a cached virtual environment on first use. The server dies with this Node
 * process, however that ends. Use moto for SNS paths only: its SQS is slow; use ElasticMQ for SQS.
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * const sns = new SNSClient(localClientConfig(moto));
 * const sqs = new SQSClient(localClientConfig(moto)); // moto's SQS, for SNS deliveries
 * // ...
 * await moto.reset();
 * await moto.stop();
 * ```
 * @throws PythonMissingError, FetchFailedError, PortInUseError, StartTimeoutError,
 *   ServerExitedError, StartAbortedError, InvalidOptionError, BrowserRefusedPortsTakenError
 *   (all `LocalServerError`s).
 */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
  const { port = 0 } = options;
  const venv = await installMoto({
    version: options.version ?? MOTO_VERSION,
    cacheDir: options.cacheDir,
    pythonPath: options.pythonPath,
    timeoutMs: options.installTimeoutMs,
    onLog: options.onLog && ((line) => options.onLog?.(line, 'stdout')),
  });
  const launch = (bindPort: number): Promise<Launched> =>
    launchServer(
      {
        kind: 'moto',
        command: venvPython(venv),
        args: ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(bindPort)],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
        requestedPort: bindPort,
        detect: detector(),
      },
      options,
    );
  const launched = options.hideFromBrowsers === true ? await startOnBrowserRefusedPort('moto', options.port, launch) : await launch(port);
  const endpoint = launched.endpoint;
  return {
    ...toLocalServer('moto', launched),
    kind: 'moto',
    reset: async () => {
      let status: number;
      try {
        status = await httpStatus(`${endpoint}/moto-api/reset`, 'POST');
      } catch (error) {
        throw new ResetFailedError(endpoint, String(error), { cause: error });
      }
      if (status !== 200) throw new ResetFailedError(endpoint, `HTTP ${status}`);
    },
  };
}
