/**
 * The worker's `--tasks` modules: resolved from the current directory, imported (TypeScript through
 * the project's tsx, see typescript-loader.ts), their tasks collected. Each way this can fail has its
 * own message naming the real cause: a missing file (with the file meant, when a sibling exists),
 * a directory, TypeScript without tsx, another file type, a module that throws or does not parse,
 * a module that imports something missing, a module exporting no task.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Task } from '../tasks/define-task.js';
import { collectTasks } from '../tasks/register-tasks.js';
import { UsageError } from './cli-io.js';
import { isTypeScriptFile, registerTsx } from './typescript-loader.js';

/** A `--tasks` module failed while loading (it threw, does not parse, or imports something missing); exit code 1. */
export class TasksModuleError extends Error {
  override readonly name = 'TasksModuleError';
  /** Always `TASKS_MODULE_FAILED`. */
  readonly code = 'TASKS_MODULE_FAILED';
}

/** How a path is shown in messages: as given when relative, else relative to `cwd` when shorter. */
function shownPath(file: string, cwd: string): string {
  const fromCwd = relative(cwd, file);
  return fromCwd.startsWith('..') || fromCwd === '' ? file : `./${fromCwd}`;
}

/** The module the user probably meant when `file` does not exist: the same name with another extension, or under `dist/`. */
function siblingOf(file: string): string | undefined {
  const extension = extname(file);
  const stem = extension === '' ? file : file.slice(0, -extension.length);
  const candidates = ['.js', '.mjs', '.cjs', '.ts', '.mts'].filter((e) => e !== extension).map((e) => `${stem}${e}`);
  candidates.push(join(dirname(file), 'dist', `${basename(stem)}.js`));
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function notFound(path: string, file: string, cwd: string): UsageError {
  const sibling = siblingOf(file);
  const hint =
    sibling === undefined
      ? 'Pass the module that exports your tasks (built JavaScript such as --tasks ./dist/tasks.js, or a .ts file with tsx installed).'
      : `Did you mean --tasks ${shownPath(sibling, cwd)}?`;
  return new UsageError(`--tasks ${path}: ${file} does not exist. ${hint}`);
}

function directory(path: string, file: string, cwd: string): UsageError {
  const inside = ['index.js', 'tasks.js', 'index.ts', 'tasks.ts'].map((name) => join(file, name)).find((candidate) => existsSync(candidate));
  const hint = inside === undefined ? '' : ` (such as --tasks ${shownPath(inside, cwd)})`;
  return new UsageError(`--tasks ${path}: ${file} is a directory; pass the module file that exports your tasks${hint}.`);
}

function typeScriptWithoutTsx(path: string, cwd: string): UsageError {
  return new UsageError(
    `--tasks ${path} is TypeScript, which Node ${process.version} cannot import by itself, and no tsx resolves from ${cwd}. ` +
      'Install tsx in the project (npm install --save-dev tsx; the worker then loads TypeScript tasks itself), ' +
      'run the worker under it (node --import tsx ./node_modules/.bin/sqs-mega worker …), ' +
      'or compile the tasks and pass the JavaScript (--tasks ./dist/tasks.js).',
  );
}

/** The file Node refused in an `ERR_UNKNOWN_FILE_EXTENSION` message (`Unknown file extension ".ts" for /app/tasks.ts`). */
function refusedFile(error: Error): string | undefined {
  return /for (.+)$/.exec(error.message)?.[1];
}

function loadFailure(path: string, cwd: string, error: unknown): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (cause as { code?: unknown }).code;
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION') {
    const refused = refusedFile(cause) ?? path;
    if (isTypeScriptFile(refused)) {
      return refused === resolve(cwd, path) ? typeScriptWithoutTsx(path, cwd) : new UsageError(
        `--tasks ${path} imports ${refused}, which is TypeScript: Node ${process.version} cannot import it by itself. ` +
          'Install tsx in the project (npm install --save-dev tsx), run the worker under it (node --import tsx ./node_modules/.bin/sqs-mega worker …), ' +
          'or compile the tasks and pass the JavaScript.',
      );
    }
    return new UsageError(`--tasks ${path}: Node cannot import ${refused} as a module (${cause.message}); pass a JavaScript module (.js, .mjs, .cjs).`);
  }
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return new TasksModuleError(
      `--tasks ${path} imports a module that cannot be found (${cause.message}). Install it, build the project, or run the worker from the project's directory.`,
      { cause },
    );
  }
  if (cause instanceof SyntaxError) {
    return new TasksModuleError(`--tasks ${path} does not parse (SyntaxError: ${cause.message}). Fix it, or pass the built JavaScript.\n${cause.stack ?? ''}`, {
      cause,
    });
  }
  return new TasksModuleError(
    `--tasks ${path} threw while loading (${cause.name}: ${cause.message}): its top-level code runs when the worker starts. Fix it, then start the worker again.\n${cause.stack ?? ''}`,
    { cause },
  );
}

/**
 * Imports one `--tasks` module, resolved from `cwd`. A TypeScript file is imported through the
 * project's tsx (registered first), when it has one.
 *
 * @throws UsageError for a missing file, a directory, TypeScript without tsx, a file type Node
 *   cannot import; TasksModuleError when the module throws, does not parse or imports something missing.
 */
export async function importTasksModule(path: string, cwd: string): Promise<unknown> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw notFound(path, file, cwd);
  if (statSync(file).isDirectory()) throw directory(path, file, cwd);
  if (isTypeScriptFile(file)) {
    try {
      await registerTsx([dirname(file), cwd]);
    } catch (error) {
      throw new TasksModuleError(`--tasks ${path} is TypeScript, and the project's tsx could not be loaded (${String((error as Error)?.message ?? error)}).`, {
        cause: error,
      });
    }
  }
  try {
    return await import(pathToFileURL(file).href);
  } catch (error) {
    throw loadFailure(path, cwd, error);
  }
}

/**
 * Loads the `--tasks` modules and collects their tasks, each once.
 *
 * @throws what {@link importTasksModule} throws; UsageError for a module that exports no task;
 *   TaskDuplicateError for two different tasks of one name.
 */
export async function loadTasks(paths: readonly string[], cwd: string): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const path of paths) {
    const found = collectTasks((await importTasksModule(path, cwd)) as Record<string, unknown>);
    if (found.length === 0) {
      throw new UsageError(`--tasks ${path} exports no task: export the values defineTask() returns (export const sendEmail = defineTask(...)).`);
    }
    tasks.push(...found);
  }
  return collectTasks(tasks);
}
