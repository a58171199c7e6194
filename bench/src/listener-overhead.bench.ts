/**
 * The listener's own CPU per message, without the network: `SqsListener` (concurrency 50, one event
 * subscriber, 0 ms handler) against a canned SQS client that answers ReceiveMessage with ready-made
 * messages (the small MEGA event of the other benchmarks) and DeleteMessageBatch with success, on
 * the next turn of the event loop. What remains is decode + route + dispatch + the listener's
 * bookkeeping: the part of the per-message cost that is ours rather than the AWS SDK's (the SDK
 * costs about 110 µs of client CPU per message against ElasticMQ; see listener.bench.ts).
 *
 * The canned client is for measuring only; every behaviour is tested against ElasticMQ.
 * Run: `npm run bench:listener-overhead -w bench`.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { encodeBody, eventSubscriber } from '@sqs-mega/core';
import { SqsListener } from '@sqs-mega/node';
import { fixed, median, printTable, writeResults } from './harness.js';
import { smallEvent } from './payloads.js';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 200_000);
const ROUNDS = 7;
const BODY = encodeBody(smallEvent());
const ATTRIBUTES = { SenderId: 'AIDAEXAMPLE', ApproximateFirstReceiveTimestamp: '1700000000000', ApproximateReceiveCount: '1', SentTimestamp: '1700000000000' };

function cannedClient(): SQSClient {
  let sent = 0;
  let id = 0;
  const client = {
    send: async (command: unknown) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (command instanceof ReceiveMessageCommand) {
        const count = Math.min(command.input.MaxNumberOfMessages ?? 1, MESSAGES - sent);
        sent += count;
        const Messages: Message[] = Array.from({ length: count }, () => ({
          MessageId: `m${id}`,
          ReceiptHandle: `r${id++}`,
          Body: BODY,
          Attributes: { ...ATTRIBUTES },
        }));
        return { Messages };
      }
      if (command instanceof DeleteMessageBatchCommand) return { Successful: command.input.Entries!.map((e) => ({ Id: e.Id })), Failed: [] };
      throw new Error(`the canned client does not answer ${String(command)}`);
    },
    destroy: () => undefined,
  } as unknown as SQSClient;
  return client;
}

async function run(): Promise<{ microsPerMessage: number; messagesPerSecond: number }> {
  const client = cannedClient();
  const listener = new SqsListener({ queueUrl: 'http://127.0.0.1:1/000000000000/canned', client, concurrency: 50, logger: false, waitTimeSeconds: 0 });
  listener.register(eventSubscriber({ name: 'user.updated' }, () => undefined));
  let deleted = 0;
  const done = new Promise<void>((resolve) => listener.on('deleted', () => void (++deleted === MESSAGES && resolve())));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  listener.start();
  await done;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  await listener.stop();
  return { microsPerMessage: (cpu.user + cpu.system) / MESSAGES, messagesPerSecond: MESSAGES / seconds };
}

const rounds = [];
for (let round = 0; round < ROUNDS; round++) rounds.push(await run());
const measured = rounds.slice(2); // the first two warm the JIT
const micros = median(measured.map((r) => r.microsPerMessage));
const rate = median(measured.map((r) => r.messagesPerSecond));
printTable(
  ['what', 'median of 5 rounds', 'rounds'],
  [
    ['listener CPU µs/msg', fixed(micros, 2), measured.map((r) => fixed(r.microsPerMessage, 2)).join(', ')],
    ['msg/s (one core, no network)', fixed(rate, 0), measured.map((r) => fixed(r.messagesPerSecond, 0)).join(', ')],
  ],
);
const file = writeResults('listener-overhead', { messages: MESSAGES, concurrency: 50, microsPerMessage: micros, messagesPerSecond: rate, rounds: measured });
console.log(`Results written to ${file}`);
