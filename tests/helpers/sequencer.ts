import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Rough seconds each test file takes on a quiet 2-core machine in a full run. The order: the
 * `unit` project's files first, then the `browser` project's, each longest first, so that no long
 * file starts last. One project after the other, not mixed: with `isolate: false` vitest hands a
 * worker the next file only when that file is of the same project, and otherwise stops the worker
 * and starts a new one, which imports vite, playwright-core and src again (~1.5 s of CPU each;
 * mixed, 26 of the files started 11 workers for 3 slots; now a full run starts 6). Unit files
 * first rather than last: the longest of them (client-cache) would otherwise run alone at the
 * end. vitest's own order needs a previous run's cache (absent in a fresh clone). A file missing
 * here counts as 3 s: list a new slow file.
 */
const SECONDS: Record<string, number> = {
  // CPU seconds of each file with its share of Chromium, files run one at a time; the unit files
  // that mostly wait for child processes count their wall time.
  'tests/design.test.ts': 21,
  'tests/quiz.test.ts': 21,
  'tests/a11y.test.ts': 10, // axe-core on the reading view (phone and desktop) and the speaker view
  'tests/reading.test.ts': 15,
  'tests/classroom.test.ts': 13,
  'tests/unit/client-cache.test.ts': 12, // client builds with vite, in a copy of the checkout
  'tests/pdf.test.ts': 11,
  'tests/browser-print.test.ts': 10, // two PDFs of the default deck printed by Chromium
  'tests/security.test.ts': 10,
  'tests/theme.test.ts': 18, // one walk over 58 slides: theme measures, overflow and axe-core on each
  'tests/pdf-batch.test.ts': 8, // two fixture decks printed whole and in parts (slides and handouts)
  'tests/dev-server.test.ts': 8,
  'tests/valid-decks.test.ts': 8,
  'tests/glossary-browser.test.ts': 8,
  'tests/hardening-dev.test.ts': 7,
  'tests/unit/hardening-fuzz.test.ts': 7,
  'tests/unit/errors.test.ts': 7,
  'tests/speaker.test.ts': 7,
  'tests/phase-bar.test.ts': 6,
  'tests/unit/cli-bundle.test.ts': 5,
  'tests/pdf-cli.test.ts': 5, // the real `pdf --only slides` command, and a playwright launch
  'tests/hardening.test.ts': 4,
  'tests/suite-browser.test.ts': 4, // the product's Chromium started, a PDF and a deck walk in both browsers
  'tests/client-lifecycle.test.ts': 3,
  'tests/first-paint.test.ts': 4,
  'tests/deck-browser.test.ts': 3,
  'tests/pdf-only.test.ts': 3,
  'tests/offline.test.ts': 3,
  'tests/figures.test.ts': 3,
  'tests/map.test.ts': 2,
  'tests/standalone.test.ts': 2,
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (f: TestSpecification): number => SECONDS[path.relative(f.project.config.root, f.moduleId).split(path.sep).join('/')] ?? 3;
    const block = (f: TestSpecification): number => (f.project.name === 'unit' ? 0 : 1);
    return [...files].sort((a, b) => block(a) - block(b) || seconds(b) - seconds(a) || a.moduleId.localeCompare(b.moduleId));
  }
}
