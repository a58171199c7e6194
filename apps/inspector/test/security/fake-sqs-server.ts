/**
 * A fake SQS endpoint for the hostile-endpoint tests: it speaks the AWS JSON 1.0 protocol the SDK
 * uses (the actions the inspector's bridge calls), holds queues and messages given by the test,
 * counts every call by action, and on demand misbehaves as a broken or hostile endpoint would —
 * hangs, drips its answer a byte at a time, or streams an endless answer. Real servers (ElasticMQ)
 * cannot be made to do any of that, which is why this one exists; everything else is tested
 * against ElasticMQ.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** How an action answers. */
export type FakeBehaviour =
  /** As SQS would. */
  | 'normal'
  /** Reads the request and never answers. */
  | 'hang'
  /** Sends 200 and headers, then one byte of whitespace every `dripIntervalMs`, never finishing. */
  | 'drip'
  /** Streams an endless, valid-looking answer (no Content-Length) as fast as it is read. */
  | 'huge';

/** A message the fake returns from ReceiveMessage, as SQS's JSON has it (MD5OfBody is computed). */
export interface FakeMessage {
  readonly MessageId: string;
  readonly Body: string;
  readonly Attributes?: Readonly<Record<string, string>>;
  readonly MessageAttributes?: Readonly<Record<string, { readonly DataType: string; readonly StringValue?: string }>>;
}

/** A running fake. */
export interface FakeSqs {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Queue names, in the order ListQueues returns them (all at once, ignoring MaxResults, like ElasticMQ). */
  queues: string[];
  /** Where the queue URLs it hands out point. @defaultValue {@link endpoint} */
  urlBase: string | undefined;
  /** Messages by queue name; every ReceiveMessage returns them all (visibility 0). */
  readonly messages: Map<string, FakeMessage[]>;
  /** Behaviour by action name (`ListQueues`, …); actions not listed use `defaultBehaviour`. */
  readonly behaviour: Map<string, FakeBehaviour>;
  defaultBehaviour: FakeBehaviour;
  /** Calls received, by action. */
  calls(action?: string): number;
  resetCalls(): void;
  /** Bytes written in answers so far (misbehaving ones included). */
  bytesSent(): number;
  /** Connections open right now. */
  openConnections(): number;
  close(): Promise<void>;
}

/** Options of {@link startFakeSqs}. */
export interface FakeSqsOptions {
  readonly queues?: readonly string[];
  /** @defaultValue 500 */
  readonly dripIntervalMs?: number;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

function queueNameOf(url: unknown): string {
  const text = typeof url === 'string' ? url : '';
  return decodeURIComponent(text.slice(text.lastIndexOf('/') + 1));
}

/** Starts a fake on a free 127.0.0.1 port. */
export async function startFakeSqs(options: FakeSqsOptions = {}): Promise<FakeSqs> {
  const dripIntervalMs = options.dripIntervalMs ?? 500;
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let sent = 0;
  let endpoint = '';

  const fake: Omit<FakeSqs, 'endpoint'> & { endpoint: string } = {
    endpoint,
    queues: [...(options.queues ?? [])],
    urlBase: undefined,
    messages: new Map(),
    behaviour: new Map(),
    defaultBehaviour: 'normal',
    calls: (action) => (action === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(action) ?? 0)),
    resetCalls: () => counts.clear(),
    bytesSent: () => sent,
    openConnections: () => sockets.size,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolveClose());
      }),
  };

  const write = (res: ServerResponse, chunk: string): boolean => {
    sent += Buffer.byteLength(chunk);
    return res.write(chunk);
  };

  const answer = (res: ServerResponse, status: number, body: unknown): void => {
    const text = JSON.stringify(body);
    sent += Buffer.byteLength(text);
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };

  const normal = (action: string, input: Record<string, unknown>, res: ServerResponse): void => {
    const base = `${fake.urlBase ?? endpoint}/000000000000`;
    switch (action) {
      case 'ListQueues': {
        const prefix = typeof input['QueueNamePrefix'] === 'string' ? input['QueueNamePrefix'] : '';
        return answer(res, 200, { QueueUrls: fake.queues.filter((name) => name.startsWith(prefix)).map((name) => `${base}/${encodeURIComponent(name)}`) });
      }
      case 'GetQueueUrl': {
        const name = String(input['QueueName']);
        if (!fake.queues.includes(name)) {
          return answer(res, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'The specified queue does not exist.' });
        }
        return answer(res, 200, { QueueUrl: `${base}/${encodeURIComponent(name)}` });
      }
      case 'GetQueueAttributes': {
        const name = queueNameOf(input['QueueUrl']);
        return answer(res, 200, {
          Attributes: {
            QueueArn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
            ApproximateNumberOfMessages: String(fake.messages.get(name)?.length ?? 0),
            ApproximateNumberOfMessagesNotVisible: '0',
            ApproximateNumberOfMessagesDelayed: '0',
          },
        });
      }
      case 'ListDeadLetterSourceQueues':
        return answer(res, 200, { queueUrls: [] });
      case 'ReceiveMessage': {
        const name = queueNameOf(input['QueueUrl']);
        const messages = (fake.messages.get(name) ?? []).map((message, i) => ({
          ...message,
          ReceiptHandle: `rh-${i}-${message.MessageId}`,
          MD5OfBody: createHash('md5').update(message.Body, 'utf8').digest('hex'),
        }));
        return answer(res, 200, { Messages: messages });
      }
      default:
        return answer(res, 400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: `The fake does not do ${action}.` });
    }
  };

  const misbehave = (behaviour: Exclude<FakeBehaviour, 'normal'>, action: string, res: ServerResponse): void => {
    if (behaviour === 'hang') return;
    res.writeHead(200, { 'content-type': JSON_TYPE });
    if (behaviour === 'drip') {
      const timer = setInterval(() => write(res, ' '), dripIntervalMs);
      timers.add(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.delete(timer);
      });
      return;
    }
    // 'huge': an answer that never ends, as fast as the reader takes it.
    const url = `"${endpoint}/000000000000/${'q'.repeat(60)}",`;
    const chunk = url.repeat(Math.ceil(65_536 / url.length));
    write(res, action === 'ListQueues' ? '{"QueueUrls":[' : '{"Attributes":{"x":"');
    let open = true;
    res.on('close', () => (open = false));
    const pump = (): void => {
      while (open && write(res, chunk));
      if (open) res.once('drain', pump);
    };
    pump();
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      const action = typeof target === 'string' ? target.replace(/^AmazonSQS\./, '') : 'unknown';
      counts.set(action, (counts.get(action) ?? 0) + 1);
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // answered as an empty input
      }
      const behaviour = fake.behaviour.get(action) ?? fake.defaultBehaviour;
      if (behaviour === 'normal') normal(action, input, res);
      else misbehave(behaviour, action, res);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', () => resolveListen()));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.endpoint = endpoint;
  return fake;
}
