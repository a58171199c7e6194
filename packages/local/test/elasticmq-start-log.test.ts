import { describe, expect, it } from 'vitest';
import { elasticMQStartDetector } from '../src/elasticmq-start-log.js';

const STARTED = '21:18:29.566 [main] INFO  org.elasticmq.server.Main$ - === ElasticMQ server (1.7.1) started in 949 ms ===';
const BOUND =
  '21:18:29.567 [elasticmq-pekko.actor.default-dispatcher-6] INFO  o.e.rest.sqs.TheSQSRestServerBuilder - Started SQS rest server, bind address 127.0.0.1:36803, visible server address http://127.0.0.1:36803';

describe('elasticMQStartDetector', () => {
  it('is ready once both the started and the bind lines are seen, in either order', () => {
    for (const lines of [[STARTED, BOUND], [BOUND, STARTED]]) {
      const detect = elasticMQStartDetector();
      expect(detect(lines[0]!)).toBeUndefined();
      expect(detect(lines[1]!)).toEqual({ kind: 'ready', port: 36803 });
    }
  });

  it('reports port-in-use from the server bind error', () => {
    const detect = elasticMQStartDetector();
    expect(detect('ERROR Cannot start SQS rest server, bind address 127.0.0.1:9324')).toEqual({ kind: 'port-in-use' });
  });

  it('ignores other lines', () => {
    const detect = elasticMQStartDetector();
    expect(detect('INFO  o.a.pekko.event.slf4j.Slf4jLogger - Slf4jLogger started')).toBeUndefined();
    expect(detect(STARTED)).toBeUndefined();
  });
});
