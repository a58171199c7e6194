/**
 * Starts what the suite runs against, once: the inspector on a local ElasticMQ with the demo
 * queues and writes allowed (as `npm start` would), a second, read-only inspector on the same
 * ElasticMQ, and the suite's own seeded queue. Tests read the addresses from `E2E_STATE`.
 */
import { ensureChromium } from './support/ensure-chromium.js';
import { loadStartInspector } from './support/inspector-module.js';
import { seedInbox } from './support/seed.js';
import { sessionKeyFor } from './support/sign-in.js';
import type { E2eState } from './support/state.js';

export default async function globalSetup(): Promise<() => Promise<void>> {
  ensureChromium();
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  const startInspector = await loadStartInspector();
  const writable = await startInspector({ target: { kind: 'local', demo: true }, allowWrites: true });
  const stops = [() => writable.stop()];
  try {
    const elasticmq = writable.elasticmq;
    if (elasticmq === undefined) throw new Error('e2e: the inspector started no local ElasticMQ');
    const readOnly = await startInspector({ target: { kind: 'endpoint', endpoint: elasticmq.endpoint, region: elasticmq.region }, allowWrites: false });
    stops.unshift(() => readOnly.stop());
    const inbox = await seedInbox(elasticmq.endpoint, elasticmq.region);
    const state: E2eState = {
      writable: { origin: writable.origin, port: writable.port, sessionKey: await sessionKeyFor(writable.origin, writable.token) },
      readOnly: { origin: readOnly.origin, port: readOnly.port, sessionKey: await sessionKeyFor(readOnly.origin, readOnly.token) },
      endpoint: elasticmq.endpoint,
      elasticmqPort: elasticmq.port,
      region: elasticmq.region,
      demoQueues: writable.demoQueues.map((q) => ({ name: q.name, messages: q.messages })),
      inbox,
    };
    process.env['E2E_STATE'] = JSON.stringify(state);
  } catch (error) {
    for (const stop of stops) await stop();
    throw error;
  }
  return async () => {
    for (const stop of stops) await stop();
  };
}
