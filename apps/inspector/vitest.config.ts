import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Test projects of the inspector. `server`: the bridge and the CLI, in Node, over real HTTP against
 * a real ElasticMQ. `app`: the browser app's modules and components in happy-dom, the bridge faked
 * behind its client interface and the matching worker run in-process. `build`: what `vite build`
 * wrote to `dist/client` (`npm test` builds first).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['server/**/*.test.ts', 'test/server/**/*.test.ts', 'test/security/**/*.test.ts'],
          testTimeout: 30_000,
          // Starting ElasticMQ takes 1–10 s on a loaded machine.
          hookTimeout: 90_000,
          // The AWS SDK warns on Node 20 about its future support; the warning is noise in test output.
          env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        },
      },
      {
        test: {
          name: 'build',
          environment: 'node',
          include: ['test/build/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'app',
          environment: 'happy-dom',
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
