/**
 * Restart delay: a listener is stopped at a random moment of its idle 20 s long poll and another
 * starts at once (a watch-mode dev loop, a deploy); 3 messages are sent; how long until the new
 * listener has them all, and how long the stop took. SQS (and ElasticMQ) keep an aborted long poll
 * open until its wait time ends, so what arrives meanwhile goes to the poll nobody reads.
 * Configurations, side by side: a 30 s visibility on every receive (the listener before the short
 * initial visibility), the defaults (5 s initial visibility), and letting polls run out on stop.
 * Not part of `npm run bench`'s default list (about 4 minutes): `npm run bench:restart`.
 */
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { dataSubscriber } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { SqsListener, type SqsListenerOptions, type StopOptions } from '@sqs-mega/node';
import { median, printTable, writeResults } from './harness.js';

const ROUNDS = Number(process.env['RESTART_ROUNDS'] ?? 5);

interface Configuration {
  readonly name: string;
  readonly listener: Partial<SqsListenerOptions>;
  readonly stop: StopOptions;
}

const CONFIGURATIONS: readonly Configuration[] = [
  { name: 'visibility 30 s on receive (before)', listener: { initialVisibilityTimeout: 30 }, stop: {} },
  { name: 'defaults: initial visibility 5 s', listener: {}, stop: {} },
  { name: 'initial 30 s + receiveGraceMs 2000', listener: { initialVisibilityTimeout: 30 }, stop: { receiveGraceMs: 2_000 } },
  { name: 'receiveGraceMs 21000 (polls run out)', listener: {}, stop: { receiveGraceMs: 21_000 } },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const server = await startElasticMQ();
const sqs = new SQSClient(localClientConfig(server));
const rows: (string | number)[][] = [];
const results: Record<string, { stopMs: number[]; arrivedMs: number[] }> = {};
try {
  for (const configuration of CONFIGURATIONS) {
    const stopMs: number[] = [];
    const arrivedMs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `restart-${Date.now()}-${round}` }));
      const listen = (seen: unknown[]) => {
        const listener = new SqsListener({
          queueUrl: QueueUrl!,
          client: sqs,
          logger: false,
          waitTimeSeconds: 20,
          visibilityTimeout: 30,
          concurrency: 1,
          prefetch: 0,
          ...configuration.listener,
        });
        listener.register(dataSubscriber(undefined, (data) => void seen.push(data)));
        return listener;
      };
      const first = listen([]);
      first.start();
      await sleep(1_000 + Math.random() * 15_000);
      const stoppingAt = performance.now();
      await first.stop(configuration.stop);
      stopMs.push(performance.now() - stoppingAt);
      const seen: unknown[] = [];
      const second = listen(seen);
      second.start();
      const sentAt = performance.now();
      for (let i = 0; i < 3; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify({ i }) }));
      while (seen.length < 3 && performance.now() - sentAt < 45_000) await sleep(20);
      arrivedMs.push(seen.length < 3 ? Number.POSITIVE_INFINITY : performance.now() - sentAt);
      await second.stop({ timeoutMs: 1_000 });
    }
    results[configuration.name] = { stopMs, arrivedMs };
    const range = (values: number[]) => `${Math.round(Math.min(...values))} / ${Math.round(median(values))} / ${Math.round(Math.max(...values))}`;
    rows.push([configuration.name, range(stopMs), range(arrivedMs)]);
  }
} finally {
  sqs.destroy();
  await server.stop();
}
console.log(`${ROUNDS} rounds each, one listener with one long poll in flight; ms min / median / max\n`);
printTable(['configuration', 'stop took', 'all 3 new messages arrived after'], rows);
writeResults('restart', { rounds: ROUNDS, results });
