/**
 * Where a path into a JSON pattern (`["objectCurrent", "id", "$gt"]`, as core's `PatternError`
 * names it) is written in the editor's text, found in the editor's own syntax tree of the JSON.
 */
import { syntaxTree } from '@codemirror/language';
import type { EditorState } from '@codemirror/state';
import type { PathStep } from '../worker/protocol.js';

type SyntaxNode = ReturnType<typeof syntaxTree>['topNode'];

const PUNCTUATION = new Set(['{', '}', '[', ']', ',', ':']);

function valueChildren(node: SyntaxNode): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node.firstChild; child !== null; child = child.nextSibling) {
    if (!PUNCTUATION.has(child.name) && !child.type.isError) children.push(child);
  }
  return children;
}

function keyOf(state: EditorState, property: SyntaxNode): string | undefined {
  const name = property.getChild('PropertyName');
  if (name === null) return undefined;
  try {
    const key: unknown = JSON.parse(state.sliceDoc(name.from, name.to));
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

/** The text range of the value at `path`, or of the deepest part of it that exists. */
export function jsonPathRange(state: EditorState, path: readonly PathStep[]): { from: number; to: number } | undefined {
  const root = syntaxTree(state).topNode;
  let node: SyntaxNode | undefined = valueChildren(root)[0];
  if (node === undefined) return undefined;
  let marked: SyntaxNode = node;
  for (const step of path) {
    let next: SyntaxNode | undefined;
    if (typeof step === 'string' && node.name === 'Object') {
      const property: SyntaxNode | undefined = node.getChildren('Property').find((p) => keyOf(state, p) === step);
      if (property !== undefined) {
        marked = property.getChild('PropertyName') ?? property;
        next = valueChildren(property).filter((child) => child.name !== 'PropertyName')[0];
      }
    } else if (typeof step === 'number' && node.name === 'Array') {
      next = valueChildren(node)[step];
    }
    if (next === undefined) break;
    node = next;
    marked = next;
  }
  return { from: marked.from, to: marked.to };
}

/** Where the editor's JSON parser first found an error (for JSON.parse errors that name no position). */
export function firstSyntaxErrorRange(state: EditorState): { from: number; to: number } | undefined {
  let found: { from: number; to: number } | undefined;
  syntaxTree(state).iterate({
    enter(node) {
      if (found !== undefined) return false;
      if (node.type.isError) {
        found = { from: node.from, to: Math.max(node.to, Math.min(node.from + 1, state.doc.length)) };
        return false;
      }
      return undefined;
    },
  });
  return found;
}
