/**
 * Signing in as a user does, on an inspector started for this file: the printed URL signs one
 * browser in, once; afterwards nothing in the address bar, the history or a Referer signs anyone
 * in; a second browser gets in with a link made in the first.
 */
import { expect, test, type Page } from '@playwright/test';
import { loadStartInspector, type RunningInspector } from '../support/inspector-module.js';
import { e2eState } from '../support/state.js';

let inspector: RunningInspector;
test.beforeAll(async () => {
  const startInspector = await loadStartInspector();
  const { endpoint, region } = e2eState();
  inspector = await startInspector({ target: { kind: 'endpoint', endpoint, region } });
});
test.afterAll(async () => {
  await inspector?.stop();
});

async function expectSignedIn(page: Page): Promise<void> {
  await expect(page.getByRole('table', { name: 'Queues' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Queue demo-orders', exact: true })).toBeVisible();
}

test('the printed URL signs one browser in, once, and leaves no working credential behind', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  const referers: string[] = [];
  page.on('request', (request) => {
    const referer = request.headers()['referer'];
    if (referer !== undefined) referers.push(referer);
  });
  await page.goto(inspector.url);
  await expectSignedIn(page);
  // The address bar and the current history entry hold no token; no request carried it as Referer.
  expect(page.url()).toBe(`${inspector.origin}/`);
  expect(await page.evaluate(() => window.location.search)).toBe('');
  expect(referers.filter((referer) => referer.includes(inspector.token))).toEqual([]);
  // Reloading, or opening the inspector without a token, keeps the session.
  await page.reload();
  await expectSignedIn(page);
  await page.goto(`${inspector.origin}/`);
  await expectSignedIn(page);
  // Going back and forth through the history signs nobody out and nobody in.
  await page.goBack();
  await page.goForward();

  // What the history holds — the printed URL — no longer signs a browser in.
  const second = await browser.newContext();
  const stranger = await second.newPage();
  await stranger.goto(inspector.url);
  await expect(stranger.getByRole('alert')).toContainText('This sign-in link was already used');
  await expect(stranger.getByRole('table', { name: 'Queues' })).toHaveCount(0);
  const apiStatus = await stranger.evaluate(async () => (await fetch('/api/queues')).status);
  expect(apiStatus).toBe(401);

  // Opening the printed URL again in the browser that used it is no failure.
  await page.goto(inspector.url);
  await expectSignedIn(page);
  await Promise.all([first.close(), second.close()]);
});

test('a second browser signs in with a link made in the first, which also works once', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  const { origin, sessionKey } = e2eState().readOnly;
  // This file's inspector spent its launch token above; sign this browser in with a link of the
  // suite's read-only inspector instead, whose session the suite holds.
  const made = await fetch(`${origin}/api/sign-in-links`, { method: 'POST', headers: { authorization: `Bearer ${sessionKey}`, 'content-type': 'application/json' }, body: '{}' });
  await page.goto(((await made.json()) as { url: string }).url);
  await expectSignedIn(page);

  await page.getByRole('button', { name: 'Sign in another browser' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in another browser' });
  const link = dialog.getByRole('textbox', { name: 'Sign-in link' });
  await expect(link).toHaveValue(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/\\?token=[A-Za-z0-9_-]{43}$`));
  const url = await link.inputValue();
  await expect(dialog).toContainText('once');
  await dialog.getByRole('button', { name: 'Close' }).click();

  const second = await browser.newContext();
  const other = await second.newPage();
  await other.goto(url);
  await expectSignedIn(other);
  const third = await browser.newContext();
  const late = await third.newPage();
  await late.goto(url);
  await expect(late.getByRole('alert')).toContainText('already used');
  await Promise.all([first.close(), second.close(), third.close()]);
});
