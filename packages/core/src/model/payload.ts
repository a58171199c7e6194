/**
 * The MEGA payload model (spec §3): what a decoded MEGA event looks like in memory.
 */

/** The event part of a MEGA payload. */
export interface MegaEvent {
  /** Non-empty event name, e.g. `user.updated`. */
  name: string;
  /** When the event happened (an instant, millisecond precision). */
  timestamp: Date;
  /** Event schema version. @defaultValue 1 */
  version: number;
  domain?: string;
  subject?: string;
  publisher?: string;
  /** Free-form attributes; unknown `event` keys of a decoded body land here (C3). @defaultValue {} */
  attributes: Record<string, unknown>;
}

/** The object an event is about, with its current (and optionally previous) state. */
export interface MegaObject {
  type?: string;
  id?: string;
  /** Object schema version. @defaultValue 1 */
  version: number;
  /** The object's current state: a non-empty plain object. */
  current: Record<string, unknown>;
  /** The object's previous state, present only when non-empty. */
  previous?: Record<string, unknown>;
}

/** A MEGA payload: the header (`protocol: 'mega'`, `version: 1`), an event, an optional object and extra. */
export interface MegaPayload {
  protocol: 'mega';
  version: 1;
  event: MegaEvent;
  object?: MegaObject;
  /** Extra top-level fields, present only when non-empty. */
  extra?: Record<string, unknown>;
}
