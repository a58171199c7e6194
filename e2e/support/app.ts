/** Opening the inspector as a user does: a sign-in URL with its one-time token, then the app. */
import { expect, type Page } from '@playwright/test';
import { newSignInLink } from './sign-in.js';
import { e2eState } from './state.js';

export async function openInspector(page: Page, which: 'writable' | 'readOnly' = 'writable'): Promise<void> {
  const { origin, sessionKey } = e2eState()[which];
  await page.goto(await newSignInLink(origin, sessionKey));
  await expect(page.getByRole('table', { name: 'Queues' })).toBeVisible();
}

/** Selects a queue in the list and peeks it, confirming when the queue has a redrive policy. */
export async function peekQueue(page: Page, queue: string, confirm = false): Promise<void> {
  await page.getByRole('button', { name: `Queue ${queue}`, exact: true }).click();
  const actions = page.getByRole('region', { name: `Queue ${queue} actions` });
  await actions.getByRole('button', { name: 'Peek', exact: true }).click();
  if (confirm) await page.getByRole('alertdialog').getByRole('button', { name: 'Peek anyway' }).click();
  await expect(actions.getByRole('status')).toContainText(/Peeked \d+ message/);
}

/** Replaces the pattern editor's text. */
export async function typePattern(page: Page, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Pattern (JSON)' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await editor.pressSequentially(text, { delay: 0 });
}

/** The captured messages' rows (the virtual list's options, not a select's). */
export function captureRows(page: Page) {
  return page.getByRole('listbox', { name: 'Captured messages' }).getByRole('option');
}

/** Replaces the pattern editor's text in one input event (as a paste would). */
export async function setPattern(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Pattern (JSON)' }).fill(text);
}
