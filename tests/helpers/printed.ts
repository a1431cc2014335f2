import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { exportPdfs, type ExportOptions, type ExportResult, type PartialExportResult } from '../../src/node/pdf/export.ts';
import { browser } from './browser.ts';
import { onceInRun } from './once.ts';
import { buildFixture } from './site.ts';

/*
 * The PDFs of a fixture deck, printed once per run and read by every test that only reads them
 * (pdf.test.ts, pdf-batch.test.ts, glossary-browser.test.ts, suite-browser.test.ts): an export of
 * a fixture costs ~0.5 CPU-s (page load and print), and three files printed the glossary fixture,
 * two the basic one, the same way. The first test file to ask prints with its worker's Chromium
 * and writes the result down; the others wait for it (onceInRun). Run alone (`-t`), a test prints
 * what it reads.
 */

/** The options that make a different print; the rest (folder, site, browser) are the helper's. */
export type PrintChoice = Pick<ExportOptions, 'only' | 'handout' | 'standalone'>;

/** What exportPdfs returned, but the deck (the fixture's, as buildFixture compiles it). */
type Stored = Omit<PartialExportResult, 'deck'>;

/** tests/fixtures/basic's slides.pdf and one-slide-per-page handout (pdf.test.ts, pdf-batch.test.ts). */
export const BASIC_PRINT: PrintChoice = { only: ['slides', 'handout'], handout: 1 };
/** tests/fixtures/glossary's slides.pdf and handout, no standalone.html (glossary-browser, pdf-batch, suite-browser). */
export const GLOSSARY_PRINT = { standalone: false } as const satisfies PrintChoice;

const mine = new Map<string, Promise<PartialExportResult>>();

/**
 * The export of tests/fixtures/<name> with `choice`: its files live in the run's folder, shared by
 * every test file, so never write into it (copy a file to change it).
 */
export function printedFixture(name: string, choice: PrintChoice & { only?: undefined }): Promise<ExportResult>;
export function printedFixture(name: string, choice: PrintChoice): Promise<PartialExportResult>;
export function printedFixture(name: string, choice: PrintChoice): Promise<PartialExportResult> {
  const key = `${name}-${choice.only?.join('+') ?? 'all'}-${choice.handout ?? 2}up${choice.standalone === false ? '-nohtml' : ''}`;
  let p = mine.get(key);
  if (!p) {
    p = printOnce(name, key, choice);
    mine.set(key, p);
  }
  return p;
}

async function printOnce(name: string, key: string, choice: PrintChoice): Promise<PartialExportResult> {
  // The fixture's one build of the run (site.ts); the export only reads it.
  const site = await buildFixture(name, `printed-${key}`);
  await site.close();
  const root = path.join(inject('tmpDir'), 'printed');
  const stored = path.join(root, `${key}.json`);
  const read = (): PartialExportResult => ({ ...(JSON.parse(readFileSync(stored, 'utf8')) as Stored), deck: site.deck });
  return onceInRun(
    path.join(root, key),
    `the PDFs of fixture ${name} (${key})`,
    async () => {
      const r = await exportPdfs({ ...choice, deckDir: path.resolve('tests/fixtures', name), outDir: path.join(root, key), reuseBuild: site.dir, browser: await browser() });
      // What the readers get (the deck is left out: each has the fixture's, from its build).
      writeFileSync(stored, JSON.stringify({ ...r, deck: undefined }));
      return read();
    },
    read,
    180_000,
  );
}
