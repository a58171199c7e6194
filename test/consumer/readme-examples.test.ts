/**
 * Every ```ts / ```js block of the READMEs and docs/*.md, compiled in the temp project against
 * the packed packages (so its imports are the ones a user writes), and the blocks marked
 * `<!-- example: run -->` run against a local ElasticMQ started from the packed @sqs-mega/local.
 * See lib/markdown-examples.ts for the markers and fixtures/app/examples-prelude.d.ts for what a
 * fragment may use. A failure names the Markdown file, the line and the compiler's error.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, resolveFrom } from './lib/consumer-workspace.js';
import { exampleDirName, extractExamples, findMarkdownFiles, type MarkdownExample } from './lib/markdown-examples.js';
import { cleanEnv, describeResult, runCommand, type CommandResult } from './lib/run-command.js';
import { compileProject, TYPESCRIPT_VERSION } from './lib/typescript-check.js';

const workspace = inject('workspace');
const EXAMPLES_DIR = join(workspace.appDir, 'examples');
const OUT_DIR = join(workspace.appDir, 'out', 'examples');
const PRELUDE = join(workspace.appDir, 'examples-prelude.d.ts');
const RUN_TIMEOUT_MS = 60_000;
/** What the SQS client prints when a queue URL's host is not the endpoint it resolved. */
const ENDPOINT_WARNING = /QueueUrl=\S+ differs from SQSClient resolved endpoint/;

const extracted = findMarkdownFiles(REPO_ROOT).map((file) => extractExamples(file, readFileSync(join(REPO_ROOT, file), 'utf8')));
const examples = extracted.flatMap((result) => result.examples);
const markerProblems = extracted.flatMap((result) => result.problems);

function location(example: MarkdownExample): string {
  return `${example.markdownFile}:${example.line}`;
}

function sourcePath(example: MarkdownExample): string {
  return join(EXAMPLES_DIR, exampleDirName(example.markdownFile), example.fileName);
}

function outputPath(example: MarkdownExample): string {
  const js = example.fileName.replace(/\.ts$/, '.js').replace(/\.mts$/, '.mjs').replace(/\.cts$/, '.cjs');
  return join(OUT_DIR, exampleDirName(example.markdownFile), js);
}

/** `README.md:152:37 error TS2304: Cannot find name 'queueUrl'.`, with the offending line below. */
function describeAt(example: MarkdownExample, file: ts.SourceFile, start: number, message: string): string {
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  const text = file.text.split('\n')[line] ?? '';
  return `${example.markdownFile}:${example.line + 1 + line}:${character + 1} ${message}\n    ${text.trim()}`;
}

/** Identifiers of a complete example that resolve to the fragment prelude's declarations. */
function preludeNamesUsed(file: ts.SourceFile, checker: ts.TypeChecker, prelude: string): ts.Identifier[] {
  const used: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      const symbol = ts.isShorthandPropertyAssignment(node.parent)
        ? checker.getShorthandAssignmentValueSymbol(node.parent)
        : checker.getSymbolAtLocation(node);
      const declarations = symbol?.declarations ?? [];
      if (declarations.length > 0 && declarations.every((d) => d.getSourceFile().fileName === prelude)) used.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return used;
}

interface CompiledExamples {
  /** The errors of each example, by its source path. */
  readonly errors: ReadonlyMap<string, readonly string[]>;
  /** Errors outside any example (the prelude, the configuration). */
  readonly elsewhere: readonly string[];
}

async function compileExamples(): Promise<CompiledExamples> {
  const compiled = examples.filter((example) => example.mode !== 'skip');
  const byPath = new Map(compiled.map((example) => [sourcePath(example), example]));
  for (const [path, example] of byPath) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, example.code.endsWith('\n') ? example.code : `${example.code}\n`);
  }
  const project = compileProject(join(workspace.appDir, 'tsconfig.examples.json'));
  // Each example's errors with their offsets, to report them in the order of the README.
  const found = new Map<string, { at: number; text: string }[]>([...byPath.keys()].map((path) => [path, []]));
  const elsewhere: string[] = [];
  for (const diagnostic of project.diagnostics) {
    const message = `error TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    const example = diagnostic.file && byPath.get(diagnostic.file.fileName);
    if (example && diagnostic.file) {
      const at = diagnostic.start ?? 0;
      found.get(diagnostic.file.fileName)?.push({ at, text: describeAt(example, diagnostic.file, at, message) });
    }
    else elsewhere.push(ts.formatDiagnostic(diagnostic, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => workspace.appDir, getNewLine: () => '\n' }));
  }
  const checker = project.program.getTypeChecker();
  for (const [path, example] of byPath) {
    if (example.mode === 'fragment') continue;
    const file = project.program.getSourceFile(path);
    if (!file) continue;
    for (const name of preludeNamesUsed(file, checker, PRELUDE)) {
      const at = name.getStart(file);
      const message = `\`${name.text}\` is not defined in this block (it is the fragment prelude's): define or import it, or mark the block <!-- example: fragment -->`;
      found.get(path)?.push({ at, text: describeAt(example, file, at, message) });
    }
  }
  const errors = new Map([...found].map(([path, list]) => [path, list.sort((a, b) => a.at - b.at).map((error) => error.text)]));
  return { errors, elsewhere };
}

let compiled: CompiledExamples;
beforeAll(async () => {
  compiled = await compileExamples();
});

describe('README examples', () => {
  it('have well-placed markers, and every skip says why', () => {
    expect(markerProblems.map((problem) => `${problem.markdownFile}:${problem.line}: ${problem.message}`)).toEqual([]);
  });

  it('compile with nothing wrong outside the blocks themselves', () => {
    expect(compiled.elsewhere, `TypeScript ${TYPESCRIPT_VERSION}`).toEqual([]);
  });

  for (const example of examples) {
    if (example.mode === 'skip') {
      it.skip(`${location(example)} is skipped: ${example.skipReason ?? ''}`, () => {});
      continue;
    }
    const kind = example.mode === 'fragment' ? 'a fragment, with the prelude' : 'a complete module';
    it(`${location(example)} compiles as ${kind}`, () => {
      expect((compiled.errors.get(sourcePath(example)) ?? []).join('\n\n'), `TypeScript ${TYPESCRIPT_VERSION}`).toBe('');
    });
  }
});

const runnable = examples.filter((example) => example.mode === 'run');

describe.runIf(runnable.length > 0)('README examples marked run, against ElasticMQ', () => {
  type Local = typeof import('@sqs-mega/local');
  type SqsModule = typeof import('@aws-sdk/client-sqs');
  let server: Awaited<ReturnType<Local['startElasticMQ']>> | undefined;
  let queueUrl: string;
  const cacheDir = process.env['SQS_MEGA_CACHE_DIR'] ?? join(REPO_ROOT, '.cache');

  beforeAll(async () => {
    // The packed @sqs-mega/local and the app's own SDK client, as the examples use them.
    const local = (await import(pathToFileURL(await resolveFrom(workspace.appDir, '@sqs-mega/local')).href)) as Local;
    const sqs = (await import(pathToFileURL(await resolveFrom(workspace.appDir, '@aws-sdk/client-sqs')).href)) as SqsModule;
    server = await local.startElasticMQ({ cacheDir });
    const client = new sqs.SQSClient(local.localClientConfig(server));
    const created = await client.send(new sqs.CreateQueueCommand({ QueueName: 'readme-examples' }));
    queueUrl = created.QueueUrl ?? '';
    client.destroy();
  });

  afterAll(async () => {
    await server?.stop();
  });

  /** The user's shell: the SQS endpoint, region and dummy credentials, and no other AWS setting. */
  function exampleEnv(withEndpoint: boolean): NodeJS.ProcessEnv {
    const env = cleanEnv();
    for (const key of Object.keys(env)) if (key.startsWith('AWS_') && key !== 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED') delete env[key];
    return {
      ...env,
      ...(withEndpoint && server ? { AWS_ENDPOINT_URL_SQS: server.endpoint } : {}),
      AWS_REGION: server?.region ?? 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      QUEUE_URL: queueUrl,
      SQS_MEGA_CACHE_DIR: cacheDir,
    };
  }

  function endpointWarning(result: CommandResult): string | undefined {
    return `${result.stdout}\n${result.stderr}`.split('\n').find((line) => ENDPOINT_WARNING.test(line));
  }

  it('notice the SDK warning an example prints when no endpoint is set', async () => {
    // Guards the check below: if the SDK rewords its warning, this fails instead of the check
    // silently passing. The same publish as the first example, without AWS_ENDPOINT_URL_SQS.
    const probe = join(workspace.appDir, 'out', 'endpoint-warning-probe.mjs');
    await mkdir(dirname(probe), { recursive: true });
    await writeFile(
      probe,
      "import { SqsPublisher } from '@sqs-mega/node';\nawait new SqsPublisher({ queueUrl: process.env.QUEUE_URL }).publish({ probe: true });\n",
    );
    const result = await runCommand(process.execPath, [probe], { cwd: workspace.appDir, env: exampleEnv(false), timeoutMs: RUN_TIMEOUT_MS });
    expect(result.code, describeResult('the probe', result)).toBe(0);
    expect(endpointWarning(result), describeResult('the probe', result)).toBeDefined();
  });

  for (const example of runnable) {
    it(`${location(example)} runs to completion, printing no endpoint warning`, async () => {
      expect(compiled.errors.get(sourcePath(example)) ?? [], 'it does not compile (see its compile test)').toEqual([]);
      const result = await runCommand(process.execPath, [outputPath(example)], {
        cwd: workspace.appDir,
        env: exampleEnv(true),
        timeoutMs: RUN_TIMEOUT_MS,
      });
      const report = describeResult(`${location(example)} (node ${outputPath(example)})`, result);
      expect(result.code, report).toBe(0);
      const warning = endpointWarning(result);
      expect(
        warning,
        `${location(example)} printed the SDK's endpoint warning: say in the README to set AWS_ENDPOINT_URL_SQS or pass endpoint to the client\n${report}`,
      ).toBeUndefined();
    });
  }
});
