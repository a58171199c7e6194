import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { e2eState } from '../support/state.js';

/** A raw HTTP request, so the Host and Origin headers are exactly what a test says. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test('an API call without the session is refused', async () => {
  const { origin } = e2eState().writable;
  const response = await rawRequest(`${origin}/api/queues`, {});
  expect(response.status).toBe(401);
  expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  const wrongToken = await rawRequest(`${origin}/api/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"token":"not-the-token"}' });
  expect(wrongToken.status).toBe(401);
});

test('an API call with a foreign Host header is refused, even with the session key', async () => {
  const { origin, sessionKey } = e2eState().writable;
  const authorization = `Bearer ${sessionKey}`;
  const ok = await rawRequest(`${origin}/api/queues`, { headers: { authorization } });
  expect(ok.status).toBe(200);
  const rebound = await rawRequest(`${origin}/api/queues`, { headers: { authorization, host: 'evil.example:80' } });
  expect(rebound.status).toBe(403);
  expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'FORBIDDEN_HOST' } });
  const crossOrigin = await rawRequest(`${origin}/api/queues/e2e-inbox/peek`, {
    method: 'POST',
    headers: { authorization, origin: 'http://evil.example', 'content-type': 'application/json' },
    body: '{}',
  });
  expect(crossOrigin.status).toBe(403);
  expect(JSON.parse(crossOrigin.body)).toMatchObject({ error: { code: 'FORBIDDEN_ORIGIN' } });
});

test('the app says how to sign in when it has no session', async ({ page }) => {
  await page.goto(`${e2eState().writable.origin}/`);
  await expect(page.getByText(/open the URL the inspector printed/i)).toBeVisible();
});
