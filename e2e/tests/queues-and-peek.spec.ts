import { expect, test } from '@playwright/test';
import { captureRows, openInspector, peekQueue } from '../support/app.js';
import { INBOX, TOPIC_ARN } from '../support/seed.js';
import { e2eState } from '../support/state.js';

function queueRow(page: import('@playwright/test').Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('button', { name: `Queue ${name}`, exact: true }) });
}

test('lists every queue with its type and counts, dead-letter queues linked both ways', async ({ page }) => {
  await openInspector(page);
  const orders = queueRow(page, 'demo-orders');
  await expect(orders.getByRole('cell', { name: '8 visible' })).toBeVisible();
  await expect(orders.getByRole('cell', { name: '1 delayed' })).toBeVisible();
  await expect(orders).toContainText('Standard');
  await expect(orders).toContainText('dead letters → demo-orders-dlq after 5 receives');
  const dlq = queueRow(page, 'demo-orders-dlq');
  await expect(dlq.getByRole('cell', { name: '2 visible' })).toBeVisible();
  await expect(dlq).toContainText('dead letters of demo-orders');
  await expect(queueRow(page, 'demo-payments.fifo')).toContainText('FIFO');
  await expect(queueRow(page, INBOX).getByRole('cell', { name: `${e2eState().inbox.count} visible` })).toBeVisible();

  // The DLQ link selects the dead-letter queue.
  await orders.getByRole('button', { name: 'demo-orders-dlq', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Queue demo-orders-dlq actions' })).toBeVisible();
});

test('peek shows a BSON event decoded by core', async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  await captureRows(page).filter({ hasText: 'accounts/user.created' }).click();
  const detail = page.getByRole('article');
  await expect(detail).toContainText('MEGA event');
  await expect(detail).toContainText('BSON');
  await expect(detail.getByRole('tree', { name: 'Decoded payload' })).toContainText('name: "user.created"');
  await expect(detail.getByRole('tree', { name: 'Decoded payload' })).toContainText('email: "user7@example.com"');
  await detail.getByRole('tab', { name: 'Raw body' }).click();
  await expect(detail.getByLabel('Body as received')).toHaveText(/^[A-Za-z0-9+/]+=*$/);
});

test('peek shows an SNS-wrapped message unwrapped, with its envelope', async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  await captureRows(page).filter({ hasText: 'SNS' }).click();
  const detail = page.getByRole('article');
  await expect(detail).toContainText('SNS');
  await expect(detail.getByRole('tree', { name: 'Decoded payload' })).toContainText('name: "user.updated"');
  await expect(detail.getByRole('tree', { name: 'Decoded payload' })).toContainText('id: 99');
  await detail.getByRole('tab', { name: 'SNS envelope' }).click();
  await expect(detail.getByRole('tree', { name: 'SNS envelope' })).toContainText(TOPIC_ARN);
  await expect(detail.getByRole('tree', { name: 'SNS envelope' })).toContainText('subject: "user.updated"');
});

test('shows message attributes and the receive count a peek costs', async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  await captureRows(page).filter({ hasText: 'accounts/user.updated · user 42' }).click();
  const detail = page.getByRole('article');
  await expect(detail).toContainText(/receive count \d+/);
  await detail.getByRole('tab', { name: 'Attributes' }).click();
  await expect(detail.getByRole('table', { name: 'Message attributes' })).toContainText('event_name');
  await expect(detail.getByRole('table', { name: 'Message attributes' })).toContainText('user.updated');
});

test('asks before peeking a queue with a redrive policy, and shows "receive count k of maxReceiveCount"', async ({ page }) => {
  await openInspector(page);
  await page.getByRole('button', { name: 'Queue demo-orders', exact: true }).click();
  const actions = page.getByRole('region', { name: 'Queue demo-orders actions' });
  await expect(actions).toContainText('moves to demo-orders-dlq once received 5 times');
  await actions.getByRole('button', { name: 'Peek', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Peek demo-orders?' });
  await expect(dialog).toContainText('Peeking counts as a receive');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(captureRows(page)).toHaveCount(0);

  await actions.getByRole('button', { name: 'Peek', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Peek anyway' }).click();
  await expect(actions.getByRole('status')).toContainText(/Peeked \d+ message/);
  await captureRows(page).first().click();
  await expect(page.getByRole('article')).toContainText(/receive count \d of 5/);
  // Live mode on a redrive queue asks too.
  await actions.getByRole('checkbox', { name: /Live/ }).click();
  await expect(page.getByRole('alertdialog', { name: /every 5 s/ })).toBeVisible();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(actions.getByRole('checkbox', { name: /Live/ })).not.toBeChecked();
});

test('captures survive a reload', async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  const count = e2eState().inbox.count;
  await expect(captureRows(page)).toHaveCount(count);
  await page.reload();
  await expect(captureRows(page)).toHaveCount(count);
  await expect(page.getByRole('region', { name: 'Captures' })).toContainText(`${count} kept in this browser`);
});

test('a body with __proto__ and constructor keys is shown as data and pollutes nothing', async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  await captureRows(page).filter({ hasText: '"__proto__"' }).click();
  const tree = page.getByRole('article').getByRole('tree', { name: 'Decoded payload' });
  await expect(tree).toContainText('__proto__');
  await expect(tree).toContainText('constructor');
  await expect(tree).toContainText('polluted: "yes"');
  const polluted = await page.evaluate(() => ({
    object: ({} as Record<string, unknown>)['polluted'],
    prototype: Object.hasOwn(Object.prototype, 'polluted'),
  }));
  expect(polluted).toEqual({ object: undefined, prototype: false });
});
