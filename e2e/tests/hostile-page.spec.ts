/**
 * A hostile page on another 127.0.0.1 port, open in the same browser as the inspector, tries what
 * a page can: blind form posts, no-cors fetches and beacons to the demo's ElasticMQ and to the
 * bridge, and cookies planted for 127.0.0.1. None of it changes a queue or signs the user out.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { expect, test } from '@playwright/test';
import { openInspector } from '../support/app.js';
import { blindRequestsScript, startHostilePage, type HostilePage } from '../support/hostile-page.js';
import { e2eState } from '../support/state.js';

let hostile: HostilePage;
test.beforeAll(async () => {
  hostile = await startHostilePage();
});
test.afterAll(async () => {
  await hostile?.close();
});

/** Every SQS form a page could send to an ElasticMQ at `origin` without knowing more than its port. */
function sqsForms(origin: string, queue: string, deadLetterQueue: string): [string, Record<string, string>][] {
  const guessedUrls = [`${origin}/000000000000/${queue}`, `${origin}/queue/${queue}`];
  const forms: [string, Record<string, string>][] = [];
  for (const path of ['/', `/000000000000/${queue}`]) {
    for (const QueueUrl of guessedUrls) {
      forms.push([`${origin}${path}`, { Action: 'SendMessage', QueueUrl, MessageBody: 'planted by a web page' }]);
      forms.push([`${origin}${path}`, { Action: 'DeleteMessage', QueueUrl, ReceiptHandle: 'guessed' }]);
    }
  }
  forms.push([`${origin}/`, { Action: 'StartMessageMoveTask', SourceArn: `arn:aws:sqs:us-east-1:000000000000:${deadLetterQueue}` }]);
  forms.push([`${origin}/`, { Action: 'CreateQueue', QueueName: 'planted-by-a-page' }]);
  return forms;
}

async function counts(sqs: SQSClient, urls: readonly string[]): Promise<string[]> {
  return Promise.all(
    urls.map(async (QueueUrl) => {
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
      return `${Attributes?.['ApproximateNumberOfMessages']}+${Attributes?.['ApproximateNumberOfMessagesNotVisible']}`;
    }),
  );
}

async function planted(sqs: SQSClient): Promise<boolean> {
  return ((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).some((url) => url.endsWith('/planted-by-a-page'));
}

test("cannot write to the demo's ElasticMQ, though the same page writes to a stock ElasticMQ", async ({ page }) => {
  const state = e2eState();
  const demo = new SQSClient({ endpoint: state.endpoint, region: state.region, credentials: { accessKeyId: 'e2e', secretAccessKey: 'e2e' } });
  const stock = await startElasticMQ();
  const control = new SQSClient(localClientConfig(stock));
  try {
    // The control: queues like the demo's, on an ElasticMQ started the usual way.
    const dlq = await control.send(new CreateQueueCommand({ QueueName: 'victim-dlq' }));
    const victim = await control.send(
      new CreateQueueCommand({
        QueueName: 'victim',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:victim-dlq', maxReceiveCount: 3 }) },
      }),
    );
    await control.send(new SendMessageCommand({ QueueUrl: dlq.QueueUrl, MessageBody: 'dead' }));

    const demoUrls = [`${state.endpoint}/000000000000/demo-orders`, `${state.endpoint}/000000000000/demo-orders-dlq`, `${state.endpoint}/000000000000/demo-sns-notifications`];
    const before = await counts(demo, demoUrls);
    const demoOrigin = `http://127.0.0.1:${state.elasticmqPort}`;
    const stockOrigin = `http://127.0.0.1:${stock.port}`;
    hostile.serve(
      '/elasticmq',
      blindRequestsScript([...sqsForms(demoOrigin, 'demo-orders', 'demo-orders-dlq'), ...sqsForms(stockOrigin, 'victim', 'victim-dlq')]),
    );
    hostile.reports.length = 0;
    await page.goto(`${hostile.origin}/elasticmq`);
    await expect.poll(() => hostile.reports.includes('done'), { timeout: 20_000 }).toBe(true);

    // The attack works where nothing stops it: a queue planted, the dead letters moved, messages sent.
    await expect.poll(() => planted(control), { timeout: 5_000 }).toBe(true);
    await expect.poll(async () => (await counts(control, [dlq.QueueUrl ?? '']))[0], { timeout: 5_000 }).toBe('0+0');
    expect(Number((await counts(control, [victim.QueueUrl ?? '']))[0]?.split('+')[0])).toBeGreaterThan(1);
    // And changes nothing in the demo's.
    expect(await counts(demo, demoUrls)).toEqual(before);
    expect(await planted(demo)).toBe(false);
  } finally {
    demo.destroy();
    control.destroy();
    await stock.stop();
  }
});

test('cannot write through the bridge either: forms, no-cors fetches and beacons are refused', async ({ page }) => {
  const { origin, sessionKey } = e2eState().writable;
  const count = async (name: string): Promise<number> => {
    const response = await fetch(`${origin}/api/queues/${name}`, { headers: { authorization: `Bearer ${sessionKey}` } });
    const queue = (await response.json()) as { counts: { visible: number; inFlight: number } };
    return queue.counts.visible + queue.counts.inFlight;
  };
  const before = await count('demo-sns-notifications');
  hostile.serve(
    '/bridge',
    blindRequestsScript([
      [`${origin}/api/queues/demo-sns-notifications/purge`, { confirm: 'demo-sns-notifications' }],
      [`${origin}/api/queues/demo-sns-notifications/messages`, { body: 'planted' }],
      [`${origin}/api/sign-in-links`, {}],
    ]),
  );
  hostile.reports.length = 0;
  await page.goto(`${hostile.origin}/bridge`);
  await expect.poll(() => hostile.reports.includes('done'), { timeout: 20_000 }).toBe(true);
  expect(await count('demo-sns-notifications')).toBe(before);
});

test('cookies planted for 127.0.0.1 by another port, before and after sign-in, do not sign the user out', async ({ page }) => {
  const { port } = e2eState().writable;
  // Shadowing cookies on every path the bridge uses, and as many 4 KB cookies as the jar holds:
  // every request to 127.0.0.1, on any port, then carries some 700 KB of them.
  hostile.serve(
    '/cookies',
    `<!doctype html><script>
for (const path of ['/', '/api', '/api/queues', '/api/session']) document.cookie = 'sqs_mega_inspector_${port}=planted; Path=' + path;
for (let i = 0; i < 200; i++) document.cookie = 'filler' + i + '=' + 'x'.repeat(4000) + '; Path=/';
fetch('/report', { method: 'POST', body: document.cookie.length > 0 ? 'planted' : 'none' });
</script>`,
  );
  hostile.reports.length = 0;
  await page.goto(`${hostile.origin}/cookies`);
  await expect.poll(() => hostile.reports.includes('planted')).toBe(true);

  await openInspector(page);
  await expect(page.getByRole('button', { name: 'Queue demo-orders', exact: true })).toBeVisible();

  hostile.reports.length = 0;
  await page.goto(`${hostile.origin}/cookies`);
  await expect.poll(() => hostile.reports.includes('planted')).toBe(true);
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByRole('table', { name: 'Queues' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Queue demo-orders', exact: true })).toBeVisible();
  await expect(page.getByText(/not signed in/)).toHaveCount(0);
});
