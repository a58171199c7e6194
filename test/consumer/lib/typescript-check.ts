/**
 * Type checks with the repository's own TypeScript (`node_modules/typescript` at the root), through
 * its API, so a test can tell which file each error belongs to and map it back to a README line.
 */
import { dirname } from 'node:path';
import ts from 'typescript';

/** A compiled project: the program (for its checker and source files) and its errors. */
export interface CompiledProject {
  readonly program: ts.Program;
  readonly options: ts.CompilerOptions;
  /** Option, syntax, semantic and declaration-file errors, as `tsc -p` reports them. */
  readonly diagnostics: readonly ts.Diagnostic[];
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (fileName) => fileName,
  getCurrentDirectory: () => process.cwd(),
  getNewLine: () => '\n',
};

/** Diagnostics as `tsc` prints them (`file(line,col): error TS…: message`), paths relative to `cwd`. */
export function formatDiagnostics(diagnostics: readonly ts.Diagnostic[], cwd: string): string {
  return ts.formatDiagnostics(diagnostics, { ...formatHost, getCurrentDirectory: () => cwd });
}

function readConfig(tsconfigPath: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(formatDiagnostics([diagnostic], dirname(tsconfigPath)));
    },
  });
  if (!parsed) throw new Error(`TypeScript could not read ${tsconfigPath}`);
  if (parsed.errors.length > 0) throw new Error(formatDiagnostics(parsed.errors, dirname(tsconfigPath)));
  return parsed;
}

/** `tsc -p tsconfigPath` (emitting unless the config says `noEmit`). */
export function compileProject(tsconfigPath: string): CompiledProject {
  const config = readConfig(tsconfigPath);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    ...(config.projectReferences ? { projectReferences: config.projectReferences } : {}),
  });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (!config.options.noEmit) diagnostics.push(...program.emit().diagnostics);
  return { program, options: config.options, diagnostics };
}

/** The TypeScript in use, for messages. */
export const TYPESCRIPT_VERSION = ts.version;
