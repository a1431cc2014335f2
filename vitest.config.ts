import { defineConfig } from 'vitest/config';

/**
 * Two projects, chosen by folder (see README, "Tests"):
 * - `unit`: tests/unit/**: pure Node (compiler, diagnostics, import layers); no browser, no build
 *   of the default deck, so `npx vitest run tests/unit/x.test.ts` starts in a second;
 * - `browser`: every other tests/*.test.ts; global-setup starts the one Chromium and builds the
 *   default deck once, and fixture decks are built once per run (tests/helpers/site.ts).
 * A new test file lands in `browser` unless it is put in tests/unit/ — the safe default, since a
 * browser test in `unit` would fail on a missing inject().
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // Two cores: two test files at a time, all sharing the one Chromium that global-setup starts.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/unit/**', '**/node_modules/**'],
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
