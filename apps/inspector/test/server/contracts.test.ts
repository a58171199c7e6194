/**
 * `--contracts`: the bridge bundles the contracts module with the worker loop into one browser
 * script, serves it to signed-in pages only, and the script labels bodies as the app shows them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { encodeBody, PayloadBuilder } from '@sqs-mega/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeErrorBody, SignInResponse } from '../../shared/bridge-api.js';
import type { ContractsReply, ContractsRequest } from '../../shared/contract-label.js';
import { createBridgeApp } from '../../server/bridge-app.js';
import { parseCli } from '../../server/cli.js';
import { bundleContracts } from '../../server/contracts-bundle.js';

const DEMO_CONTRACTS = fileURLToPath(new URL('../../demo/contracts.js', import.meta.url));
const PORT = 4567;
const HOST = `127.0.0.1:${PORT}`;

let bundle: string;
let scratch: string;
const sqs = new SQSClient({ endpoint: 'http://127.0.0.1:9', region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

beforeAll(async () => {
  bundle = await bundleContracts(DEMO_CONTRACTS);
  scratch = await mkdtemp(join(tmpdir(), 'inspector-contracts-'));
});

afterAll(async () => {
  sqs.destroy();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function bridge(contractsBundle: string | undefined) {
  const app = createBridgeApp({ sqs, session: { mode: 'endpoint', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', version: '0.0.0' }, token: 'launch-token', port: PORT, contractsBundle });
  const request = (path: string, init: RequestInit = {}) => app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
  return {
    request,
    async sessionKey(): Promise<string> {
      const response = await request('/api/sign-in', { method: 'POST', body: JSON.stringify({ token: 'launch-token' }), headers: { 'content-type': 'application/json' } });
      return ((await response.json()) as SignInResponse).sessionKey;
    },
  };
}

/** Runs the bundle as a worker would, with the worker's global scope faked, and asks it to label `bodies`. */
async function runBundle(script: string, bodies: string[]): Promise<ContractsReply> {
  const file = join(scratch, `bundle-${Math.random().toString(36).slice(2)}.mjs`);
  await writeFile(file, script);
  const scope = globalThis as unknown as Record<string, unknown>;
  let listener: ((event: { data: ContractsRequest }) => void) | undefined;
  const reply = new Promise<ContractsReply>((resolveReply) => {
    scope['addEventListener'] = (_type: string, fn: typeof listener) => (listener = fn);
    scope['postMessage'] = (message: ContractsReply) => resolveReply(message);
  });
  try {
    await import(pathToFileURL(file).href);
    listener!({ data: { id: 7, bodies } });
    return await reply;
  } finally {
    delete scope['addEventListener'];
    delete scope['postMessage'];
  }
}

function order(total: unknown): string {
  return encodeBody(new PayloadBuilder().withEvent({ name: 'order.placed', domain: 'shop' }).withObject({ type: 'order', id: '1', current: { id: 1, total, currency: 'EUR' } }).build());
}

describe('GET /api/contracts.js', () => {
  it('answers 401 without a session, and the bundle as JavaScript with one', async () => {
    const { request, sessionKey } = bridge(bundle);
    const anonymous = await request('/api/contracts.js');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as BridgeErrorBody).error.code).toBe('UNAUTHORIZED');
    expect((await request('/api/contracts.js', { headers: { authorization: 'Bearer not-a-session' } })).status).toBe(401);

    const served = await request('/api/contracts.js', { headers: { authorization: `Bearer ${await sessionKey()}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(served.headers.get('cache-control')).toBe('no-store');
    expect(served.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(await served.text()).toBe(bundle);
  });

  it('answers 204 No Content (no error a browser would log) when the inspector was started without contracts', async () => {
    const { request, sessionKey } = bridge(undefined);
    expect((await request('/api/contracts.js')).status).toBe(401);
    const response = await request('/api/contracts.js', { headers: { authorization: `Bearer ${await sessionKey()}` } });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});

describe('bundleContracts', () => {
  it('makes one self-contained script that labels bodies with the demo contracts, valibot and core bundled in', async () => {
    expect(bundle).not.toMatch(/^\s*import\s/m);
    const reply = await runBundle(bundle, [order(18.9), order('forty-two'), encodeBody(new PayloadBuilder().withEvent({ name: 'order.shipped', domain: 'shop' }).build()), 'hello']);
    expect(reply.id).toBe(7);
    expect(reply.contracts.map((contract) => contract.id)).toEqual(['order.placed@1', 'user.updated@1']);
    expect(reply.contracts[0]).toEqual({ id: 'order.placed@1', name: 'order.placed', version: 1, domain: 'shop', pattern: { name: 'order.placed', version: 1, domain: 'shop' } });
    expect(reply.labels).toEqual([
      { kind: 'valid', contract: 'order.placed@1' },
      { kind: 'violation', contract: 'order.placed@1', issues: [{ path: ['object', 'current', 'total'], message: expect.stringContaining('number') }] },
      { kind: 'none' },
      { kind: 'not-mega' },
    ]);
  });

  it('refuses a missing module and one that does not build with CONTRACTS_FAILED, naming the file', async () => {
    await expect(bundleContracts(join(scratch, 'missing.js'))).rejects.toMatchObject({ code: 'CONTRACTS_FAILED', message: expect.stringContaining('missing.js') });
    const broken = join(scratch, 'broken.js');
    await writeFile(broken, "import { nothing } from 'no-such-package-here';\nexport const x = nothing;\n");
    await expect(bundleContracts(broken)).rejects.toMatchObject({ code: 'CONTRACTS_FAILED', message: expect.stringContaining('no-such-package-here') });
  });

  it('is what --contracts asks for on the command line', () => {
    expect(parseCli(['--contracts', './contracts.js'])).toMatchObject({ kind: 'start', options: { contracts: './contracts.js' } });
    expect(parseCli([])).not.toHaveProperty('options.contracts');
  });
});
