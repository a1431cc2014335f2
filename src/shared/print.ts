/**
 * The print view's contract: the page (src/client/print-layout.ts) sets `window.deckPrint`; the
 * PDF exporter (src/node/pdf/export.ts) waits for it and drives it.
 */

export interface PrintLayout {
  /** Model slide index shown on each page, in page order. */
  pages: number[];
}

/**
 * Long documents are handled in parts of PRINT_PART pages, the other pages out of the document
 * meanwhile (Chromium's layout and print of one long document cost more per page the longer it
 * is): the exporter prints them so (src/node/pdf/batches.ts), and the print view fits slides so
 * (print-layout.ts). Up to PRINT_WHOLE pages, everything is done in one piece. `?print-part=N`
 * sets the part size (the exporter's printBatch; tests force small parts on small decks).
 */
export const PRINT_PART = 100;
export const PRINT_WHOLE = 300;

/** Pages per part, and the most pages done in one piece: `part` given (`?print-part=N`), parts of N above N. */
export function printParts(part?: number): { part: number; whole: number } {
  return part ? { part, whole: part } : { part: PRINT_PART, whole: PRINT_WHOLE };
}

/** Slides per A4 page of the handout (`npm run pdf -- --handout N`, `?print-pdf&handout=N`). */
export type HandoutPerPage = 1 | 2 | 3;

/** What the handout layout did (src/client/handout/handout.ts); indices are model slide indices. */
export interface HandoutFit {
  /** Model slide indices on each handout page (empty for continued-notes and appendix pages). */
  pages: number[][];
  /** Slides whose notes were set smaller to fit. */
  shrunk: number[];
  /** Slides whose notes continue on a continued-notes page. */
  continued: number[];
  /** Slides whose notes are cut off (a single paragraph longer than a whole page). */
  overflow: number[];
  /** Pages follow the slide pages (the quiz answer key, src/client/quiz/print.ts; the glossary, src/client/glossary/handout.ts). */
  appendix?: boolean;
}

export interface DeckPrintApi {
  /** Resolves when the pages are laid out and every font and image is loaded. */
  ready: Promise<PrintLayout>;
  /** Restyles the same pages as the A4 handout, 1–3 slides per page (default 2), and fits the notes. */
  handout(perPage?: HandoutPerPage): Promise<HandoutFit>;
}

declare global {
  interface Window {
    deckPrint?: DeckPrintApi;
    /** Set by the exporter (playwright exposeFunction) to show progress; absent in a browser. */
    deckPrintProgress?: (done: number, total: number) => void;
  }
}
