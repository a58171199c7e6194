/**
 * A bare HTTP client for the bridge tests, over `node:http` so every header — Host included — is
 * exactly what the test says. Every response is recorded, so a test can check that none of them
 * carries a secret.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { AUTHORIZATION_SCHEME, type SignInResponse } from '../../shared/bridge-api.js';

/** One response. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** One request. */
export interface HttpRequest {
  readonly method?: string;
  readonly path: string;
  /** Headers to send; `host` defaults to `127.0.0.1:PORT`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (with Content-Type: application/json) unless a string. */
  readonly body?: unknown;
}

/** Every response any test received, headers and body as text. */
export const recordedResponses: string[] = [];

/** Sends one request to 127.0.0.1:port. */
export function http(port: number, options: HttpRequest): Promise<HttpResponse> {
  const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...options.headers };
  let payload: string | undefined;
  if (options.body !== undefined) {
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== 'string') headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolveResponse, rejectResponse) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        recordedResponses.push(`${JSON.stringify(res.headers)}\n${body}`);
        resolveResponse({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
      res.on('error', rejectResponse);
    });
    req.on('error', rejectResponse);
    req.end(payload);
  });
}

/** The parsed JSON body. */
export function json<T>(response: HttpResponse): T {
  return JSON.parse(response.body) as T;
}

/** Exchanges a sign-in token for a session key (`POST /api/sign-in`); returns the key. */
export async function signIn(port: number, token: string): Promise<string> {
  const response = await http(port, { method: 'POST', path: '/api/sign-in', body: { token } });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.body}`);
  return json<SignInResponse>(response).sessionKey;
}

/** The `Authorization` header that carries `sessionKey`. */
export function authorization(sessionKey: string): Record<string, string> {
  return { authorization: `${AUTHORIZATION_SCHEME} ${sessionKey}` };
}

/** A client bound to one bridge and session key. */
export interface BridgeHttp {
  get(path: string, headers?: Record<string, string>): Promise<HttpResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResponse>;
}

/** Requests to `port` carrying `sessionKey`. */
export function bridgeHttp(port: number, sessionKey: string): BridgeHttp {
  return {
    get: (path, headers = {}) => http(port, { path, headers: { ...authorization(sessionKey), ...headers } }),
    post: (path, body = {}, headers = {}) => http(port, { method: 'POST', path, body, headers: { ...authorization(sessionKey), ...headers } }),
  };
}
