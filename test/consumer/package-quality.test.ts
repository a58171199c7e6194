/**
 * Each packed tarball as the registry would publish it: what it holds, its metadata, publint's
 * and "Are the types wrong?"'s verdicts, and README links that work on the npm page.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, installedPackageDir } from './lib/consumer-workspace.js';
import { brokenPublishedLinks } from './lib/markdown-links.js';
import { cleanEnv, describeResult, runCommand } from './lib/run-command.js';

const workspace = inject('workspace');
const ATTW = join(REPO_ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const REPOSITORY = 'https://github.com/sqs-mega/sqs-mega-ts';

interface Manifest {
  readonly name: string;
  readonly license?: string;
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly keywords?: readonly string[];
  readonly publishConfig?: { readonly access?: string };
  readonly sideEffects?: unknown;
  readonly engines?: { readonly node?: string };
}

describe.each(workspace.packages.map((packed) => [packed.name, packed] as const))('%s', (_name, packed) => {
  const installed = installedPackageDir(workspace.appDir, packed.name);
  const directory = `packages/${packed.name.replace('@sqs-mega/', '')}`;

  it('ships its README, the MIT license and its build, and no tests', () => {
    expect(packed.files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']));
    expect(packed.files.filter((file) => /\.test\.[cm]?[jt]s$/.test(file))).toEqual([]);
  });

  it('says where it comes from, under which license, and that it publishes publicly', async () => {
    const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as Manifest;
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory },
      homepage: `${REPOSITORY}/tree/main/${directory}#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
      publishConfig: { access: 'public' },
      sideEffects: false,
      engines: { node: '>=20.19' },
    });
    expect(manifest.keywords?.length ?? 0).toBeGreaterThan(0);
    expect(await readFile(join(installed, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 SQS MEGA for TypeScript contributors');
  });

  it('passes publint', async () => {
    const tarball = await readFile(packed.tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer },
      level: 'warning',
    });
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`)).toEqual([]);
  });

  it('has types that resolve under node10, node16 and bundler resolution (attw, ESM-only profile)', async () => {
    // The ESM-only profile leaves out "node16 from CJS": TypeScript before 5.8 refuses require()
    // of ESM there, though Node >= 20.19 does it (the CommonJS test in published-types shows both).
    const result = await runCommand(process.execPath, [ATTW, packed.tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color'], {
      cwd: workspace.root,
      env: cleanEnv(),
      timeoutMs: 60_000,
    });
    expect(result.code, describeResult(`attw ${packed.tarball}`, result)).toBe(0);
  });

  it('has README links that work on the npm page', async () => {
    const readme = await readFile(join(installed, 'README.md'), 'utf8');
    const broken = brokenPublishedLinks(readme).map((link) => `${directory}/README.md:${link.line}: ${link.href} — ${link.reason}`);
    expect(broken).toEqual([]);
  });
});
