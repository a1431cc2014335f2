import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds each test file took in a full run on the 2-core machine (measured, rounded; busy machine,
 * so only the order matters). The longest start first, unit and browser files mixed, so that no
 * long file starts last and the workers finish together. vitest's own order needs a previous run's
 * cache (absent in a fresh clone) and would run the `unit` project after every browser file.
 * A file missing here counts as 5 s: list new slow files.
 */
const SECONDS: Record<string, number> = {
  'tests/a11y.test.ts': 50,
  'tests/design.test.ts': 43,
  'tests/unit/errors.test.ts': 34,
  'tests/theme.test.ts': 33,
  'tests/browser-print.test.ts': 31,
  'tests/pdf-only.test.ts': 27,
  'tests/hardening.test.ts': 24,
  'tests/valid-decks.test.ts': 22,
  'tests/quiz.test.ts': 22,
  'tests/reading.test.ts': 21,
  'tests/unit/hardening-fuzz.test.ts': 20,
  // Three client builds with vite (a cold cache in a copy of the checkout).
  'tests/unit/client-cache.test.ts': 20,
  'tests/pdf.test.ts': 14,
  'tests/phase-bar.test.ts': 12,
  'tests/hardening-dev.test.ts': 12,
  'tests/speaker.test.ts': 12,
  'tests/classroom.test.ts': 12,
  'tests/overflow.test.ts': 12,
  'tests/security.test.ts': 11,
  'tests/glossary-browser.test.ts': 10,
  'tests/first-paint.test.ts': 8,
  'tests/map.test.ts': 8,
  'tests/deck-browser.test.ts': 8,
  'tests/dev-server.test.ts': 6,
  'tests/standalone.test.ts': 6,
  'tests/unit/cli-bundle.test.ts': 5,
  'tests/figures.test.ts': 5,
  'tests/offline.test.ts': 5,
  'tests/client-lifecycle.test.ts': 5,
  'tests/images.test.ts': 3,
  'tests/unit/glossary-compile.test.ts': 1,
};

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (f: TestSpecification): number => SECONDS[path.relative(f.project.config.root, f.moduleId).split(path.sep).join('/')] ?? 5;
    return [...files].sort((a, b) => seconds(b) - seconds(a) || a.moduleId.localeCompare(b.moduleId));
  }
}
