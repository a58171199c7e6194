import { defineConfig } from 'vitest/config';

/** The long runs of `npm run test:faults`: files named *.faults.test.ts. */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.faults.test.ts'],
    testTimeout: 600_000,
    // Memory figures of hostile-bodies.faults.test.ts collect garbage before measuring.
    execArgv: ['--expose-gc'],
  },
});
