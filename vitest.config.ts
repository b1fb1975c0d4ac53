import { defineConfig } from 'vitest/config';

// Two projects: unit (Node, next to the code, plus cross-process suites) and
// e2e (Playwright driving Debian Chromium against the headless shell).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src-{shared,main,server,renderer}/**/*.test.ts', 'tests/{integration,property,security}/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
