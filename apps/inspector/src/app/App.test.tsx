import { PayloadBuilder, encodeBody } from '@sqs-mega/core';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeekRequest, PeekedMessage, QueueListRequest, QueueSummary } from '../../shared/bridge-api.js';
import { BridgeError, type BridgeClient } from '../api/bridge-client.js';
import { createMemoryCaptureStore } from '../captures/capture-store.js';
import { createInProcessWorker } from '../worker/in-process-worker.js';
import { MatchEngine } from '../worker/match-engine.js';
import { App } from './App.js';
import { sizeCaptureScroller } from '../testing/capture-scroller-size.js';

const orders: QueueSummary = {
  name: 'orders',
  url: 'http://sqs/000000000000/orders',
  arn: 'arn:aws:sqs:us-east-1:000000000000:orders',
  fifo: false,
  counts: { visible: 2, inFlight: 0, delayed: 1 },
  redrive: { deadLetterQueueName: 'orders-dlq', deadLetterQueueArn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq', maxReceiveCount: 3 },
  deadLetterSources: [],
  attributes: {},
};
const dlq: QueueSummary = {
  name: 'orders-dlq',
  url: 'http://sqs/000000000000/orders-dlq',
  arn: 'arn:aws:sqs:us-east-1:000000000000:orders-dlq',
  fifo: false,
  counts: { visible: 0, inFlight: 0, delayed: 0 },
  deadLetterSources: ['orders'],
  attributes: {},
};

function peeked(messageId: string, body: string, receiveCount = 1): PeekedMessage {
  return { queueName: 'orders', messageId, receiptHandle: `rh-${messageId}`, body, md5OfBody: '', receiveCount, sentTimestamp: 0, attributes: {}, messageAttributes: {}, peekedAt: 0 };
}

const event = (name: string) => encodeBody(new PayloadBuilder().withEvent({ name, domain: 'shop' }).build(), { encoding: 'bson' });

/** A bridge that holds two messages on `orders` and refuses an unacknowledged peek, like the real one. */
function fakeBridge(allowWrites = false): BridgeClient & { peeks: PeekRequest[] } {
  const peeks: PeekRequest[] = [];
  return {
    peeks,
    signIn: async () => ({ sessionKey: 'key' }),
    createSignInLink: async () => ({ url: 'http://127.0.0.1:1/?token=link', expiresAt: Date.now() + 600_000 }),
    session: async () => ({ mode: 'local', endpoint: 'http://127.0.0.1:9324', region: 'us-east-1', allowWrites, version: '0.0.0' }),
    queues: async () => ({ queues: [orders, dlq] }),
    queue: async (name) => {
      const found = [orders, dlq].find((queue) => queue.name === name);
      if (found === undefined) throw new BridgeError('QUEUE_NOT_FOUND', 404, `no ${name}`);
      return found;
    },
    peek: async (_queue, request) => {
      peeks.push(request);
      if (request.acknowledgeReceiveCount !== true) throw new BridgeError('RECEIVE_COUNT_NOT_ACKNOWLEDGED', 409, 'acknowledge');
      return { messages: [peeked('m-1', event('order.placed'), 3), peeked('m-2', '{"type": "export"}')], maxReceiveCount: 3 };
    },
    send: async () => ({ messageId: 'sent' }),
    deleteMessage: async () => {},
    purge: async () => {},
    redrive: async () => ({ taskHandle: 't', destination: 'orders' }),
    contractsBundle: async () => undefined,
  };
}

afterEach(cleanup);

sizeCaptureScroller();

describe('App', () => {
  it('lists queues with counts and links each to its dead-letter queue', async () => {
    render(<App client={fakeBridge()} store={createMemoryCaptureStore()} engine={new MatchEngine({ createWorker: createInProcessWorker })} refreshMs={0} />);
    const table = await screen.findByRole('table', { name: 'Queues' });
    expect(within(table).getByRole('cell', { name: '2 visible' })).toBeTruthy();
    expect(within(table).getByRole('cell', { name: '1 delayed' })).toBeTruthy();
    expect(table.textContent).toContain('dead letters → orders-dlq after 3 receives');
    expect(table.textContent).toContain('dead letters of orders');
    expect(screen.getByText('read-only')).toBeTruthy();
  });

  it('asks before peeking a queue with a redrive policy, then captures and decodes the messages', async () => {
    const bridge = fakeBridge();
    render(<App client={bridge} store={createMemoryCaptureStore()} engine={new MatchEngine({ createWorker: createInProcessWorker })} refreshMs={0} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Queue orders' }));
    fireEvent.click(screen.getByRole('button', { name: 'Peek' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog.textContent).toContain('Peeking counts as a receive');
    expect(bridge.peeks).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Peek anyway' }));
    const list = await screen.findByRole('listbox', { name: 'Captured messages' });
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(2));
    expect(bridge.peeks).toEqual([{ maxMessages: 10, acknowledgeReceiveCount: true }]);
    expect(list.textContent).toContain('MEGA event BSON');
    expect(list.textContent).toContain('shop/order.placed');

    const article = await screen.findByRole('article');
    expect(article.textContent).toContain('receive count 3 of 3 — the next receive moves it to the dead-letter queue');
    expect(within(article).getByRole('tree', { name: 'Decoded payload' }).textContent).toContain('name: "order.placed"');

    // A captured message is at its limit: the next peek asks again and says so.
    fireEvent.click(screen.getByRole('button', { name: 'Peek' }));
    expect((await screen.findByRole('alertdialog')).textContent).toContain('1 captured message is at receive count 3 of 3');
  });

  it('marks each capture match / no match as the pattern is edited, and explains a miss', async () => {
    const store = createMemoryCaptureStore([peeked('m-1', event('order.placed')), peeked('m-2', event('order.shipped')), peeked('m-3', 'text')]);
    render(<App client={fakeBridge()} store={store} engine={new MatchEngine({ createWorker: createInProcessWorker })} refreshMs={0} />);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Pattern' }).textContent).toContain('2 of 3 match'));
    await act(async () => {
      fireEvent.change(screen.getByRole('textbox', { name: 'name' }), { target: { value: 'order.placed' } });
    });
    await waitFor(() => expect(screen.getByRole('region', { name: 'Pattern' }).textContent).toContain('1 of 3 match'));
    const list = screen.getByRole('listbox', { name: 'Captured messages' });
    expect(within(list).getAllByLabelText('matches')).toHaveLength(1);
    expect(within(list).getAllByLabelText('no match')).toHaveLength(2);
    fireEvent.click(within(list).getAllByRole('option')[1]!);
    await waitFor(() => expect(screen.getByRole('region', { name: 'Match explanation' }).textContent).toContain('event.name: expected "order.placed", got "order.shipped"'));
  });

  it('recovers by itself when the bridge stops answering and answers again: the list refreshes and Peek works', async () => {
    const bridge = fakeBridge();
    let failing = true;
    const healthy = bridge.queues;
    bridge.queues = async (request) => {
      if (failing) throw new BridgeError('ENDPOINT_TIMEOUT', 504, 'The SQS endpoint http://127.0.0.1:9 did not answer ListQueues within 20 s');
      return healthy(request);
    };
    render(<App client={bridge} store={createMemoryCaptureStore()} engine={new MatchEngine({ createWorker: createInProcessWorker })} refreshMs={50} />);
    expect((await screen.findByRole('alert')).textContent).toContain('did not answer ListQueues');
    failing = false;
    const table = await screen.findByRole('table', { name: 'Queues' });
    await waitFor(() => expect(screen.queryByText(/did not answer ListQueues/)).toBeNull());
    fireEvent.click(within(table).getByRole('button', { name: 'Queue orders-dlq' }));
    const peek = await screen.findByRole('button', { name: 'Peek' });
    expect((peek as HTMLButtonElement).disabled).toBe(false);
  });

  it('pages the queue list and narrows it by a name prefix', async () => {
    const bridge = fakeBridge();
    const asked: (QueueListRequest | undefined)[] = [];
    bridge.queues = async (request) => {
      asked.push(request);
      return request?.page === undefined ? { queues: [orders], nextPage: 'p2' } : { queues: [dlq] };
    };
    render(<App client={bridge} store={createMemoryCaptureStore()} engine={new MatchEngine({ createWorker: createInProcessWorker })} refreshMs={0} />);
    await screen.findByRole('button', { name: 'Queue orders' });
    fireEvent.click(screen.getByRole('button', { name: 'Next ›' }));
    await screen.findByRole('button', { name: 'Queue orders-dlq' });
    expect(screen.queryByRole('button', { name: 'Queue orders' })).toBeNull();
    expect(screen.getByText('page 2')).toBeTruthy();
    fireEvent.change(screen.getByRole('searchbox', { name: 'Queue name prefix' }), { target: { value: 'ord' } });
    await waitFor(() => expect(asked.at(-1)).toEqual({ prefix: 'ord' }));
    await screen.findByRole('button', { name: 'Queue orders' });
  });
});
