/**
 * A tiny HTTP endpoint on 127.0.0.1 that answers every request with what the test sets: an SQS
 * JSON-protocol error, an SNS XML error, a bare status, an HTML page — or hangs, or resets the
 * connection. Real servers cannot be made to throttle, fail with 5xx or refuse credentials on demand,
 * so these faults come from here; the SDK client talking to it is real, so its errors are the SDK's
 * own. Also: a closed port, and an environment without AWS settings, for the failures that need no
 * server at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One canned answer. */
export interface CannedAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A running fake endpoint. */
export interface FakeAwsEndpoint {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** What every request gets from now on: an answer, no answer at all, or a reset connection. */
  answer: CannedAnswer | 'hang' | 'reset';
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts a fake endpoint on a free 127.0.0.1 port, answering 200 `{}` until told otherwise. */
export async function startFakeAwsEndpoint(): Promise<FakeAwsEndpoint> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      const answer = fake.answer;
      if (answer === 'hang') return;
      if (answer === 'reset') {
        req.socket.destroy();
        return;
      }
      const body = answer.body ?? '';
      res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeAwsEndpoint = {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answer: { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: '{}' },
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return fake;
}

/**
 * An SQS error as the JSON protocol carries it: `__type` with SQS's namespace, and the
 * query-compatible code in `x-amzn-query-error` when given (`AWS.SimpleQueueService.NonExistentQueue;Sender`).
 */
export function sqsJsonError(status: number, type: string, message: string, queryError?: string): CannedAnswer {
  const namespace = /Exception$/.test(type) ? 'com.amazon.coral.service' : 'com.amazonaws.sqs';
  return {
    status,
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      ...(queryError === undefined ? {} : { 'x-amzn-query-error': queryError }),
    },
    body: JSON.stringify({ __type: `${namespace}#${type}`, message }),
  };
}

/** An SNS error as the query protocol carries it (XML). */
export function snsXmlError(status: number, code: string, message: string, type: 'Sender' | 'Receiver' = 'Sender'): CannedAnswer {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body:
      '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">' +
      `<Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`,
  };
}

/** A 127.0.0.1 port nothing listens on: bound, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Every variable through which the SDK could find a region or credentials. */
const AWS_SETTINGS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_SNS',
] as const;

/**
 * Makes the process look like a machine with no AWS set-up (no region, no credentials, no profile
 * files, no instance metadata service), and returns the function that puts everything back.
 */
export function withoutAwsSettings(): () => void {
  const saved = new Map<string, string | undefined>();
  const set = (name: string, value: string | undefined) => {
    if (!saved.has(name)) saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };
  for (const name of AWS_SETTINGS) set(name, undefined);
  set('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/sqs-mega-test/credentials');
  set('AWS_CONFIG_FILE', '/nonexistent/sqs-mega-test/config');
  // Without this the SDK asks 169.254.169.254 for a region and credentials (1 s each when it does not answer).
  set('AWS_EC2_METADATA_DISABLED', 'true');
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
