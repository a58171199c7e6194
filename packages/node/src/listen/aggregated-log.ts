/**
 * The listener's default log, aggregated: the first report of a kind is written at once, in full;
 * repeats within the next window (10 s) are counted, not written, and the window closes with one
 * line that sums them up ("8 more in the last 10 s; the last: …"). A condition that persists writes
 * one line per window; one that stops writes nothing more. A receive outage of 12 s is then 2 or 3
 * lines, not 136, and 26 unmatched messages are 1 or 2.
 */
import type { ListenerLogger } from './listener-events.js';

/** How long repeats of one kind are gathered into one line. */
export const LOG_WINDOW_MS = 10_000;

/** What the summary line of a window is given to word itself. */
export interface RepeatSummary<T> {
  /** Reports in the window after the one written in full (at least 1). */
  readonly repeats: number;
  /** How long the window lasted, in ms. */
  readonly windowMs: number;
  /** The last report of the window. */
  readonly last: T;
}

/** One kind of report: its level, its full line, and the line summing up its repeats. */
export interface LogKind<T> {
  readonly level: 'error' | 'warn';
  /** The line of a report written in full. */
  readonly line: (report: T) => string;
  /** The line of a window's repeats. */
  readonly summary: (summary: RepeatSummary<T>) => string;
  /**
   * What is handed to the logger beside a full line (an error, for its stack); `undefined`: nothing.
   * Summary lines never have one. @defaultValue the report
   */
  readonly detail?: (report: T) => unknown;
}

interface Window {
  readonly openedAt: number;
  repeats: number;
  last: unknown;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Options of an {@link AggregatedLog}. */
export interface AggregatedLogOptions {
  /** How long repeats are gathered. @defaultValue {@link LOG_WINDOW_MS} */
  readonly windowMs?: number;
  /** The clock (tests). @defaultValue `Date.now` */
  readonly now?: () => number;
}

/** Writes reports to a logger, one line per kind and window. */
export class AggregatedLog {
  readonly #logger: ListenerLogger;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<LogKind<never>, Window>();

  constructor(logger: ListenerLogger, options: AggregatedLogOptions = {}) {
    this.#logger = logger;
    this.#windowMs = options.windowMs ?? LOG_WINDOW_MS;
    this.#now = options.now ?? Date.now;
  }

  /** Writes `report` now if no window of its kind is open; otherwise counts it into the open window. */
  report<T>(kind: LogKind<T>, report: T): void {
    const key = kind as LogKind<never>;
    const open = this.#windows.get(key);
    if (open !== undefined) {
      open.repeats++;
      open.last = report;
      return;
    }
    this.#write(kind, kind.line(report), report);
    this.#open(key);
  }

  /** Writes the summaries of every open window now and closes them (on stop). */
  flush(): void {
    for (const [kind, window] of [...this.#windows]) this.#close(kind, window, false);
  }

  /** Writes the summary of the open window of `kind`, if it gathered repeats, and closes it. */
  close(kind: LogKind<never>): void {
    const window = this.#windows.get(kind);
    if (window !== undefined) this.#close(kind, window, false);
  }

  /** Closes the open window of `kind` without a summary of what it gathered. */
  forget(kind: LogKind<never>): void {
    const window = this.#windows.get(kind);
    if (window === undefined) return;
    if (window.timer !== undefined) clearTimeout(window.timer);
    this.#windows.delete(kind);
  }

  /** Whether a window of `kind` is open (a report of it was written less than a window ago). */
  isOpen(kind: LogKind<never>): boolean {
    return this.#windows.has(kind);
  }

  #open(kind: LogKind<never>): void {
    const window: Window = { openedAt: this.#now(), repeats: 0, last: undefined, timer: undefined };
    window.timer = setTimeout(() => this.#close(kind, window, true), this.#windowMs);
    // The log never keeps a process alive.
    window.timer.unref?.();
    this.#windows.set(kind, window);
  }

  #close(kind: LogKind<never>, window: Window, reopen: boolean): void {
    if (window.timer !== undefined) clearTimeout(window.timer);
    this.#windows.delete(kind);
    if (window.repeats === 0) return;
    const summary: RepeatSummary<never> = { repeats: window.repeats, windowMs: this.#now() - window.openedAt, last: window.last as never };
    // A summary is one line: no detail (a stack would make it many).
    this.#writeLine(kind.level, kind.summary(summary), undefined);
    // Still happening: keep gathering, so a persisting condition writes one line per window.
    if (reopen) this.#open(kind);
  }

  #write<T>(kind: LogKind<T>, line: string, report: T): void {
    this.#writeLine(kind.level, line, kind.detail === undefined ? report : kind.detail(report));
  }

  #writeLine(level: 'error' | 'warn', line: string, detail: unknown): void {
    const logger = this.#logger;
    try {
      const write = level === 'warn' && typeof logger.warn === 'function' ? logger.warn.bind(logger) : logger.error.bind(logger);
      if (detail === undefined) write(line);
      else write(line, detail);
    } catch {
      // A logger that throws must not break the listener.
    }
  }
}
