import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { openPage } from './browser.ts';
import { onceInRun } from './once.ts';

/*
 * The built default deck printed from the browser's print view (`?print-pdf&print-ui`, what the
 * help dialog opens), once per run, for every test that only reads it: laying out and printing its
 * 58 slides costs ~3 CPU-s, and browser-print.test.ts (the pages, the print bar, the requests of
 * the print chunk) and the print-scale check of design.test.ts each opened one. The first test file
 * to ask prints with its worker's Chromium and writes the result down; the others wait for it
 * (onceInRun). Run alone (`-t`), a test prints what it reads.
 */

export interface DefaultPrint {
  /** The PDF as the browser printed it (page.pdf with the stylesheet's @page size, backgrounds on); in the run's folder, never write to it. */
  pdf: string;
  /** Each printed slide's data-source and --fit, in page order, once the print layout was done (deckPrint.ready). */
  fits: Array<[string, string]>;
  /** The file name of every request the page made, from its first one to the end of the print. */
  requested: string[];
  /** Uncaught errors of the page, from its first script to the end of the print. */
  pageErrors: string[];
  /** The print bar: its button visible on screen, the bar hidden once print media is emulated. */
  printUi: { buttonVisible: boolean; visibleInPrint: boolean };
}

let mine: Promise<DefaultPrint> | undefined;

/** The default deck's print view, laid out and printed once per run (see above). */
export function defaultPrint(): Promise<DefaultPrint> {
  mine ??= (async () => {
    const root = path.join(inject('tmpDir'), 'default-print');
    const stored = path.join(root, 'print.json');
    const read = (): DefaultPrint => JSON.parse(readFileSync(stored, 'utf8')) as DefaultPrint;
    return onceInRun(
      path.join(root, 'print'),
      'the browser print of the default deck',
      async () => {
        const w = await openPage('about:blank');
        try {
          const requested: string[] = [];
          const pageErrors: string[] = [];
          w.page.on('request', (r) => requested.push(new URL(r.url()).pathname.split('/').pop()!));
          w.page.on('pageerror', (e) => pageErrors.push(e.message));
          await w.page.goto(inject('deckUrl') + '?print-pdf&print-ui');
          await w.page.waitForFunction(() => window.deckPrint !== undefined);
          await w.page.evaluate(() => window.deckPrint!.ready);
          const fits = await w.page.$$eval('.reveal .print-slide > section', (ss) => ss.map((s) => [(s as HTMLElement).dataset.source ?? '', (s as HTMLElement).style.getPropertyValue('--fit')] as [string, string]));
          await w.page.locator('.print-ui').waitFor();
          const buttonVisible = await w.page.locator('.print-ui button').isVisible();
          await w.page.emulateMedia({ media: 'print' });
          const visibleInPrint = await w.page.locator('.print-ui').isVisible();
          const pdf = path.join(root, 'browser-slides.pdf');
          writeFileSync(pdf, await w.page.pdf({ preferCSSPageSize: true, printBackground: true }));
          const result: DefaultPrint = { pdf, fits, requested, pageErrors, printUi: { buttonVisible, visibleInPrint } };
          writeFileSync(stored, JSON.stringify(result));
          return result;
        } finally {
          await w.close();
        }
      },
      read,
      180_000,
    );
  })();
  return mine;
}
