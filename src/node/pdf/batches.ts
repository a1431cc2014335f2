import type { Page } from 'playwright-core';
import { joinPdfs } from './join.ts';

/**
 * Printing a long deck in parts. Chromium's page.pdf costs more per page the longer the document
 * (measured here, CPU of Chromium and Node: 250 slides 3.0 ms/page, 1,000 7.6, 2,000 22; 5,000 took
 * 20 minutes), while a part of a long document whose other pages are out of the document costs what a
 * short document does. So a deck over BATCH_ABOVE pages is laid out once, as always, then printed
 * BATCH_PAGES pages at a time, the other pages taken out of the document meanwhile, and the parts
 * are joined into one PDF (join.ts).
 * A deck up to BATCH_ABOVE pages prints in one piece: the same file as before.
 */
export const BATCH_PAGES = 100;
export const BATCH_ABOVE = 300;

export interface PrintOptions {
  /** Page boxes, one printed page each: the top-level elements the batches show and hide. */
  selector: string;
  /** Pages per part; a document of at most this many prints in one piece (default: parts of BATCH_PAGES above BATCH_ABOVE). */
  batch?: number;
  /** Called with the pages printed so far. */
  onPart?: (done: number, total: number) => void;
}

type PdfOptions = NonNullable<Parameters<Page['pdf']>[0]>;

/** page.pdf of the whole document, in parts when it is long; the parts joined into one file. */
export async function printPdf(page: Page, pdf: PdfOptions, opts: PrintOptions): Promise<Uint8Array> {
  // A document of at most `whole` pages prints in one piece.
  const whole = opts.batch ?? BATCH_ABOVE;
  const count = await page.evaluate(printedBoxes, { selector: opts.selector, whole });
  if (count <= whole) return page.pdf(pdf);
  const batch = opts.batch ?? BATCH_PAGES;
  const parts: Uint8Array[] = [];
  try {
    for (let from = 0; from < count; from += batch) {
      await page.evaluate(showOnly, { from, to: from + batch });
      parts.push(await page.pdf(pdf));
      opts.onPart?.(Math.min(from + batch, count), count);
    }
  } finally {
    // Everything shown again, as it was (the handout is laid out from the same pages next).
    await page.evaluate(showOnly, { from: 0, to: Number.MAX_SAFE_INTEGER }).catch(() => undefined);
  }
  return joinPdfs(parts);
}

/** The page's state between printedBoxes and showOnly: the boxes, and each one's place while it is out. */
interface Boxes {
  deckPrintBoxes?: { boxes: HTMLElement[]; marks: Comment[] };
}

/**
 * In the page: the number of boxes of `selector` that print (not `display: none`: a part of those
 * alone would print as a blank page), kept for showOnly when there are more than `whole`.
 */
function printedBoxes({ selector, whole }: { selector: string; whole: number }): number {
  const boxes = [...document.querySelectorAll<HTMLElement>(selector)].filter((box) => getComputedStyle(box).display !== 'none');
  // Kept only when printing in parts.
  if (boxes.length > whole) (window as Boxes).deckPrintBoxes = { boxes, marks: boxes.map(() => document.createComment('print part')) };
  return boxes.length;
}

/**
 * In the page: only the boxes from..to-1 in the document. The others are taken out, a comment
 * keeping each one's place: `display: none` would do for the print, but Chromium's print still
 * costs time per element of the whole document (~0.25 ms per page of the deck per part, measured
 * at 2,000 pages), which out of the document it does not. No page break after the last box in
 * (its `break-after: page` would end the part with a blank page); put back when more follow.
 * With `to` past the end, every box is back where it was.
 */
function showOnly({ from, to }: { from: number; to: number }): void {
  const state = (window as Boxes).deckPrintBoxes;
  if (!state) throw new Error('printedBoxes first');
  const { boxes, marks } = state;
  const last = Math.min(to, boxes.length) - 1;
  boxes.forEach((box, i) => {
    const mark = marks[i]!;
    if (i >= from && i < to) {
      if (mark.isConnected) mark.replaceWith(box);
    } else if (box.isConnected) box.replaceWith(mark);
    const unbroken = 'deckPrintBreak' in box.dataset;
    if (i === last && i < boxes.length - 1 && !unbroken) {
      box.dataset.deckPrintBreak = box.style.breakAfter;
      box.style.breakAfter = 'auto';
    } else if (i !== last && unbroken) {
      box.style.breakAfter = box.dataset.deckPrintBreak ?? '';
      delete box.dataset.deckPrintBreak;
    }
  });
  if (to >= boxes.length && from === 0) delete (window as Boxes).deckPrintBoxes;
}
