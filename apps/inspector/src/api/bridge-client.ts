/**
 * The one module that talks to the bridge: every route of `shared/bridge-api.ts`, typed, with
 * errors turned into {@link BridgeError}s that carry the bridge's stable code and its message.
 * Components never call `fetch` themselves.
 */
import type {
  BridgeErrorBody,
  BridgeErrorCode,
  DeleteRequest,
  PeekRequest,
  PeekResponse,
  PurgeRequest,
  QueueListResponse,
  RedriveRequest,
  RedriveResponse,
  SendRequest,
  SendResponse,
  SessionInfo,
} from '../../shared/bridge-api.js';

/** A refused or failed bridge call: the bridge's code (or `NETWORK` when it could not be reached). */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode | 'NETWORK' | 'BAD_RESPONSE';
  readonly status: number;
  readonly sqsCode: string | undefined;

  constructor(code: BridgeError['code'], status: number, message: string, sqsCode?: string) {
    super(message);
    this.name = 'BridgeError';
    this.code = code;
    this.status = status;
    this.sqsCode = sqsCode;
  }
}

/** What the app needs from the bridge; a fake of it drives the component tests. */
export interface BridgeClient {
  session(): Promise<SessionInfo>;
  queues(): Promise<QueueListResponse>;
  peek(queue: string, request: PeekRequest): Promise<PeekResponse>;
  send(queue: string, request: SendRequest): Promise<SendResponse>;
  deleteMessage(queue: string, request: DeleteRequest): Promise<void>;
  purge(queue: string, request: PurgeRequest): Promise<void>;
  redrive(queue: string, request: RedriveRequest): Promise<RedriveResponse>;
}

function isErrorBody(value: unknown): value is BridgeErrorBody {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, 'error')) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** A client of the bridge at `base` (the page's own origin by default). */
export function createBridgeClient(base = '', fetchImpl: typeof fetch = (...args) => fetch(...args)): BridgeClient {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
      if (body !== undefined) {
        init.headers = { accept: 'application/json', 'content-type': 'application/json' };
        init.body = JSON.stringify(body);
      }
      response = await fetchImpl(`${base}/api${path}`, init);
    } catch (cause) {
      throw new BridgeError('NETWORK', 0, `The bridge did not answer (${String(cause)}). Is the inspector still running?`);
    }
    const text = await response.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new BridgeError('BAD_RESPONSE', response.status, `The bridge answered ${response.status} with a body that is not JSON.`);
      }
    }
    if (!response.ok) {
      if (isErrorBody(parsed)) {
        const { code, message, sqsCode } = parsed.error;
        throw new BridgeError(code, response.status, message, sqsCode);
      }
      throw new BridgeError('BAD_RESPONSE', response.status, `The bridge answered ${response.status} ${response.statusText}.`);
    }
    return parsed as T;
  }
  const queuePath = (queue: string, action: string): string => `/queues/${encodeURIComponent(queue)}/${action}`;
  return {
    session: () => call<SessionInfo>('GET', '/session'),
    queues: () => call<QueueListResponse>('GET', '/queues'),
    peek: (queue, request) => call<PeekResponse>('POST', queuePath(queue, 'peek'), request),
    send: (queue, request) => call<SendResponse>('POST', queuePath(queue, 'messages'), request),
    deleteMessage: async (queue, request) => {
      await call<unknown>('POST', queuePath(queue, 'delete'), request);
    },
    purge: async (queue, request) => {
      await call<unknown>('POST', queuePath(queue, 'purge'), request);
    },
    redrive: (queue, request) => call<RedriveResponse>('POST', queuePath(queue, 'redrive'), request),
  };
}
