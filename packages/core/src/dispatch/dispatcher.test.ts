import { describe, expect, it } from 'vitest';
import { encodeBody } from '../codec/encode-body.js';
import { InvalidSubscriberError, MiddlewareNextNotCalledError, PatternError, RetriableError, SubscriberAlreadyRegisteredError } from '../errors.js';
import { gt } from '../matcher/dsl.js';
import { PayloadBuilder } from '../model/payload-builder.js';
import { Dispatcher, type DispatchInput, type DispatchOutcome, type MessageMiddleware, type SubscriberMiddleware } from './dispatcher.js';
import { ProcessStatus, settle } from './process-status.js';
import { dataSubscriber, eventSubscriber, messageSubscriber, type EventSubscriber } from './subscriber.js';

function input(body: string): DispatchInput {
  return { messageId: 'm1', body, receiveCount: 1, attributes: {}, messageAttributes: {}, signal: new AbortController().signal };
}

const userUpdated = encodeBody(
  new PayloadBuilder()
    .withEvent({ name: 'user.updated', timestamp: '2020-05-04T15:53:27Z', domain: 'accounts' })
    .withObject({ current: { id: 42 } })
    .build(),
);

describe('settle', () => {
  it('deletes when every subscriber is finished, keeps when any asks to keep', () => {
    expect(settle([])).toBe('delete');
    expect(settle(['DONE', 'FATAL_ERROR'])).toBe('delete');
    expect(settle(['DONE', 'RETRY_LATER'])).toBe('keep');
    expect(settle(['RETRIABLE_ERROR'])).toBe('keep');
  });
});

describe('Dispatcher', () => {
  it('gives a message to every matching subscriber, each with the decoded payload and the context', async () => {
    const seen: string[] = [];
    const dispatcher = new Dispatcher();
    dispatcher.register(eventSubscriber({ name: 'user.updated' }, (p) => void seen.push(`a:${p.event.name}`)));
    dispatcher.register(eventSubscriber({ domain: 'accounts', objectCurrent: { id: gt(40) } }, (_p, ctx) => void seen.push(`b:${ctx.messageId}`)));
    dispatcher.register(eventSubscriber({ name: 'order.placed' }, () => void seen.push('never')));
    const outcome = await dispatcher.dispatch(input(userUpdated));
    expect(seen.sort()).toEqual(['a:user.updated', 'b:m1']);
    expect(outcome).toMatchObject({ action: 'delete', unrecognized: false });
    expect(outcome.outcomes.map((o) => o.status)).toEqual(['DONE', 'DONE']);
  });

  it("reads the input's signal only when a subscriber reads context.signal (runtimes make it lazily)", async () => {
    let reads = 0;
    const controller = new AbortController();
    const lazy: DispatchInput = {
      ...input(userUpdated),
      get signal() {
        reads++;
        return controller.signal;
      },
    };
    const dispatcher = new Dispatcher();
    dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
    await dispatcher.dispatch(lazy);
    expect(reads).toBe(0);

    let seen: AbortSignal | undefined;
    let spread: Record<string, unknown> = {};
    dispatcher.register(
      eventSubscriber({ domain: 'accounts' }, (_p, context) => {
        seen = context.signal;
        spread = { ...context };
      }),
    );
    await dispatcher.dispatch(lazy);
    expect(seen).toBe(controller.signal);
    expect(spread['signal']).toBe(controller.signal); // an own property: a spread context keeps it
    expect(spread).toMatchObject({ messageId: 'm1', receiveCount: 1 });
  });

  it('keeps the message when any subscriber returns RETRY_LATER or RETRIABLE_ERROR', async () => {
    for (const status of [ProcessStatus.RETRY_LATER, ProcessStatus.RETRIABLE_ERROR]) {
      const dispatcher = new Dispatcher();
      dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => ProcessStatus.DONE));
      dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => status));
      expect((await dispatcher.dispatch(input(userUpdated))).action).toBe('keep');
    }
  });

  it('turns a throw into FATAL_ERROR (delete), unless the error is retriable (keep)', async () => {
    const fatal = new Dispatcher();
    fatal.register(eventSubscriber({ name: 'user.updated' }, () => Promise.reject(new Error('boom'))));
    const f = await fatal.dispatch(input(userUpdated));
    expect(f.action).toBe('delete');
    expect(f.outcomes[0]).toMatchObject({ status: 'FATAL_ERROR', error: new Error('boom') });

    const retriable = new Dispatcher();
    retriable.register(eventSubscriber({ name: 'user.updated' }, () => {
      throw new RetriableError('database down');
    }));
    expect((await retriable.dispatch(input(userUpdated))).action).toBe('keep');

    class Timeout extends Error {}
    const mapped = new Dispatcher({ isRetriable: (e) => e instanceof Timeout });
    mapped.register(eventSubscriber({ name: 'user.updated' }, () => {
      throw new Timeout();
    }));
    expect((await mapped.dispatch(input(userUpdated))).outcomes[0]?.status).toBe('RETRIABLE_ERROR');
  });

  it('refuses the same subscriber twice, and accepts it again once unregistered', () => {
    const dispatcher = new Dispatcher();
    const subscriber = eventSubscriber({ name: 'a' }, () => undefined, { name: 'onA' });
    const off = dispatcher.register(subscriber);
    expect(() => dispatcher.register(subscriber)).toThrow(SubscriberAlreadyRegisteredError);
    expect(() => dispatcher.register(subscriber)).toThrow(/"onA" is already registered/);
    off();
    expect(() => dispatcher.register(subscriber)).not.toThrow();
  });

  it('validates subscribers and their patterns when they are registered', () => {
    const dispatcher = new Dispatcher();
    expect(() => dispatcher.register({ kind: 'events' } as unknown as EventSubscriber)).toThrow(InvalidSubscriberError);
    expect(() => dispatcher.register(eventSubscriber({ event_name: 'x' } as never, () => undefined))).toThrow(PatternError);
  });

  it('routes data objects (invalid MEGA events included) to data subscribers only', async () => {
    const got: unknown[] = [];
    const dispatcher = new Dispatcher();
    dispatcher.register(dataSubscriber({ type: 'user_notification' }, (data) => void got.push(data)));
    dispatcher.register(eventSubscriber({}, () => void got.push('event')));
    await dispatcher.dispatch(input('{"type": "user_notification", "id": 1}'));
    const invalidMega = '{"protocol": "mega", "version": 1, "event": {"name": ""}, "type": "user_notification"}';
    await dispatcher.dispatch(input(invalidMega));
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual({ type: 'user_notification', id: 1 });
  });

  it('gives message subscribers any decoded body that matches their pattern', async () => {
    const texts: string[] = [];
    const dispatcher = new Dispatcher();
    dispatcher.register(messageSubscriber({ kind: 'plaintext' }, (d) => void texts.push(d.kind === 'plaintext' ? d.text : '?')));
    const outcome = await dispatcher.dispatch(input('hello'));
    expect(texts).toEqual(['hello']);
    expect(outcome.unrecognized).toBe(false);
  });

  describe('unrecognized messages', () => {
    it('are deleted by default: plaintext, binary, and bodies no subscriber matches', async () => {
      const dispatcher = new Dispatcher();
      dispatcher.register(eventSubscriber({ name: 'order.placed' }, () => ProcessStatus.RETRY_LATER));
      for (const body of ['hello', 'AQID', userUpdated, '{"a": 1}']) {
        expect(await dispatcher.dispatch(input(body))).toMatchObject({ action: 'delete', unrecognized: true, outcomes: [] });
      }
    });

    it("are kept with 'keep': plaintext, binary, and bodies no subscriber matches", async () => {
      const dispatcher = new Dispatcher({ unrecognized: 'keep' });
      dispatcher.register(eventSubscriber({ name: 'order.placed' }, () => ProcessStatus.DONE));
      for (const body of ['hello', 'AQID', userUpdated, '{"a": 1}']) {
        expect(await dispatcher.dispatch(input(body))).toMatchObject({ action: 'keep', unrecognized: true, outcomes: [] });
      }
    });

    it('go to a custom handler, whose status settles them', async () => {
      const dispatcher = new Dispatcher({ unrecognized: { handle: (d) => (d.kind === 'binary' ? 'RETRY_LATER' : 'DONE') } });
      expect((await dispatcher.dispatch(input('AQID'))).action).toBe('keep');
      expect((await dispatcher.dispatch(input('hello'))).action).toBe('delete');
    });

    it('can be transformed into data objects and routed again', async () => {
      const got: unknown[] = [];
      const dispatcher = new Dispatcher({
        unrecognized: { transform: (d) => (d.kind === 'plaintext' ? { type: 'text', text: d.text } : undefined) },
      });
      dispatcher.register(dataSubscriber({ type: 'text' }, (data) => void got.push(data)));
      const outcome = await dispatcher.dispatch(input('hello'));
      expect(got).toEqual([{ type: 'text', text: 'hello' }]);
      expect(outcome).toMatchObject({ action: 'delete', unrecognized: true });
      expect((await dispatcher.dispatch(input('AQID'))).outcomes).toEqual([]);
    });
  });

  it('runs middleware around every subscriber call, outermost first', async () => {
    const log: string[] = [];
    const trace =
      (label: string): SubscriberMiddleware =>
      async (invocation, next) => {
        log.push(`${label}>${invocation.name}`);
        const status = await next();
        log.push(`${label}<${status}`);
        return status;
      };
    const dispatcher = new Dispatcher({ middleware: [trace('outer'), trace('inner')] });
    dispatcher.register(eventSubscriber({ name: 'user.updated' }, function onUser() {
      log.push('handler');
      return ProcessStatus.RETRY_LATER;
    }));
    await dispatcher.dispatch(input(userUpdated));
    expect(log).toEqual(['outer>onUser', 'inner>onUser', 'handler', 'inner<RETRY_LATER', 'outer<RETRY_LATER']);
  });

  it('treats a return value that is not a status as FATAL_ERROR, saying so', async () => {
    const dispatcher = new Dispatcher();
    dispatcher.register(eventSubscriber({ name: 'user.updated' }, (() => 'OK') as never, { name: 'sloppy' }));
    const outcome = await dispatcher.dispatch(input(userUpdated));
    expect(outcome.outcomes[0]?.status).toBe('FATAL_ERROR');
    expect(String(outcome.outcomes[0]?.error)).toMatch(/sloppy returned "OK"; return a ProcessStatus/);
  });

  describe('message middleware', () => {
    it('runs around the whole dispatch of a message, outermost first, with the decoded body, around the subscriber middleware', async () => {
      const log: string[] = [];
      const around =
        (label: string): MessageMiddleware =>
        async (context, next) => {
          log.push(`${label}>${context.messageId}:${context.decoded.kind}`);
          const outcome = await next();
          log.push(`${label}<${outcome.action}`);
          return outcome;
        };
      const subscriberLog: SubscriberMiddleware = async (invocation, next) => {
        log.push(`subscriber>${invocation.name}`);
        return next();
      };
      const dispatcher = new Dispatcher({ messageMiddleware: [around('outer'), around('inner')], middleware: [subscriberLog] });
      dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => void log.push('a'), { name: 'a' }));
      dispatcher.register(eventSubscriber({ domain: 'accounts' }, () => ProcessStatus.RETRY_LATER, { name: 'b' }));
      const outcome = await dispatcher.dispatch(input(userUpdated));
      expect(outcome.action).toBe('keep');
      expect(outcome.middlewareError).toBeUndefined();
      // The two subscribers run concurrently: their order is theirs; the message middleware is around both.
      expect([...log.slice(0, 2), ...log.slice(2, 5).sort(), ...log.slice(5)]).toEqual(['outer>m1:mega', 'inner>m1:mega', 'a', 'subscriber>a', 'subscriber>b', 'inner<keep', 'outer<keep']);
      // Unrecognized messages go through it too.
      log.length = 0;
      expect((await dispatcher.dispatch(input('plain'))).action).toBe('delete');
      expect(log).toEqual(['outer>m1:plaintext', 'inner>m1:plaintext', 'inner<delete', 'outer<delete']);
    });

    it('settles with what next() gave, runs the subscribers once however often next() is called', async () => {
      let runs = 0;
      const greedy: MessageMiddleware = async (_context, next) => {
        await next();
        await next();
        return { action: 'delete', unrecognized: false, outcomes: [], decoded: { kind: 'plaintext', text: '' } } satisfies DispatchOutcome;
      };
      const dispatcher = new Dispatcher({ messageMiddleware: [greedy] });
      dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => {
        runs++;
        return ProcessStatus.RETRY_LATER;
      }));
      const outcome = await dispatcher.dispatch(input(userUpdated));
      expect(runs).toBe(1);
      expect(outcome.action).toBe('keep');
    });

    it('keeps a message whose middleware failed before the subscribers ran, and keeps their outcome when it failed after', async () => {
      let runs = 0;
      const dispatcherWith = (middleware: MessageMiddleware) => {
        const dispatcher = new Dispatcher({ messageMiddleware: [middleware] });
        dispatcher.register(eventSubscriber({ name: 'user.updated' }, () => void runs++));
        return dispatcher;
      };
      const before = await dispatcherWith(async () => {
        throw new Error('tracer down');
      }).dispatch(input(userUpdated));
      expect(before).toMatchObject({ action: 'keep', outcomes: [], middlewareError: new Error('tracer down') });
      const forgot = await dispatcherWith(async () => undefined).dispatch(input(userUpdated));
      expect(forgot.action).toBe('keep');
      expect(forgot.middlewareError).toBeInstanceOf(MiddlewareNextNotCalledError);
      expect(String(forgot.middlewareError)).toMatch(/returned without calling next\(\).*kept/);
      expect(runs).toBe(0);
      const after = await dispatcherWith(async (_context, next) => {
        await next();
        throw new Error('exporter down');
      }).dispatch(input(userUpdated));
      expect(after).toMatchObject({ action: 'delete', outcomes: [{ status: 'DONE' }], middlewareError: new Error('exporter down') });
      // Started the subscribers, then threw without waiting: they finish, and their outcome stands.
      const early = await dispatcherWith(async (_context, next) => {
        void next();
        throw new Error('impatient');
      }).dispatch(input(userUpdated));
      expect(early).toMatchObject({ action: 'delete', outcomes: [{ status: 'DONE' }], middlewareError: new Error('impatient') });
      expect(runs).toBe(2);
    });
  });

  it('tells subscribers the queue the runtime names, and leaves it out when it names none', async () => {
    const queues: (string | undefined)[] = [];
    const has: boolean[] = [];
    const dispatcher = new Dispatcher();
    dispatcher.register(eventSubscriber({ name: 'user.updated' }, (_p, context) => {
      queues.push(context.queue);
      has.push('queue' in context);
    }));
    await dispatcher.dispatch({ ...input(userUpdated), queue: 'http://127.0.0.1:9324/000000000000/users' });
    await dispatcher.dispatch(input(userUpdated));
    expect(queues).toEqual(['http://127.0.0.1:9324/000000000000/users', undefined]);
    expect(has).toEqual([true, false]);
  });
});
