/**
 * Code generation for `test`: turns a compiled node tree (`matcher-nodes.ts`, built and
 * validated by `compile.ts`) into the source of one JavaScript function, so that each object level
 * is a property read by a literal key with its own inline cache. Compared strings are constants
 * passed in, so patterns that differ only in them share one generated function (and its optimized code).
 *
 * Safety: the only text taken from a pattern that reaches the source is string literals written
 * with `JSON.stringify` (a JSON string is a JavaScript string literal, U+2028/U+2029 included since
 * ES2019) and numbers/bigints written by `String` of a finite number or a bigint. Everything else —
 * RegExps, dates, predicates, `Uint8Array`s, `Set`s, closures of nodes not generated — is passed
 * as a parameter (the constants array), never as source text.
 *
 * Semantics: each generated fragment does exactly what the node's `test` closure does, in the same
 * order (same property reads, same getter calls, same helpers), so the two agree on every value;
 * `codegen.test.ts` checks it on generated patterns and values. Where `new Function` is forbidden
 * (a Content-Security-Policy without `'unsafe-eval'`), or switched off with
 * {@link setMatcherCodegen}, `compilePattern` keeps the closures.
 */
import { compareValueToDate, type PatternDate } from './dates.js';
import { isMatchScalar, type Comparison, type MatcherNode, type NodeShape } from './matcher-nodes.js';
import { compareValueToNumeric } from './numbers.js';
import { checkObjectPrototype, isEmptyValue, isObjectPrototypeKey, NOT_PLAIN, plainPrototypeFrom } from './value-shapes.js';

// ---------------------------------------------------------------------------------------------
// The switch

/**
 * Whether `compilePattern`, `eventPattern` and `dataPattern` generate code for `test`: `'auto'`
 * (after a pattern's first 500 tests, so that only patterns in use pay the ~100 µs it costs),
 * `'eager'` (when the pattern is compiled), `'off'` (never: closures only).
 */
export type MatcherCodegenMode = 'auto' | 'eager' | 'off';

let mode: MatcherCodegenMode = 'auto';
let evalAllowed: boolean | undefined;

/**
 * Turns code generation for `test` on (`'auto'`, the default, or `'eager'`) or off (`'off'`).
 * With `'auto'`, patterns compiled afterwards get a generated `test` (after their first 500
 * tests; with `'eager'`, at once) when the environment allows `new Function`
 * (checked once: a Content-Security-Policy without `'unsafe-eval'` forbids it, and so does
 * `node --disallow-code-generation-from-strings`); otherwise, and with `'off'`, `test` runs the
 * compiled closures. Both give the same answers; generated code is several times faster.
 *
 * Switch it off where running generated code is forbidden by policy even though the platform
 * allows it (or set `globalThis.SQS_MEGA_CODEGEN = 'off'` before loading the library, see
 * {@link matcherCodegenEnabled}). Patterns already compiled keep what they were compiled with.
 *
 * @example
 * ```ts
 * import { setMatcherCodegen } from '@sqs-mega/core';
 * setMatcherCodegen('off'); // before compiling any pattern
 * ```
 */
export function setMatcherCodegen(next: MatcherCodegenMode): void {
  if (next !== 'auto' && next !== 'eager' && next !== 'off') {
    throw new TypeError(`setMatcherCodegen takes 'auto', 'eager' or 'off', not ${String(next)}`);
  }
  mode = next;
}

/** The mode in effect: {@link setMatcherCodegen}'s, unless the global `SQS_MEGA_CODEGEN` overrides it. */
export function matcherCodegenMode(): MatcherCodegenMode {
  const global = (globalThis as { SQS_MEGA_CODEGEN?: unknown }).SQS_MEGA_CODEGEN;
  if (global === 'off') return 'off';
  if (global === 'eager' && mode === 'auto') return 'eager';
  return mode;
}

/**
 * True when patterns compiled now get a generated `test`: the mode is `'auto'`, the global
 * `SQS_MEGA_CODEGEN` is not `'off'` (`'eager'` is also accepted, for tests), and this environment allows `new Function` (tried once).
 *
 * The global is for environments that forbid generated code by policy but cannot call
 * {@link setMatcherCodegen} before the first pattern is compiled: set
 * `globalThis.SQS_MEGA_CODEGEN = 'off'` before loading the library (the test suite runs this way
 * too, to check the closures).
 */
export function matcherCodegenEnabled(): boolean {
  if (matcherCodegenMode() === 'off') return false;
  if (evalAllowed === undefined) {
    try {
      // A constant source: only probes whether `new Function` is allowed here.
      evalAllowed = new Function('return 1')() === 1;
    } catch {
      evalAllowed = false;
    }
  }
  return evalAllowed;
}

// ---------------------------------------------------------------------------------------------
// The generator

/** Deeper node trees are generated down to this depth; below it, the nodes' closures are called. */
const MAX_DEPTH = 64;
/** Bigger trees are not generated at all (compiling the source would cost more than it saves). */
const MAX_NODES = 2000;

/** What the generated source receives: helpers under fixed names (see {@link HELPER_NAMES}). */
const HELPERS = {
  OP: Object.prototype,
  hasOwn: Object.prototype.hasOwnProperty,
  isArray: Array.isArray,
  getProto: Object.getPrototypeOf,
  plainFrom: plainPrototypeFrom,
  NOT_PLAIN,
  checkProto: checkObjectPrototype,
  cmpNum: compareValueToNumeric,
  cmpDate: compareValueToDate,
  isEmpty: isEmptyValue,
  isMatchScalar,
  DateClass: Date,
  floor: Math.floor,
} as const;
const HELPER_NAMES = Object.keys(HELPERS);

const COMPARISON_OPERATOR: Record<Comparison, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

/** A string literal in the source: JSON text is valid JavaScript, and can hold no code. */
function stringLiteral(s: string): string {
  return JSON.stringify(s);
}

class Generator {
  readonly constants: unknown[] = [];
  readonly functions: string[] = [];
  #names = 0;
  #nodes = 0;

  /** A fresh identifier (`$` + a counter: cannot clash with helpers, `c`, or each other). */
  name(prefix: string): string {
    return `${prefix}$${this.#names++}`;
  }

  /** A constant passed in, as the name of a factory-scope `const` holding it. */
  constant(value: unknown): string {
    this.constants.push(value);
    return `k$${this.constants.length - 1}`;
  }

  /** A finite number as a literal; other numbers and every bigint-unsafe case as a constant. */
  number(n: number): string {
    if (!Number.isFinite(n)) return this.constant(n);
    if (Object.is(n, -0)) return '(-0)';
    return `(${String(n)})`;
  }

  numeric(n: number | bigint): string {
    return typeof n === 'bigint' ? `(${String(n)}n)` : this.number(n);
  }

  /** A node's closure, called: for nodes without a shape, and below {@link MAX_DEPTH}. */
  closure(node: MatcherNode, x: string): string {
    return `${this.constant(node.test)}(${x})`;
  }

  /** A boolean expression equal to `node.test(x)`, where `x` is a local variable. */
  expr(node: MatcherNode, x: string, depth: number): string {
    if (++this.#nodes > MAX_NODES) throw new TooBig();
    const shape = node.shape;
    if (shape === undefined || depth > MAX_DEPTH) return this.closure(node, x);
    return this.shapeExpr(shape, x, depth + 1);
  }

  shapeExpr(shape: NodeShape, x: string, depth: number): string {
    switch (shape.kind) {
      case 'string':
        // Compared values are constants, not literals: patterns that differ only in them (10,000
        // subscribers to different event names) share one generated function, its optimized code
        // and its call-site feedback.
        return `(${x} === ${this.constant(shape.value)})`;
      case 'number': {
        const n = this.number(shape.value);
        return `(typeof ${x} === "number" ? ${x} === ${n} : cmpNum(${x}, ${n}) === 0)`;
      }
      case 'bigint': {
        const n = this.numeric(shape.value);
        return `(typeof ${x} === "bigint" ? ${x} === ${n} : cmpNum(${x}, ${n}) === 0)`;
      }
      case 'identity':
        return `(${x} === ${String(shape.value)})`;
      case 'date':
        return this.dateExpr(shape.op, shape.date, x);
      case 'regex': {
        const { startsWith, sticky } = shape.regex;
        if (startsWith !== undefined) return `(typeof ${x} === "string" && ${x}.startsWith(${this.constant(startsWith)}))`;
        if (sticky === undefined) return `(typeof ${x} === "string" && ${this.constant(shape.regex.test)}(${x}))`;
        const r = this.constant(sticky);
        return `(typeof ${x} === "string" && (${r}.lastIndex = 0, ${r}.test(${x})))`;
      }
      case 'booleanMatch': {
        const word = shape.value ? 'true' : 'false';
        return (
          `(${x} === ${word} || (typeof ${x} === "string" && ${x}.length === ${word.length} && ` +
          `${x}.toLowerCase() === "${word}"))`
        );
      }
      case 'compare': {
        const op = COMPARISON_OPERATOR[shape.op];
        const n = this.numeric(shape.value);
        return typeof shape.value === 'number'
          ? `(typeof ${x} === "number" ? ${x} ${op} ${n} : cmpNum(${x}, ${n}) ${op} 0)`
          : `(cmpNum(${x}, ${n}) ${op} 0)`;
      }
      case 'any':
        return `(${x} !== undefined)`;
      case 'empty':
        return `isEmpty(${x})`;
      case 'not':
        return `!${this.expr(shape.inner, x, depth)}`;
      case 'and':
      case 'or':
        return `(${shape.nodes.map((n) => this.expr(n, x, depth)).join(shape.kind === 'and' ? ' && ' : ' || ')})`;
      case 'oneOf':
        if (shape.strings !== undefined) return this.membership(shape.strings, x);
        return `(!isArray(${x}) && ${this.some(shape.items, x, depth)})`;
      case 'array':
        return this.arrayFunction(shape.items, x, depth, false);
      case 'matchArray':
        return this.arrayFunction(shape.items, x, depth, true);
      case 'object':
        return this.objectFunction(shape.keys, shape.nodes, x, depth);
      case 'range': {
        const low = `${x} ${shape.lowInclusive ? '>=' : '>'} ${this.number(shape.low)}`;
        const high = `${x} ${shape.highInclusive ? '<=' : '<'} ${this.number(shape.high)}`;
        return `(typeof ${x} === "number" ? (${low} && ${high}) : ${this.expr(shape.all, x, depth)})`;
      }
      case 'event':
        return this.eventFunction(shape.event, shape.object, x, depth);
    }
  }

  /** Like `compareValueToDate(x, date) op 0`, with the `Date`-instant case inline. */
  dateExpr(op: Comparison | '$eq', date: PatternDate, x: string): string {
    const js = op === '$eq' ? '===' : COMPARISON_OPERATOR[op];
    const d = this.constant(date);
    if (date.dateOnly) return `(cmpDate(${x}, ${d}) ${js} 0)`;
    // compareValueToDate: a string is parsed; a Date compares floor(getTime() / 1000), NaN for
    // an invalid one (and every comparison with NaN is false, as with the helper's NaN).
    return (
      `(${x} instanceof DateClass ? ` +
      `floor(${x}.getTime() / 1000) ${js} ${this.number(date.epochSeconds)} : cmpDate(${x}, ${d}) ${js} 0)`
    );
  }

  /** "One of these strings": comparisons for a few, the `Set` beyond (strings only, like the closure). */
  membership(strings: ReadonlySet<string>, x: string): string {
    if (strings.size === 0) return 'false';
    if (strings.size <= 8) return `(${[...strings].map((s) => `${x} === ${this.constant(s)}`).join(' || ')})`;
    return `(typeof ${x} === "string" && ${this.constant(strings)}.has(${x}))`;
  }

  some(items: readonly MatcherNode[], x: string, depth: number): string {
    if (items.length === 0) return 'false';
    return `(${items.map((n) => this.expr(n, x, depth)).join(' || ')})`;
  }

  /** Every item matches some element (the closures' `everyItemFound`, item by item). */
  everyItemFound(items: readonly MatcherNode[], x: string, n: string, depth: number): string {
    return items
      .map((item) => {
        const i = this.name('i');
        const e = this.name('e');
        const found = this.name('found');
        return (
          `  let ${found} = false;\n` +
          `  for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${e} = ${x}[${i}]; ` +
          `if (${this.expr(item, e, depth)}) { ${found} = true; break; } }\n` +
          `  if (!${found}) return false;\n`
        );
      })
      .join('');
  }

  /** `arrayNode` (set-equality) or `matchArrayNode`, as a local function. */
  arrayFunction(items: readonly MatcherNode[], x: string, depth: number, match: boolean): string {
    const f = this.name('array');
    const a = this.name('a');
    const n = this.name('n');
    let body: string;
    if (match) {
      body =
        `  if (isArray(${a})) {\n  const ${n} = ${a}.length;\n` +
        this.everyItemFound(items, a, n, depth) +
        `  return true;\n  }\n  return isMatchScalar(${a}) && ${this.some(items, a, depth)};\n`;
    } else {
      // The closures' setEqual: each (element, item) pair is tested at most once.
      const i = this.name('i');
      const e = this.name('e');
      const ok = this.name('ok');
      const found = items.map(() => this.name('found'));
      body =
        `  if (!isArray(${a})) return false;\n  const ${n} = ${a}.length;\n` +
        found.map((f) => `  let ${f} = false;\n`).join('') +
        `  for (let ${i} = 0; ${i} < ${n}; ${i}++) { const ${e} = ${a}[${i}]; let ${ok} = false;\n` +
        items
          .map((item, j) => `    if (!(${ok} && ${found[j]}) && ${this.expr(item, e, depth)}) { ${ok} = true; ${found[j]} = true; }\n`)
          .join('') +
        `    if (!${ok}) return false;\n  }\n` +
        `  return ${found.length === 0 ? 'true' : found.join(' && ')};\n`;
    }
    this.functions.push(`function ${f}(${a}) {\n${body}}\n`);
    return `${f}(${x})`;
  }

  /**
   * An own-property read of `key` from object `o` into `y`, as `readOwnFrom` does it: one plain
   * read when `fast` (a plain object whose prototype is `Object.prototype` with no pollution, or
   * null) and the key is not one `Object.prototype` has; `hasOwnProperty` first otherwise. A getter
   * that throws makes the enclosing function return false (the closures' `GETTER_THREW`).
   */
  read(o: string, key: string, y: string, fast: string): string {
    const k = stringLiteral(key);
    return (
      `  if (${fast} || hasOwn.call(${o}, ${k})) { try { ${y} = ${o}[${k}]; } catch { return false; } }` +
      ` else ${y} = undefined;\n`
    );
  }

  /** `objectNode`, as a local function. */
  objectFunction(keys: readonly string[], nodes: readonly MatcherNode[], x: string, depth: number): string {
    const f = this.name('object');
    const o = this.name('o');
    const p = this.name('p');
    const fast = this.name('fast');
    const y = this.name('y');
    let body =
      `  if (typeof ${o} !== "object" || ${o} === null) return false;\n` +
      `  let ${p} = ${o}.__proto__;\n` +
      `  if (${p} !== OP) { ${p} = plainFrom(${o}, getProto(${o})); if (${p} === NOT_PLAIN) return false; }\n`;
    if (keys.length > 0) {
      body += `  const ${fast} = ${p} === null || (${p} === OP && !polluted);\n  let ${y};\n`;
    }
    keys.forEach((key, index) => {
      // A key that Object.prototype has ("constructor", "__proto__"…) is always checked.
      body += this.read(o, key, y, isObjectPrototypeKey(key) ? `${p} === null` : fast);
      body += `  if (!${this.expr(nodes[index]!, y, depth)}) return false;\n`;
    });
    this.functions.push(`function ${f}(${o}) {\n${body}  return true;\n}\n`);
    return `${f}(${x})`;
  }

  /** The event subscriber node (`event-pattern.ts`): two containers, each read once. */
  eventFunction(
    event: readonly { readonly key: string; readonly node: MatcherNode }[],
    object: readonly { readonly key: string; readonly node: MatcherNode }[],
    x: string,
    depth: number,
  ): string {
    const f = this.name('event');
    const payload = this.name('payload');
    let body = '';
    const container = (name: 'event' | 'object', checks: typeof event): void => {
      if (checks.length === 0) return;
      const c = this.name('c');
      const p = this.name('p');
      const r = this.name('readable');
      const fast = this.name('fast');
      const y = this.name('y');
      // containerOf: isObjectLike, prototypeOf, then readStatic (fast: no prototype or an
      // unpolluted Object.prototype; otherwise hasOwnProperty first).
      body +=
        `  let ${c}, ${p}, ${y};\n` +
        `  if (typeof ${payload} === "object" && ${payload} !== null) {\n` +
        `    ${p} = ${payload}.__proto__ === OP ? OP : getProto(${payload});\n` +
        `  ` +
        this.read(payload, name, c, `${p} === null || (${p} === OP && !polluted)`) +
        `  } else ${c} = undefined;\n` +
        `  const ${r} = typeof ${c} === "object" && ${c} !== null;\n  let ${fast} = false;\n` +
        `  if (${r}) { ${p} = ${c}.__proto__ === OP ? OP : getProto(${c}); ${fast} = ${p} === null || (${p} === OP && !polluted); }\n`;
      for (const check of checks) {
        body += `  if (!${r}) ${y} = undefined; else ` + this.read(c, check.key, y, fast).trimStart();
        body += `  if (!${this.expr(check.node, y, depth)}) return false;\n`;
      }
    };
    container('event', event);
    container('object', object);
    this.functions.push(`function ${f}(${payload}) {\n${body}  return true;\n}\n`);
    return `${f}(${x})`;
  }
}

/** Thrown inside the generator when a tree is too big to be worth generating. */
class TooBig extends Error {}

/** Generated sources already compiled, by source text (patterns of the same shape and literals). */
const factories = new Map<string, (helpers: typeof HELPERS, constants: readonly unknown[]) => (value: unknown) => boolean>();
const MAX_FACTORIES = 512;

/**
 * The source of the function that generates `test` for a node, and its constants; `undefined`
 * when the tree is too big to be worth it. Exposed for tests.
 */
export function generateTestSource(node: MatcherNode): { source: string; constants: unknown[] } | undefined {
  const generator = new Generator();
  let root: string;
  try {
    root = generator.expr(node, 'value', 0);
  } catch (error) {
    if (error instanceof TooBig) return undefined;
    throw error;
  }
  const constants = generator.constants.map((_, i) => `const k$${i} = c[${i}];\n`).join('');
  const source =
    `"use strict";\nconst { ${HELPER_NAMES.join(', ')} } = h;\n${constants}let polluted = false;\n` +
    generator.functions.join('') +
    `return function test(value) {\n  polluted = checkProto();\n  try {\n    return ${root};\n  } catch {\n    return false;\n  }\n};\n`;
  return { source, constants: generator.constants };
}

/**
 * A generated `test` for a compiled node: the same answers as the node's closures wrapped by
 * `compiledFromNode` (never throws; refreshes the prototype-pollution flag first). `undefined`
 * when code generation is off or not allowed here, or the tree is too big: use the closures.
 */
export function generateTest(node: MatcherNode): ((value: unknown) => boolean) | undefined {
  if (!matcherCodegenEnabled()) return undefined;
  const generated = generateTestSource(node);
  if (generated === undefined) return undefined;
  let factory = factories.get(generated.source);
  if (factory === undefined) {
    try {
      // Safe: the source is built only from fixed text, JSON.stringify'd strings and numeric
      // literals (see the module comment); every other pattern value is passed in `c`.
      factory = new Function('h', 'c', generated.source) as typeof factory & object;
    } catch {
      // A policy change after the probe, or an engine limit: keep the closures.
      return undefined;
    }
    if (factories.size >= MAX_FACTORIES) factories.clear();
    factories.set(generated.source, factory);
  }
  return factory(HELPERS, generated.constants);
}
