import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { defineEvent, encodeBody, PayloadBuilder } from '@sqs-mega/core';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import type { PeekedMessage } from '../../shared/bridge-api.js';
import { CaptureList } from '../captures/CaptureList.js';
import { MessageDetail } from '../messages/MessageDetail.js';
import { EventSubscriberForm } from '../patterns/EventSubscriberForm.js';
import { sizeCaptureScroller } from '../testing/capture-scroller-size.js';
import { createInProcessContractChecker } from './contract-checker.js';

afterEach(cleanup);

sizeCaptureScroller();

const orderPlaced = defineEvent({
  name: 'order.placed',
  version: 1,
  domain: 'shop',
  object: { current: v.object({ id: v.number(), total: v.number() }) },
});
const contractsModule = { orderPlaced, unrelated: 'not a contract', more: [orderPlaced] };

function event(name: string, current: Record<string, unknown>): string {
  return encodeBody(new PayloadBuilder().withEvent({ name, domain: 'shop' }).withObject({ type: 'order', id: String(current['id']), current }).build());
}

function message(messageId: string, body: string): PeekedMessage {
  return { queueName: 'orders', messageId, receiptHandle: '', body, md5OfBody: '', receiveCount: 1, sentTimestamp: 0, attributes: {}, messageAttributes: {}, peekedAt: 0 };
}

const messages = [
  message('valid', event('order.placed', { id: 1, total: 18.9 })),
  message('violating', event('order.placed', { id: 2, total: 'forty-two' })),
  message('unclaimed', event('order.shipped', { id: 3 })),
  message('text', 'hello'),
];

describe('contract labels of captured messages', () => {
  it('labels each body with the contract it keeps, its violation, no contract, or not a MEGA event', async () => {
    const labels = await createInProcessContractChecker(contractsModule).label(messages.map((m) => m.body));
    expect(labels).toEqual([
      { kind: 'valid', contract: 'order.placed@1' },
      { kind: 'violation', contract: 'order.placed@1', issues: [{ path: ['object', 'current', 'total'], message: expect.stringContaining('number') }] },
      { kind: 'none' },
      { kind: 'not-mega' },
    ]);
  });

  it('shows a badge per row in the capture list, and the violation’s paths and messages in the message detail', async () => {
    const labels = await createInProcessContractChecker(contractsModule).label(messages.map((m) => m.body));
    const byMessage = new Map(messages.map((m, i) => [m, labels[i]]));
    render(
      <CaptureList
        messages={messages}
        matches={undefined}
        filter="all"
        selectedKey={undefined}
        onSelect={() => {}}
        maxReceiveCounts={new Map()}
        contractLabelOf={(m) => byMessage.get(m)}
      />,
    );
    const rows = within(screen.getByRole('listbox', { name: 'Captured messages' })).getAllByRole('option');
    expect(rows.map((row) => row.querySelector('[class*="badge-contract"]')?.textContent ?? null)).toEqual(['✓ order.placed@1', '✗ order.placed@1', 'no contract', null]);
    cleanup();

    render(<MessageDetail message={messages[1]!} maxReceiveCount={undefined} contract={labels[1]} />);
    const section = screen.getByRole('region', { name: 'Contract' });
    expect(section.textContent).toContain('Breaks its contract order.placed@1');
    const violation = labels[1];
    if (violation?.kind !== 'violation') throw new Error('expected a violation');
    expect(within(section).getByRole('listitem').textContent).toBe(`object.current.total: ${violation.issues[0]!.message}`);
    cleanup();

    render(<MessageDetail message={messages[0]!} maxReceiveCount={undefined} contract={labels[0]} />);
    expect(screen.getByRole('region', { name: 'Contract' }).textContent).toBe('Keeps its contract order.placed@1.');
    cleanup();
    render(<MessageDetail message={messages[2]!} maxReceiveCount={undefined} contract={labels[2]} />);
    expect(screen.getByRole('region', { name: 'Contract' }).textContent).toBe('No contract claims this event.');
  });

  it('lists the contracts, and the event-subscriber form starts from one', async () => {
    const checker = createInProcessContractChecker({ ...contractsModule, ping: defineEvent({ name: 'ping' }) });
    const contracts = await checker.contracts();
    expect(contracts).toEqual([
      { id: 'order.placed@1', name: 'order.placed', version: 1, domain: 'shop', pattern: { name: 'order.placed', version: 1, domain: 'shop' } },
      { id: 'ping@1', name: 'ping', version: 1, pattern: { name: 'ping', version: 1 } },
    ]);
    const texts: string[] = [];
    render(<EventSubscriberForm text={'{"objectId": "42"}'} onChange={(text) => texts.push(text)} contracts={contracts} />);
    const picker = screen.getByLabelText<HTMLSelectElement>('start from a contract');
    expect([...picker.options].map((option) => option.textContent)).toEqual(['choose…', 'pattern for order.placed@1 (shop)', 'pattern for ping@1']);
    fireEvent.change(picker, { target: { value: 'order.placed@1' } });
    expect(texts.map((text) => JSON.parse(text) as unknown)).toEqual([{ objectId: '42', name: 'order.placed', version: 1, domain: 'shop' }]);
    cleanup();
    render(<EventSubscriberForm text="{}" onChange={() => {}} contracts={[]} />);
    expect(screen.queryByLabelText('start from a contract')).toBeNull();
  });
});
