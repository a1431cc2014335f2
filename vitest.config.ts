import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/helpers/sequencer.ts';

/**
 * The map's data files (world-atlas' 740 KB of outlines, the country-name locales) loaded by each
 * worker's own JSON parser instead of being turned into a JavaScript module by vite: as a module,
 * the outlines cost ~1 s of CPU in the main process to transform (one string literal of 760 KB
 * through vite's JSON plugin, vitest's import rewriting and a source map), once per project and
 * per worker that asked at the same time. Marked external, Node refuses them (a JSON import needs
 * `with { type: 'json' }`), hence a two-line module that require()s the file. The ".js" ending
 * keeps vite's JSON plugin away from it.
 */
function nativeJson(): Plugin {
  const PREFIX = '\0native-json:';
  const require = createRequire(import.meta.url);
  return {
    name: 'lecture-deck-test-native-json',
    enforce: 'pre',
    resolveId(source) {
      if (!/^(world-atlas\/[\w-]+|i18n-iso-countries\/langs\/\w+)\.json$/.test(source)) return undefined;
      // The package name, not its path: vitest would import a path in node_modules natively.
      return `${PREFIX}${source}.js`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return undefined;
      const file = JSON.stringify(require.resolve(id.slice(PREFIX.length, -'.js'.length)));
      return `import { createRequire } from 'node:module';\nexport default createRequire(${file})(${file});\n`;
    },
  };
}

/**
 * Two projects, chosen by folder (see README, "Tests"):
 * - `unit`: tests/unit/**: pure Node (compiler, diagnostics, import layers); no browser, no build
 *   of the default deck, so `npx vitest run tests/unit/x.test.ts` starts in a second;
 * - `browser`: every other tests/*.test.ts; global-setup builds the default deck once, each worker
 *   starts its Chromium on first use (tests/helpers/suite-browser.ts), and fixture decks are built
 *   once per run (tests/helpers/site.ts).
 * A new test file lands in `browser` unless it is put in tests/unit/ — the safe default, since a
 * browser test in `unit` would fail on a missing inject().
 */
export default defineConfig({
  plugins: [nativeJson()],
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // Transformed test and source modules kept on disk (node_modules/.experimental-vitest-cache,
    // keyed by their contents, the config and the lock file): the browser project reuses what the
    // unit project transformed earlier in the same run (each project has its own vite server), and
    // a later run transforms only what changed. ~0.5 s of the main process's CPU in a fresh
    // clone, ~1.5 s once warm.
    experimental: { fsModuleCache: true },
    // Three test files at a time on two cores: a browser test spends much of its time waiting for
    // Chromium (its own processes), and a third worker fills that time.
    maxWorkers: 3,
    // One worker runs file after file with its modules loaded (src, vite, playwright-core): loading
    // them again for each of 35 files cost more CPU than most tests. Test files therefore must not
    // leave globals, process.env or module state changed (they restore what they change).
    isolate: false,
    // Longest files first, unit and browser mixed (tests/helpers/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    // expect.poll's default (1 s) is shorter than a page's reaction on a machine shared with other
    // runs (a speaker view once took longer at load 20): a poll still fails, only later.
    expect: { poll: { timeout: 10_000 } },
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
          // Waits for the default deck, which the global setup builds while the unit files run.
          setupFiles: ['tests/helpers/deck-ready.ts'],
        },
      },
    ],
  },
});
