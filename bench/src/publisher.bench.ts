/**
 * Publisher benchmark: throughput of sending N small MEGA events (~300 B of JSON) to
 * one warmed ElasticMQ, peers measured interleaved in one run, each run on its own fresh queue:
 *
 * - raw loop: SendMessageBatch of 10 ready bodies, 16 calls in flight (the floor);
 * - ours: `SqsPublisher.publishBatch(bodies)` with the same body strings the others send — every
 *   check, batching, retries and per-entry results included;
 * - ours + encodeBody: `publishBatch(payloads)`, core's encoding of each MEGA payload included
 *   (work the other peers are spared: they are handed finished strings);
 * - sqs-producer: one `send` of the whole array, as its users call it.
 *
 * Every run is checked: the queue holds exactly N messages afterwards. Figures: median over
 * `BENCH_ROUNDS` rounds of messages per second; ratios against the raw loop; the client's CPU
 * time per message (this process: SDK plus our code), steadier than wall time on a shared
 * machine. Target: ours ≥ 95 % of the raw loop (both rows are printed against it).
 * Run: `npm run build` at the root, then `npm run bench:publisher -w bench`
 * (`BENCH_MESSAGES=2000` for a short run). Results: results/publisher.json.
 */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { encodeBody, type MegaPayload } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ } from '@sqs-mega/local';
import { SqsPublisher } from '@sqs-mega/node';
import { cpus, loadavg } from 'node:os';
import { Producer } from 'sqs-producer';
import { fixed, median, printTable, writeResults } from './harness.js';
import { smallEvent } from './payloads.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_MESSAGES = Number(process.env.BENCH_WARM_MESSAGES ?? 4_000);
const IN_FLIGHT = 16;

type Peer = 'raw loop' | 'ours' | 'ours + encodeBody' | 'sqs-producer';

const base = smallEvent();
const payloads: MegaPayload[] = Array.from({ length: MESSAGES }, (_, i) => ({ ...base, object: { ...base.object!, id: String(100_000 + i) } }));
const bodies = payloads.map((p) => encodeBody(p));

const server = await startElasticMQ();
const client = new SQSClient({ ...localClientConfig(server), maxAttempts: 1 });
let queues = 0;

async function freshQueue(): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: `bench-${++queues}` }));
  return QueueUrl!;
}

async function countMessages(queueUrl: string): Promise<number> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages);
}

/** The floor: SendMessageBatch of ready bodies, `IN_FLIGHT` calls at once, no checks, no retries. */
async function rawLoop(queueUrl: string, items: readonly string[]): Promise<void> {
  let next = 0;
  const batches = Math.ceil(items.length / 10);
  const worker = async () => {
    for (let b = next++; b < batches; b = next++) {
      const out = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: items.slice(b * 10, b * 10 + 10).map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
      if (out.Failed?.length) throw new Error(`raw loop: ${out.Failed.length} entries failed`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

const runs: Record<Peer, (queueUrl: string, n: number) => Promise<void>> = {
  'raw loop': (queueUrl, n) => rawLoop(queueUrl, bodies.slice(0, n)),
  ours: async (queueUrl, n) => {
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(bodies.slice(0, n));
    if (result.failed > 0) throw new Error(`ours: ${result.failed} entries failed`);
  },
  'ours + encodeBody': async (queueUrl, n) => {
    const result = await new SqsPublisher({ queueUrl, client }).publishBatch(payloads.slice(0, n));
    if (result.failed > 0) throw new Error(`ours + encodeBody: ${result.failed} entries failed`);
  },
  'sqs-producer': async (queueUrl, n) => {
    const producer = Producer.create({ queueUrl, sqs: client });
    await producer.send(bodies.slice(0, n).map((body, i) => ({ id: String(i), body })));
  },
};
const peers = Object.keys(runs) as Peer[];

/** One measured run: messages per second, and this process's CPU time per message (µs). */
interface Sample {
  readonly rate: number;
  readonly cpuMicrosPerMessage: number;
}

/** Sends `n` messages with `peer` to a fresh queue, checked; returns the wall-clock rate and CPU cost. */
async function measure(peer: Peer, n: number): Promise<Sample> {
  const queueUrl = await freshQueue();
  const cpu = process.cpuUsage();
  const start = performance.now();
  await runs[peer](queueUrl, n);
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const held = await countMessages(queueUrl);
  if (held !== n) throw new Error(`${peer}: the queue holds ${held} messages, expected ${n}`);
  await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  return { rate: n / seconds, cpuMicrosPerMessage: (used.user + used.system) / n };
}

/** Warms ElasticMQ's JVM the way the load runs: sends, then receives and deletes, a few thousand. */
async function warmUp(): Promise<void> {
  const queueUrl = await freshQueue();
  await rawLoop(queueUrl, bodies.slice(0, Math.min(WARM_MESSAGES, bodies.length)));
  let left = Math.min(WARM_MESSAGES, bodies.length);
  const receiver = async () => {
    while (left > 0) {
      const { Messages = [] } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (Messages.length === 0) continue;
      left -= Messages.length;
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
  };
  await Promise.all(Array.from({ length: 8 }, receiver));
  await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  for (const peer of peers) await measure(peer, Math.min(2_000, MESSAGES)); // each peer's own code warm too
}

const loadAtStart = loadavg();
try {
  console.log(`Publishing ${MESSAGES.toLocaleString('en-US')} messages (~${bodies[0]!.length} B each), ${ROUNDS} interleaved rounds, ElasticMQ ${server.endpoint}`);
  await warmUp();
  const samples = new Map<Peer, Sample[]>(peers.map((p) => [p, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no peer always runs first (or right after another).
    const order = peers.map((_, i) => peers[(i + round) % peers.length]!);
    for (const peer of order) samples.get(peer)!.push(await measure(peer, MESSAGES));
  }
  const floor = median(samples.get('raw loop')!.map((s) => s.rate));
  const rows = peers.map((peer) => {
    const rates = samples.get(peer)!.map((s) => s.rate);
    const cpu = median(samples.get(peer)!.map((s) => s.cpuMicrosPerMessage));
    return { peer, messagesPerSecond: median(rates), ratioToRawLoop: median(rates) / floor, clientCpuMicrosPerMessage: cpu, rounds: rates };
  });
  printTable(
    ['peer', 'msg/s (median)', 'vs raw loop', 'client CPU µs/msg', 'rounds (msg/s)'],
    rows.map((r) => [
      r.peer,
      Math.round(r.messagesPerSecond).toLocaleString('en-US'),
      `${fixed(r.ratioToRawLoop * 100, 1)} %`,
      fixed(r.clientCpuMicrosPerMessage, 0),
      r.rounds.map((v) => Math.round(v)).join(', '),
    ]),
  );
  const verdict = (peer: Peer) => {
    const ratio = rows.find((r) => r.peer === peer)!.ratioToRawLoop;
    return `${peer} ${fixed(ratio * 100, 1)} % (${ratio >= 0.95 ? 'met' : 'NOT met'})`;
  };
  console.log(`\nTarget: ours ≥ 95 % of the raw loop — ${verdict('ours')}; ${verdict('ours + encodeBody')}.`);
  console.log(`Load average ${loadAtStart.map((l) => fixed(l, 1)).join(' ')} → ${loadavg().map((l) => fixed(l, 1)).join(' ')} on ${cpus().length} CPUs.`);
  console.log(
    `Results written to ${writeResults('publisher', {
      messages: MESSAGES,
      bodyBytes: bodies[0]!.length,
      rounds: ROUNDS,
      inFlight: IN_FLIGHT,
      // A shared machine's load moves wall-clock figures: judge the ratios with it.
      machine: { cpus: cpus().length, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
      target: { oursVsRawLoopAtLeast: 0.95 },
      rows,
    })}`,
  );
} finally {
  client.destroy();
  await server.stop();
}
