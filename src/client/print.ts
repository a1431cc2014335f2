import type { RevealApi, RevealPlugin } from 'reveal.js';

/**
 * Print view (`?print-pdf` or `?view=print`): each slide once, in its final state, on a 16:9
 * page with its phase band and page number; the same layout restyled as an A4 handout on demand.
 * Everything but this check is loaded only when printing, so the live deck does not pay for it.
 */
export function Print(): RevealPlugin {
  return {
    id: 'print',
    init(reveal: RevealApi) {
      if (!reveal.isPrintView()) return;
      // The config object is read again when reveal.js starts, after every plugin's init: one page per
      // slide with all fragments shown (not one page per fragment), no margin (the band needs the room),
      // and no notes on the slide pages (the handout shows them).
      Object.assign(reveal.getConfig(), { pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1, margin: 0, showNotes: false });
      return import('./print-layout.ts').then((m) => m.setupPrint(reveal));
    },
  };
}
