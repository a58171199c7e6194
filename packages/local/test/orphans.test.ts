import { describe, expect, it } from 'vitest';
import { exitOf, firstLine, spawnTsNode } from './helpers/node-child.js';
import { isAlive, waitUntilGone } from './helpers/processes.js';

const FIXTURE = 'test/fixtures/start-servers.mts';

interface Pids {
  readonly elasticmq?: number;
  readonly moto?: number;
}

describe('no orphan servers', () => {
  it('kills ElasticMQ and moto when the Node process that started them is SIGKILLed', async () => {
    const child = spawnTsNode(FIXTURE, ['hang', 'elasticmq,moto']);
    const pids = JSON.parse(await firstLine(child)) as Pids;
    expect(pids.elasticmq && isAlive(pids.elasticmq)).toBe(true);
    expect(pids.moto && isAlive(pids.moto)).toBe(true);

    child.kill('SIGKILL');
    await exitOf(child);
    expect(await waitUntilGone(pids.elasticmq!, 5_000)).toBe(true);
    expect(await waitUntilGone(pids.moto!, 5_000)).toBe(true);
  });

  it('stops the server when the script returns without calling stop()', async () => {
    const child = spawnTsNode(FIXTURE, ['return', 'moto']);
    const pids = JSON.parse(await firstLine(child)) as Pids;
    expect(await exitOf(child)).toEqual({ code: 0, signal: null }); // the server does not hold Node open
    expect(await waitUntilGone(pids.moto!, 5_000)).toBe(true);
  });

  it('stops the server when the script crashes', async () => {
    const child = spawnTsNode(FIXTURE, ['crash', 'moto']);
    const pids = JSON.parse(await firstLine(child)) as Pids;
    expect(await exitOf(child)).toEqual({ code: 1, signal: null });
    expect(await waitUntilGone(pids.moto!, 5_000)).toBe(true);
  });
});
