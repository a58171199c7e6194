/**
 * What a new user gets from `npm install`: the packed packages, installed from their tarballs,
 * type checked as strictly as users configure TypeScript (every declaration file checked), under
 * each module resolution in use, then run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, installedPackageDir, isInside, resolveFrom } from './lib/consumer-workspace.js';
import { cleanEnv, describeResult, runCommand } from './lib/run-command.js';
import { compileProject, formatDiagnostics, TYPESCRIPT_VERSION, type CompiledProject } from './lib/typescript-check.js';

const workspace = inject('workspace');
const typescriptLib = join(REPO_ROOT, 'node_modules', 'typescript', 'lib');

/** Compiles a project once; the tests that run its output compile it first if need be. */
function compiledOnce(tsconfig: string): () => CompiledProject {
  let project: CompiledProject | undefined;
  return () => (project ??= compileProject(tsconfig));
}
const nodeNext = compiledOnce(join(workspace.appDir, 'tsconfig.nodenext.json'));
const bundler = compiledOnce(join(workspace.appDir, 'tsconfig.bundler.json'));
const coreOnly = compiledOnce(join(workspace.coreOnlyDir, 'tsconfig.json'));

function expectClean(project: CompiledProject, cwd: string): void {
  expect(formatDiagnostics(project.diagnostics, cwd), `TypeScript ${TYPESCRIPT_VERSION}`).toBe('');
  // Every file the program read is the temp project's or TypeScript's own lib: none comes from
  // the workspace's packages through the repository's node_modules.
  const fromRepository = project.program
    .getSourceFiles()
    .map((file) => file.fileName)
    .filter((file) => isInside(REPO_ROOT, file) && !isInside(typescriptLib, file));
  expect(fromRepository).toEqual([]);
}

async function runNode(cwd: string, file: string): Promise<string> {
  const result = await runCommand(process.execPath, [file], { cwd, env: cleanEnv(), timeoutMs: 30_000 });
  expect(result.code, describeResult(`node ${file}`, result)).toBe(0);
  return result.stdout;
}

describe('the installed packages', () => {
  it('come from the tarballs, with one copy of core and of the AWS SDK client shared with the app', async () => {
    for (const name of ['@sqs-mega/core', '@sqs-mega/node', '@sqs-mega/node/lambda', '@sqs-mega/local', '@sqs-mega/otel', '@aws-sdk/client-sqs']) {
      expect(isInside(join(workspace.appDir, 'node_modules'), await resolveFrom(workspace.appDir, name)), name).toBe(true);
    }
    const nested = join(installedPackageDir(workspace.appDir, '@sqs-mega/node'), 'node_modules');
    expect(existsSync(join(nested, '@sqs-mega', 'core')), 'a second @sqs-mega/core under @sqs-mega/node').toBe(false);
    expect(existsSync(join(nested, '@aws-sdk', 'client-sqs')), "a second @aws-sdk/client-sqs beside the app's own").toBe(false);
    expect(existsSync(join(workspace.coreOnlyDir, 'node_modules', '@types')), 'core-only must have no @types').toBe(false);
  });
});

describe('a Node service using every entry point', () => {
  it('type checks under module/moduleResolution NodeNext, ESM and CommonJS files, skipLibCheck off', () => {
    expectClean(nodeNext(), workspace.appDir);
  });

  it('type checks under module ESNext with moduleResolution Bundler, skipLibCheck off', () => {
    expectClean(bundler(), workspace.appDir);
  });

  it('runs as ESM, importing core, node, node/lambda and local', async () => {
    nodeNext();
    expect(await runNode(workspace.appDir, 'out/nodenext/public-api.js')).toContain('public-api: ok');
  });

  it('runs as CommonJS, loading the ESM-only packages with require()', async () => {
    nodeNext();
    expect(await runNode(workspace.appDir, 'out/nodenext/commonjs.cjs')).toContain('commonjs: ok');
  });
});

describe('core alone, with neither the DOM lib nor @types/node', () => {
  it('type checks with lib ES2022 only, skipLibCheck off', () => {
    expectClean(coreOnly(), workspace.coreOnlyDir);
  });

  it('runs a custom runtime dispatching with its own signal', async () => {
    coreOnly();
    await runNode(workspace.coreOnlyDir, 'out/core-only.js');
  });
});
