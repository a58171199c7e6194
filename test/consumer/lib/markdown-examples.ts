/**
 * The TypeScript and JavaScript code blocks of the documentation, found with `marked`'s lexer, and
 * what each is: a complete module (the default), a fragment, a program to run, or a skipped block.
 *
 * A block's kind is given by an HTML comment directly before it (nothing but blank lines between):
 *
 *     <!-- example: fragment -->          compiled with the fragment prelude (examples-prelude.d.ts)
 *     <!-- example: run -->               a whole program: compiled, then run against ElasticMQ
 *     <!-- example: skip (the reason) --> not compiled; the reason is required
 *
 * A block whose first line is a comment naming a file (`// tasks.ts — …`) is written under that
 * name, so other blocks of the same Markdown file can import it (`import … from './tasks.js'`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { marked, type Token, type Tokens } from 'marked';

/** How a block is checked. */
export type ExampleMode = 'module' | 'fragment' | 'run' | 'skip';

/** One code block. */
export interface MarkdownExample {
  /** The Markdown file, relative to the repository root, with `/` separators. */
  readonly markdownFile: string;
  /** The 1-based line of the opening fence. */
  readonly line: number;
  readonly language: 'ts' | 'js';
  readonly mode: ExampleMode;
  /** Why a `skip` block is skipped. */
  readonly skipReason?: string;
  readonly code: string;
  /** The file the block is written to, inside its Markdown file's directory. */
  readonly fileName: string;
}

/** A marker that cannot be honoured: not before a code block, unknown, or a skip without reason. */
export interface MarkerProblem {
  readonly markdownFile: string;
  readonly line: number;
  readonly message: string;
}

const LANGUAGES: Readonly<Record<string, 'ts' | 'js'>> = { ts: 'ts', typescript: 'ts', js: 'js', javascript: 'js' };
const MARKER = /^<!--\s*example\s*:(?<body>[\s\S]*?)-->\s*$/;
const MARKER_BODY = /^\s*(?<mode>[a-z]+)\s*(?:\((?<reason>[^)]*)\))?\s*$/;
const FILE_NAME_COMMENT = /^\/\/\s*(?<name>[A-Za-z0-9_.-]+\.(?:ts|mts|cts|js|mjs|cjs))(?:\s|$)/;

/** The documentation whose code blocks are checked: the READMEs and `docs/*.md`. */
export function findMarkdownFiles(repoRoot: string): string[] {
  const files = ['README.md'];
  for (const name of readdirSync(join(repoRoot, 'packages')).sort()) {
    if (existsSync(join(repoRoot, 'packages', name, 'README.md'))) files.push(`packages/${name}/README.md`);
  }
  for (const name of readdirSync(join(repoRoot, 'docs')).sort()) {
    if (name.endsWith('.md')) files.push(`docs/${name}`);
  }
  return files;
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < offset; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

function childTokens(token: Token): Token[] | undefined {
  if (token.type === 'list') return (token as Tokens.List).items.flatMap((item) => item.tokens);
  if (token.type === 'blockquote') return (token as Tokens.Blockquote).tokens;
  return undefined;
}

interface Found {
  readonly token: Tokens.Code;
  readonly line: number;
  readonly marker: { readonly line: number; readonly body: string } | undefined;
}

/**
 * Walks a token list (the document, or a list's or quote's contents) and pairs each code block
 * with the marker directly before it. Top-level tokens' raw texts add up to the source, which
 * gives their offsets; nested tokens are de-indented, so each is found by searching for its first
 * line from where the previous one was.
 */
function walk(tokens: readonly Token[], source: string, start: number, topLevel: boolean, found: Found[], problems: Omit<MarkerProblem, 'markdownFile'>[]): void {
  let cursor = start;
  let pending: { line: number; body: string } | undefined;
  const misplaced = 'an example marker must stand directly before a ```ts or ```js code block';
  for (const token of tokens) {
    let at = cursor;
    if (!topLevel) {
      const firstLine = (token.raw.split('\n')[0] ?? '').trim();
      const index = firstLine === '' ? -1 : source.indexOf(firstLine, cursor);
      if (index >= 0) at = index;
    }
    const line = lineAt(source, at);
    cursor = topLevel ? cursor + token.raw.length : Math.max(cursor, at + 1);
    if (token.type === 'space') continue;

    const marker = token.type === 'html' ? MARKER.exec(token.raw.trim()) : null;
    if (pending && token.type !== 'code') {
      problems.push({ line: pending.line, message: misplaced });
      pending = undefined;
    }
    if (marker) {
      pending = { line, body: marker.groups?.['body'] ?? '' };
    } else if (token.type === 'code') {
      const code = token as Tokens.Code;
      if (languageOf(code)) {
        found.push({ token: code, line, marker: pending });
      } else if (pending) {
        problems.push({ line: pending.line, message: `an example marker stands before a \`\`\`${code.lang ?? ''} block: only ts and js blocks are examples` });
      }
      pending = undefined;
    } else {
      const children = childTokens(token);
      if (children) walk(children, source, at, false, found, problems);
    }
  }
  if (pending) problems.push({ line: pending.line, message: misplaced });
}

function languageOf(code: Tokens.Code): 'ts' | 'js' | undefined {
  return LANGUAGES[(code.lang ?? '').split(/\s/)[0] ?? ''];
}

/** The ts/js code blocks of one Markdown file, and the problems with its markers. */
export function extractExamples(markdownFile: string, source: string): { examples: MarkdownExample[]; problems: MarkerProblem[] } {
  const normalized = source.replace(/\r\n?/g, '\n');
  const found: Found[] = [];
  const rawProblems: Omit<MarkerProblem, 'markdownFile'>[] = [];
  walk(marked.lexer(normalized), normalized, 0, true, found, rawProblems);
  const problems: MarkerProblem[] = rawProblems.map((p) => ({ markdownFile, ...p }));

  const examples: MarkdownExample[] = [];
  const names = new Map<string, number>();
  for (const { token, line, marker } of found) {
    const language = languageOf(token) ?? 'ts';
    let mode: ExampleMode = 'module';
    let skipReason: string | undefined;
    if (marker) {
      const parsed = MARKER_BODY.exec(marker.body);
      const markerMode = parsed?.groups?.['mode'];
      const reason = parsed?.groups?.['reason']?.trim();
      if (markerMode === 'fragment' || markerMode === 'run' || markerMode === 'skip') {
        mode = markerMode;
        if (markerMode === 'skip') {
          if (!reason) problems.push({ markdownFile, line: marker.line, message: 'a skipped example needs its reason: <!-- example: skip (why) -->' });
          skipReason = reason ?? '';
        } else if (reason !== undefined) {
          problems.push({ markdownFile, line: marker.line, message: `only skip takes a reason: <!-- example: ${markerMode} -->` });
        }
      } else {
        problems.push({
          markdownFile,
          line: marker.line,
          message: `unknown example marker "${marker.body.trim()}": use fragment, run or skip (reason)`,
        });
      }
    }
    const named = FILE_NAME_COMMENT.exec(token.text)?.groups?.['name'];
    const fileName = named ?? `line-${line}.${language}`;
    const earlier = names.get(fileName);
    if (earlier !== undefined) {
      problems.push({ markdownFile, line, message: `two blocks are named ${fileName} (the other at line ${earlier}): rename one` });
    }
    names.set(fileName, line);
    examples.push({ markdownFile, line, language, mode, ...(skipReason === undefined ? {} : { skipReason }), code: token.text, fileName });
  }
  return { examples, problems };
}

/** A directory name for a Markdown file's examples: `README.md` → `README`, `packages/node/README.md` → `packages-node-README`. */
export function exampleDirName(markdownFile: string): string {
  return markdownFile.replace(/\.md$/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
}
