import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveCacheDir } from './cache-dir.js';
import { ensureCacheEntry } from './cache-entry.js';
import { FetchFailedError, PythonMissingError } from './errors.js';
import { LockTimeoutError } from './file-lock.js';
import { findExecutable } from './find-executable.js';
import { runCommand } from './run-command.js';

/** The moto version installed by default (`moto[server]` from PyPI). */
export const MOTO_VERSION = '5.2.5';

/** Options of {@link installMoto}. */
export interface InstallMotoOptions {
  /** moto version. @defaultValue {@link MOTO_VERSION} */
  readonly version?: string | undefined;
  /** Cache directory. @defaultValue see {@link resolveCacheDir} */
  readonly cacheDir?: string | undefined;
  /** The Python 3 interpreter, a path or a name on `PATH`. @defaultValue `'python3'` */
  readonly pythonPath?: string | undefined;
  /** Give up on pip (or on waiting for another process's install) after this long. @defaultValue 600_000 */
  readonly timeoutMs?: number | undefined;
  /** Called with the output lines of venv and pip. @defaultValue none */
  readonly onLog?: ((line: string) => void) | undefined;
}

const MARKER = 'installed.json';

/** The virtual environment of one moto version: `<cache>/moto-venv/<version>`. */
export function motoVenvDir(version: string, cacheDir?: string): string {
  return join(resolveCacheDir({ cacheDir }), 'moto-venv', version);
}

/** The venv's interpreter. moto runs as `python -m moto.server`, which (unlike the `moto_server`
 * script's shebang) keeps working after the venv is renamed from its build directory. */
export function venvPython(venvDir: string): string {
  return join(venvDir, 'bin', 'python');
}

function isComplete(dir: string): boolean {
  return existsSync(join(dir, MARKER)) && existsSync(venvPython(dir));
}

/**
 * Makes sure moto's server is installed in a virtual environment in the cache, creating it on
 * first use (`python3 -m venv` + `pip install 'moto[server]==VERSION'`; about 300 MB). Safe to call
 * from several processes at once: one installs, the others wait for it.
 *
 * @returns the virtual environment's directory.
 * @throws PythonMissingError when Python 3, or its `venv` module, is missing.
 * @throws FetchFailedError when pip fails (e.g. PyPI unreachable) or times out.
 */
export async function installMoto(options: InstallMotoOptions = {}): Promise<string> {
  const version = options.version ?? MOTO_VERSION;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const dir = motoVenvDir(version, options.cacheDir);
  if (isComplete(dir)) return dir;

  const pythonPath = options.pythonPath ?? 'python3';
  const python = findExecutable(pythonPath);
  if (!python) throw new PythonMissingError(pythonPath, 'python');

  try {
    await ensureCacheEntry({
      dir,
      isComplete,
      lock: { timeoutMs },
      build: async (tmpDir) => {
        const venv = await runCommand(python, ['-m', 'venv', tmpDir], { timeoutMs, onLine: options.onLog });
        if (venv.exitCode !== 0) {
          const said = venv.output.join(' ');
          if (/ensurepip|No module named venv|python3-venv/i.test(said)) {
            throw new PythonMissingError(pythonPath, 'venv', venv.output.slice(-3).join(' '));
          }
          throw new FetchFailedError(
            'moto',
            `Creating a virtual environment with ${python} failed`,
            venv.exitCode,
            venv.output,
            'Check that this Python can run `python3 -m venv`.',
          );
        }
        const spec = `moto[server]==${version}`;
        const pip = await runCommand(
          venvPython(tmpDir),
          ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', spec],
          { timeoutMs, onLine: options.onLog, env: { ...process.env, PIP_NO_INPUT: '1' } },
        );
        if (pip.exitCode !== 0) {
          throw new FetchFailedError(
            'moto',
            pip.timedOut
              ? `Installing ${spec} with pip timed out after ${timeoutMs} ms`
              : `Installing ${spec} with pip failed`,
            pip.timedOut ? null : pip.exitCode,
            pip.output,
            'Check that PyPI (https://pypi.org) is reachable, or set PIP_INDEX_URL to a mirror.',
          );
        }
        await writeFile(join(tmpDir, MARKER), `${JSON.stringify({ version, installedAt: new Date().toISOString() })}\n`);
      },
    });
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new FetchFailedError(
        'moto',
        `Waited ${timeoutMs} ms for another process installing moto ${version}`,
        null,
        [],
        `If no such process is running, delete ${error.lockPath}.`,
        { cause: error },
      );
    }
    throw error;
  }
  return dir;
}
