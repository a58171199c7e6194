import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The long fault runs (thousands of messages, server restarts) run with `npm run test:faults`.
    exclude: ['**/node_modules/**', 'test/faults/long/**'],
    testTimeout: 30_000,
    // The AWS SDK warns on Node 20 about its future support; the warning is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
