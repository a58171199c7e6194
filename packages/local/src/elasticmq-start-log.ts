import type { StartSignal } from './local-server.js';

/**
 * Reads ElasticMQ's log lines and decides its start: `ready` with the bound port, or `port-in-use`.
 * A fresh detector per launch (it keeps what it has seen).
 */
export function elasticMQStartDetector(): (line: string) => StartSignal | undefined {
  // ElasticMQ logs "started in N ms" (main thread) and "bind address …:PORT" (an actor thread) in
  // either order (with H2 persistence the bind line usually comes second), so the server is ready
  // once both lines are seen, and the port is the one the bind line names.
  let boundPort: number | undefined;
  let started = false;
  return (line) => {
    const bound = /bind address 127\.0\.0\.1:(\d+)/.exec(line);
    if (bound?.[1]) boundPort = Number(bound[1]);
    if (/Cannot start SQS rest server|Address already in use/.test(line)) return { kind: 'port-in-use' };
    if (/ElasticMQ server \(.*\) started in \d+ ms/.test(line)) started = true;
    return started && boundPort !== undefined ? { kind: 'ready', port: boundPort } : undefined;
  };
}
