import { eventSubscriber, PayloadBuilder, ProcessStatus, RetriableError } from '@sqs-mega/core';
import { dispatch } from '@sqs-mega/node/testing';
import { describe, expect, it } from 'vitest';

// The subscriber under test (in your code, imported from its module), its store passed in.
interface UserStore {
  save(user: Record<string, unknown>): Promise<void>;
}
const onUserUpdated = (users: UserStore) =>
  eventSubscriber({ name: 'user.updated' }, async (payload) => users.save(payload.object!.current), { name: 'onUserUpdated' });

const userUpdated = new PayloadBuilder()
  .withEvent({ name: 'user.updated', domain: 'accounts' })
  .withObject({ type: 'user', id: '42', current: { id: 42, email: 'ada@example.com' } })
  .build();

describe('onUserUpdated', () => {
  it('saves the user, and the message is deleted', async () => {
    const saved: unknown[] = [];
    const outcome = await dispatch(onUserUpdated({ save: async (user) => void saved.push(user) }), userUpdated);
    expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.DONE);
    expect(outcome.action).toBe('delete');
    expect(saved).toEqual([{ id: 42, email: 'ada@example.com' }]);
  });

  it('keeps the message for another delivery while the store is down', async () => {
    const down = onUserUpdated({ save: () => Promise.reject(new RetriableError('store unavailable')) });
    const outcome = await dispatch(down, userUpdated, { receiveCount: 3 });
    expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.RETRIABLE_ERROR);
    expect(outcome.action).toBe('keep');
  });

  it('deletes the message when saving fails for good', async () => {
    const broken = onUserUpdated({ save: () => Promise.reject(new Error('constraint violated')) });
    const outcome = await dispatch(broken, userUpdated);
    expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.FATAL_ERROR);
    expect(outcome.errorOf('onUserUpdated')).toEqual(new Error('constraint violated'));
    expect(outcome.action).toBe('delete');
  });

  it('handles the event published to an SNS topic the queue subscribes to', async () => {
    const outcome = await dispatch(onUserUpdated({ save: async () => {} }), userUpdated, { viaSns: true });
    expect(outcome.decoded.sns?.type).toBe('Notification');
    expect(outcome.statusOf('onUserUpdated')).toBe(ProcessStatus.DONE);
  });

  it('leaves other events alone: unrecognized, deleted', async () => {
    const orderPlaced = new PayloadBuilder().withEvent({ name: 'order.placed' }).build();
    const outcome = await dispatch(onUserUpdated({ save: async () => {} }), orderPlaced);
    expect(outcome).toMatchObject({ unrecognized: true, action: 'delete' });
    expect(outcome.statusOf('onUserUpdated')).toBeUndefined();
  });
});
