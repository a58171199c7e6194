/**
 * A collapsible tree of a decoded value. Keys are rendered as text (React escapes them), read with
 * `Object.keys` only, so `__proto__` or `constructor` keys are shown like any other. Every key and
 * every string is its own bidi isolate with its controls shown ({@link VisibleText}), so an override
 * in one cannot disguise it or its neighbours. Children are built only when a node is open, and
 * nesting stops at {@link MAX_TREE_DEPTH}, so a hostile, deeply nested body cannot exhaust the page.
 */
import { useState } from 'react';
import { dateText } from './time-text.js';
import { bytesPreview } from './value-text.js';
import { VisibleText } from './VisibleText.js';

/** How deep the tree goes before it stops and says so. */
export const MAX_TREE_DEPTH = 64;
const CHILDREN_SHOWN = 500;

function isBranch(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof Uint8Array);
}

function Leaf({ value }: { readonly value: unknown }) {
  if (value === null) return <span className="v-null">null</span>;
  if (value === undefined) return <span className="v-null">undefined</span>;
  if (typeof value === 'string') {
    // The quotes stay outside the isolate, so a right-to-left string cannot carry them off.
    return (
      <span className="v-string">
        "<VisibleText text={JSON.stringify(value).slice(1, -1)} />"
      </span>
    );
  }
  if (typeof value === 'number') return <span className="v-number">{Object.is(value, -0) ? '-0' : String(value)}</span>;
  if (typeof value === 'bigint') return <span className="v-number">{`${value}n`}</span>;
  if (typeof value === 'boolean') return <span className="v-boolean">{String(value)}</span>;
  if (value instanceof Date) return <span className="v-date">{dateText(value)}</span>;
  if (value instanceof Uint8Array) return <span className="v-bytes">{`bytes(${value.length}) ${bytesPreview(value, 16)}`}</span>;
  return <span className="v-null">{typeof value}</span>;
}

function Key({ name }: { readonly name: string }) {
  return (
    <>
      <VisibleText className="tree-key" text={name} />
      <span className="tree-punct">: </span>
    </>
  );
}

function entriesOf(value: object): [string, unknown][] {
  if (Array.isArray(value)) return value.map((item: unknown, i) => [String(i), item]);
  return Object.keys(value).map((key) => {
    try {
      return [key, (value as Record<string, unknown>)[key]];
    } catch {
      return [key, '(unreadable)'];
    }
  });
}

function Branch({ name, value, depth }: { readonly name: string | undefined; readonly value: object; readonly depth: number }) {
  const [open, setOpen] = useState(depth < 3);
  const entries = open ? entriesOf(value) : [];
  const size = Array.isArray(value) ? `[${value.length}]` : `{${Object.keys(value).length}}`;
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={false}>
      <button type="button" className="tree-toggle" onClick={() => setOpen(!open)}>
        <span aria-hidden="true" className="chevron">
          {open ? '▾' : '▸'}
        </span>
        {name !== undefined && <Key name={name} />}
        <span className="tree-size">{size}</span>
      </button>
      {open && (
        <ul role="group">
          {depth >= MAX_TREE_DEPTH ? (
            <li className="muted">nested deeper than {MAX_TREE_DEPTH} levels: see the raw body</li>
          ) : (
            entries.slice(0, CHILDREN_SHOWN).map(([key, item]) => <Node key={key} name={key} value={item} depth={depth + 1} />)
          )}
          {entries.length > CHILDREN_SHOWN && <li className="muted">… {entries.length - CHILDREN_SHOWN} more</li>}
        </ul>
      )}
    </li>
  );
}

function Node({ name, value, depth }: { readonly name: string | undefined; readonly value: unknown; readonly depth: number }) {
  if (isBranch(value)) return <Branch name={name} value={value} depth={depth} />;
  return (
    <li role="treeitem" aria-selected={false}>
      {name !== undefined && <Key name={name} />}
      <Leaf value={value} />
    </li>
  );
}

/** The tree of `value`, labelled for assistive technology. */
export function ValueTree({ value, label }: { readonly value: unknown; readonly label: string }) {
  return (
    <ul className="tree" role="tree" aria-label={label}>
      <Node name={undefined} value={value} depth={0} />
    </ul>
  );
}
