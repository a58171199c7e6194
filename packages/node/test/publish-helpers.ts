/**
 * Test helpers for the publishers: record the calls a real client makes, and make chosen batch
 * entries fail — the one fault a real server will not produce on demand — through the SDK's own
 * middleware stack. Entries not chosen still go to the real server.
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SNSClient } from '@aws-sdk/client-sns';

/** One call a client made: the command's name and its input as sent. */
export interface RecordedCall {
  readonly command: string;
  readonly input: Record<string, unknown>;
}

type AnyClient = SQSClient | SNSClient;
type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

function addMiddleware(client: AnyClient, name: string, middleware: Middleware): void {
  (client.middlewareStack as unknown as { add(m: Middleware, o: { step: 'initialize'; name: string }): void }).add(middleware, {
    step: 'initialize',
    name,
  });
}

/** Records every call `client` makes from now on. */
export function recordCalls(client: AnyClient): RecordedCall[] {
  const calls: RecordedCall[] = [];
  addMiddleware(client, 'recordCalls', (next, context) => async (args) => {
    calls.push({ command: context.commandName ?? '?', input: args.input });
    return next(args);
  });
  return calls;
}

/**
 * Makes SendMessageBatch / PublishBatch report the entries whose body satisfies `shouldFail` as
 * failed (`InternalError`, not the sender's fault) the first `times` times each is sent; those
 * entries do not reach the server then. Other entries are sent for real.
 */
export function failEntries(client: AnyClient, shouldFail: (body: string) => boolean, times = 1): void {
  const failures = new Map<string, number>();
  addMiddleware(client, 'failEntries', (next, context) => async (args) => {
    const key = context.commandName === 'SendMessageBatchCommand' ? 'Entries' : context.commandName === 'PublishBatchCommand' ? 'PublishBatchRequestEntries' : undefined;
    if (!key) return next(args);
    const entries = args.input[key] as { Id: string; MessageBody?: string; Message?: string }[];
    const failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[] = [];
    const kept = entries.filter((entry) => {
      const body = entry.MessageBody ?? entry.Message ?? '';
      const count = failures.get(body) ?? 0;
      if (!shouldFail(body) || count >= times) return true;
      failures.set(body, count + 1);
      failed.push({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'injected by the test' });
      return false;
    });
    if (kept.length === 0) return { output: { Successful: [], Failed: failed, $metadata: {} } };
    const result = await next({ ...args, input: { ...args.input, [key]: kept } });
    const output = result.output as { Failed?: unknown[] };
    return { ...result, output: { ...result.output, Failed: [...(output.Failed ?? []), ...failed] } };
  });
}

/** Receives (and deletes) messages until `count` arrived or `timeoutMs` passed. */
export async function receiveAll(sqs: SQSClient, queueUrl: string, count: number, timeoutMs = 10_000): Promise<Message[]> {
  const received: Message[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    received.push(...Messages);
    if (Messages.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }
  return received;
}
