/**
 * One trace per message, with the real OpenTelemetry SDK (in-memory exporter, AsyncLocalStorage
 * context, W3C propagator) against a real ElasticMQ and moto SNS: publish → (SNS →) SQS →
 * listener, and the Lambda handler.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { eventSubscriber, PayloadBuilder, ProcessStatus, RetriableError } from '@sqs-mega/core';
import { localClientConfig, startElasticMQ, startMoto, type ElasticMQServer, type MotoServer } from '@sqs-mega/local';
import { SnsPublisher, SqsListener, SqsPublisher, type SqsListenerOptions } from '@sqs-mega/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ATTR_OUTCOMES, ATTR_RECEIVE_COUNT, instrumentPublisher, tracingMiddleware } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let elasticmq: ElasticMQServer;
let sqs: SQSClient;
const listeners: SqsListener[] = [];

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  elasticmq = await startElasticMQ();
  sqs = new SQSClient(localClientConfig(elasticmq));
});
afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop({ timeoutMs: 1_000, abortGraceMs: 200 })));
  exporter.reset();
});
afterAll(async () => {
  await elasticmq?.stop();
  trace.disable();
  propagation.disable();
  context.disable();
});

let queues = 0;
async function createQueue(): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `traced-${++queues}` }));
  return QueueUrl!;
}

function listen(queueUrl: string, options: Partial<SqsListenerOptions> = {}): SqsListener {
  const listener = new SqsListener({ queueUrl, client: sqs, waitTimeSeconds: 1, visibilityTimeout: 5, logger: false, ...tracingMiddleware(), ...options });
  listeners.push(listener);
  return listener;
}

const event = (id: string) => new PayloadBuilder().withEvent({ name: 'order.placed', domain: 'shop' }).withObject({ type: 'order', id, current: { id } }).build();

async function spansUntil(predicate: (spans: ReadableSpan[]) => boolean, timeoutMs = 15_000): Promise<ReadableSpan[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spans = exporter.getFinishedSpans();
    if (predicate(spans)) return spans;
    if (Date.now() > deadline) throw new Error(`spans so far: ${spans.map((s) => s.name).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('publish → SQS → listener', () => {
  it('is one trace: the caller, the send span (PRODUCER), the process span (CONSUMER) and a span per subscriber', async () => {
    const queueUrl = await createQueue();
    const publisher = instrumentPublisher(new SqsPublisher({ queueUrl, client: sqs }));
    const listener = listen(queueUrl);
    listener.register(eventSubscriber({ name: 'order.placed' }, () => undefined, { name: 'bill' }));
    listener.register(eventSubscriber({ domain: 'shop' }, () => ProcessStatus.DONE, { name: 'ship' }));
    listener.start();
    const request = trace.getTracer('test').startSpan('POST /orders');
    await context.with(trace.setSpan(context.active(), request), () => publisher.publish(event('o-1')));
    request.end();

    const spans = await spansUntil((all) => all.filter((s) => s.name.startsWith('subscriber ')).length === 2 && all.some((s) => s.name === 'process traced-1'));
    const byName = new Map(spans.map((s) => [s.name, s]));
    const send = byName.get('send traced-1')!;
    const process = byName.get('process traced-1')!;
    expect(new Set(spans.map((s) => s.spanContext().traceId))).toEqual(new Set([request.spanContext().traceId]));
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(parentOf(send)).toBe(request.spanContext().spanId);
    expect(send.attributes).toMatchObject({ 'messaging.system': 'aws_sqs', 'messaging.operation.type': 'send', 'messaging.destination.name': 'traced-1' });
    expect(send.attributes['messaging.message.id']).toEqual(expect.any(String));
    expect(process.kind).toBe(SpanKind.CONSUMER);
    expect(parentOf(process)).toBe(send.spanContext().spanId);
    expect(process.attributes).toMatchObject({
      'messaging.operation.type': 'process',
      'messaging.message.id': send.attributes['messaging.message.id'],
      [ATTR_RECEIVE_COUNT]: 1,
      'sqs_mega.event.name': 'order.placed',
      'sqs_mega.message.action': 'delete',
    });
    expect(process.attributes['sqs_mega.message.age_ms']).toEqual(expect.any(Number));
    for (const name of ['subscriber bill', 'subscriber ship']) {
      expect(parentOf(byName.get(name)!)).toBe(process.spanContext().spanId);
      expect(byName.get(name)!.attributes['sqs_mega.subscriber.status']).toBe('DONE');
    }
  });

  it('shows each delivery of a retried message as a process span of the same trace, the failures recorded', async () => {
    const queueUrl = await createQueue();
    const publisher = instrumentPublisher(new SqsPublisher({ queueUrl, client: sqs }));
    let calls = 0;
    const listener = listen(queueUrl, { retryBackoff: { baseSeconds: 0, maxSeconds: 0 } });
    listener.register(
      eventSubscriber({ name: 'order.placed' }, () => {
        calls++;
        if (calls < 3) throw new RetriableError('payment service down');
      }, { name: 'charge' }),
    );
    listener.start();
    await publisher.publish(event('o-2'));
    const spans = await spansUntil((all) => all.filter((s) => s.name === 'process traced-2').length === 3, 30_000);
    const processes = spans.filter((s) => s.name === 'process traced-2').sort((a, b) => Number(a.attributes[ATTR_RECEIVE_COUNT]) - Number(b.attributes[ATTR_RECEIVE_COUNT]));
    const send = spans.find((s) => s.name === 'send traced-2')!;
    expect(processes.map((s) => s.attributes[ATTR_RECEIVE_COUNT])).toEqual([1, 2, 3]);
    expect(processes.every((s) => s.spanContext().traceId === send.spanContext().traceId && parentOf(s) === send.spanContext().spanId)).toBe(true);
    expect(processes.map((s) => s.attributes[ATTR_OUTCOMES])).toEqual([['charge=RETRIABLE_ERROR'], ['charge=RETRIABLE_ERROR'], ['charge=DONE']]);
    expect(processes.map((s) => s.attributes['sqs_mega.message.action'])).toEqual(['keep', 'keep', 'delete']);
    const failed = spans.filter((s) => s.name === 'subscriber charge' && s.events.some((e) => e.name === 'exception'));
    expect(failed).toHaveLength(2);
  });

  it("links instead of parenting with producerContext: 'link', and starts a trace of its own for a message without context", async () => {
    const queueUrl = await createQueue();
    const publisher = instrumentPublisher(new SqsPublisher({ queueUrl, client: sqs }));
    const listener = listen(queueUrl, tracingMiddleware({ producerContext: 'link' }));
    listener.register(eventSubscriber({ name: 'order.placed' }, () => undefined));
    listener.start();
    await publisher.publish(event('o-3'));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event('o-4')) }));
    const spans = await spansUntil((all) => all.filter((s) => s.name === 'process traced-3').length === 2);
    const send = spans.find((s) => s.name === 'send traced-3')!;
    const [linked, bare] = spans.filter((s) => s.name === 'process traced-3').sort((a, b) => a.links.length - b.links.length).reverse();
    expect(linked!.links.map((l) => l.context.spanId)).toEqual([send.spanContext().spanId]);
    expect(linked!.spanContext().traceId).not.toBe(send.spanContext().traceId);
    expect(parentOf(linked!)).toBeUndefined();
    expect(bare!.links).toEqual([]);
    expect(parentOf(bare!)).toBeUndefined();
  });

  it('sends a message with no room left for the context as it was, and says so on the send span', async () => {
    const queueUrl = await createQueue();
    const notInjected: string[] = [];
    const publisher = instrumentPublisher(new SqsPublisher({ queueUrl, client: sqs }), { onNoRoom: (info) => notInjected.push(info.attributes.join(',')) });
    const ten = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, 'v']));
    await publisher.publish(event('o-5'), { attributes: ten });
    const [send] = await spansUntil((all) => all.some((s) => s.name === 'send traced-4'));
    expect(send!.events.map((e) => [e.name, e.attributes?.['sqs_mega.room.attributes']])).toEqual([['sqs_mega.context_not_injected', 0]]);
    expect(notInjected).toEqual(['traceparent']);
  });
});

describe('publish → SNS → SQS (moto) → listener', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  }, 90_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it.each([false, true])('joins the publisher’s trace through SNS (raw delivery: %s)', async (raw) => {
    const sns = new SNSClient(localClientConfig(moto));
    const motoSqs = new SQSClient(localClientConfig(moto));
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: `traced-topic-${String(raw)}` }))).TopicArn!;
    const { QueueUrl } = await motoSqs.send(new CreateQueueCommand({ QueueName: `traced-sns-${String(raw)}` }));
    const { Attributes } = await motoSqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn!, Attributes: { RawMessageDelivery: String(raw) } }));
    const listener = listen(QueueUrl!, { client: motoSqs });
    listener.register(eventSubscriber({ name: 'order.placed' }, () => undefined, { name: 'notify' }));
    listener.start();
    await instrumentPublisher(new SnsPublisher({ topicArn, client: sns })).publish(event('o-6'));
    const spans = await spansUntil((all) => all.some((s) => s.name === `process traced-sns-${String(raw)}`), 30_000);
    const send = spans.find((s) => s.name === `publish traced-topic-${String(raw)}`)!;
    const process = spans.find((s) => s.name === `process traced-sns-${String(raw)}`)!;
    expect(send.attributes['messaging.system']).toBe('aws.sns'); // the conventions' value for SNS (SQS is aws_sqs)
    expect(process.spanContext().traceId).toBe(send.spanContext().traceId);
    expect(parentOf(process)).toBe(send.spanContext().spanId);
  });
});
