import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { captureRows, peekQueue } from '../support/app.js';
import { INSPECTOR_DIR, loadStartInspector, type RunningInspector } from '../support/inspector-module.js';
import { e2eState } from '../support/state.js';

const DEMO_CONTRACTS = join(INSPECTOR_DIR, 'demo', 'contracts.js');

let inspector: RunningInspector;

test.beforeAll(async () => {
  const { endpoint, region } = e2eState();
  const startInspector = await loadStartInspector();
  inspector = await startInspector({ target: { kind: 'endpoint', endpoint, region }, contracts: DEMO_CONTRACTS });
});

test.afterAll(async () => {
  await inspector?.stop();
});

test('labels captured events with the contract they keep or break, shows a violation’s path, and starts a pattern from a contract in Chromium', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(inspector.url);
  await expect(page.getByRole('table', { name: 'Queues' })).toBeVisible();
  await peekQueue(page, 'demo-contracts');
  await expect(captureRows(page)).toHaveCount(2);
  await expect(captureRows(page).filter({ hasText: '✓ order.placed@1' })).toHaveCount(1);
  const violating = captureRows(page).filter({ hasText: '✗ order.placed@1' });
  await expect(violating).toHaveCount(1);
  await violating.click();
  const contract = page.getByRole('article').getByRole('region', { name: 'Contract' });
  await expect(contract).toContainText('Breaks its contract order.placed@1');
  await expect(contract.getByRole('listitem')).toContainText('object.current.total:');

  // The event-subscriber form starts from a contract: its name, version and domain, matched as any pattern.
  const pattern = page.getByRole('region', { name: 'Pattern' });
  const picker = pattern.getByRole('combobox', { name: 'start from a contract' });
  await picker.selectOption({ label: 'pattern for user.updated@1 (accounts)' });
  await expect(pattern.getByRole('textbox', { name: 'Pattern (JSON)' })).toContainText('"name": "user.updated"');
  await expect(pattern.getByRole('status')).toContainText('0 of 2 match');
  await picker.selectOption({ label: 'pattern for order.placed@1 (shop)' });
  await expect(pattern.getByRole('textbox', { name: 'name', exact: true })).toHaveValue('order.placed');
  await expect(pattern.getByRole('textbox', { name: 'domain', exact: true })).toHaveValue('shop');
  await expect(pattern.getByRole('status')).toContainText('2 of 2 match');

  // The worker started from a Blob URL under the page's own CSP: nothing was refused.
  expect(errors).toEqual([]);
});
