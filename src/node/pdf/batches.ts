import type { Page } from 'playwright-core';
import { joinPdfs } from './join.ts';

/**
 * Printing a long deck in parts. Chromium's page.pdf costs more per page the longer the document
 * (measured here, CPU of Chromium and Node: 250 slides 3.0 ms/page, 1,000 7.6, 2,000 22; 5,000 took
 * 20 minutes), while a part of a long document whose other pages are `display: none` costs what a
 * short document does. So a deck over BATCH_ABOVE pages is laid out once, as always, then printed
 * BATCH_PAGES pages at a time, the rest hidden, and the parts are joined into one PDF (join.ts).
 * A deck up to BATCH_ABOVE pages prints in one piece: the same file as before.
 */
export const BATCH_PAGES = 250;
export const BATCH_ABOVE = 300;

export interface PrintOptions {
  /** Page boxes, one printed page each: the top-level elements the batches show and hide. */
  selector: string;
  /** Pages per part; a document of at most this many prints in one piece (default: BATCH_PAGES above BATCH_ABOVE). */
  batch?: number;
  /** Called with the pages printed so far. */
  onPart?: (done: number, total: number) => void;
}

type PdfOptions = NonNullable<Parameters<Page['pdf']>[0]>;

/** page.pdf of the whole document, in parts when it is long; the parts joined into one file. */
export async function printPdf(page: Page, pdf: PdfOptions, opts: PrintOptions): Promise<Uint8Array> {
  const count = await page.evaluate((sel) => document.querySelectorAll(sel).length, opts.selector);
  const batch = opts.batch ?? (count > BATCH_ABOVE ? BATCH_PAGES : count);
  if (count <= batch) return page.pdf(pdf);
  const parts: Uint8Array[] = [];
  try {
    for (let from = 0; from < count; from += batch) {
      await page.evaluate(showOnly, { selector: opts.selector, from, to: from + batch });
      parts.push(await page.pdf(pdf));
      if (process.env.DEBUG_PARTS) (await import("node:fs")).writeFileSync(`/tmp/sp/part-${from}.pdf`, parts.at(-1)!);
      opts.onPart?.(Math.min(from + batch, count), count);
    }
  } finally {
    // Everything shown again, as it was (the handout is laid out from the same pages next).
    await page.evaluate(showOnly, { selector: opts.selector, from: 0, to: Number.MAX_SAFE_INTEGER }).catch(() => undefined);
  }
  return joinPdfs(parts);
}

/**
 * In the page: the boxes from..to-1 shown, the others `display: none` (no layout, no paint, not in
 * the accessibility tree, so neither printed nor tagged), and no page break after the last one
 * shown (its `break-after: page` would end the part with a blank page). Inline styles the boxes
 * had are put back when they are shown again.
 */
function showOnly({ selector, from, to }: { selector: string; from: number; to: number }): void {
  const boxes = document.querySelectorAll<HTMLElement>(selector);
  const last = Math.min(to, boxes.length) - 1;
  boxes.forEach((box, i) => {
    const show = i >= from && i < to;
    const hidden = 'deckPrintDisplay' in box.dataset;
    if (show && hidden) {
      box.style.display = box.dataset.deckPrintDisplay ?? '';
      delete box.dataset.deckPrintDisplay;
    } else if (!show && !hidden) {
      box.dataset.deckPrintDisplay = box.style.display;
      box.style.display = 'none';
    }
    const unbroken = 'deckPrintBreak' in box.dataset;
    if (i === last && i < boxes.length - 1 && !unbroken) {
      box.dataset.deckPrintBreak = box.style.breakAfter;
      box.style.breakAfter = 'auto';
    } else if (i !== last && unbroken) {
      box.style.breakAfter = box.dataset.deckPrintBreak ?? '';
      delete box.dataset.deckPrintBreak;
    }
  });
}
