import { request } from 'node:http';

/**
 * Sends one HTTP request without keep-alive (so no socket outlives it) and resolves with the
 * status code.
 *
 * @throws the network error, or a timeout error after `timeoutMs`.
 */
export function httpStatus(url: string, method: 'GET' | 'POST' = 'GET', timeoutMs = 5_000): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { method, agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      res.resume();
      res.once('end', () => resolveStatus(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`${method} ${url} timed out after ${timeoutMs} ms`)));
    req.once('error', reject);
    req.end();
  });
}
