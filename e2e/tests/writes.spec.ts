import { expect, test } from '@playwright/test';
import { captureRows, openInspector, peekQueue } from '../support/app.js';
import { INBOX, WRITES } from '../support/seed.js';

test('with writes allowed: send a BSON event with an attribute, see it decoded, delete it', async ({ page }) => {
  await openInspector(page);
  await page.getByRole('button', { name: `Queue ${WRITES}`, exact: true }).click();
  await page.getByRole('button', { name: 'Send message' }).click();
  const form = page.getByRole('form', { name: `Send a message to ${WRITES}` });
  await form.getByRole('combobox', { name: 'Body format' }).selectOption('bson');
  await form.getByRole('button', { name: 'Add attribute' }).click();
  await form.getByRole('textbox', { name: 'Attribute 1 name' }).fill('source');
  await form.getByRole('textbox', { name: 'Attribute 1 value' }).fill('e2e');
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status').filter({ hasText: `to ${WRITES}` })).toContainText(/Sent message [0-9a-f-]+ to e2e-writes/);

  await peekQueue(page, WRITES);
  await expect(captureRows(page)).toHaveCount(1);
  await captureRows(page).first().click();
  const detail = page.getByRole('article');
  await expect(detail).toContainText('MEGA event');
  await expect(detail).toContainText('BSON');
  await detail.getByRole('tab', { name: 'Attributes' }).click();
  await expect(detail.getByRole('table', { name: 'Message attributes' })).toContainText('source');

  await detail.getByRole('button', { name: 'Delete message' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted message' })).toContainText(`from ${WRITES}`);
  await expect(captureRows(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Refresh' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `Queue ${WRITES}`, exact: true }) });
  await expect(row.getByRole('cell', { name: '0 visible' })).toBeVisible();
});

test('with writes allowed: send plaintext, and a purge asks for the queue name', async ({ page }) => {
  await openInspector(page);
  await page.getByRole('button', { name: `Queue ${WRITES}`, exact: true }).click();
  await page.getByRole('button', { name: 'Send message' }).click();
  const form = page.getByRole('form', { name: `Send a message to ${WRITES}` });
  await form.getByRole('combobox', { name: 'Body format' }).selectOption('plaintext');
  await form.getByRole('textbox', { name: 'Message body' }).fill('plain words');
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent message' })).toBeVisible();

  await page.getByRole('button', { name: 'Purge…' }).click();
  const dialog = page.getByRole('alertdialog', { name: `Purge ${WRITES}?` });
  await expect(dialog.getByRole('button', { name: 'Purge queue' })).toBeDisabled();
  await dialog.getByRole('textbox', { name: 'Type the queue name to confirm' }).fill(WRITES);
  await dialog.getByRole('button', { name: 'Purge queue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Purged' })).toContainText(WRITES);
});

test('without writes: no write controls, and the bridge refuses a write', async ({ page }) => {
  await openInspector(page, 'readOnly');
  await expect(page.getByText('read-only', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: `Queue ${INBOX}`, exact: true }).click();
  await expect(page.getByText(/Read-only: start the inspector with --allow-writes/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send message' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Purge…' })).toHaveCount(0);

  const refused = await page.evaluate(async (queue) => {
    const response = await fetch(`/api/queues/${queue}/messages`, {
      method: 'POST',
      // The app's own session key, as the app sends it.
      headers: { 'content-type': 'application/json', authorization: `Bearer ${localStorage.getItem('sqs-mega-inspector:session') ?? ''}` },
      body: JSON.stringify({ body: 'sneaky' }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  }, INBOX);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: { code: 'WRITES_DISABLED' } });
});

test('with writes allowed: redrive a dead-letter queue back to its source', async ({ page }) => {
  await openInspector(page);
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('button', { name: `Queue ${name}`, exact: true }) });
  await expect(row('demo-orders-dlq').getByRole('cell', { name: '2 visible' })).toBeVisible();
  await page.getByRole('button', { name: 'Queue demo-orders-dlq', exact: true }).click();
  await page.getByRole('button', { name: 'Redrive…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Redrive demo-orders-dlq?' });
  await expect(dialog.getByRole('combobox', { name: 'Destination' })).toHaveValue('demo-orders');
  await dialog.getByRole('button', { name: 'Start redrive' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Moving the messages' })).toContainText('back to demo-orders');
  await expect(async () => {
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row('demo-orders-dlq').getByRole('cell', { name: '0 visible' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
});

test('with writes allowed: send to a FIFO queue with a message group id', async ({ page }) => {
  await openInspector(page);
  await page.getByRole('button', { name: 'Queue demo-payments.fifo', exact: true }).click();
  await page.getByRole('button', { name: 'Send message' }).click();
  const form = page.getByRole('form', { name: 'Send a message to demo-payments.fifo' });
  await expect(form.getByRole('spinbutton', { name: 'Delay seconds' })).toHaveCount(0);
  await form.getByRole('textbox', { name: 'Message group id' }).fill('customer-e2e');
  await form.getByRole('textbox', { name: 'Deduplication id' }).fill('e2e-1');
  await form.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent message' })).toContainText('to demo-payments.fifo');
  await peekQueue(page, 'demo-payments.fifo');
  await captureRows(page).filter({ hasText: 'user.updated' }).click();
  await expect(page.getByRole('article')).toContainText('customer-e2e');
});
