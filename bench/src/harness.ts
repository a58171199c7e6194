/**
 * Shared measuring and reporting for every benchmark here. Timings come from mitata; peers are
 * measured side by side in the same process, interleaved over several rounds (A B C, A B C, …),
 * and each case's figure is the median over rounds of its per-round median, so a noisy neighbour
 * shifts all peers alike instead of skewing one ratio.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { measure, do_not_optimize } from 'mitata';

export { do_not_optimize };

/** Options of {@link compare}. */
export interface CompareOptions {
  /** Interleaved rounds per case. @defaultValue 5 */
  rounds?: number;
  /** Minimum CPU time spent per case per round, in milliseconds. @defaultValue 150 */
  minCpuTimeMs?: number;
  /**
   * Await each call before the next starts, so a case's figure includes the promises it settles
   * (the cases return promises). @defaultValue false
   */
  awaitEach?: boolean;
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Measures each case's time per call, interleaved over `rounds`; returns nanoseconds per call
 * (median of per-round medians), keyed like `cases`.
 */
export async function compare<K extends string>(
  cases: Record<K, () => unknown>,
  options: CompareOptions = {},
): Promise<Record<K, number>> {
  const rounds = options.rounds ?? 5;
  const minCpuTime = (options.minCpuTimeMs ?? 150) * 1e6;
  const names = Object.keys(cases) as K[];
  const samples = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const fn = cases[name];
      const run = options.awaitEach === true ? async () => do_not_optimize(await fn()) : () => do_not_optimize(fn());
      const stats = await measure(run, { min_cpu_time: minCpuTime });
      samples.get(name)!.push(stats.p50);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(samples.get(n)!)])) as Record<K, number>;
}

/** Prints rows as an aligned Markdown table (so it can be pasted into notes and docs as is). */
export function printTable(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): void {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, c) => Math.max(...cells.map((r) => (r[c] ?? '').length)));
  const line = (r: readonly string[]) => `| ${r.map((v, c) => v.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(cells[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of cells.slice(1)) console.log(line(r));
}

/** Writes `results/<name>.json` with the figures and the machine they were measured on. */
export function writeResults(name: string, data: unknown): string {
  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`${name}.json`, dir);
  const doc = {
    benchmark: name,
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model,
    loadAverage1m: loadavg()[0],
    data,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  return file.pathname;
}

/** Formats a number with a fixed count of decimals. */
export function fixed(n: number, digits = 2): string {
  return n.toFixed(digits);
}

/** Formats operations per second from nanoseconds per operation. */
export function opsPerSec(nsPerOp: number): string {
  return Math.round(1e9 / nsPerOp).toLocaleString('en-US');
}
