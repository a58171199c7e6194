import { describe, expect, it } from 'vitest';
import { EventHandlerError, ReceiveFailedError } from './listener-errors.js';
import { ListenerEvents } from './listener-events.js';

describe('ListenerEvents', () => {
  it('returns an unsubscribe function from on()', () => {
    const events = new ListenerEvents(undefined);
    const seen: string[] = [];
    const off = events.on('started', ({ queueUrl }) => seen.push(queueUrl));
    events.emit('started', { queueUrl: 'a' });
    off();
    events.emit('started', { queueUrl: 'b' });
    expect(seen).toEqual(['a']);
    expect(events.has('started')).toBe(false);
  });

  it('turns a throwing handler into an error event, and carries on', () => {
    const events = new ListenerEvents(undefined);
    const errors: unknown[] = [];
    let after = 0;
    events.on('idle', () => {
      throw new Error('oops');
    });
    events.on('idle', () => after++);
    events.on('error', (e) => errors.push(e));
    events.emit('idle', {});
    expect(after).toBe(1);
    expect(errors[0]).toBeInstanceOf(EventHandlerError);
    expect((errors[0] as EventHandlerError).event).toBe('idle');
  });

  it('logs errors nobody subscribed to', () => {
    const logged: unknown[] = [];
    const events = new ListenerEvents({ error: (message, error) => logged.push(message, error) });
    const error = new ReceiveFailedError(new Error('down'), 1, 100);
    events.emit('error', error);
    expect(logged).toEqual([`[sqs-mega listener] ${error.message}`, error]);
  });
});
