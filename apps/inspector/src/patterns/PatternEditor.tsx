/**
 * The JSON pattern editor (CodeMirror 6): JSON highlighting, undo/redo, and the current problem — a
 * JSON syntax error or core's `PatternError` — underlined in place at the offset or path it names.
 */
import { useEffect, useRef } from 'react';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightSpecialChars, keymap, lineNumbers, placeholder } from '@codemirror/view';
import type { PatternProblem } from '../worker/protocol.js';
import { firstSyntaxErrorRange, jsonPathRange } from './json-path-range.js';

export interface PatternEditorProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** The problem to underline; `undefined` clears it. */
  readonly problem: PatternProblem | undefined;
  readonly label: string;
  readonly hint: string;
}

function diagnosticFor(state: EditorState, problem: PatternProblem): Diagnostic {
  const length = state.doc.length;
  let range: { from: number; to: number } | undefined;
  if (problem.kind === 'syntax') {
    if (problem.offset === undefined) range = firstSyntaxErrorRange(state);
    else {
      const from = Math.min(problem.offset, length);
      range = { from, to: Math.min(from + 1, length) };
    }
  } else if (problem.kind === 'pattern') {
    range = jsonPathRange(state, problem.path);
  }
  range ??= { from: 0, to: length };
  return { from: range.from, to: range.to, severity: 'error', message: problem.message };
}

export function PatternEditor({ value, onChange, problem, label, hint }: PatternEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          // Undo/redo and the usual editing keys; Tab is left to move focus, for keyboard users.
          keymap.of([...defaultKeymap, ...historyKeymap]),
          highlightSpecialChars(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          placeholder(hint),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': label, spellcheck: 'false' }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor === null) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (editor === null) return;
    editor.dispatch(setDiagnostics(editor.state, problem === undefined ? [] : [diagnosticFor(editor.state, problem)]));
  }, [problem, value]);

  return <div className="pattern-editor" ref={host} />;
}
