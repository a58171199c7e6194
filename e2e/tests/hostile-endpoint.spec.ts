/**
 * The inspector in a browser against a fake SQS endpoint that hangs, then recovers, and that
 * hands back hostile data: the tab recovers without a reload, and every odd value is shown as
 * what it is while the rest of the app lives.
 */
import { expect, test } from '@playwright/test';
import { startFakeSqs, type FakeSqs } from '../../apps/inspector/test/security/fake-sqs-server.js';
import { sessionKeyFor, newSignInLink } from '../support/sign-in.js';
import { loadStartInspector, type RunningInspector } from '../support/inspector-module.js';

let fake: FakeSqs;
let inspector: RunningInspector;
let sessionKey: string;

test.beforeAll(async () => {
  fake = await startFakeSqs({ queues: ['alpha', 'beta'] });
  const startInspector = await loadStartInspector();
  inspector = await startInspector({ target: { kind: 'endpoint', endpoint: fake.endpoint }, sqsDeadlines: { callMs: 1_500, listMs: 3_000 } });
  sessionKey = await sessionKeyFor(inspector.origin, inspector.token);
});
test.afterAll(async () => {
  await inspector?.stop();
  await fake?.close();
});
test.afterEach(() => {
  fake.behaviour.clear();
  fake.queues = ['alpha', 'beta'];
  fake.messages.clear();
});

test('a hung endpoint is reported, and the tab recovers by itself once it answers: list refreshed, Peek enabled', async ({ page }) => {
  await page.goto(await newSignInLink(inspector.origin, sessionKey));
  await expect(page.getByRole('button', { name: 'Queue alpha', exact: true })).toBeVisible();
  fake.behaviour.set('ListQueues', 'hang');
  fake.behaviour.set('GetQueueUrl', 'hang');
  const pane = page.getByRole('complementary', { name: 'Queues' });
  await expect(pane.getByRole('alert')).toContainText('did not answer ListQueues', { timeout: 15_000 });
  // A peek against the hung endpoint ends too, and says why.
  await page.getByRole('button', { name: 'Queue alpha', exact: true }).click();
  const actions = page.getByRole('region', { name: 'Queue alpha actions' });
  await actions.getByRole('button', { name: 'Peek', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'did not answer GetQueueUrl' })).toBeVisible({ timeout: 15_000 });

  fake.queues = ['alpha', 'beta', 'gamma'];
  fake.messages.set('alpha', [{ MessageId: 'm-1', Body: '{"type": "back"}' }]);
  fake.behaviour.clear();
  await expect(page.getByRole('button', { name: 'Queue gamma', exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(pane.getByRole('alert')).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Peek', exact: true })).toBeEnabled();
  await actions.getByRole('button', { name: 'Peek', exact: true }).click();
  await expect(actions.getByRole('status')).toContainText('Peeked 1 message');
});

test('hostile values are shown as data: __proto__ attributes, an impossible timestamp, bidi overrides, a 5,000-character queue name', async ({ page }) => {
  const long = 'q'.repeat(5_000);
  fake.queues = ['alpha', long];
  fake.messages.set('alpha', [
    {
      MessageId: 'm-hostile',
      Body: JSON.stringify({ type: 'hostile', 'safe\u202Eevil': 'abc\u202Edef' }),
      Attributes: { SentTimestamp: '1e20', ApproximateReceiveCount: '3' },
      MessageAttributes: JSON.parse('{"__proto__": {"DataType": "String", "StringValue": "proto value"}}') as Record<string, { DataType: string; StringValue: string }>,
    },
  ]);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  await page.goto(await newSignInLink(inspector.origin, sessionKey));
  await expect(page.getByRole('table', { name: 'Queues' })).toBeVisible();

  // The long name does not push the counts off the table.
  const table = page.getByRole('table', { name: 'Queues' });
  const visibleHeader = await table.getByRole('columnheader', { name: 'Visible' }).boundingBox();
  const pane = await page.getByRole('complementary', { name: 'Queues' }).boundingBox();
  expect(visibleHeader).not.toBeNull();
  expect(pane).not.toBeNull();
  expect((visibleHeader?.x ?? 0) + (visibleHeader?.width ?? 0)).toBeLessThanOrEqual((pane?.x ?? 0) + (pane?.width ?? 0) + 1);

  const pattern = page.getByRole('textbox', { name: 'Pattern (JSON)' });
  await pattern.fill('{"name": "kept while rendering"}');
  await page.getByRole('button', { name: 'Queue alpha', exact: true }).click();
  await page.getByRole('region', { name: 'Queue alpha actions' }).getByRole('button', { name: 'Peek', exact: true }).click();
  await page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option').first().click();
  const detail = page.getByRole('article');
  await expect(detail).toContainText(/invalid time/i);
  await expect(detail).toContainText('\\u202e');
  await detail.getByRole('tab', { name: 'Attributes' }).click();
  await expect(detail.getByRole('table', { name: 'Message attributes' })).toContainText('__proto__');
  await expect(detail.getByRole('table', { name: 'Message attributes' })).toContainText('proto value');
  await expect(page.getByText('The inspector hit an error')).toHaveCount(0);
  await expect(pattern).toContainText('kept while rendering');
  expect(problems).toEqual([]);
});
