import { expect, test } from '@playwright/test';
import { captureRows, openInspector, setPattern } from '../support/app.js';
import { generatedCaptureFile } from '../support/capture-file.js';

const COUNT = 10_000;

test('10,000 imported captures: listed virtually, exported back, and a pattern evaluated over all of them in the worker', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await openInspector(page);
  await page.getByLabel('Import captures').setInputFiles({ name: 'captures-10000.json', mimeType: 'application/json', buffer: Buffer.from(generatedCaptureFile(COUNT)) });
  await expect(page.getByRole('alert').or(page.getByRole('status')).filter({ hasText: 'Imported captures-10000.json' })).toContainText(`${COUNT} new`);
  await expect(page.getByRole('region', { name: 'Captures' })).toContainText(`${COUNT} kept in this browser`);

  // Virtualized: a screenful of rows in the DOM, and the last one reachable.
  expect(await captureRows(page).count()).toBeLessThan(100);
  const list = page.getByRole('listbox', { name: 'Captured messages' });
  await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(captureRows(page).last()).toHaveAttribute('aria-posinset', String(COUNT));

  // Each pattern is evaluated over all 10,000 decoded messages; the worker reports its time.
  const patterns = [
    '{"name": "user.updated"}',
    '{"name": {"$match": "^user\\\\."}, "domain": "accounts"}',
    '{"objectCurrent": {"plan": "pro", "id": {"$gte": 5000}}}',
    '{"timestamp": {"$gte": {"$datetime": "2025-12-31T23:00:00Z"}}}',
    '{"name": {"$oneOf": ["order.placed", "order.shipped"]}, "objectId": {"$not": {"$match": "1"}}}',
  ];
  const status = page.getByRole('region', { name: 'Pattern' }).getByRole('status');
  const timings: number[] = [];
  const perPattern: string[] = [];
  for (const pattern of patterns) {
    const mine: number[] = [];
    for (let round = 0; round < 5; round++) {
      await setPattern(page, pattern);
      await expect(status).toContainText(`${COUNT} messages in`);
      const text = await status.getByText(/messages in/).innerText();
      const ms = Number(/messages in ([\d.]+) ms/.exec(text)?.[1]);
      expect(ms).not.toBeNaN();
      mine.push(ms);
      await setPattern(page, '{}');
      await expect(status).toContainText(`8000 of ${COUNT} match`);
    }
    timings.push(...mine);
    perPattern.push(`${pattern}: ${mine.join(' / ')} ms`);
  }
  await setPattern(page, '{"name": "user.updated"}');
  await expect(status).toContainText(`2000 of ${COUNT} match`);

  const sorted = [...timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const summary = `pattern over ${COUNT} captured messages in Chromium's worker: median ${median} ms, min ${sorted[0]} ms, max ${sorted.at(-1)} ms (${timings.length} evaluations)`;
  testInfo.annotations.push({ type: 'measurement', description: summary });
  console.log([summary, ...perPattern.map((line) => `  ${line}`)].join('\n'));
  // The issue asks for well under 50 ms; a loose bound here only catches a regression in kind
  // (such as decoding on every evaluation), not noise from a shared machine.
  expect(median).toBeLessThan(250);

  // Export gives the captures back as a file of the same format.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^captures-.*\.json$/);
});
