import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Rough CPU seconds of each test file in a full run (the table below). The order: the
 * `unit` project's files first, then the `browser` project's, each longest first, so that no long
 * file starts last. One project after the other, not mixed: with `isolate: false` vitest hands a
 * worker the next file only when that file is of the same project, and otherwise stops the worker
 * and starts a new one, which imports vite, playwright-core and src again (~1.5 s of CPU each;
 * mixed, 26 of the files started 11 workers for 3 slots; now a full run starts 6). Unit files
 * first rather than last: the longest of them (client-cache) would otherwise run alone at the
 * end. vitest's own order needs a previous run's cache (absent in a fresh clone). A file missing
 * here counts as 1 s: list a new slow file.
 */
const SECONDS: Record<string, number> = {
  // CPU seconds of each file with its share of Chromium and its child processes, in a full run
  // from a fresh clone (2026-12-02, the suite of 443 tests); the unit files that mostly wait for
  // child processes count more than their CPU.
  'tests/unit/client-cache.test.ts': 9, // client builds with vite, in a copy of the checkout (5.6 CPU-s, twice that in wall)
  'tests/unit/errors.test.ts': 3.4,
  'tests/unit/hardening-fuzz.test.ts': 2.5,
  'tests/unit/cli-bundle.test.ts': 1, // a build by the real entry
  'tests/design.test.ts': 12.8,
  'tests/theme.test.ts': 12.7, // one walk over 58 slides: theme measures, overflow and axe-core on each
  'tests/quiz.test.ts': 9.2,
  'tests/reading.test.ts': 8.1,
  'tests/classroom.test.ts': 7.9,
  'tests/first-paint.test.ts': 6.9,
  'tests/pdf.test.ts': 6.7,
  'tests/browser-print.test.ts': 6.5, // two PDFs of the default deck printed by Chromium
  'tests/a11y.test.ts': 6.4, // axe-core on the reading view (phone and desktop) and the speaker view
  'tests/security.test.ts': 6,
  'tests/glossary-browser.test.ts': 4.7,
  'tests/speaker.test.ts': 4.5,
  'tests/dev-server.test.ts': 4.3,
  'tests/phase-bar.test.ts': 4.2,
  'tests/pdf-batch.test.ts': 3.9, // two fixture decks printed whole and in parts (slides and handouts)
  'tests/hardening-dev.test.ts': 3.8,
  'tests/valid-decks.test.ts': 3.5,
  'tests/suite-browser.test.ts': 3.1, // the product's Chromium started, a PDF and a deck walk in both browsers
  'tests/hardening.test.ts': 2.6,
  'tests/client-lifecycle.test.ts': 2.2,
  'tests/standalone.test.ts': 2.1,
  'tests/offline.test.ts': 1.7,
  'tests/figures.test.ts': 1.6,
  'tests/map.test.ts': 1.5,
  'tests/deck-browser.test.ts': 1.5,
  'tests/pdf-only.test.ts': 2, // 1.4, but its time is mostly spent waiting for the real CLI it spawns
  'tests/pdf-cli.test.ts': 2, // 0.9, but mostly waiting for the real `pdf --only slides` command it spawns
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (f: TestSpecification): number => SECONDS[path.relative(f.project.config.root, f.moduleId).split(path.sep).join('/')] ?? 1;
    const block = (f: TestSpecification): number => (f.project.name === 'unit' ? 0 : 1);
    return [...files].sort((a, b) => block(a) - block(b) || seconds(b) - seconds(a) || a.moduleId.localeCompare(b.moduleId));
  }
}
