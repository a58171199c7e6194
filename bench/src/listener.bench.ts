/**
 * Listener benchmark: time until every one of N pre-filled messages is handled and
 * deleted, on one warmed ElasticMQ, for handlers of 0 ms and 10 ms (async sleep) at concurrency 10
 * and 50 ("concurrency" = messages being handled at once). Peers, each on its own pre-filled queue,
 * measured interleaved in the same run:
 *
 * - `sqs-mega`: SqsListener with an event subscriber (decodes and routes every body);
 * - `sqs-consumer`: sqs-consumer 14 with `handleMessage` (batchSize 10, ceil(N/10) consumers);
 * - `sqs-consumer batch`: the same with `handleMessageBatch`;
 * - `raw loop`: ceil(N/10) loops of ReceiveMessage(10) → handle all → DeleteMessageBatch;
 * - `server max`: the raw loop with 0 ms handlers and 160 or 320 messages in flight (best run),
 *   measured before and after each round.
 *
 * Peers other than sqs-mega JSON.parse each body, as an application would. Every peer gets a fresh
 * client with the same settings. The load average and event-loop delay of each run are recorded:
 * on a shared machine they say how far to trust the figures. Run: `npm run bench:listener -w bench`
 * (`BENCH_MESSAGES=2000` for a quick run, `BENCH_ROUNDS=3` for medians over interleaved rounds).
 */
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { encodeBody, eventSubscriber } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ, type ElasticMQServer } from '@sqs-mega/local';
import { SqsListener } from '@sqs-mega/node';
import { Consumer } from 'sqs-consumer';
import { fixed, median, printTable, writeResults } from './harness.js';
import { smallEvent } from './payloads.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

const MESSAGES = Number(process.env['BENCH_MESSAGES'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 1);
/** Loop counts tried for the server's maximum; the best run counts. */
const SERVER_MAX_LOOPS = [16, 32];
const BODY = encodeBody(smallEvent());
const TIMEOUT_MS = 600_000;

type Peer = 'sqs-mega' | 'sqs-consumer' | 'sqs-consumer batch' | 'raw loop';
type Runner = Peer | `server max ${number}`;
const PEERS: readonly Peer[] = ['sqs-mega', 'sqs-consumer', 'sqs-consumer batch', 'raw loop'];
const SCENARIOS = [
  { handlerMs: 0, concurrency: 10 },
  { handlerMs: 0, concurrency: 50 },
  { handlerMs: 10, concurrency: 10 },
  { handlerMs: 10, concurrency: 50 },
] as const;
type Scenario = (typeof SCENARIOS)[number];

let server: ElasticMQServer;
let queueSeq = 0;

/** The same client settings for every peer: keep-alive, enough sockets for the widest peer. */
/** SDK calls of the current run, by command: each call costs client CPU (signing, HTTP, parsing). */
const calls = new Map<string, number>();

function newClient(): SQSClient {
  const client = new SQSClient({
    ...localClientConfig(server),
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
  });
  client.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? 'unknown';
      calls.set(command, (calls.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return client;
}

async function createFilledQueue(admin: SQSClient, count: number): Promise<string> {
  const { QueueUrl } = await admin.send(
    new CreateQueueCommand({ QueueName: `bench-${process.pid}-${queueSeq++}`, Attributes: { VisibilityTimeout: '30' } }),
  );
  const queueUrl = QueueUrl!;
  const batches = Math.ceil(count / 10);
  let next = 0;
  const sender = async () => {
    for (let b = next++; b < batches; b = next++) {
      const size = Math.min(10, count - b * 10);
      const Entries = Array.from({ length: size }, (_, i) => ({ Id: `e${i}`, MessageBody: BODY }));
      const { Failed } = await admin.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
      if (Failed?.length) throw new Error(`fill failed: ${JSON.stringify(Failed[0])}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
  return queueUrl;
}

async function queueIsEmpty(admin: SQSClient, queueUrl: string): Promise<boolean> {
  const { Attributes } = await admin.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Attributes?.['ApproximateNumberOfMessages'] === '0' && Attributes['ApproximateNumberOfMessagesNotVisible'] === '0';
}

function handle(handlerMs: number): Promise<void> | undefined {
  return handlerMs > 0 ? sleep(handlerMs) : undefined;
}

/** Resolves once `done()` reaches `count`; rejects after the timeout. */
function counter(count: number): { tick: (n?: number) => void; done: Promise<void> } {
  let seen = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r, reject) => {
    resolve = r;
    setTimeout(() => reject(new Error(`only ${seen} of ${count} messages in ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref();
  });
  return {
    tick: (n = 1) => {
      seen += n;
      if (seen >= count) resolve();
    },
    done,
  };
}

/** Runs a peer on a filled queue; returns seconds until all `count` messages were handled and deleted. */
async function runPeer(peer: Runner, scenario: Scenario, queueUrl: string, count: number): Promise<number> {
  const client = newClient();
  const { tick, done } = counter(count);
  const { handlerMs, concurrency } = scenario;
  const consumers = Math.ceil(concurrency / 10);
  let stop: () => Promise<unknown>;
  let stopped = false;
  const started = performance.now();
  switch (peer) {
    case 'sqs-mega': {
      const listener = new SqsListener({ queueUrl, client, concurrency, logger: false });
      listener.register(eventSubscriber({ name: 'user.updated' }, () => handle(handlerMs)));
      listener.on('deleted', () => tick());
      listener.on('error', (e) => console.error(e.message));
      listener.start();
      stop = () => listener.stop();
      break;
    }
    case 'sqs-consumer':
    case 'sqs-consumer batch': {
      const batch = peer === 'sqs-consumer batch';
      const list = Array.from({ length: consumers }, () => {
        const consumer = batch
          ? Consumer.create({
              queueUrl,
              sqs: client,
              batchSize: Math.min(10, concurrency),
              handleMessageBatch: async (messages: Message[]) => {
                await Promise.all(messages.map((m) => (JSON.parse(m.Body ?? '{}'), handle(handlerMs))));
                return messages;
              },
            })
          : Consumer.create({
              queueUrl,
              sqs: client,
              batchSize: Math.min(10, concurrency),
              handleMessage: async (message: Message) => {
                JSON.parse(message.Body ?? '{}');
                await handle(handlerMs);
                return message;
              },
            });
        consumer.on('message_processed', () => tick());
        consumer.on('error', (e) => {
          if (!stopped) console.error(e.message);
        });
        consumer.start();
        return consumer;
      });
      stop = async () => {
        for (const consumer of list) consumer.stop({ abort: true });
      };
      break;
    }
    default: {
      const serverMax = peer !== 'raw loop';
      const loops = serverMax ? Number(peer.slice('server max '.length)) : consumers;
      let running = true;
      const loop = async () => {
        while (running) {
          const { Messages = [] } = await client.send(
            new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          if (Messages.length === 0) continue;
          await Promise.all(Messages.map((m) => (JSON.parse(m.Body ?? '{}'), handle(serverMax ? 0 : handlerMs))));
          const { Failed } = await client.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
          tick(Messages.length - (Failed?.length ?? 0));
        }
      };
      const loopsDone = Promise.all(Array.from({ length: loops }, loop));
      stop = async () => {
        running = false;
        await loopsDone;
      };
      break;
    }
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  stopped = true;
  await stop();
  client.destroy();
  return seconds;
}

/** Mean event-loop delay of the last run, and the load average after it: how busy the machine was. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const noise: { run: string; loopDelayMs: number; load1: number }[] = [];
/** SDK calls per message of each run, by `handlerMs/concurrency/peer`. */
const callLog = new Map<string, number[]>();

async function measure(admin: SQSClient, peer: Runner, scenario: Scenario, count: number): Promise<number> {
  const queueUrl = await createFilledQueue(admin, count);
  await sleep(200); // let the fill's garbage settle before timing
  loopDelay.reset();
  calls.clear();
  const seconds = await runPeer(peer, scenario, queueUrl, count);
  const callsPerMessage = [...calls.values()].reduce((a, b) => a + b, 0) / count;
  callLog.set(`${scenario.handlerMs}/${scenario.concurrency}/${peer}`, [...(callLog.get(`${scenario.handlerMs}/${scenario.concurrency}/${peer}`) ?? []), callsPerMessage]);
  noise.push({ run: `${peer} @ ${scenario.handlerMs} ms × ${scenario.concurrency}`, loopDelayMs: loopDelay.mean / 1e6, load1: loadavg()[0]! });
  if (!(await queueIsEmpty(admin, queueUrl))) throw new Error(`${peer} left messages in the queue`);
  await admin.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
  return seconds;
}

interface Row {
  handlerMs: number;
  concurrency: number;
  peer: Peer;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** msg/s ÷ (concurrency ÷ handler time); absent for 0 ms handlers. */
  ofCeiling?: number;
  ofServerMax: number;
  /** msg/s ÷ the median server-max run (the same statistic as the peer's own figure). */
  ofServerMaxMedian: number;
  vsSqsConsumer: number;
  /** SDK calls (receive, delete, visibility…) per message, median over the rounds. */
  callsPerMessage: number;
}

async function main(): Promise<void> {
  console.log(`Starting ElasticMQ (full JIT) for ${MESSAGES} messages per run, ${ROUNDS} round(s)…`);
  server = await startElasticMQ({ jvmArgs: [], startTimeoutMs: 120_000 });
  const admin = newClient();
  try {
    // Warm the JVM (its full JIT keeps getting faster for tens of thousands of messages) and this
    // process's JIT with every kind of peer before measuring.
    const warm = Math.min(MESSAGES, 3_000);
    loopDelay.enable();
    // Until the server's rate stops rising by more than 5 % from one run to the next (at most 6 runs).
    let previous = 0;
    for (let i = 0; i < 6; i++) {
      const rate = MESSAGES / (await measure(admin, 'server max 32', SCENARIOS[1], MESSAGES));
      console.log(`  warming: ${fixed(rate, 0)} msg/s`);
      if (rate < previous * 1.05) break;
      previous = rate;
    }
    for (const peer of PEERS) await measure(admin, peer, SCENARIOS[1], warm);
    noise.length = 0;
    console.log('Warmed up.');

    const times = new Map<string, number[]>();
    const serverMax: number[] = [];
    const record = (key: string, seconds: number) => times.set(key, [...(times.get(key) ?? []), seconds]);
    const measureServerMax = async () => {
      for (const loops of SERVER_MAX_LOOPS) {
        const rate = MESSAGES / (await measure(admin, `server max ${loops}`, SCENARIOS[1], MESSAGES));
        serverMax.push(rate);
        console.log(`  server max, ${loops * 10} messages in flight: ${fixed(rate, 0)} msg/s`);
      }
    };
    for (let round = 0; round < ROUNDS; round++) {
      await measureServerMax();
      for (const scenario of SCENARIOS) {
        // Rotate the order of peers from scenario to scenario and round to round.
        const shift = (round + SCENARIOS.indexOf(scenario)) % PEERS.length;
        const order = [...PEERS.slice(shift), ...PEERS.slice(0, shift)];
        for (const peer of order) {
          const seconds = await measure(admin, peer, scenario, MESSAGES);
          record(`${scenario.handlerMs}/${scenario.concurrency}/${peer}`, seconds);
          console.log(`  round ${round + 1}: ${peer} @ ${scenario.handlerMs} ms × ${scenario.concurrency}: ${fixed(MESSAGES / seconds, 0)} msg/s`);
        }
      }
      await measureServerMax();
    }
    const max = Math.max(...serverMax);
    // Every peer's figure is the median of its runs; the server max is shown both ways: its best
    // run (the harsher yardstick, an extreme of noisy samples) and its median run (like for like).
    const maxMedian = median(serverMax);

    const rows: Row[] = [];
    for (const scenario of SCENARIOS) {
      const rateOf = (peer: Peer) => MESSAGES / median(times.get(`${scenario.handlerMs}/${scenario.concurrency}/${peer}`)!);
      for (const peer of PEERS) {
        const rate = rateOf(peer);
        const row: Row = {
          handlerMs: scenario.handlerMs,
          concurrency: scenario.concurrency,
          peer,
          messages: MESSAGES,
          seconds: MESSAGES / rate,
          messagesPerSecond: rate,
          ofServerMax: rate / max,
          ofServerMaxMedian: rate / maxMedian,
          vsSqsConsumer: rate / rateOf('sqs-consumer'),
          callsPerMessage: median(callLog.get(`${scenario.handlerMs}/${scenario.concurrency}/${peer}`) ?? [NaN]),
        };
        if (scenario.handlerMs > 0) row.ofCeiling = rate / ((scenario.concurrency * 1000) / scenario.handlerMs);
        rows.push(row);
      }
    }

    const cores = availableParallelism();
    const busiest = Math.max(...noise.map((n) => n.load1));
    console.log(`\nServer max (raw loops of 0 ms, ${SERVER_MAX_LOOPS.map((l) => l * 10).join(' or ')} messages in flight): best run ${fixed(max, 0)} msg/s, median run ${fixed(maxMedian, 0)} msg/s (${serverMax.length} runs)`);
    console.log(`Machine: ${cores} cores, load average up to ${fixed(busiest, 1)}, mean event-loop delay ${fixed(Math.min(...noise.map((n) => n.loopDelayMs)), 1)}–${fixed(Math.max(...noise.map((n) => n.loopDelayMs)), 1)} ms per run`);
    if (busiest > cores) console.log(`WARNING: the machine was busy (load ${fixed(busiest, 1)} on ${cores} cores): figures are noisy.`);
    console.log('');
    printTable(
      ['handler', 'concurrency', 'peer', 'msg/s', '% of c/h ceiling', '% of server max (best)', '% of server max (median)', '× sqs-consumer', 'SDK calls/msg'],
      rows.map((r) => [
        `${r.handlerMs} ms`,
        r.concurrency,
        r.peer,
        fixed(r.messagesPerSecond, 0),
        r.ofCeiling === undefined ? '—' : `${fixed(r.ofCeiling * 100, 1)} %`,
        `${fixed(r.ofServerMax * 100, 1)} %`,
        `${fixed(r.ofServerMaxMedian * 100, 1)} %`,
        fixed(r.vsSqsConsumer, 2),
        fixed(r.callsPerMessage, 3),
      ]),
    );
    const ours = (h: number, c: number) => rows.find((r) => r.peer === 'sqs-mega' && r.handlerMs === h && r.concurrency === c)!;
    const targets = [
      { target: '10 ms × 10 ≥ 90 % of the c/h ceiling', value: ours(10, 10).ofCeiling!, goal: 0.9 },
      { target: '10 ms × 50 ≥ 85 % of server max (best run)', value: ours(10, 50).ofServerMax, goal: 0.85 },
      // When the server outruns 50 handlers of 10 ms, the handlers are the limit: 85 % of the server
      // maximum may then exceed what any consumer can do (5,000 msg/s).
      {
        target: '10 ms × 50 ≥ 85 % of min(server max, c/h ceiling)',
        value: ours(10, 50).messagesPerSecond / Math.min(max, 5_000),
        goal: 0.85,
      },
      { target: '0 ms × 50 ≥ 95 % of server max (best run)', value: ours(0, 50).ofServerMax, goal: 0.95 },
      { target: '0 ms × 50 ≥ 95 % of server max (median run)', value: ours(0, 50).ofServerMaxMedian, goal: 0.95 },
    ].map((t) => ({ ...t, met: t.value >= t.goal }));
    console.log('');
    printTable(['target', 'measured', 'met'], targets.map((t) => [t.target, `${fixed(t.value * 100, 1)} %`, t.met ? 'yes' : 'NO']));
    const file = writeResults('listener', {
      messages: MESSAGES,
      rounds: ROUNDS,
      serverMaxLoops: SERVER_MAX_LOOPS,
      machine: { cores: availableParallelism(), noise },
      serverMaxMessagesPerSecond: max,
      serverMaxMedianMessagesPerSecond: maxMedian,
      serverMaxRuns: serverMax,
      rows,
      targets,
    });
    console.log(`\nResults written to ${file}`);
  } finally {
    admin.destroy();
    await server.stop();
  }
}

await main();
