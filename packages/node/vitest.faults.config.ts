import { defineConfig } from 'vitest/config';

/**
 * The reliability suite (`npm run test:faults`): real listener processes against a real ElasticMQ
 * (and moto for SNS). Every test writes its figures to test/faults/results/NAME.json, which
 * docs/reliability.md quotes. The quick tests (test/faults/*.faults.test.ts) also run in `npm test`;
 * the long ones (test/faults/long/) only here.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // One file at a time: each drives several processes and a JVM on a shared machine.
    fileParallelism: false,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FAULTS_WRITE_RESULTS: '1' },
  },
});
