import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // 2-core machines: a couple of workers keep CPU-bound child-process tests from starving each other.
    maxWorkers: 2,
  },
});
