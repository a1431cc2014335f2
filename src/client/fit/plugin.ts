import type { RevealApi, RevealPlugin } from 'reveal.js';
import { fitSlides } from './fit.ts';
import { FIT_ALL_EVENT, REFIT_EVENT } from './later.ts';

/**
 * Live deck: once the deck font has loaded (sizes depend on it), fits the slide on screen and its
 * neighbours; each slide change fits the new neighbours before they can be shown (slidechanged
 * runs before the next frame is painted). Slides far away are fitted only when something shows
 * them all: the overview, the reading view (FIT_ALL_EVENT), a hot update while one of those is
 * open. Why lazily: fitting is layout work (a few layouts a slide); fitting a 58-slide deck in the
 * background cost a phone ~3 s of main thread after load (Lighthouse's blocking time) and every
 * opened page the same CPU, for slides most visits never reach.
 * Hot update's new sections (without `data-fit`) are fitted again. The print view fits in
 * print-layout.ts instead, after it has restored the theme's padding.
 */
export function Fit(): RevealPlugin {
  let destroy = (): void => undefined;
  return {
    id: 'fit',
    init(reveal: RevealApi) {
      if (reveal.isPrintView()) return;
      let fontsIn = false;
      let allWanted = false;
      const slides = (): HTMLElement[] => reveal.getSlides() as HTMLElement[];
      const unfitted = (list: Array<HTMLElement | undefined>): HTMLElement[] =>
        list.filter((s): s is HTMLElement => s !== undefined && s.dataset.fit === undefined);
      const fit = (list: HTMLElement[]): void => {
        if (!fontsIn || list.length === 0) return;
        fitSlides(list);
        reveal.layout();
      };
      const near = (): void => {
        const { h } = reveal.getIndices();
        const all = slides();
        fit(unfitted([all[h], all[h + 1], all[h - 1]]));
      };
      // Every slide: for the overview while it is open, and from the first FIT_ALL_EVENT on (the
      // reading view keeps showing them all).
      const showsAll = (): boolean => allWanted || reveal.isOverview();
      const fitRest = (): void => fit(unfitted(slides()));
      const fitAll = (): void => {
        allWanted = true;
        fitRest();
      };
      reveal.on('ready', () => {
        // Every face, also the small supplement files (unicode-range) of characters on slides not
        // yet shown: measured with a fallback font's metrics, a slide would be fitted wrong.
        void Promise.all([...document.fonts].map((f) => f.load().catch(() => undefined))).then(() => {
          fontsIn = true;
          const t = performance.now();
          near();
          // Read by tests and the benchmark: what fitting costs before the first slide is final.
          performance.measure('deck:fit', { start: t });
          if (showsAll()) fitRest();
          // The slides on screen (and their neighbours) have their final size.
          performance.mark('deck:fit-done');
        });
      });
      // The quiz controller adds its UI after the slide was fitted: fit it again with the UI in.
      const refit = (e: Event): void => {
        const s = e.target as HTMLElement;
        if (!slides().includes(s)) return;
        fit([s]);
      };
      const slidesEl = reveal.getSlidesElement();
      slidesEl?.addEventListener(REFIT_EVENT, refit);
      document.addEventListener(FIT_ALL_EVENT, fitAll);
      reveal.on('slidechanged', near);
      reveal.on('overviewshown', fitRest);
      const update = (): void => {
        near();
        if (showsAll()) fitRest();
      };
      reveal.on('deckupdate', update);
      destroy = () => {
        slidesEl?.removeEventListener(REFIT_EVENT, refit);
        document.removeEventListener(FIT_ALL_EVENT, fitAll);
        reveal.off('slidechanged', near);
        reveal.off('overviewshown', fitRest);
        reveal.off('deckupdate', update);
      };
    },
    destroy: () => destroy(),
  };
}
