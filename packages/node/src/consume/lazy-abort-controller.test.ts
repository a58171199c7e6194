import { describe, expect, it } from 'vitest';
import { LazyAbortController } from './lazy-abort-controller.js';

describe('LazyAbortController', () => {
  it('makes one signal, on first read, that aborts with the reason given', () => {
    const controller = new LazyAbortController();
    const signal = controller.signal;
    expect(controller.signal).toBe(signal);
    expect(signal.aborted).toBe(false);
    const reason = new Error('visibility lost');
    controller.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(controller.aborted).toBe(true);
  });

  it('remembers an abort that came before the signal was read', () => {
    const controller = new LazyAbortController();
    const reason = new Error('stop timeout');
    controller.abort(reason);
    controller.abort(new Error('later'));
    expect(controller.aborted).toBe(true);
    expect(controller.signal.aborted).toBe(true);
    expect(controller.signal.reason).toBe(reason);
  });

  it('fires abort listeners once', () => {
    const controller = new LazyAbortController();
    let fired = 0;
    controller.signal.addEventListener('abort', () => fired++);
    controller.abort('a');
    controller.abort('b');
    expect(fired).toBe(1);
    expect(controller.signal.reason).toBe('a');
  });

  it('gives the default AbortError reason when aborted without one, read before or after', () => {
    const early = new LazyAbortController();
    early.abort();
    expect((early.signal.reason as Error).name).toBe('AbortError');
    const late = new LazyAbortController();
    const signal = late.signal;
    late.abort();
    expect((signal.reason as Error).name).toBe('AbortError');
  });
});
