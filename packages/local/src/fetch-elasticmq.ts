import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveCacheDir } from './cache-dir.js';
import { ensureCacheEntry } from './cache-entry.js';
import { FetchFailedError, MavenMissingError } from './errors.js';
import { LockTimeoutError } from './file-lock.js';
import { findExecutable } from './find-executable.js';
import { runCommand } from './run-command.js';

/** The ElasticMQ version fetched by default (`org.elasticmq:elasticmq-server_2.13` on Maven Central). */
export const ELASTICMQ_VERSION = '1.7.1';

/** Options of {@link fetchElasticMQ}. */
export interface FetchElasticMQOptions {
  /** ElasticMQ version. @defaultValue {@link ELASTICMQ_VERSION} */
  readonly version?: string | undefined;
  /** Cache directory. @defaultValue see {@link resolveCacheDir} */
  readonly cacheDir?: string | undefined;
  /** The Maven executable, a path or a name on `PATH`. @defaultValue `'mvn'` */
  readonly mavenPath?: string | undefined;
  /** Give up on Maven (or on waiting for another process's fetch) after this long. @defaultValue 600_000 */
  readonly timeoutMs?: number | undefined;
  /** Called with Maven's output lines. @defaultValue none */
  readonly onLog?: ((line: string) => void) | undefined;
}

const MARKER = 'fetched.json';

function pom(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.sqs-mega</groupId>
  <artifactId>elasticmq-fetch</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.elasticmq</groupId>
      <artifactId>elasticmq-server_2.13</artifactId>
      <version>${version}</version>
    </dependency>
  </dependencies>
</project>
`;
}

/** The cache directory of one ElasticMQ version: `<cache>/elasticmq/<version>`; the jars are in its `lib/`. */
export function elasticMQCacheEntry(version: string, cacheDir?: string): string {
  return join(resolveCacheDir({ cacheDir }), 'elasticmq', version);
}

function isComplete(version: string) {
  return (dir: string): boolean =>
    existsSync(join(dir, MARKER)) && existsSync(join(dir, 'lib', `elasticmq-server_2.13-${version}.jar`));
}

/**
 * Makes sure the ElasticMQ server jars are in the cache, fetching them from Maven Central on first
 * use (`mvn dependency:copy-dependencies` over a one-dependency pom; about 37 MB). Safe to call
 * from several processes at once: one fetches, the others wait for it.
 *
 * @returns the directory holding the jars (`.../elasticmq/<version>/lib`).
 * @throws MavenMissingError when the jars are not cached and `mvn` is not installed.
 * @throws FetchFailedError when Maven fails (e.g. Maven Central unreachable) or times out.
 */
export async function fetchElasticMQ(options: FetchElasticMQOptions = {}): Promise<string> {
  const version = options.version ?? ELASTICMQ_VERSION;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const dir = elasticMQCacheEntry(version, options.cacheDir);
  const complete = isComplete(version);
  if (complete(dir)) return join(dir, 'lib');

  const mavenPath = options.mavenPath ?? 'mvn';
  const mvn = findExecutable(mavenPath);
  if (!mvn) throw new MavenMissingError(mavenPath, dir);

  try {
    await ensureCacheEntry({
      dir,
      isComplete: complete,
      lock: { timeoutMs },
      build: async (tmpDir) => {
        await mkdir(tmpDir, { recursive: true });
        await writeFile(join(tmpDir, 'pom.xml'), pom(version));
        const result = await runCommand(
          mvn,
          ['-B', '-q', '-f', join(tmpDir, 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${join(tmpDir, 'lib')}`],
          { cwd: tmpDir, timeoutMs, onLine: options.onLog },
        );
        const serverJar = join(tmpDir, 'lib', `elasticmq-server_2.13-${version}.jar`);
        if (result.exitCode !== 0 || !existsSync(serverJar)) {
          throw new FetchFailedError(
            'elasticmq',
            result.timedOut
              ? `Fetching ElasticMQ ${version} with Maven timed out after ${timeoutMs} ms`
              : `Fetching ElasticMQ ${version} with Maven failed`,
            result.timedOut ? null : result.exitCode,
            result.output,
            'Check that Maven Central (https://repo.maven.apache.org) is reachable, or configure a mirror in ~/.m2/settings.xml.',
          );
        }
        const jars = (await readdir(join(tmpDir, 'lib'))).filter((name) => name.endsWith('.jar'));
        await writeFile(join(tmpDir, MARKER), `${JSON.stringify({ version, jars: jars.length, fetchedAt: new Date().toISOString() })}\n`);
      },
    });
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new FetchFailedError(
        'elasticmq',
        `Waited ${timeoutMs} ms for another process fetching ElasticMQ ${version}`,
        null,
        [],
        `If no such process is running, delete ${error.lockPath}.`,
        { cause: error },
      );
    }
    throw error;
  }
  return join(dir, 'lib');
}
