import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchElasticMQ,
  FetchFailedError,
  installMoto,
  JavaMissingError,
  LocalServerError,
  MavenMissingError,
  PythonMissingError,
  startElasticMQ,
  startMoto,
} from '../src/index.js';

let emptyCache: string;
beforeAll(async () => {
  emptyCache = await mkdtemp(join(tmpdir(), 'sqs-mega-local-errors-'));
});
afterAll(async () => {
  await rm(emptyCache, { recursive: true, force: true });
});

/** An executable shell script standing in for a tool. */
async function fakeTool(name: string, script: string): Promise<string> {
  const path = join(emptyCache, name);
  await writeFile(path, `#!/bin/sh\n${script}\n`);
  await chmod(path, 0o755);
  return path;
}

describe('a clear, typed error when a prerequisite is missing', () => {
  it('JAVA_MISSING says to install a JRE', async () => {
    const error = await startElasticMQ({ javaPath: '/nonexistent/java' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JavaMissingError);
    expect(error).toBeInstanceOf(LocalServerError);
    expect(error).toMatchObject({ code: 'JAVA_MISSING', tried: '/nonexistent/java' });
    expect((error as Error).message).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });

  it('MAVEN_MISSING (only when the jars are not cached yet) says to install Maven', async () => {
    const error = await startElasticMQ({ cacheDir: emptyCache, mavenPath: '/nonexistent/mvn' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MavenMissingError);
    expect(error).toMatchObject({ code: 'MAVEN_MISSING' });
    expect((error as Error).message).toMatch(/apt-get install -y maven/);

    // Once cached (the default cache, filled by the global setup), Maven is not needed.
    await expect(fetchElasticMQ({ mavenPath: '/nonexistent/mvn' })).resolves.toMatch(/elasticmq\/1\.7\.1\/lib$/);
  });

  it('PYTHON_MISSING says to install Python with venv', async () => {
    const error = await startMoto({ cacheDir: emptyCache, pythonPath: '/nonexistent/python3' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PythonMissingError);
    expect(error).toMatchObject({ code: 'PYTHON_MISSING', missing: 'python' });
    expect((error as Error).message).toMatch(/apt-get install -y python3 python3-venv/);
  });

  it('PYTHON_MISSING (missing: venv) when Python lacks ensurepip, as on Debian without python3-venv', async () => {
    const python = await fakeTool(
      'python-without-venv',
      'echo "The virtual environment was not created successfully because ensurepip is not available." >&2; exit 1',
    );
    const error = await installMoto({ cacheDir: emptyCache, pythonPath: python }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PYTHON_MISSING', missing: 'venv' });
    expect((error as Error).message).toMatch(/apt-get install -y python3-venv/);
  });

  it('FETCH_FAILED carries Maven\'s output and leaves nothing half-fetched in the cache', async () => {
    const mvn = await fakeTool('mvn-offline', 'echo "[ERROR] Could not transfer artifact: Network is unreachable"; exit 1');
    const error = await fetchElasticMQ({ cacheDir: emptyCache, mavenPath: mvn }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({ code: 'FETCH_FAILED', server: 'elasticmq', exitCode: 1 });
    expect((error as FetchFailedError).output).toContain('[ERROR] Could not transfer artifact: Network is unreachable');
    expect((error as Error).message).toMatch(/Maven Central/);
    expect(await readdir(join(emptyCache, 'elasticmq'))).toEqual([]); // no entry, no temp dir, no lock
  });
});
