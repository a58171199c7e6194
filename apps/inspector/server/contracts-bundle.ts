/**
 * `bundleContracts`: the user's contracts module (`--contracts PATH`) turned into one script the
 * app runs as a Web Worker. Validation happens in the browser, not in the bridge, because schemas
 * are functions (they cannot travel as JSON) and because what the inspector shows must be what a
 * subscriber gets: the worker decodes each captured body with the same `@sqs-mega/core` the app
 * uses and runs the contracts' own `claims` and `parseAsync`, on captures the bridge never keeps
 * (imported files included). The bridge only bundles — once, at start, so a module that does not
 * build stops the launch with esbuild's message — and serves the result to signed-in pages.
 * `@sqs-mega/core` is bundled in (one copy, shared by the contracts and the worker loop), and so
 * are the schema libraries the module imports, resolved from the module's own folder.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InspectorStartError } from './start-error.js';

/** The worker loop's source: compiled next to this file, or the TypeScript source when run from it. */
function workerEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const compiled = resolve(here, 'contracts-worker.js');
  return existsSync(compiled) ? compiled : resolve(here, 'contracts-worker.ts');
}

/**
 * Bundles the contracts module at `path` with the worker loop into one ES module for browsers.
 *
 * @param path the module (JavaScript or TypeScript), relative to the current directory or absolute
 * @returns the bundle's text
 * @throws InspectorStartError `CONTRACTS_FAILED` when the file is missing or does not bundle
 */
export async function bundleContracts(path: string): Promise<string> {
  const module = resolve(path);
  if (!existsSync(module)) {
    throw new InspectorStartError('CONTRACTS_FAILED', `No contracts module at ${module}: pass --contracts the path of a module that exports defineEvent contracts.`);
  }
  const { build } = await import('esbuild');
  const inspectorDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const result = await build({
      stdin: {
        contents: `import * as contracts from ${JSON.stringify(module)};\nimport { serveContractLabels } from ${JSON.stringify(workerEntry())};\nserveContractLabels(contracts);\n`,
        resolveDir: inspectorDir,
        sourcefile: 'contracts-worker-entry.js',
        loader: 'js',
      },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      legalComments: 'none',
    });
    return result.outputFiles[0]?.text ?? '';
  } catch (cause) {
    const errors = (cause as { errors?: { text: string; location?: { file: string; line: number } | null }[] }).errors;
    const detail = errors?.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text)).join('; ') ?? (cause as Error).message;
    throw new InspectorStartError('CONTRACTS_FAILED', `The contracts module ${module} does not bundle for the browser: ${detail}. Fix it, or start without --contracts.`, { cause });
  }
}
