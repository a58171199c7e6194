import { describe, expect, it } from 'vitest';
import { createInProcessWorker } from './in-process-worker.js';
import { MatchEngine, type WorkerLike } from './match-engine.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

/** A worker that never answers an evaluation (as if a regex backtracked forever), but loads. */
function hangingWorker(log: string[]): WorkerLike {
  const inner = createInProcessWorker();
  return {
    postMessage(request: WorkerRequest) {
      log.push(request.type);
      if (request.type === 'evaluate' && request.source.text.includes('hang')) return;
      inner.postMessage(request);
    },
    addEventListener: (type, listener: (event: MessageEvent<WorkerReply>) => void) => inner.addEventListener(type, listener),
    terminate() {
      log.push('terminate');
      inner.terminate();
    },
  };
}

describe('MatchEngine', () => {
  it('evaluates over the bodies it was given, in order', async () => {
    const engine = new MatchEngine({ createWorker: createInProcessWorker });
    void engine.reset(['{"a": 1}', 'plain']);
    void engine.append(['{"a": 2}']);
    const result = await engine.evaluate({ kind: 'data', text: '{"a": {"$gt": 0}}' });
    expect(result?.ok && [...result.matches]).toEqual([1, 0, 1]);
    engine.dispose();
  });

  it('stops a pattern that runs past the deadline, replaces the worker and reloads its bodies', async () => {
    const log: string[] = [];
    let workers = 0;
    const engine = new MatchEngine({ createWorker: () => (workers++, hangingWorker(log)), deadlineMs: 50 });
    void engine.reset(['{"a": 1}']);
    const slow = await engine.evaluate({ kind: 'data', text: '{"hang": 1}' });
    expect(slow?.ok).toBe(false);
    if (slow !== undefined && !slow.ok) expect(slow.problem.kind).toBe('timeout');
    expect(workers).toBe(2);
    const next = await engine.evaluate({ kind: 'data', text: '{"a": 1}' });
    expect(next?.ok && next.matched).toBe(1);
    expect(log).toEqual(['reset', 'evaluate', 'terminate', 'reset', 'evaluate']);
    engine.dispose();
  });

  it('lets a newer evaluation supersede one still waiting its turn', async () => {
    const engine = new MatchEngine({ createWorker: createInProcessWorker });
    void engine.reset(['{"a": 1}']);
    const first = engine.evaluate({ kind: 'data', text: '{"a": 1}' });
    const second = engine.evaluate({ kind: 'data', text: '{"a": 2}' });
    expect(await first).toBeUndefined();
    expect((await second)?.ok).toBe(true);
    engine.dispose();
  });
});
