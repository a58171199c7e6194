/**
 * Packs the published packages once and installs them into fresh projects in the temp directory
 * (see lib/consumer-workspace.ts); every test file reads where with `inject('workspace')`.
 * `SQS_MEGA_KEEP_CONSUMER=1` keeps the directory afterwards, to look at or rerun by hand.
 */
import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { createConsumerWorkspace, type ConsumerWorkspace } from './lib/consumer-workspace.js';

declare module 'vitest' {
  export interface ProvidedContext {
    workspace: ConsumerWorkspace;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const workspace = await createConsumerWorkspace();
  console.log(`consumer: packed and installed in ${workspace.root} (${Math.round(performance.now() - started)} ms)`);
  project.provide('workspace', workspace);
  return async () => {
    if (process.env['SQS_MEGA_KEEP_CONSUMER']) console.log(`consumer: kept ${workspace.root}`);
    else await rm(workspace.root, { recursive: true, force: true });
  };
}
