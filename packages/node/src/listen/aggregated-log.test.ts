import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AggregatedLog, type LogKind } from './aggregated-log.js';

const kind: LogKind<{ n: number }> = {
  level: 'warn',
  line: ({ n }) => `report ${n}`,
  summary: ({ repeats, last }) => `${repeats} more, the last ${last.n}`,
};

function recorder() {
  const lines: [string, string, unknown][] = [];
  return {
    lines,
    logger: { error: (line: string, detail?: unknown) => lines.push(['error', line, detail]), warn: (line: string, detail?: unknown) => lines.push(['warn', line, detail]) },
  };
}

describe('AggregatedLog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first report at once and sums up its repeats when the window closes', () => {
    const { lines, logger } = recorder();
    const log = new AggregatedLog(logger, { windowMs: 10_000 });
    for (let n = 1; n <= 136; n++) log.report(kind, { n });
    expect(lines).toEqual([['warn', 'report 1', { n: 1 }]]);
    vi.advanceTimersByTime(10_000);
    expect(lines.slice(1)).toEqual([['warn', '135 more, the last 136', undefined]]);
  });

  it('writes one line per window while the condition lasts, and nothing once it stops', () => {
    const { lines, logger } = recorder();
    const log = new AggregatedLog(logger, { windowMs: 1_000 });
    log.report(kind, { n: 1 });
    for (let second = 0; second < 5; second++) {
      log.report(kind, { n: 2 });
      vi.advanceTimersByTime(1_000);
    }
    expect(lines.length).toBe(1 + 5);
    vi.advanceTimersByTime(5_000);
    expect(lines.length).toBe(6);
    log.report(kind, { n: 3 });
    expect(lines.at(-1)).toEqual(['warn', 'report 3', { n: 3 }]);
  });

  it('writes what a window gathered on flush, and falls back to error for a logger without warn', () => {
    const lines: string[] = [];
    const log = new AggregatedLog({ error: (line: string) => lines.push(line) });
    log.report(kind, { n: 1 });
    log.report(kind, { n: 2 });
    log.flush();
    expect(lines).toEqual(['report 1', '1 more, the last 2']);
  });

  it('survives a logger that throws', () => {
    const log = new AggregatedLog({ error: () => { throw new Error('broken logger'); } });
    expect(() => log.report(kind, { n: 1 })).not.toThrow();
  });
});
