export { startElasticMQ, DEFAULT_ELASTICMQ_JVM_ARGS, type ElasticMQOptions, type ElasticMQServer } from './elasticmq.js';
export { startMoto, type MotoOptions, type MotoServer } from './moto.js';
export { LOCAL_REGION, type LocalServer, type LocalServerOptions } from './local-server.js';
export { BROWSER_REFUSED_PORTS } from './browser-refused-ports.js';
export { localClientConfig, type LocalClientConfig } from './client-config.js';
export { fetchElasticMQ, elasticMQCacheEntry, ELASTICMQ_VERSION, type FetchElasticMQOptions } from './fetch-elasticmq.js';
export { installMoto, motoVenvDir, MOTO_VERSION, type InstallMotoOptions } from './moto-venv.js';
export { resolveCacheDir, CACHE_DIR_ENV, type CacheDirOptions } from './cache-dir.js';
export type { GuardedExit, LogStream } from './child-process-guard.js';
export {
  LocalServerError,
  JavaMissingError,
  MavenMissingError,
  PythonMissingError,
  FetchFailedError,
  StartTimeoutError,
  PortInUseError,
  ServerExitedError,
  StartAbortedError,
  ResetFailedError,
  UnsupportedPlatformError,
  InvalidOptionError,
  BrowserRefusedPortsTakenError,
  type LocalServerErrorCode,
  type LocalServerKind,
} from './errors.js';
