import { describe, expect, it } from 'vitest';
import {
  PortInUseError,
  ServerExitedError,
  StartAbortedError,
  StartTimeoutError,
} from '../src/index.js';
import { launchServer, type LaunchSpec, type StartSignal } from '../src/local-server.js';
import { isAlive, waitUntilGone } from './helpers/processes.js';

/** A stand-in server: a shell script that prints its pid first. */
function fake(script: string, detect?: (line: string) => StartSignal | undefined): LaunchSpec {
  return {
    kind: 'moto',
    command: 'sh',
    args: ['-c', `echo "pid $$"; ${script}`],
    requestedPort: 4242,
    detect:
      detect ??
      ((line) => {
        if (line.startsWith('ready')) return { kind: 'ready', port: 4242 };
        if (line.includes('Address already in use')) return { kind: 'port-in-use' };
        return undefined;
      }),
  };
}

/** Collects the fake's pid from its first line. */
function pidCollector() {
  let pid = 0;
  return {
    onLog: (line: string) => {
      const match = /^pid (\d+)$/.exec(line);
      if (match?.[1]) pid = Number(match[1]);
    },
    pid: () => pid,
  };
}

describe('launchServer (with stand-in servers)', () => {
  it('resolves on the ready line; stop() ends the process (SIGTERM) and resolves after it exited', async () => {
    const launched = await launchServer(fake('echo ready; exec sleep 30'), { port: 4242 });
    expect(launched.endpoint).toBe('http://127.0.0.1:4242');
    expect(launched.recentLog()).toEqual([`pid ${launched.process.pid}`, 'ready']);
    expect(isAlive(launched.process.pid)).toBe(true);
    expect(await launched.process.stop()).toEqual({ exitCode: null, signal: 'SIGTERM' });
    expect(isAlive(launched.process.pid)).toBe(false);
  });

  it('escalates to SIGKILL when the server ignores SIGTERM for stopTimeoutMs', async () => {
    const launched = await launchServer(fake(`trap '' TERM; echo ready; while :; do sleep 0.05; done`), {
      stopTimeoutMs: 300,
    });
    const started = Date.now();
    expect(await launched.process.stop()).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(isAlive(launched.process.pid)).toBe(false);
  });

  it('reports PORT_IN_USE from the log and stops a server that hangs after its bind error', async () => {
    const pids = pidCollector();
    const error = await launchServer(fake('echo "java.net.BindException: Address already in use"; exec sleep 30'), {
      onLog: pids.onLog,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect(await waitUntilGone(pids.pid(), 0)).toBe(true);
  });

  it('reports SERVER_EXITED with the exit code and the last log lines', async () => {
    const error = await launchServer(fake('echo "no config" >&2; exit 3'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerExitedError);
    expect(error).toMatchObject({ code: 'SERVER_EXITED', exitCode: 3, signal: null });
    expect((error as ServerExitedError).log).toContain('no config');
    expect((error as Error).message).toMatch(/exit code 3[\s\S]*no config/);
  });

  it('reports START_TIMEOUT and stops the server', async () => {
    const pids = pidCollector();
    const error = await launchServer(fake('exec sleep 30'), { startTimeoutMs: 200, onLog: pids.onLog }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'START_TIMEOUT', timeoutMs: 200 });
    expect(error).toBeInstanceOf(StartTimeoutError);
    expect(await waitUntilGone(pids.pid(), 0)).toBe(true);
  });

  it('reports START_ABORTED when the signal aborts, and stops the server', async () => {
    const pids = pidCollector();
    const error = await launchServer(fake('exec sleep 30'), { signal: AbortSignal.timeout(200), onLog: pids.onLog }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StartAbortedError);
    expect(await waitUntilGone(pids.pid(), 0)).toBe(true);

    const already = await launchServer(fake('exec sleep 30'), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(already).toMatchObject({ code: 'START_ABORTED' });
  });

  it('waits for verify() before resolving', async () => {
    let healthyAt = 0;
    const spec: LaunchSpec = {
      ...fake('echo ready; exec sleep 30'),
      verify: async () => {
        await new Promise((resolveLater) => setTimeout(resolveLater, 150));
        healthyAt = Date.now();
      },
    };
    const launched = await launchServer(spec, {});
    expect(healthyAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(healthyAt);
    await launched.process.stop();
  });
});
