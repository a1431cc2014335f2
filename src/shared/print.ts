/**
 * The print view's contract: the page (src/client/print-layout.ts) sets `window.deckPrint`; the
 * PDF exporter (src/node/pdf/export.ts) waits for it and drives it.
 */

export interface PrintLayout {
  /** Model slide index shown on each page, in page order. */
  pages: number[];
}

export interface HandoutFit {
  /** 0-based page indices whose notes were set smaller to fit their page. */
  shrunk: number[];
  /** 0-based page indices whose notes do not fit even at the smallest size (clipped). */
  overflow: number[];
  /** Pages follow the slide pages (the quiz answer key, src/client/quiz/print.ts). */
  appendix?: boolean;
}

export interface DeckPrintApi {
  /** Resolves when the pages are laid out and every font and image is loaded. */
  ready: Promise<PrintLayout>;
  /** Restyles the same pages as the A4 handout and fits each page's notes. */
  handout(): Promise<HandoutFit>;
}

declare global {
  interface Window {
    deckPrint?: DeckPrintApi;
    /** Set by the exporter (playwright exposeFunction) to show progress; absent in a browser. */
    deckPrintProgress?: (done: number, total: number) => void;
  }
}
