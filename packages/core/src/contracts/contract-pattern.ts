/**
 * The extra pattern of a contract subscriber, typed by the contract: `objectCurrent`,
 * `objectPrevious` and `attributes` take patterns shaped like what the contract's schemas accept
 * (what travels, so what the matcher sees), so a misspelt field or a literal of the wrong type is a
 * compile error. Types only: the matcher checks patterns at run time as it always does.
 */
import type { EventPatternAttributes } from '../matcher/event-pattern.js';
import type { DatePattern, Pattern, PatternOperators, PatternPredicate } from '../matcher/pattern-form.js';
import type { ContractPayload, EventDefinition } from './define-event.js';

/** What any value's pattern may be, whatever its type: an operator object or a predicate. */
type AnyShape = PatternOperators | PatternPredicate;

type ShapeOf<T> = [T] extends [never]
  ? Pattern
  : [T] extends [string]
    ? T | RegExp | AnyShape
    : [T] extends [number | bigint]
      ? T | AnyShape
      : [T] extends [boolean]
        ? boolean | AnyShape
        : [T] extends [Date]
          ? DatePattern | AnyShape
          : [T] extends [readonly unknown[] | Uint8Array]
            ? Pattern
            : [T] extends [Readonly<Record<string, unknown>>]
              ? // Not homomorphic (`keyof T & string`), so a union of shapes gets the keys they share, not either's.
                { readonly [K in keyof T & string]?: ShapedPattern<T[K]> } | AnyShape
              : Pattern;

/**
 * A pattern typed by the value it matches: for an object type, an object pattern of its keys only
 * (each a pattern of that key's type), for a string a literal of its type or a regex, for a number
 * a number; an operator object (`gt(0)`, `match('^eu-')`, `oneOf(…)`) or a predicate anywhere.
 * Types TypeScript cannot follow (`unknown`, arrays, mixed unions) take any {@link Pattern}.
 */
export type ShapedPattern<T> = 0 extends 1 & T ? Pattern : unknown extends T ? Pattern : ShapeOf<NonNullable<T>> | (null extends T ? null : never);

/** The wire payload (the schemas' input side) of a contract, or the union over a list of them. */
type WirePayloadOf<C> = C extends readonly (infer E)[] ? WireOf<E> : WireOf<C>;
type WireOf<C> = C extends { readonly definition: infer D extends EventDefinition } ? ContractPayload<D, 'in'> : never;

type CurrentOf<P> = P extends { readonly object: { readonly current: infer T } } ? T : unknown;
type PreviousOf<P> = P extends { readonly object: { readonly previous?: infer T } } ? T : unknown;
type AttributesOf<P> = P extends { readonly event: { readonly attributes: infer T } } ? T : unknown;

/** The attributes a contract sets itself, which its subscriber's extra pattern may not name. */
export type ContractSetAttribute = 'name' | 'eventName' | 'version' | 'eventVersion' | 'domain' | 'eventDomain';

/**
 * The extra pattern of a subscriber of contracts `C`: any event attribute but those the contracts
 * set, with `objectCurrent`/`currentObject`, `objectPrevious`/`previousObject` and
 * `attributes`/`eventAttributes` shaped by the contracts' schemas (for a list of versions, the
 * fields they share).
 */
export type ContractPattern<C> = Omit<
  EventPatternAttributes,
  ContractSetAttribute | 'objectCurrent' | 'currentObject' | 'objectPrevious' | 'previousObject' | 'attributes' | 'eventAttributes'
> & {
  /** `object.current`, shaped by the contract's `object.current` schema. Alias: `currentObject`. */
  readonly objectCurrent?: ShapedPattern<CurrentOf<WirePayloadOf<C>>>;
  /** Alias of `objectCurrent`. */
  readonly currentObject?: ShapedPattern<CurrentOf<WirePayloadOf<C>>>;
  /** `object.previous`, shaped by the contract's `object.previous` schema. Alias: `previousObject`. */
  readonly objectPrevious?: ShapedPattern<PreviousOf<WirePayloadOf<C>>>;
  /** Alias of `objectPrevious`. */
  readonly previousObject?: ShapedPattern<PreviousOf<WirePayloadOf<C>>>;
  /** `event.attributes`, shaped by the contract's `attributes` schema. Alias: `eventAttributes`. */
  readonly attributes?: ShapedPattern<AttributesOf<WirePayloadOf<C>>>;
  /** Alias of `attributes`. */
  readonly eventAttributes?: ShapedPattern<AttributesOf<WirePayloadOf<C>>>;
};
