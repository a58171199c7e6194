import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { captureRows, openInspector, peekQueue } from '../support/app.js';

/** The README's picture of the inspector; rewritten only when asked, so a test run leaves the tree clean. */
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/inspector.png', import.meta.url));

test('the demo queues decoded, with an event-subscriber pattern marking matches (screenshot for the README)', async ({ page }, testInfo) => {
  await openInspector(page);
  await peekQueue(page, 'demo-sns-notifications');
  await peekQueue(page, 'demo-orders', true);
  await page.getByRole('textbox', { name: 'domain', exact: true }).fill('accounts');
  await page.getByRole('textbox', { name: 'current object', exact: true }).fill('{"id": {"$gt": 1000}}');
  const status = page.getByRole('region', { name: 'Pattern' }).getByRole('status');
  await expect(status).toContainText(/\d+ of \d+ match/);
  await captureRows(page).filter({ hasText: 'accounts/user.updated' }).first().click();
  await expect(page.getByRole('region', { name: 'Match explanation' })).toContainText('Matches the pattern');
  await captureRows(page).filter({ hasText: 'shop/order.shipped' }).first().click();
  await expect(page.getByRole('region', { name: 'Match explanation' })).toContainText('event.domain: expected "accounts", got "shop"');
  await page.mouse.move(0, 0);
  const path = process.env['E2E_UPDATE_DOCS'] === '1' ? DOCS_SCREENSHOT : testInfo.outputPath('inspector.png');
  await page.screenshot({ path, fullPage: true });
});
