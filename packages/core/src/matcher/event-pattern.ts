/**
 * Event subscriber patterns (spec §6, S1): a subscriber declares attributes of a MEGA event
 * (camelCase names, with aliases), each a pattern matched against the value at its path.
 */
import { PatternError } from '../errors.js';
import type { MegaPayload } from '../model/payload.js';
import { brandCompiled, compiledFromNode, compileNode, newCompileContext } from './compile.js';
import type { MatcherNode, NodeTest } from './matcher-nodes.js';
import type { CompiledPattern, MatchFailure, PathStep, Pattern } from './pattern-form.js';
import {
  GETTER_THREW,
  isObjectLike,
  objectPrototypePolluted,
  prototypeOf,
  readOwnFrom,
  readOwnOrError,
} from './value-shapes.js';

const objectPrototype = Object.prototype;

/** The canonical names of the event attributes a subscriber can declare (spec §6). */
export type EventAttributeName =
  | 'name'
  | 'domain'
  | 'version'
  | 'timestamp'
  | 'subject'
  | 'publisher'
  | 'attributes'
  | 'objectType'
  | 'objectVersion'
  | 'objectId'
  | 'objectCurrent'
  | 'objectPrevious';

/**
 * What an event subscriber declares: a pattern per attribute, all of which must match. Every
 * attribute is optional; `{}` matches every MEGA event. Declaring an attribute and its alias
 * together, or an unknown key, is a `PatternError`.
 *
 * @example
 * ```ts
 * const p = eventPattern({ name: 'user.updated', objectCurrent: { id: gt(0) } });
 * ```
 */
export interface EventPatternAttributes {
  /** `event.name` (a string). Alias: `eventName`. */
  readonly name?: Pattern;
  /** Alias of `name`. */
  readonly eventName?: Pattern;
  /** `event.domain` (a string, or absent). Alias: `eventDomain`. */
  readonly domain?: Pattern;
  /** Alias of `domain`. */
  readonly eventDomain?: Pattern;
  /** `event.version` (a number, default 1). Alias: `eventVersion`. */
  readonly version?: Pattern;
  /** Alias of `version`. */
  readonly eventVersion?: Pattern;
  /**
   * `event.timestamp` (a `Date`, so a plain string never matches it: write `{$datetime: "…"}`,
   * `{$date: "…"}` or a range). Alias: `eventTimestamp`.
   */
  readonly timestamp?: Pattern;
  /** Alias of `timestamp`. */
  readonly eventTimestamp?: Pattern;
  /** `event.subject` (a string, or absent). Alias: `eventSubject`. */
  readonly subject?: Pattern;
  /** Alias of `subject`. */
  readonly eventSubject?: Pattern;
  /** `event.publisher` (a string, or absent). Alias: `eventPublisher`. */
  readonly publisher?: Pattern;
  /** Alias of `publisher`. */
  readonly eventPublisher?: Pattern;
  /** `event.attributes` (an object, `{}` by default). Alias: `eventAttributes`. */
  readonly attributes?: Pattern;
  /** Alias of `attributes`. */
  readonly eventAttributes?: Pattern;
  /** `object.type` (a string, or absent). */
  readonly objectType?: Pattern;
  /** `object.version` (a number, or absent without an object). */
  readonly objectVersion?: Pattern;
  /** `object.id` (a string, or absent). */
  readonly objectId?: Pattern;
  /** `object.current` (an object, or absent without an object). Alias: `currentObject`. */
  readonly objectCurrent?: Pattern;
  /** Alias of `objectCurrent`. */
  readonly currentObject?: Pattern;
  /** `object.previous` (an object, or absent). Alias: `previousObject`. */
  readonly objectPrevious?: Pattern;
  /** Alias of `objectPrevious`. */
  readonly previousObject?: Pattern;
}

/** A compiled event subscriber pattern: `test(payload)` / `explain(payload)`, never throwing. */
export interface EventPattern extends CompiledPattern<MegaPayload> {
  /** The declared patterns under their canonical names (aliases resolved). */
  readonly attributes: Readonly<Partial<Record<EventAttributeName, Pattern>>>;
}

interface AttributeSpec {
  readonly name: EventAttributeName;
  readonly alias?: string;
  /** `event` or `object`. */
  readonly container: 'event' | 'object';
  /** The key inside the container. */
  readonly key: string;
  /**
   * Reads that key with a property name written in the source: each attribute has its own
   * function, so the engine caches the lookup per attribute instead of a generic keyed lookup.
   */
  readonly read: (container: Record<string, unknown>) => unknown;
}

/** The attribute table of spec §6. */
const ATTRIBUTE_TABLE: readonly AttributeSpec[] = [
  { name: 'name', alias: 'eventName', container: 'event', key: 'name', read: (c) => c.name },
  { name: 'domain', alias: 'eventDomain', container: 'event', key: 'domain', read: (c) => c.domain },
  { name: 'version', alias: 'eventVersion', container: 'event', key: 'version', read: (c) => c.version },
  { name: 'timestamp', alias: 'eventTimestamp', container: 'event', key: 'timestamp', read: (c) => c.timestamp },
  { name: 'subject', alias: 'eventSubject', container: 'event', key: 'subject', read: (c) => c.subject },
  { name: 'publisher', alias: 'eventPublisher', container: 'event', key: 'publisher', read: (c) => c.publisher },
  { name: 'attributes', alias: 'eventAttributes', container: 'event', key: 'attributes', read: (c) => c.attributes },
  { name: 'objectType', container: 'object', key: 'type', read: (c) => c.type },
  { name: 'objectVersion', container: 'object', key: 'version', read: (c) => c.version },
  { name: 'objectId', container: 'object', key: 'id', read: (c) => c.id },
  { name: 'objectCurrent', alias: 'currentObject', container: 'object', key: 'current', read: (c) => c.current },
  { name: 'objectPrevious', alias: 'previousObject', container: 'object', key: 'previous', read: (c) => c.previous },
];

const READ_CONTAINER = {
  event: (payload: Record<string, unknown>): unknown => payload.event,
  object: (payload: Record<string, unknown>): unknown => payload.object,
} as const;

const BY_KEY = new Map<string, AttributeSpec>();
for (const spec of ATTRIBUTE_TABLE) {
  BY_KEY.set(spec.name, spec);
  if (spec.alias !== undefined) BY_KEY.set(spec.alias, spec);
}

const KNOWN_LIST = ATTRIBUTE_TABLE.map((s) => (s.alias === undefined ? s.name : `${s.name} (${s.alias})`)).join(
  ', ',
);

function camelCase(key: string): string {
  return key.replace(/_+([a-z])/g, (_, c: string) => c.toUpperCase());
}

function unknownAttribute(key: string): PatternError {
  const suggestion = camelCase(key);
  const hint = suggestion !== key && BY_KEY.has(suggestion) ? ` Did you mean "${suggestion}"?` : '';
  return new PatternError(
    [key],
    `unknown event attribute ${JSON.stringify(key)}.${hint} The attributes are ${KNOWN_LIST}; ` +
      'extra fields of the payload cannot be matched by an event subscriber',
  );
}

/** One declared attribute, compiled. */
interface AttributeCheck {
  readonly spec: AttributeSpec;
  readonly node: MatcherNode;
}

/**
 * An own property read through a function with a static name (see `AttributeSpec.read`). None of
 * these names is a key of `Object.prototype`, so the static read is exact for plain objects unless
 * `Object.prototype` is polluted; anything else checks `hasOwnProperty` first.
 */
function readStatic(
  object: Record<string, unknown>,
  proto: object | null,
  read: (object: Record<string, unknown>) => unknown,
  key: string,
): unknown {
  if (proto !== null && (proto !== objectPrototype || objectPrototypePolluted)) {
    return readOwnFrom(object, proto, key, true);
  }
  try {
    return read(object);
  } catch {
    return GETTER_THREW;
  }
}

/** The container (`event` / `object`) of a payload: an object, `undefined` when absent, or GETTER_THREW. */
function containerOf(payload: unknown, key: 'event' | 'object'): unknown {
  return isObjectLike(payload) ? readStatic(payload, prototypeOf(payload), READ_CONTAINER[key], key) : undefined;
}

/** The declared attributes of one container (`event` or `object`), ready for the hot loop. */
interface ContainerChecks {
  readonly keys: readonly string[];
  readonly readers: readonly ((container: Record<string, unknown>) => unknown)[];
  readonly tests: readonly NodeTest[];
  /** The string a key must equal, when its pattern is a string literal (compared inline). */
  readonly literals: readonly (string | undefined)[];
}

function containerChecks(checks: readonly AttributeCheck[]): ContainerChecks {
  return {
    keys: checks.map((c) => c.spec.key),
    readers: checks.map((c) => c.spec.read),
    tests: checks.map((c) => c.node.test),
    literals: checks.map((c) => c.node.stringLiteral),
  };
}

/** Tests declared attributes against one container; a missing container gives `undefined` values. */
function checksTest(checks: ContainerChecks, container: unknown): boolean {
  if (container === GETTER_THREW) return false;
  const { keys, readers, tests, literals } = checks;
  const readable = isObjectLike(container);
  const proto = readable ? prototypeOf(container) : null;
  for (let i = 0; i < keys.length; i++) {
    const value = readable ? readStatic(container, proto, readers[i]!, keys[i]!) : undefined;
    const literal = literals[i];
    if (literal !== undefined) {
      if (value !== literal) return false;
    } else if (value === GETTER_THREW || !tests[i]!(value)) {
      return false;
    }
  }
  return true;
}

function eventNode(checks: readonly AttributeCheck[]): MatcherNode {
  const eventChecks = containerChecks(checks.filter((c) => c.spec.container === 'event'));
  const objectChecks = containerChecks(checks.filter((c) => c.spec.container === 'object'));
  const hasEvent = eventChecks.keys.length > 0;
  const hasObject = objectChecks.keys.length > 0;
  const test: NodeTest = (payload) =>
    (!hasEvent || checksTest(eventChecks, containerOf(payload, 'event'))) &&
    (!hasObject || checksTest(objectChecks, containerOf(payload, 'object')));

  const explain = (payload: unknown, path: readonly PathStep[], failures: MatchFailure[]): boolean => {
    let match = true;
    for (const { spec, node } of checks) {
      const containerPath = [...path, spec.container];
      const childPath = [...containerPath, spec.key];
      let value: unknown = undefined;
      const outer = isObjectLike(payload) ? readOwnOrError(payload, spec.container) : { value: undefined };
      if ('error' in outer) {
        failures.push({ path: containerPath, expected: node.expected, actual: undefined, error: outer.error });
        match = false;
        continue;
      }
      if (isObjectLike(outer.value)) {
        const inner = readOwnOrError(outer.value, spec.key);
        if ('error' in inner) {
          failures.push({ path: childPath, expected: node.expected, actual: undefined, error: inner.error });
          match = false;
          continue;
        }
        value = inner.value;
      }
      if (!node.explain(value, childPath, failures)) match = false;
    }
    return match;
  };
  const shapeOf = (container: 'event' | 'object') =>
    checks.filter((c) => c.spec.container === container).map((c) => ({ key: c.spec.key, node: c.node }));
  return {
    test,
    explain,
    expected: 'a MEGA event matching the subscriber',
    shape: { kind: 'event', event: shapeOf('event'), object: shapeOf('object') },
  };
}

/**
 * Compiles an event subscriber's attributes (spec §6) into `{ test(payload), explain(payload) }`.
 * Each declared attribute's pattern is matched against the value at its path in the payload; a
 * missing step (no `object`, no `domain`, no `previous`) gives `undefined`. All declared
 * attributes must match; `eventPattern({})` matches every MEGA event.
 *
 * @throws PatternError (code `PATTERN_INVALID`) for an unknown attribute (such as `event_name` or
 *   `extra`), an attribute declared together with its alias, or an invalid pattern inside (its
 *   `path` starts with the attribute key as written).
 *
 * @example
 * ```ts
 * const updated = eventPattern({ name: 'user.updated', objectCurrent: { id: gt(0) } });
 * if (decoded.kind === 'mega' && updated.test(decoded.payload)) { ... }
 * ```
 */
export function eventPattern(attributes: EventPatternAttributes): EventPattern {
  if (!isObjectLike(attributes) || Array.isArray(attributes)) {
    throw new PatternError([], `event subscriber attributes must be an object such as {"name": "user.updated"}`);
  }
  const declared = new Map<EventAttributeName, string>();
  const canonical: Partial<Record<EventAttributeName, Pattern>> = {};
  const checks: AttributeCheck[] = [];
  const ctx = newCompileContext();
  for (const key of Object.keys(attributes)) {
    const spec = BY_KEY.get(key);
    if (spec === undefined) throw unknownAttribute(key);
    const earlier = declared.get(spec.name);
    if (earlier !== undefined) {
      throw new PatternError(
        [key],
        `"${earlier}" and "${key}" name the same attribute (${spec.container}.${spec.key}); declare only one of them`,
      );
    }
    declared.set(spec.name, key);
    const pattern = (attributes as Record<string, Pattern>)[key] as Pattern;
    checks.push({ spec, node: compileNode(pattern, [key], ctx) });
    Object.defineProperty(canonical, spec.name, { value: pattern, enumerable: true });
  }
  const compiled = compiledFromNode<MegaPayload>(eventNode(checks));
  return brandCompiled({ test: compiled.test, explain: compiled.explain, attributes: Object.freeze(canonical) });
}
