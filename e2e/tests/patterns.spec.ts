import { expect, test, type Page } from '@playwright/test';
import { captureRows, openInspector, peekQueue, setPattern, typePattern } from '../support/app.js';
import { INBOX } from '../support/seed.js';
import { e2eState } from '../support/state.js';

const matchStatus = (page: Page) => page.getByRole('region', { name: 'Pattern' }).getByRole('status');
const matchedRows = (page: Page) => captureRows(page).filter({ has: page.getByLabel('matches', { exact: true }) });

test.beforeEach(async ({ page }) => {
  await openInspector(page);
  await peekQueue(page, INBOX);
  await expect(captureRows(page)).toHaveCount(e2eState().inbox.count);
});

test('a pattern typed in the editor marks the matching messages and explains a mismatch', async ({ page }) => {
  await typePattern(page, '{"name": "user.updated"}');
  await expect(matchStatus(page)).toContainText(`2 of ${e2eState().inbox.count} match`);
  await expect(matchStatus(page)).toContainText(`${e2eState().inbox.count} messages in`);
  await expect(matchedRows(page)).toHaveCount(2);
  await expect(matchedRows(page).filter({ hasText: 'user 42' })).toHaveCount(1);
  await expect(matchedRows(page).filter({ hasText: 'SNS' })).toHaveCount(1);

  await captureRows(page).filter({ hasText: 'accounts/user.created' }).click();
  const explanation = page.getByRole('region', { name: 'Match explanation' });
  await expect(explanation).toContainText('Does not match');
  await expect(explanation).toContainText('event.name: expected "user.updated", got "user.created"');

  await captureRows(page).filter({ hasText: 'hello from the e2e suite' }).click();
  await expect(explanation).toContainText('expected a MEGA event (an event subscriber sees only MEGA events), got plaintext');

  await captureRows(page).filter({ hasText: 'user 42' }).click();
  await expect(explanation).toContainText('Matches the pattern');

  await page.getByRole('combobox', { name: 'Show' }).selectOption('match');
  await expect(captureRows(page)).toHaveCount(2);
});

test('the event-subscriber form writes the pattern', async ({ page }) => {
  await page.getByRole('textbox', { name: 'name', exact: true }).fill('user.updated');
  await page.getByRole('textbox', { name: 'object id', exact: true }).fill('42');
  await expect(page.getByRole('textbox', { name: 'Pattern (JSON)' })).toContainText('"objectId": 42');
  await expect(matchStatus(page)).toContainText(`1 of ${e2eState().inbox.count} match`);
  await page.getByRole('textbox', { name: 'object id', exact: true }).fill('{"$gt": 50}');
  await expect(matchStatus(page)).toContainText(`1 of ${e2eState().inbox.count} match`);
  await expect(matchedRows(page).filter({ hasText: 'SNS' })).toHaveCount(1);
});

test('an invalid pattern shows the error in place', async ({ page }) => {
  await typePattern(page, '{"objectCurrent": {"id": {"$gt": "x"}}}');
  const alert = page.getByRole('region', { name: 'Pattern' }).getByRole('alert');
  await expect(alert).toContainText('Pattern error');
  await expect(alert).toContainText('$gt');
  await expect(alert).toContainText('(at objectCurrent.id.$gt)');
  // Underlined where core says: the argument of $gt.
  await expect(page.locator('.cm-lintRange-error')).toHaveText('"x"');

  await typePattern(page, '{"name": }');
  await expect(alert).toContainText('JSON error');
  await expect(page.locator('.cm-lintRange-error')).toHaveCount(1);

  await typePattern(page, '{"event_name": "x"}');
  await expect(alert).toContainText('Did you mean "eventName"?');
});

test('copy as code gives a TypeScript subscriber for @sqs-mega/node', async ({ page }) => {
  await typePattern(page, '{"name": "user.updated", "objectCurrent": {"id": {"$gt": 0}}}');
  await expect(matchStatus(page)).toContainText('match');
  await page.getByRole('button', { name: 'Copy as code' }).click();
  const code = page.getByLabel('Subscriber code (TypeScript)');
  await expect(code).toContainText("import { eventSubscriber } from '@sqs-mega/core';");
  await expect(code).toContainText("import { SqsListener, stopOnSignals } from '@sqs-mega/node';");
  await expect(code).toContainText(`queueUrl: '${e2eState().inbox.url}'`);
  await expect(code).toContainText("name: 'user.updated'");
  await expect(code).toContainText('objectCurrent: { id: { $gt: 0 } }');
  await expect(code).toContainText('listener.register(');
});

test('a data pattern with a __proto__ key matches the data and is written as a computed key', async ({ page }) => {
  await page.getByRole('radio', { name: 'Data subscriber' }).check();
  await typePattern(page, '{"__proto__": {"polluted": "yes"}}');
  await expect(matchStatus(page)).toContainText(`1 of ${e2eState().inbox.count} match`);
  await page.getByRole('button', { name: 'Copy as code' }).click();
  await expect(page.getByLabel('Subscriber code (TypeScript)')).toContainText("['__proto__']: { polluted: 'yes' }");
  expect(await page.evaluate(() => Object.hasOwn(Object.prototype, 'polluted'))).toBe(false);
});

test('a catastrophic regex is stopped after 1 s and the page stays responsive', async ({ page }) => {
  await typePattern(page, '{"name": {"$match": "(a+)+$"}}');
  const alert = page.getByRole('region', { name: 'Pattern' }).getByRole('alert');
  await expect(alert).toContainText('Too slow', { timeout: 5_000 });
  await expect(alert).toContainText('longer than 1 s');
  // The page answered throughout: the editor takes the next pattern, and the fresh worker answers it.
  await typePattern(page, '{"name": {"$match": "user\\\\."}}');
  await expect(matchStatus(page)).toContainText(`3 of ${e2eState().inbox.count} match`);
});

test('a pattern nested 20,000 levels deep is refused without hanging or breaking the page', async ({ page }) => {
  const depth = 20_000;
  await setPattern(page, `{"objectCurrent": ${'['.repeat(depth)}1${']'.repeat(depth)}}`);
  const alert = page.getByRole('region', { name: 'Pattern' }).getByRole('alert');
  await expect(alert).toContainText(/nested too deeply|Too slow/, { timeout: 5_000 });
  // The form still renders (it shows the attribute, or says it is too deep to show).
  await expect(page.getByRole('textbox', { name: 'current object', exact: true })).toBeVisible();
  await setPattern(page, '{"name": "user.created"}');
  await expect(matchStatus(page)).toContainText(`1 of ${e2eState().inbox.count} match`);
});
