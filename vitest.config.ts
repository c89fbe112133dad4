import { defineConfig } from 'vitest/config';

// AAC_TEST_INCLUDE replaces every project's files with one glob: test/unit/test-runner.test.ts uses it
// to run this very configuration (global setup included) on fixtures that pass and fail.
const only = process.env.AAC_TEST_INCLUDE ? [process.env.AAC_TEST_INCLUDE] : undefined;

export default defineConfig({
  test: {
    globalSetup: ['test/setup/postgres.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: only ?? ['test/unit/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'integration', include: only ? [] : ['test/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'e2e', include: only ? [] : ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
