import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn child processes and write real SQLite files; two forks match the 2-core machines.
    pool: 'forks',
    maxWorkers: 2,
  },
});
