/**
 * The one module that talks to the bridge: every route of `shared/bridge-api.ts`, typed, with
 * errors turned into {@link BridgeError}s that carry the bridge's stable code and its message.
 * Components never call `fetch` themselves.
 */
import {
  AUTHORIZATION_SCHEME,
  CONTRACTS_BUNDLE_PATH,
  type BridgeErrorBody,
  type BridgeErrorCode,
  type DeleteRequest,
  type PeekRequest,
  type PeekResponse,
  type PurgeRequest,
  type QueueListRequest,
  type QueueListResponse,
  type QueueResponse,
  type RedriveRequest,
  type RedriveResponse,
  type SendRequest,
  type SendResponse,
  type SessionInfo,
  type SignInLinkResponse,
  type SignInResponse,
} from '../../shared/bridge-api.js';

/**
 * A refused or failed bridge call: the bridge's code, `NETWORK` when it could not be reached,
 * `TIMEOUT` when it did not answer in time (the call is aborted), `BAD_RESPONSE` when its answer
 * is not what the contract says.
 */
export class BridgeError extends Error {
  readonly code: BridgeErrorCode | 'NETWORK' | 'TIMEOUT' | 'BAD_RESPONSE';
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
  /** Exchanges a sign-in token (once) for a session key; the caller keeps the key. */
  signIn(token: string): Promise<SignInResponse>;
  /** A new one-time sign-in URL for another browser. */
  createSignInLink(): Promise<SignInLinkResponse>;
  session(): Promise<SessionInfo>;
  /** One page of queues. */
  queues(request?: QueueListRequest): Promise<QueueListResponse>;
  /** One queue by name, with all its dead-letter sources. */
  queue(name: string): Promise<QueueResponse>;
  peek(queue: string, request: PeekRequest): Promise<PeekResponse>;
  send(queue: string, request: SendRequest): Promise<SendResponse>;
  deleteMessage(queue: string, request: DeleteRequest): Promise<void>;
  purge(queue: string, request: PurgeRequest): Promise<void>;
  redrive(queue: string, request: RedriveRequest): Promise<RedriveResponse>;
  /** The contracts worker's script (`--contracts`), or `undefined` when the inspector has none. */
  contractsBundle(): Promise<string | undefined>;
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

/** Options of {@link createBridgeClient}. */
export interface BridgeClientOptions {
  /** The bridge's origin. @defaultValue `''`: the page's own */
  readonly base?: string | undefined;
  /** @defaultValue the global `fetch` */
  readonly fetch?: typeof fetch | undefined;
  /** The session key to send (`Authorization: Bearer …`), read at every call. @defaultValue none */
  readonly sessionKey?: (() => string | undefined) | undefined;
  /**
   * How long a call may take before it is aborted with a `TIMEOUT` error; a peek gets its long
   * poll on top. The bridge gives up on SQS sooner, so this only fires when the bridge itself hangs.
   * @defaultValue 45_000
   */
  readonly timeoutMs?: number | undefined;
}

/** A client of the bridge (the page's own origin by default). */
export function createBridgeClient(options: BridgeClientOptions = {}): BridgeClient {
  const base = options.base ?? '';
  const fetchImpl = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const timeoutMs = options.timeoutMs ?? 45_000;
  async function send(method: 'GET' | 'POST', path: string, body: unknown, extraMs: number, accept: string): Promise<{ response: Response; text: string }> {
    const limitMs = timeoutMs + extraMs;
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { accept };
      const key = options.sessionKey?.();
      if (key !== undefined && key !== '') headers['authorization'] = `${AUTHORIZATION_SCHEME} ${key}`;
      const init: RequestInit = { method, credentials: 'omit', headers, signal: AbortSignal.timeout(limitMs) };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      response = await fetchImpl(`${base}/api${path}`, init);
      text = await response.text();
    } catch (cause) {
      if (cause instanceof DOMException && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
        throw new BridgeError('TIMEOUT', 0, `The inspector's bridge did not answer ${method} /api${path} within ${Math.round(limitMs / 1000)} s, so the call was given up. It retries on the next refresh; if this persists, check the terminal where the inspector runs.`);
      }
      throw new BridgeError('NETWORK', 0, `The bridge did not answer (${String(cause)}). Is the inspector still running?`);
    }
    return { response, text };
  }
  function errorOf(response: Response, parsed: unknown): BridgeError {
    if (isErrorBody(parsed)) {
      const { code, message, sqsCode } = parsed.error;
      return new BridgeError(code, response.status, message, sqsCode);
    }
    return new BridgeError('BAD_RESPONSE', response.status, `The bridge answered ${response.status} ${response.statusText}.`);
  }
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraMs = 0): Promise<T> {
    const { response, text } = await send(method, path, body, extraMs, 'application/json');
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new BridgeError('BAD_RESPONSE', response.status, `The bridge answered ${response.status} with a body that is not JSON.`);
      }
    }
    if (!response.ok) throw errorOf(response, parsed);
    return parsed as T;
  }
  const queuePath = (queue: string, action: string): string => `/queues/${encodeURIComponent(queue)}/${action}`;
  return {
    signIn: (token) => call<SignInResponse>('POST', '/sign-in', { token }),
    createSignInLink: () => call<SignInLinkResponse>('POST', '/sign-in-links', {}),
    session: () => call<SessionInfo>('GET', '/session'),
    queues: (request = {}) => {
      const query = new URLSearchParams();
      if (request.prefix !== undefined && request.prefix !== '') query.set('prefix', request.prefix);
      if (request.page !== undefined) query.set('page', request.page);
      if (request.pageSize !== undefined) query.set('pageSize', String(request.pageSize));
      const text = query.toString();
      return call<QueueListResponse>('GET', text === '' ? '/queues' : `/queues?${text}`);
    },
    queue: (name) => call<QueueResponse>('GET', `/queues/${encodeURIComponent(name)}`),
    peek: (queue, request) => call<PeekResponse>('POST', queuePath(queue, 'peek'), request, (request.waitTimeSeconds ?? 0) * 1000),
    send: (queue, request) => call<SendResponse>('POST', queuePath(queue, 'messages'), request),
    deleteMessage: async (queue, request) => {
      await call<unknown>('POST', queuePath(queue, 'delete'), request);
    },
    purge: async (queue, request) => {
      await call<unknown>('POST', queuePath(queue, 'purge'), request);
    },
    redrive: (queue, request) => call<RedriveResponse>('POST', queuePath(queue, 'redrive'), request),
    contractsBundle: async () => {
      const { response, text } = await send('GET', CONTRACTS_BUNDLE_PATH, undefined, 0, 'text/javascript');
      if (response.status === 204) return undefined;
      if (response.ok) return text;
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not an error body: reported as BAD_RESPONSE
      }
      throw errorOf(response, parsed);
    },
  };
}
