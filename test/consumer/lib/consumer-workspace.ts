/**
 * The "new user" setup: the published packages as npm packs them, installed from their tarballs
 * into fresh projects in the system's temp directory — outside this repository, so nothing in
 * them can resolve `@sqs-mega/*` through the monorepo's `node_modules` or its workspace links.
 *
 * - `app/`: `@sqs-mega/core`, `@sqs-mega/node`, `@sqs-mega/local` and `@sqs-mega/otel` with
 *   `@opentelemetry/api`, `@aws-sdk/client-sqs`,
 *   `valibot`, `zod`, `@types/node` and `vitest`, as a Node service and its tests would have them;
 * - `core-only/`: `@sqs-mega/core` alone, no `@types/node` (a browser app or another runtime).
 */
import { cp, mkdir, mkdtemp, readFile, realpath, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, describeResult, runCommand } from './run-command.js';

/** The repository's root directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The template projects copied into the temp directory. */
export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** The packages published from this repository, in dependency order. */
export const PUBLISHED_PACKAGES = ['@sqs-mega/core', '@sqs-mega/node', '@sqs-mega/local', '@sqs-mega/otel'] as const;
export type PublishedPackage = (typeof PUBLISHED_PACKAGES)[number];

/** One packed package. */
export interface PackedPackage {
  readonly name: PublishedPackage;
  readonly version: string;
  /** Absolute path of the `.tgz`. */
  readonly tarball: string;
  /** The paths npm put in it (`package.json`, `README.md`, `dist/index.js`…). */
  readonly files: readonly string[];
}

/** Where everything was packed and installed. */
export interface ConsumerWorkspace {
  readonly root: string;
  readonly packages: readonly PackedPackage[];
  /** The project with every published package, `@aws-sdk/client-sqs`, `@types/node` and `vitest`. */
  readonly appDir: string;
  /** The project with `@sqs-mega/core` only, and no `@types/node`. */
  readonly coreOnlyDir: string;
}

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_FLAGS = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'];

async function npm(args: readonly string[], cwd: string): Promise<string> {
  const result = await runCommand(NPM, args, { cwd, env: cleanEnv(), timeoutMs: 180_000 });
  if (result.code !== 0) throw new Error(describeResult(`npm ${args.join(' ')} (in ${cwd})`, result));
  return result.stdout;
}

/** `npm pack`s every published package (their `dist/` must be built) into `destination`. */
async function packAll(destination: string): Promise<PackedPackage[]> {
  const workspaces = PUBLISHED_PACKAGES.flatMap((name) => ['-w', name]);
  const out = await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destination, ...workspaces], REPO_ROOT);
  const packed = JSON.parse(out) as { name: PublishedPackage; version: string; filename: string; files: { path: string }[] }[];
  return packed.map((entry) => ({
    name: entry.name,
    version: entry.version,
    tarball: join(destination, entry.filename),
    files: entry.files.map((file) => file.path),
  }));
}

/** The version of a package installed at the repository root, to pin the temp projects to it. */
async function rootVersion(name: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

async function writeProject(
  dir: string,
  template: string,
  dependencies: Record<string, string>,
  devDependencies: Record<string, string> = {},
): Promise<void> {
  await cp(join(FIXTURES_DIR, template), dir, { recursive: true });
  const manifest = { name: `sqs-mega-consumer-${template}`, private: true, type: 'module', dependencies, devDependencies };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

function tarballSpec(packages: readonly PackedPackage[], name: PublishedPackage, from: string): string {
  const packed = packages.find((p) => p.name === name);
  if (!packed) throw new Error(`npm pack did not pack ${name}`);
  return `file:${relative(from, packed.tarball).split(sep).join('/')}`;
}

/** Packs the published packages and installs them into two fresh projects under the temp directory. */
export async function createConsumerWorkspace(): Promise<ConsumerWorkspace> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'sqs-mega-consumer-')));
  const packsDir = join(root, 'packs');
  await mkdir(packsDir);
  const packages = await packAll(packsDir);

  const appDir = join(root, 'app');
  const coreOnlyDir = join(root, 'core-only');
  const [clientSqs, typesNode, vitest, valibot, zod, otelApi] = await Promise.all(
    ['@aws-sdk/client-sqs', '@types/node', 'vitest', 'valibot', 'zod', '@opentelemetry/api'].map((name) => rootVersion(name)),
  );
  await writeProject(
    appDir,
    'app',
    {
      '@sqs-mega/core': tarballSpec(packages, '@sqs-mega/core', appDir),
      '@sqs-mega/node': tarballSpec(packages, '@sqs-mega/node', appDir),
      '@sqs-mega/local': tarballSpec(packages, '@sqs-mega/local', appDir),
      '@sqs-mega/otel': tarballSpec(packages, '@sqs-mega/otel', appDir),
      // @sqs-mega/otel's peer, as a service that traces has it.
      '@opentelemetry/api': otelApi!,
      // The range @sqs-mega/node asks for, at the version the repository tests with: npm must
      // dedupe the two into one copy.
      '@aws-sdk/client-sqs': `^${clientSqs}`,
      // The READMEs' event contracts are written with valibot, and the contract-document example
      // with zod (any Standard Schema would do; zod has the JSON Schema interface built in).
      valibot: valibot!,
      zod: zod!,
    },
    // The READMEs' test examples use vitest; @types/node for the service's own Node code.
    { '@types/node': typesNode!, vitest: vitest! },
  );
  await writeProject(coreOnlyDir, 'core-only', { '@sqs-mega/core': tarballSpec(packages, '@sqs-mega/core', coreOnlyDir) });
  await Promise.all([npm(INSTALL_FLAGS, appDir), npm(INSTALL_FLAGS, coreOnlyDir)]);
  return { root, packages, appDir, coreOnlyDir };
}

/**
 * Where `specifier` resolves from a project, as Node resolves it (`default` condition), with
 * symbolic links followed: a path into the repository would mean the project sees the
 * workspace's sources instead of the tarball.
 */
export async function resolveFrom(projectDir: string, specifier: string): Promise<string> {
  return realpath(createRequire(join(projectDir, 'package.json')).resolve(specifier));
}

/** The installed package directory of `name` inside a project. */
export function installedPackageDir(projectDir: string, name: string): string {
  return join(projectDir, 'node_modules', ...name.split('/'));
}

/** Whether `file` lies inside `dir`. */
export function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
