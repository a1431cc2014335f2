import type { PdfOptions, PrintPage } from './print-page.ts';
import { printParts } from '../../shared/print.ts';
import { joinPdfs } from './join.ts';

/**
 * Printing a long deck in parts. Chromium's page.pdf costs more per page the longer the document
 * (measured here, CPU of Chromium and Node: 250 slides 3.0 ms/page, 1,000 7.6, 2,000 22), while a
 * part of a long document whose other pages are out of the document costs what a short document
 * does (~4 ms/page in parts of 100, whatever the deck's length). So a deck over PRINT_WHOLE pages
 * is laid out once, as always, then printed PRINT_PART pages at a time (src/shared/print.ts), the
 * other pages taken out of the document meanwhile, and the parts are joined into one PDF
 * (join.ts). A deck up to PRINT_WHOLE pages prints in one piece: the same file as before.
 */

export interface PrintOptions {
  /** Page boxes, one printed page each: the top-level elements the batches show and hide. */
  selector: string;
  /** Pages per part; a document of at most this many prints in one piece (default: printParts()). */
  batch?: number;
  /** Called with the pages printed so far. */
  onPart?: (done: number, total: number) => void;
}

/** page.pdf of the whole document, in parts when it is long; the parts joined into one file. */
export async function printPdf(page: PrintPage, pdf: PdfOptions, opts: PrintOptions): Promise<Uint8Array> {
  // A document of at most `whole` pages prints in one piece.
  const { part: batch, whole } = printParts(opts.batch);
  const count = await page.evaluate(printedBoxes, { selector: opts.selector, whole });
  if (count <= whole) return page.pdf(pdf);
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

/** The page's state between printedBoxes and showOnly: the boxes, and their parent's children as they were. */
interface Boxes {
  deckPrintBoxes?: { boxes: HTMLElement[]; parent: Node; children: Node[]; others: Node[] };
}

/**
 * In the page: the number of boxes of `selector` that print (not `display: none`: a part of those
 * alone would print as a blank page), kept for showOnly when there are more than `whole`.
 */
function printedBoxes({ selector, whole }: { selector: string; whole: number }): number {
  const boxes = [...document.querySelectorAll<HTMLElement>(selector)].filter((box) => getComputedStyle(box).display !== 'none');
  if (boxes.length <= whole) return boxes.length;
  const parent = boxes[0]!.parentNode!;
  if (boxes.some((b) => b.parentNode !== parent)) throw new Error(`the boxes of ${selector} are not siblings`);
  const set = new Set<Node>(boxes);
  const children = [...parent.childNodes];
  // The parent's other children (text, hidden elements) stay in every part.
  (window as Boxes).deckPrintBoxes = { boxes, parent, children, others: children.filter((n) => !set.has(n)) };
  return boxes.length;
}

/**
 * In the page: only the boxes from..to-1 in the document (with their parent's other children),
 * in one replaceChildren: `display: none` would do for the print, but Chromium's print still
 * costs time per element of the whole document, which out of the document it does not; and boxes
 * taken out one at a time cost time per sibling left (structural selectors such as :last-child).
 * No page break after the last box in (its `break-after: page` would end the part with a blank
 * page); put back when more follow. With `to` past the end, everything is back as it was.
 */
function showOnly({ from, to }: { from: number; to: number }): void {
  const state = (window as Boxes).deckPrintBoxes;
  if (!state) throw new Error('printedBoxes first');
  const { boxes, parent, children, others } = state;
  const last = Math.min(to, boxes.length) - 1;
  boxes.forEach((box, i) => {
    const unbroken = 'deckPrintBreak' in box.dataset;
    if (i === last && i < boxes.length - 1 && !unbroken) {
      box.dataset.deckPrintBreak = box.style.breakAfter;
      box.style.breakAfter = 'auto';
    } else if (i !== last && unbroken) {
      box.style.breakAfter = box.dataset.deckPrintBreak ?? '';
      delete box.dataset.deckPrintBreak;
    }
  });
  const all = from === 0 && to >= boxes.length;
  (parent as ParentNode).replaceChildren(...(all ? children : [...others, ...boxes.slice(from, to)]));
  if (all) delete (window as Boxes).deckPrintBoxes;
}
