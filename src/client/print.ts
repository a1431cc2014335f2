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
      // Every slide prints, so every face of the deck's fonts is needed: load them all now, while
      // reveal.js sets up its print view, rather than when its layout first shows the text (the
      // layout would then be done twice, with a fallback font and again with the deck's).
      for (const face of document.fonts) face.load().catch(() => undefined);
      const layoutModule = import('./print-layout.ts');
      // The config object is read again when reveal.js starts, after every plugin's init: one page per
      // slide with all fragments shown (not one page per fragment), no margin (the band needs the room),
      // and no notes on the slide pages (the handout shows them).
      Object.assign(reveal.getConfig(), { pdfSeparateFragments: false, pdfMaxPagesPerSlide: 1, margin: 0, showNotes: false });
      const padding = themePadding(reveal);
      return layoutModule.then((m) => m.setupPrint(reveal, padding));
    },
  };
}

/**
 * Each slide's padding as the theme sets it for the screen. reveal.css zeroes every section's
 * padding in print (`padding: 0 !important`); print-layout.ts puts these values back. Read here,
 * before reveal.js starts its print view: one style pass over a document not yet restyled for
 * print, where reading them later would restyle the whole print layout twice.
 */
function themePadding(reveal: RevealApi): Map<Element, string[]> {
  const sides = ['top', 'right', 'bottom', 'left'];
  const pads = new Map<Element, string[]>();
  for (const s of reveal.getSlides()) {
    const cs = getComputedStyle(s);
    pads.set(s, sides.map((side) => cs.getPropertyValue(`padding-${side}`)));
  }
  return pads;
}
